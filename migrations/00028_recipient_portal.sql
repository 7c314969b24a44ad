-- +goose Up

-- Delivery links: how a recipient reaches its suggestion without an
-- account. The token is shown once, when the link is made, and only its
-- SHA-256 is kept. A link is bound to one suggestion, expires (90 days
-- after the reply due date, or after the issue when not yet served) and
-- can be revoked.
CREATE TABLE delivery_links (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    suggestion_id    bigint NOT NULL REFERENCES suggestions (id),
    token_hash       text NOT NULL UNIQUE,
    expires_on       date NOT NULL,
    created_by       bigint NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    revoked_at       timestamptz,
    revoked_by       bigint REFERENCES users (id),
    acknowledged_at  timestamptz,
    acknowledged_ip  text NOT NULL DEFAULT ''
);
CREATE INDEX delivery_links_suggestion ON delivery_links (suggestion_id, id);

-- Replies the recipient submitted through its link, waiting for a clerk
-- to accept them into the record (a suggestion_replies row, reply_id) or
-- to return them with a note the recipient sees.
CREATE TABLE pending_replies (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    suggestion_id  bigint NOT NULL REFERENCES suggestions (id),
    link_id        bigint NOT NULL REFERENCES delivery_links (id),
    submitted_at   timestamptz NOT NULL DEFAULT now(),
    client_ip      text NOT NULL DEFAULT '',
    doc_no         text NOT NULL DEFAULT '',
    replier        text NOT NULL,
    outcome        text NOT NULL CHECK (outcome IN ('adopted', 'partially_adopted', 'not_adopted')),
    item_outcomes  jsonb NOT NULL DEFAULT '[]',
    measures       text NOT NULL DEFAULT '',
    funds_yuan     bigint NOT NULL DEFAULT 0 CHECK (funds_yuan >= 0),
    personnel      integer NOT NULL DEFAULT 0 CHECK (personnel >= 0),
    interim        boolean NOT NULL DEFAULT false,
    state          text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'returned')),
    decided_by     bigint REFERENCES users (id),
    decided_at     timestamptz,
    note           text NOT NULL DEFAULT '',
    reply_id       bigint REFERENCES suggestion_replies (id),
    CHECK ((state = 'accepted') = (reply_id IS NOT NULL))
);
CREATE INDEX pending_replies_suggestion ON pending_replies (suggestion_id, id);

-- Files attached to a submitted reply (scans, photos), stored once per
-- content hash like every attachment.
CREATE TABLE pending_reply_files (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pending_reply_id  bigint NOT NULL REFERENCES pending_replies (id),
    attachment_id     bigint NOT NULL REFERENCES attachments (id),
    filename          text NOT NULL
);
CREATE INDEX pending_reply_files_reply ON pending_reply_files (pending_reply_id);

-- +goose Down
DROP TABLE pending_reply_files;
DROP TABLE pending_replies;
DROP TABLE delivery_links;
