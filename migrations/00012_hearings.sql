-- +goose Up

-- The master name index: one record per person, reused across hearings
-- and roles. The ID number is shown masked to everyone but administrators.
CREATE TABLE persons (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    gender        text NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
    birth_date    date,
    id_number     text NOT NULL DEFAULT '',
    phone         text NOT NULL DEFAULT '',
    organisation  text NOT NULL DEFAULT '',
    occupation    text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persons_name ON persons USING gin (name gin_trgm_ops);
CREATE INDEX persons_name_birth ON persons (name, birth_date);
CREATE TRIGGER persons_updated_at BEFORE UPDATE ON persons FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The hearing-officer pool (听证员库), kept by units at branch level and
-- above and usable by the units below them.
CREATE TABLE hearing_officers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id       bigint NOT NULL REFERENCES persons (id),
    unit_id         bigint NOT NULL REFERENCES units (id),
    category        text NOT NULL CHECK (category IN ('npc_deputy', 'cppcc_member', 'people_supervisor', 'mediator',
                        'special_prosecutor', 'expert', 'lawyer', 'public')),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    revoked_reason  text NOT NULL DEFAULT '',
    disqualified    boolean NOT NULL DEFAULT false,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (person_id, unit_id)
);
CREATE INDEX hearing_officers_unit ON hearing_officers (unit_id, status, category);
CREATE TRIGGER hearing_officers_updated_at BEFORE UPDATE ON hearing_officers FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE hearings (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id                   bigint NOT NULL REFERENCES units (id),
    kind                      text NOT NULL,
    title                     text NOT NULL,
    case_number               text NOT NULL DEFAULT '',
    public                    boolean NOT NULL,
    involves_minor            boolean NOT NULL DEFAULT false,
    closed_reason             text NOT NULL DEFAULT '',
    proposed_decision         text NOT NULL DEFAULT '',
    planned_start             timestamptz,
    starts_at                 timestamptz,
    location                  text NOT NULL DEFAULT '',
    in_hearing_room           boolean NOT NULL DEFAULT true,
    in_hearing_room_approved  boolean NOT NULL DEFAULT false,
    livestream_requested      boolean NOT NULL DEFAULT false,
    livestream_url            text NOT NULL DEFAULT '',
    livestream_approved       boolean NOT NULL DEFAULT false,
    departure_approved        boolean NOT NULL DEFAULT false,
    departure_approved_by     bigint REFERENCES users (id),
    status                    text NOT NULL DEFAULT 'proposed',
    created_by                bigint NOT NULL REFERENCES users (id),
    held_at                   timestamptz,
    attendance                text NOT NULL DEFAULT '',
    minutes                   text NOT NULL DEFAULT '',
    decision                  text NOT NULL DEFAULT '',
    reasons                   text NOT NULL DEFAULT '',
    follows_proposal          boolean,
    departs_from_majority     boolean NOT NULL DEFAULT false,
    announced_on_spot         boolean NOT NULL DEFAULT false,
    announced_at              timestamptz,
    decided_at                timestamptz,
    status_reason             text NOT NULL DEFAULT '',
    postponements             integer NOT NULL DEFAULT 0,
    version                   integer NOT NULL DEFAULT 1,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CHECK (NOT (involves_minor AND public))
);
CREATE INDEX hearings_unit ON hearings (unit_id, id DESC);
CREATE INDEX hearings_status ON hearings (status, starts_at);
CREATE INDEX hearings_starts ON hearings (starts_at) WHERE public AND NOT involves_minor;
CREATE INDEX hearings_case ON hearings (case_number);
CREATE INDEX hearings_held ON hearings (held_at);
CREATE TRIGGER hearings_updated_at BEFORE UPDATE ON hearings FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE hearing_participants (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hearing_id         bigint NOT NULL REFERENCES hearings (id),
    person_id          bigint NOT NULL REFERENCES persons (id),
    role               text NOT NULL,
    officer_id         bigint REFERENCES hearing_officers (id),
    attended           boolean NOT NULL DEFAULT true,
    conflict           boolean NOT NULL DEFAULT false,
    position           text NOT NULL DEFAULT '' CHECK (position IN ('', 'agree', 'disagree', 'abstain')),
    opinion            text NOT NULL DEFAULT '',
    recusal_reason     text NOT NULL DEFAULT '',
    recusal_outcome    text NOT NULL DEFAULT '' CHECK (recusal_outcome IN ('', 'pending', 'granted', 'refused')),
    decision_reported  boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (hearing_id, person_id, role)
);
CREATE INDEX hearing_participants_hearing ON hearing_participants (hearing_id, id);
CREATE INDEX hearing_participants_officer ON hearing_participants (officer_id) WHERE officer_id IS NOT NULL;
CREATE INDEX hearing_participants_person ON hearing_participants (person_id);

CREATE TABLE hearing_transitions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hearing_id  bigint NOT NULL REFERENCES hearings (id),
    action      text NOT NULL,
    from_status text NOT NULL,
    to_status   text NOT NULL,
    actor_id    bigint NOT NULL REFERENCES users (id),
    note        text NOT NULL DEFAULT '',
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hearing_transitions_hearing ON hearing_transitions (hearing_id, id);

INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
    ('p', 'chief',      '*', 'hearing', 'read'),
    ('p', 'supervisor', '*', 'hearing', 'read'),
    ('p', 'prosecutor', '*', 'hearing', 'read'),
    ('p', 'clerk',      '*', 'hearing', 'read'),
    ('p', 'prosecutor', '*', 'hearing', 'create'),
    ('p', 'clerk',      '*', 'hearing', 'create'),
    ('p', 'prosecutor', '*', 'hearing', 'edit'),
    ('p', 'clerk',      '*', 'hearing', 'edit'),
    ('p', 'chief',      '*', 'hearing', 'approve'),
    ('p', 'chief',      '*', 'hearing', 'reject'),
    ('p', 'prosecutor', '*', 'hearing', 'schedule'),
    ('p', 'clerk',      '*', 'hearing', 'schedule'),
    ('p', 'prosecutor', '*', 'hearing', 'postpone'),
    ('p', 'clerk',      '*', 'hearing', 'postpone'),
    ('p', 'prosecutor', '*', 'hearing', 'hold'),
    ('p', 'clerk',      '*', 'hearing', 'hold'),
    ('p', 'prosecutor', '*', 'hearing', 'decide'),
    ('p', 'clerk',      '*', 'hearing', 'decide'),
    ('p', 'chief',      '*', 'hearing', 'decide'),
    ('p', 'chief',      '*', 'hearing', 'cancel'),
    ('p', 'prosecutor', '*', 'hearing', 'cancel'),
    ('p', 'chief',      '*', 'hearing', 'approve_livestream'),
    ('p', 'chief',      '*', 'hearing', 'approve_departure'),
    ('p', 'prosecutor', '*', 'hearing', 'announce'),
    ('p', 'clerk',      '*', 'hearing', 'announce'),
    ('p', 'chief',      '*', 'hearing', 'announce'),
    ('p', 'prosecutor', '*', 'hearing', 'participants'),
    ('p', 'clerk',      '*', 'hearing', 'participants'),
    ('p', 'prosecutor', '*', 'hearing', 'draw'),
    ('p', 'clerk',      '*', 'hearing', 'draw'),
    ('p', 'prosecutor', '*', 'hearing', 'opinion'),
    ('p', 'clerk',      '*', 'hearing', 'opinion'),
    ('p', 'prosecutor', '*', 'hearing', 'minutes'),
    ('p', 'clerk',      '*', 'hearing', 'minutes'),
    ('p', 'prosecutor', '*', 'hearing', 'report_back'),
    ('p', 'clerk',      '*', 'hearing', 'report_back'),
    ('p', 'admin',      '*', 'officer', 'read'),
    ('p', 'chief',      '*', 'officer', 'read'),
    ('p', 'supervisor', '*', 'officer', 'read'),
    ('p', 'prosecutor', '*', 'officer', 'read'),
    ('p', 'clerk',      '*', 'officer', 'read'),
    ('p', 'admin',      '*', 'officer', 'manage'),
    ('p', 'supervisor', '*', 'officer', 'manage'),
    ('p', 'admin',      '*', 'person', 'read'),
    ('p', 'chief',      '*', 'person', 'read'),
    ('p', 'supervisor', '*', 'person', 'read'),
    ('p', 'prosecutor', '*', 'person', 'read'),
    ('p', 'clerk',      '*', 'person', 'read'),
    ('p', 'admin',      '*', 'person', 'create'),
    ('p', 'supervisor', '*', 'person', 'create'),
    ('p', 'prosecutor', '*', 'person', 'create'),
    ('p', 'clerk',      '*', 'person', 'create');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND v2 IN ('hearing', 'officer', 'person');
DROP TABLE hearing_transitions;
DROP TABLE hearing_participants;
DROP TABLE hearings;
DROP TABLE hearing_officers;
DROP TABLE persons;
