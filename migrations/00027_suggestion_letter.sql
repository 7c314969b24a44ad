-- +goose Up

-- The 检察建议书 as issued: generated once, when the suggestion is issued,
-- stored as one of its attachments (with its SHA-256) and served from
-- there ever after, so that the letter on record is the letter sent.
ALTER TABLE suggestions ADD COLUMN letter_id bigint REFERENCES suggestion_attachments (id);

-- +goose Down
ALTER TABLE suggestions DROP COLUMN letter_id;
