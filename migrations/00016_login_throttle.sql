-- +goose Up

-- Sign-in throttling by name and address (docs/decisions.md, "Throttling").
-- counts_for_user now means "counts towards the name's lock" (cleared by a
-- lock, an unlock, or a success from the same address); counts_for_pair
-- whether it counts towards the delays of its (name, address) pair
-- (cleared by a success from that address or an unlock).
ALTER TABLE login_failures ADD COLUMN counts_for_pair boolean NOT NULL DEFAULT true;
CREATE INDEX login_failures_pair ON login_failures (username_key, client_ip, at) WHERE counts_for_pair;

-- Where each name last signed in successfully: such a name is not refused
-- when its usual address is over the per-address limit.
CREATE TABLE login_known (
    username_key     text NOT NULL,
    client_ip        text NOT NULL,
    last_success_at  timestamptz NOT NULL,
    PRIMARY KEY (username_key, client_ip)
);

-- Wrong current passwords given to the password change, per user and
-- session, for its throttle; cleared by a successful change.
CREATE TABLE password_failures (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id  bigint NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX password_failures_user ON password_failures (user_id, at);
CREATE INDEX password_failures_session ON password_failures (session_id);

-- +goose Down
DROP TABLE password_failures;
DROP TABLE login_known;
DROP INDEX login_failures_pair;
ALTER TABLE login_failures DROP COLUMN counts_for_pair;
