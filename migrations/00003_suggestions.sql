-- +goose Up

-- The statutory calendar: holidays and make-up working days (调休).
CREATE TABLE calendar_days (
    day   date PRIMARY KEY,
    kind  text NOT NULL CHECK (kind IN ('holiday', 'workday'))
);

-- Class-case categories (类案), admin-editable.
CREATE TABLE categories (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{1,39}$'),
    name_zh  text NOT NULL,
    name_en  text NOT NULL,
    sort     integer NOT NULL DEFAULT 0,
    active   boolean NOT NULL DEFAULT true
);
INSERT INTO categories (code, name_zh, name_en, sort) VALUES
    ('drug',              '毒品犯罪',       'Drug crime',                  10),
    ('dangerous_driving', '危险驾驶',       'Dangerous driving',           20),
    ('traffic_accident',  '交通肇事',       'Traffic accidents',           30),
    ('fraud',             '诈骗',           'Fraud',                       40),
    ('telecom_fraud',     '电信网络诈骗',   'Telecom and online fraud',    50),
    ('financial',         '金融犯罪',       'Financial crime',             60),
    ('environment',       '破坏环境资源',   'Environmental and resource crime', 70),
    ('work_safety',       '安全生产',       'Work safety',                 80),
    ('campus_safety',     '校园安全',       'Campus safety',               90),
    ('juvenile',          '未成年人',       'Juvenile',                   100),
    ('other',             '其他',           'Other',                      999);

-- 文号 prefixes by suggestion type, admin-editable.
CREATE TABLE doc_prefixes (
    type    text PRIMARY KEY CHECK (type IN ('retrial', 'correction', 'public_interest', 'social_governance', 'other')),
    prefix  text NOT NULL CHECK (length(prefix) BETWEEN 1 AND 4)
);
INSERT INTO doc_prefixes (type, prefix) VALUES
    ('retrial', '民'), ('correction', '刑'), ('public_interest', '公'), ('social_governance', '社'), ('other', '综');

-- The last 文号 number per unit, prefix and year: the row lock taken by
-- the increment makes numbers gap-free and unique under concurrency.
CREATE TABLE doc_counters (
    unit_id  bigint NOT NULL REFERENCES units (id),
    prefix   text NOT NULL,
    year     integer NOT NULL,
    last     integer NOT NULL,
    PRIMARY KEY (unit_id, prefix, year)
);

CREATE TABLE suggestions (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id                 bigint NOT NULL REFERENCES units (id),
    type                    text NOT NULL CHECK (type IN ('retrial', 'correction', 'public_interest', 'social_governance', 'other')),
    category                text NOT NULL REFERENCES categories (code),
    title                   text NOT NULL,
    recipient_name          text NOT NULL,
    recipient_kind          text NOT NULL,
    recipient_address       text NOT NULL DEFAULT '',
    recipient_legal_rep     text NOT NULL DEFAULT '',
    recipient_phone         text NOT NULL DEFAULT '',
    copy_to                 jsonb NOT NULL DEFAULT '[]',
    source                  text NOT NULL DEFAULT '',
    facts                   text NOT NULL DEFAULT '',
    problems                text NOT NULL DEFAULT '',
    items                   jsonb NOT NULL DEFAULT '[]',
    legal_basis             text NOT NULL DEFAULT '',
    urgent                  boolean NOT NULL DEFAULT false,
    civil_enforcement       boolean NOT NULL DEFAULT false,
    status                  text NOT NULL DEFAULT 'draft',
    handling_prosecutor_id  bigint NOT NULL REFERENCES users (id),
    created_by              bigint NOT NULL REFERENCES users (id),
    doc_no                  text UNIQUE,
    served_on               date,
    service_method          text NOT NULL DEFAULT '',
    reply_due_on            date,
    objected_on             date,
    paused_days             integer NOT NULL DEFAULT 0,
    filing_due_on           date,
    filed_on                date,
    extension_months        integer NOT NULL DEFAULT 0,
    escalation_level        text NOT NULL DEFAULT '',
    closed_reason           text NOT NULL DEFAULT '',
    has_final_reply         boolean NOT NULL DEFAULT false,
    version                 integer NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    -- What the free-text search reads: 文号, title, recipient and content.
    search_text             text GENERATED ALWAYS AS (
        coalesce(doc_no, '') || ' ' || title || ' ' || recipient_name || ' ' || facts || ' ' || problems || ' ' || items::text
    ) STORED
);
CREATE INDEX suggestions_unit ON suggestions (unit_id, id DESC);
CREATE INDEX suggestions_status ON suggestions (status, id DESC);
CREATE INDEX suggestions_due ON suggestions (reply_due_on) WHERE status = 'issued' AND NOT has_final_reply;
CREATE INDEX suggestions_category ON suggestions (category, id DESC);
CREATE INDEX suggestions_type ON suggestions (type, id DESC);
CREATE INDEX suggestions_handler ON suggestions (handling_prosecutor_id, status);
CREATE INDEX suggestions_served ON suggestions (served_on);
CREATE INDEX suggestions_search ON suggestions USING gin (search_text gin_trgm_ops);
CREATE TRIGGER suggestions_updated_at BEFORE UPDATE ON suggestions FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Linked cases by unified case number (统一受案号).
CREATE TABLE suggestion_cases (
    suggestion_id  bigint NOT NULL REFERENCES suggestions (id) ON DELETE CASCADE,
    case_number    text NOT NULL,
    PRIMARY KEY (suggestion_id, case_number)
);
CREATE INDEX suggestion_cases_number ON suggestion_cases (case_number);

-- The lifecycle: one row per transition, with the approval opinions.
CREATE TABLE suggestion_transitions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    suggestion_id  bigint NOT NULL REFERENCES suggestions (id),
    action         text NOT NULL,
    from_status    text NOT NULL,
    to_status      text NOT NULL,
    actor_id       bigint NOT NULL REFERENCES users (id),
    opinion        text NOT NULL DEFAULT '',
    at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suggestion_transitions_suggestion ON suggestion_transitions (suggestion_id, id);

CREATE TABLE suggestion_replies (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    suggestion_id  bigint NOT NULL REFERENCES suggestions (id),
    received_on    date NOT NULL,
    doc_no         text NOT NULL DEFAULT '',
    replier        text NOT NULL,
    outcome        text NOT NULL CHECK (outcome IN ('adopted', 'partially_adopted', 'not_adopted')),
    item_outcomes  jsonb NOT NULL DEFAULT '[]',
    measures       text NOT NULL DEFAULT '',
    funds_yuan     bigint NOT NULL DEFAULT 0 CHECK (funds_yuan >= 0),
    personnel      integer NOT NULL DEFAULT 0 CHECK (personnel >= 0),
    interim        boolean NOT NULL DEFAULT false,
    late           boolean NOT NULL DEFAULT false,
    created_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suggestion_replies_suggestion ON suggestion_replies (suggestion_id, id);

CREATE TABLE suggestion_followups (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    suggestion_id  bigint NOT NULL REFERENCES suggestions (id),
    on_date        date NOT NULL,
    method         text NOT NULL,
    findings       text NOT NULL,
    created_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suggestion_followups_suggestion ON suggestion_followups (suggestion_id, id);

CREATE TABLE suggestion_verifications (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    suggestion_id          bigint NOT NULL REFERENCES suggestions (id),
    on_date                date NOT NULL,
    result                 text NOT NULL CHECK (result IN ('rectified', 'partially_rectified', 'not_rectified')),
    non_performance_codes  jsonb NOT NULL DEFAULT '[]',
    notes                  text NOT NULL DEFAULT '',
    created_by             bigint NOT NULL REFERENCES users (id),
    created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suggestion_verifications_suggestion ON suggestion_verifications (suggestion_id, id);

-- Files, stored once per content hash.
CREATE TABLE attachments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256        text NOT NULL UNIQUE,
    size          bigint NOT NULL,
    content_type  text NOT NULL,
    data          bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE suggestion_attachments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    suggestion_id  bigint NOT NULL REFERENCES suggestions (id),
    attachment_id  bigint NOT NULL REFERENCES attachments (id),
    filename       text NOT NULL,
    uploaded_by    bigint NOT NULL REFERENCES users (id),
    uploaded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suggestion_attachments_suggestion ON suggestion_attachments (suggestion_id, id);
CREATE INDEX suggestion_attachments_attachment ON suggestion_attachments (attachment_id);

-- In-app notifications; dedupe_key makes every reminder idempotent.
CREATE TABLE notifications (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           text NOT NULL,
    suggestion_id  bigint REFERENCES suggestions (id),
    title_zh       text NOT NULL,
    title_en       text NOT NULL,
    dedupe_key     text NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    read_at        timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
    ('p', 'chief',      '*', 'suggestion', 'read'),
    ('p', 'supervisor', '*', 'suggestion', 'read'),
    ('p', 'prosecutor', '*', 'suggestion', 'read'),
    ('p', 'clerk',      '*', 'suggestion', 'read'),
    ('p', 'prosecutor', '*', 'suggestion', 'create'),
    ('p', 'prosecutor', '*', 'suggestion', 'edit'),
    ('p', 'prosecutor', '*', 'suggestion', 'submit'),
    ('p', 'chief',      '*', 'suggestion', 'return'),
    ('p', 'chief',      '*', 'suggestion', 'approve'),
    ('p', 'prosecutor', '*', 'suggestion', 'issue'),
    ('p', 'clerk',      '*', 'suggestion', 'issue'),
    ('p', 'chief',      '*', 'suggestion', 'issue'),
    ('p', 'prosecutor', '*', 'suggestion', 'object'),
    ('p', 'clerk',      '*', 'suggestion', 'object'),
    ('p', 'supervisor', '*', 'suggestion', 'object'),
    ('p', 'chief',      '*', 'suggestion', 'uphold'),
    ('p', 'chief',      '*', 'suggestion', 'amend'),
    ('p', 'chief',      '*', 'suggestion', 'withdraw'),
    ('p', 'prosecutor', '*', 'suggestion', 'withdraw'),
    ('p', 'chief',      '*', 'suggestion', 'extend'),
    ('p', 'prosecutor', '*', 'suggestion', 'file_upward'),
    ('p', 'clerk',      '*', 'suggestion', 'file_upward'),
    ('p', 'supervisor', '*', 'suggestion', 'file_upward'),
    ('p', 'chief',      '*', 'suggestion', 'escalate'),
    ('p', 'chief',      '*', 'suggestion', 'litigate'),
    ('p', 'supervisor', '*', 'suggestion', 'close'),
    ('p', 'chief',      '*', 'suggestion', 'close'),
    ('p', 'prosecutor', '*', 'suggestion', 'reply'),
    ('p', 'clerk',      '*', 'suggestion', 'reply'),
    ('p', 'supervisor', '*', 'suggestion', 'reply'),
    ('p', 'prosecutor', '*', 'suggestion', 'followup'),
    ('p', 'clerk',      '*', 'suggestion', 'followup'),
    ('p', 'supervisor', '*', 'suggestion', 'followup'),
    ('p', 'supervisor', '*', 'suggestion', 'verify'),
    ('p', 'prosecutor', '*', 'suggestion', 'attach'),
    ('p', 'clerk',      '*', 'suggestion', 'attach'),
    ('p', 'supervisor', '*', 'suggestion', 'attach'),
    ('p', 'chief',      '*', 'suggestion', 'attach'),
    ('p', 'admin',      '*', 'calendar',   'update'),
    ('p', 'admin',      '*', 'category',   'update');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND v2 IN ('suggestion', 'calendar', 'category');
DROP TABLE notifications;
DROP TABLE suggestion_attachments;
DROP TABLE attachments;
DROP TABLE suggestion_verifications;
DROP TABLE suggestion_followups;
DROP TABLE suggestion_replies;
DROP TABLE suggestion_transitions;
DROP TABLE suggestion_cases;
DROP TABLE suggestions;
DROP TABLE doc_counters;
DROP TABLE doc_prefixes;
DROP TABLE categories;
DROP TABLE calendar_days;
