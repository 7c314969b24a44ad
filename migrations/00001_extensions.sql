-- +goose Up
-- pg_trgm: substring search (also over Chinese text) with GIN indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Rows stamp their own modification time.
-- +goose StatementBegin
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION set_updated_at();
DROP EXTENSION IF EXISTS pg_trgm;
