-- +goose Up

-- Cases (案件) as the national case system exports them, one row per
-- unified case number (统一受案号). The handling prosecutor is an account
-- when the export's name matched one, else the name as text.
CREATE TABLE cases (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unified_no         text NOT NULL UNIQUE CHECK (unified_no ~ '^[0-9]{17}$'),
    dept_no            text NOT NULL DEFAULT '',
    unit_id            bigint NOT NULL REFERENCES units (id),
    case_type          text NOT NULL DEFAULT '',
    category           text NOT NULL REFERENCES categories (code),
    prosecutor_id      bigint REFERENCES users (id),
    prosecutor_name    text NOT NULL DEFAULT '',
    received_on        date NOT NULL,
    persons            integer NOT NULL CHECK (persons > 0),
    -- Set by the write that adds the case's first arrest review: a
    -- prosecution review of such a case is not a 案 of its own.
    has_arrest_review  boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    search_text        text GENERATED ALWAYS AS (unified_no || ' ' || dept_no || ' ' || prosecutor_name || ' ' || case_type) STORED
);
CREATE INDEX cases_unit ON cases (unit_id, id DESC);
CREATE INDEX cases_unit_category ON cases (unit_id, category, id DESC);
CREATE INDEX cases_category ON cases (category, id DESC);
CREATE INDEX cases_prosecutor ON cases (prosecutor_id, id DESC) WHERE prosecutor_id IS NOT NULL;
CREATE INDEX cases_prosecutor_name ON cases (prosecutor_name, id DESC) WHERE prosecutor_id IS NULL;
CREATE INDEX cases_received ON cases (received_on, id DESC);
CREATE INDEX cases_dept_no ON cases (dept_no) WHERE dept_no <> '';
CREATE INDEX cases_search ON cases USING gin (search_text gin_trgm_ops);
CREATE TRIGGER cases_updated_at BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Procedural steps and outcomes (件), identified by case, event and day.
CREATE TABLE case_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES cases (id),
    event        text NOT NULL CHECK (event IN ('arrest_review_received', 'arrest_approved', 'arrest_denied',
                     'prosecution_review_received', 'prosecuted', 'not_prosecuted', 'returned_for_investigation',
                     'review_extended', 'reconsideration', 'review', 'appeal', 'protest', 'petition', 'plea_leniency',
                     'sentencing_recommended', 'sentencing_adopted')),
    occurred_on  date NOT NULL,
    persons      integer NOT NULL CHECK (persons > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, event, occurred_on)
);
CREATE INDEX case_events_occurred ON case_events (occurred_on, case_id);

-- The monthly roll-up the indicators read: per unit, category, month and
-- event, the events, their persons, and how many of them count as 案
-- (every arrest review received; a prosecution review received only in a
-- case without an arrest review). Rebuilt for the keys in
-- case_rollup_dirty by the writes that change events, under an advisory
-- lock so that two rebuilds never interleave.
CREATE TABLE case_event_months (
    unit_id         bigint NOT NULL REFERENCES units (id),
    category        text NOT NULL,
    month           date NOT NULL,
    event           text NOT NULL,
    events          integer NOT NULL,
    persons         bigint NOT NULL,
    cases_received  integer NOT NULL,
    PRIMARY KEY (unit_id, category, month, event)
);
CREATE INDEX case_event_months_month ON case_event_months (month, unit_id);

-- The same by day, for the days of months a period covers only in part.
CREATE TABLE case_event_days (
    unit_id         bigint NOT NULL REFERENCES units (id),
    category        text NOT NULL,
    day             date NOT NULL,
    event           text NOT NULL,
    events          integer NOT NULL,
    persons         bigint NOT NULL,
    cases_received  integer NOT NULL,
    PRIMARY KEY (unit_id, category, day, event)
);
CREATE INDEX case_event_days_day ON case_event_days (day, unit_id);

CREATE TABLE case_rollup_dirty (
    unit_id   bigint NOT NULL,
    category  text NOT NULL,
    month     date NOT NULL,
    PRIMARY KEY (unit_id, category, month)
);

-- Imports of the national case system's exports. The file is kept in
-- chunks until the import ends; scope holds the unit patterns the importer
-- could import into when they uploaded it.
CREATE TABLE imports (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id       bigint NOT NULL REFERENCES units (id),
    kind          text NOT NULL CHECK (kind IN ('cases', 'events')),
    filename      text NOT NULL,
    format        text NOT NULL DEFAULT '',
    size          bigint NOT NULL DEFAULT 0,
    sha256        text NOT NULL DEFAULT '',
    status        text NOT NULL CHECK (status IN ('uploading', 'queued', 'running', 'done', 'failed')),
    scope         jsonb NOT NULL DEFAULT '[]',
    rows_total    integer NOT NULL DEFAULT 0,
    rows_ok       integer NOT NULL DEFAULT 0,
    rows_failed   integer NOT NULL DEFAULT 0,
    rows_changed  integer NOT NULL DEFAULT 0,
    errors        jsonb NOT NULL DEFAULT '[]',
    failure       text NOT NULL DEFAULT '',
    created_by    bigint NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz
);
CREATE INDEX imports_unit ON imports (unit_id, id DESC);
CREATE INDEX imports_created_by ON imports (created_by, id DESC);

CREATE TABLE import_chunks (
    import_id  bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    data       bytea NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- The indicator catalogue: every version of every indicator; the highest
-- version of a code is current, older ones stay for past reports.
CREATE TABLE indicators (
    code         text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,63}$'),
    version      integer NOT NULL CHECK (version > 0),
    name_zh      text NOT NULL,
    name_en      text NOT NULL,
    numerator    text NOT NULL,
    denominator  text NOT NULL,
    direction    text NOT NULL CHECK (direction IN ('higher_better', 'lower_better', 'neutral')),
    unit         text NOT NULL CHECK (unit IN ('ratio', 'percent', 'count', 'per_hearing')),
    reference    double precision,
    formula_zh   text NOT NULL DEFAULT '',
    formula_en   text NOT NULL DEFAULT '',
    builtin      boolean NOT NULL DEFAULT false,
    active       boolean NOT NULL DEFAULT true,
    sort         integer NOT NULL DEFAULT 0,
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (code, version)
);

-- Report options an administrator sets: the weighted score, off by default.
CREATE TABLE report_settings (
    id       integer PRIMARY KEY CHECK (id = 1),
    scoring  jsonb NOT NULL
);
INSERT INTO report_settings (id, scoring) VALUES (1, '{"enabled": false, "weights": {}, "references": {}}');

-- Frozen two-monthly reports: the content as served, its hash and the
-- indicator versions it used.
CREATE TABLE report_snapshots (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id             bigint NOT NULL REFERENCES units (id),
    year                integer NOT NULL,
    bimonth             integer NOT NULL CHECK (bimonth BETWEEN 1 AND 6),
    -- exact: made for the unit's own records only (by someone who could
    -- not see below it); otherwise it shows the whole subtree and only
    -- readers who see the subtree may open it.
    exact               boolean NOT NULL DEFAULT false,
    content_hash        text NOT NULL,
    indicator_versions  jsonb NOT NULL,
    report              text NOT NULL, -- the JSON exactly as hashed
    created_by          bigint NOT NULL REFERENCES users (id),
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_snapshots_unit ON report_snapshots (unit_id, id DESC);

INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
    ('p', 'chief',      '*', 'case', 'read'),
    ('p', 'supervisor', '*', 'case', 'read'),
    ('p', 'prosecutor', '*', 'case', 'read'),
    ('p', 'clerk',      '*', 'case', 'read'),
    ('p', 'chief',      '*', 'case', 'create'),
    ('p', 'supervisor', '*', 'case', 'create'),
    ('p', 'prosecutor', '*', 'case', 'create'),
    ('p', 'clerk',      '*', 'case', 'create'),
    ('p', 'chief',      '*', 'case', 'import'),
    ('p', 'supervisor', '*', 'case', 'import'),
    ('p', 'admin',      '*', 'indicator', 'read'),
    ('p', 'chief',      '*', 'indicator', 'read'),
    ('p', 'supervisor', '*', 'indicator', 'read'),
    ('p', 'prosecutor', '*', 'indicator', 'read'),
    ('p', 'clerk',      '*', 'indicator', 'read'),
    ('p', 'admin',      '*', 'indicator', 'manage'),
    ('p', 'chief',      '*', 'metric', 'read'),
    ('p', 'supervisor', '*', 'metric', 'read'),
    ('p', 'prosecutor', '*', 'metric', 'read'),
    ('p', 'clerk',      '*', 'metric', 'read'),
    ('p', 'chief',      '*', 'report', 'read'),
    ('p', 'supervisor', '*', 'report', 'read'),
    ('p', 'prosecutor', '*', 'report', 'read'),
    ('p', 'clerk',      '*', 'report', 'read'),
    ('p', 'chief',      '*', 'report', 'snapshot'),
    ('p', 'supervisor', '*', 'report', 'snapshot'),
    ('p', 'admin',      '*', 'report', 'configure');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND v2 IN ('case', 'indicator', 'metric', 'report');
DROP TABLE report_snapshots;
DROP TABLE report_settings;
DROP TABLE indicators;
DROP TABLE import_chunks;
DROP TABLE imports;
DROP TABLE case_rollup_dirty;
DROP TABLE case_event_days;
DROP TABLE case_event_months;
DROP TABLE case_events;
DROP TABLE cases;
