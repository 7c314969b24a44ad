-- +goose Up

-- Imports survive a crash of the server running them, and can be
-- cancelled. A run holds its import by a lease (a random token) and
-- proves it is alive by heartbeat_at; a run whose heartbeat stops is
-- handed to a new job under the next run number. Each batch commits
-- rows_read (the data rows, good and bad, read so far) with its rows, so
-- that the next run goes on from there; counted says the first pass,
-- which counts the rows, is done.
ALTER TABLE imports DROP CONSTRAINT imports_status_check;
ALTER TABLE imports ADD CONSTRAINT imports_status_check
    CHECK (status IN ('uploading', 'queued', 'running', 'done', 'failed', 'cancelled'));
ALTER TABLE imports
    ADD COLUMN run          integer NOT NULL DEFAULT 0,
    ADD COLUMN lease        bigint,
    ADD COLUMN heartbeat_at timestamptz,
    ADD COLUMN rows_read    integer NOT NULL DEFAULT 0,
    ADD COLUMN counted      boolean NOT NULL DEFAULT false;
CREATE INDEX imports_active ON imports (id) WHERE status IN ('queued', 'running');

-- +goose Down
DROP INDEX imports_active;
ALTER TABLE imports DROP COLUMN run, DROP COLUMN lease, DROP COLUMN heartbeat_at, DROP COLUMN rows_read, DROP COLUMN counted;
UPDATE imports SET status = 'failed' WHERE status = 'cancelled';
ALTER TABLE imports DROP CONSTRAINT imports_status_check;
ALTER TABLE imports ADD CONSTRAINT imports_status_check
    CHECK (status IN ('uploading', 'queued', 'running', 'done', 'failed'));
