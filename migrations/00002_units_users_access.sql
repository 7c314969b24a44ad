-- +goose Up

-- The procuratorate tree. path is the materialised path of unit codes
-- (/420000/429000/429004): "this unit and everything below it" is
-- path = p OR path LIKE p || '/%', and the path is the casbin domain.
CREATE TABLE units (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{6}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    short_name  text NOT NULL CHECK (length(short_name) BETWEEN 1 AND 10),
    level       text NOT NULL CHECK (level IN ('province', 'branch', 'basic')),
    parent_id   bigint REFERENCES units (id),
    path        text NOT NULL UNIQUE,
    active      boolean NOT NULL DEFAULT true,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS NOT NULL OR level = 'province')
);
CREATE INDEX units_path_pattern ON units (path text_pattern_ops);
CREATE INDEX units_parent ON units (parent_id);
CREATE TRIGGER units_updated_at BEFORE UPDATE ON units FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE users (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    unit_id              bigint NOT NULL REFERENCES units (id),
    password_hash        text NOT NULL,
    must_change_password boolean NOT NULL DEFAULT true,
    active               boolean NOT NULL DEFAULT true,
    version              integer NOT NULL DEFAULT 1,
    password_changed_at  timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username ON users (username);
CREATE INDEX users_unit ON users (unit_id, id);
CREATE INDEX users_search ON users USING gin ((username || ' ' || name) gin_trgm_ops);
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A role granted to a user in a unit. The casbin grouping rows in
-- casbin_rule are derived from these, in the same transaction.
CREATE TABLE grants (
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     text NOT NULL CHECK (role IN ('admin', 'chief', 'supervisor', 'prosecutor', 'clerk')),
    unit_id  bigint NOT NULL REFERENCES units (id),
    PRIMARY KEY (user_id, role, unit_id)
);
CREATE INDEX grants_unit ON grants (unit_id);

-- casbin policies: p rows (role, domain pattern, resource type, action) are
-- the role → permission table; g rows (user, role, domain pattern) mirror
-- the grants. Written only by migrations and the store, never by the adapter.
CREATE TABLE casbin_rule (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ptype  text NOT NULL,
    v0     text NOT NULL DEFAULT '',
    v1     text NOT NULL DEFAULT '',
    v2     text NOT NULL DEFAULT '',
    v3     text NOT NULL DEFAULT '',
    v4     text NOT NULL DEFAULT '',
    v5     text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX casbin_rule_unique ON casbin_rule (ptype, v0, v1, v2, v3, v4, v5);
CREATE INDEX casbin_rule_subject ON casbin_rule (ptype, v0);

INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
    ('p', 'admin',      '*', 'unit',  'read'),
    ('p', 'admin',      '*', 'unit',  'create'),
    ('p', 'admin',      '*', 'unit',  'update'),
    ('p', 'admin',      '*', 'user',  'read'),
    ('p', 'admin',      '*', 'user',  'create'),
    ('p', 'admin',      '*', 'user',  'update'),
    ('p', 'admin',      '*', 'user',  'grant'),
    ('p', 'admin',      '*', 'audit', 'read'),
    ('p', 'chief',      '*', 'unit',  'read'),
    ('p', 'supervisor', '*', 'unit',  'read'),
    ('p', 'supervisor', '*', 'audit', 'read'),
    ('p', 'prosecutor', '*', 'unit',  'read'),
    ('p', 'clerk',      '*', 'unit',  'read');

-- Sessions: only a SHA-256 of the token is stored.
CREATE TABLE sessions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash    text NOT NULL UNIQUE, -- hex SHA-256
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    client_ip     text NOT NULL DEFAULT '',
    user_agent    text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Login throttling. username_key is the lower-cased name as typed, known
-- account or not, so that locking reveals nothing about which exist.
CREATE TABLE login_failures (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username_key  text NOT NULL,
    client_ip     text NOT NULL,
    at            timestamptz NOT NULL DEFAULT now(),
    -- false once a lock or a successful login has consumed the failure.
    counts_for_user boolean NOT NULL DEFAULT true
);
CREATE INDEX login_failures_user ON login_failures (username_key, at) WHERE counts_for_user;
CREATE INDEX login_failures_ip ON login_failures (client_ip, at);

CREATE TABLE login_locks (
    username_key  text PRIMARY KEY,
    locked_until  timestamptz NOT NULL
);

-- The audit log: append-only, enforced by the database.
CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint,
    actor       text NOT NULL DEFAULT '',
    unit_id     bigint,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text NOT NULL DEFAULT '',
    before      jsonb,
    after       jsonb,
    request_id  text NOT NULL DEFAULT '',
    client_ip   text NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_unit ON audit_events (unit_id, id);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, id);
CREATE INDEX audit_events_actor ON audit_events (actor, id);
CREATE INDEX audit_events_action ON audit_events (action, id);
CREATE INDEX audit_events_at ON audit_events (at);

-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE login_locks;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE casbin_rule;
DROP TABLE grants;
DROP TABLE users;
DROP TABLE units;
