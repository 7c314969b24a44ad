-- +goose Up

-- Rectification evidence through the recipient portal (issue 12): after a
-- reply has been accepted, the recipient may send later evidence of its
-- rectification (a description and files) through the same link. It
-- waits like a reply, in the same table, as kind 'evidence' with the
-- description in measures and no outcome; accepted, it becomes a
-- follow-up (suggestion_followups, method 'evidence') and its files the
-- suggestion's attachments.
ALTER TABLE pending_replies ADD COLUMN kind text NOT NULL DEFAULT 'reply' CHECK (kind IN ('reply', 'evidence'));
ALTER TABLE pending_replies ADD COLUMN followup_id bigint REFERENCES suggestion_followups (id);
ALTER TABLE pending_replies DROP CONSTRAINT pending_replies_outcome_check;
ALTER TABLE pending_replies DROP CONSTRAINT pending_replies_check;
ALTER TABLE pending_replies ADD CONSTRAINT pending_replies_outcome_check CHECK (
    CASE kind WHEN 'reply' THEN outcome IN ('adopted', 'partially_adopted', 'not_adopted') ELSE outcome = '' END);
ALTER TABLE pending_replies ADD CONSTRAINT pending_replies_decision_check CHECK (
    CASE kind WHEN 'reply' THEN (state = 'accepted') = (reply_id IS NOT NULL) AND followup_id IS NULL
        ELSE (state = 'accepted') = (followup_id IS NOT NULL) AND reply_id IS NULL END);

-- +goose Down
DELETE FROM pending_reply_files f USING pending_replies p WHERE p.id = f.pending_reply_id AND p.kind = 'evidence';
DELETE FROM pending_replies WHERE kind = 'evidence';
ALTER TABLE pending_replies DROP CONSTRAINT pending_replies_decision_check;
ALTER TABLE pending_replies DROP CONSTRAINT pending_replies_outcome_check;
ALTER TABLE pending_replies DROP COLUMN followup_id;
ALTER TABLE pending_replies DROP COLUMN kind;
ALTER TABLE pending_replies ADD CONSTRAINT pending_replies_outcome_check CHECK (outcome IN ('adopted', 'partially_adopted', 'not_adopted'));
ALTER TABLE pending_replies ADD CONSTRAINT pending_replies_check CHECK ((state = 'accepted') = (reply_id IS NOT NULL));
