-- +goose Up
-- Issue 15: hand-offs reach the next person. A notification is one item
-- per kind, record and user (dedupe_key kind:s<id>:<user> or
-- kind:h<id>:<user>); its text is made when shown from kind, subject and
-- due_on, and a new stage (a reminder passing 7 → 3 days → overdue, a new
-- round of a task) brings the same item back unread instead of adding one.
ALTER TABLE notifications
    ADD COLUMN hearing_id bigint REFERENCES hearings (id) ON DELETE CASCADE,
    ADD COLUMN subject    text NOT NULL DEFAULT '',
    ADD COLUMN due_on     date,
    ADD COLUMN stage      text NOT NULL DEFAULT '';
ALTER TABLE notifications DROP CONSTRAINT notifications_suggestion_id_fkey,
    ADD CONSTRAINT notifications_suggestion_id_fkey FOREIGN KEY (suggestion_id) REFERENCES suggestions (id) ON DELETE CASCADE;
CREATE INDEX notifications_suggestion ON notifications (suggestion_id) WHERE suggestion_id IS NOT NULL;
CREATE INDEX notifications_hearing ON notifications (hearing_id) WHERE hearing_id IS NOT NULL;

-- The reply reminders become one kind; repeated items of one kind for one
-- record and user collapse into the newest, unread if any of them was.
UPDATE notifications SET kind = 'reply_due' WHERE kind IN ('reply_due_7d', 'reply_due_1d', 'overdue');
DELETE FROM notifications n USING notifications m
    WHERE n.suggestion_id IS NOT NULL AND m.user_id = n.user_id AND m.kind = n.kind AND m.suggestion_id = n.suggestion_id AND m.id > n.id;
UPDATE notifications n SET dedupe_key = n.kind || ':s' || n.suggestion_id || ':' || n.user_id, subject = s.title,
    due_on = CASE n.kind WHEN 'reply_due' THEN s.reply_due_on WHEN 'filing_due' THEN s.filing_due_on END
    FROM suggestions s WHERE s.id = n.suggestion_id;

-- 撤回 (back to draft) and deleting a draft are the drafter's.
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3) VALUES
    ('p', 'prosecutor', '*', 'suggestion', 'recall'),
    ('p', 'prosecutor', '*', 'suggestion', 'delete');

-- +goose Down
DELETE FROM casbin_rule WHERE ptype = 'p' AND v2 = 'suggestion' AND v3 IN ('recall', 'delete');
DROP INDEX notifications_hearing;
DROP INDEX notifications_suggestion;
ALTER TABLE notifications DROP CONSTRAINT notifications_suggestion_id_fkey,
    ADD CONSTRAINT notifications_suggestion_id_fkey FOREIGN KEY (suggestion_id) REFERENCES suggestions (id);
ALTER TABLE notifications DROP COLUMN stage, DROP COLUMN due_on, DROP COLUMN subject, DROP COLUMN hearing_id;
