-- +goose Up

-- Fixed-window request counters that every app server shares (several
-- servers on one database, issue 14): the recipient portal's limits per
-- address and per address and link. One row is one key's hits in one
-- window, counted by one INSERT … ON CONFLICT DO UPDATE … RETURNING; a
-- River job deletes the windows that have ended. Unlogged: a crash
-- forgets the counts (which only opens a fresh window early), and the
-- counters are neither written to the WAL nor copied to replicas.
CREATE UNLOGGED TABLE rate_windows (
    key           text NOT NULL,
    window_start  timestamptz NOT NULL,
    hits          integer NOT NULL,
    PRIMARY KEY (key, window_start)
);

-- +goose Down
DROP TABLE rate_windows;
