-- +goose Up
-- The suggestion side of the indicators at scale (issue 10, point 4).
--
-- Each suggestion keeps its final reply (the latest non-interim one) and
-- its latest verification beside its own columns, maintained by triggers
-- on the replies and verifications, so that what a suggestion counts for
-- is a function of its row alone. Two roll-ups of those rows, kept by a
-- statement trigger on suggestions in the same transaction as the write,
-- answer the indicators and the class-case totals from a few rows per
-- unit, category and day instead of every suggestion of the period.

ALTER TABLE suggestions
    ADD COLUMN final_reply_on         date,
    ADD COLUMN final_reply_outcome    text,
    ADD COLUMN final_reply_funds      bigint,
    ADD COLUMN final_reply_personnel  integer,
    ADD COLUMN verified_on            date,
    ADD COLUMN verified_result        text;

UPDATE suggestions s SET final_reply_on = fr.received_on, final_reply_outcome = fr.outcome, final_reply_funds = fr.funds_yuan,
    final_reply_personnel = fr.personnel
FROM (SELECT DISTINCT ON (suggestion_id) suggestion_id, received_on, outcome, funds_yuan, personnel FROM suggestion_replies
      WHERE NOT interim ORDER BY suggestion_id, received_on DESC, id DESC) fr
WHERE fr.suggestion_id = s.id;
UPDATE suggestions s SET verified_on = lv.on_date, verified_result = lv.result
FROM (SELECT DISTINCT ON (suggestion_id) suggestion_id, on_date, result FROM suggestion_verifications
      ORDER BY suggestion_id, on_date DESC, id DESC) lv
WHERE lv.suggestion_id = s.id;

-- +goose StatementBegin
-- suggestion_refresh_records sets a suggestion's final reply and latest
-- verification from its records (only when they changed, so that a
-- record that changes neither writes nothing).
CREATE FUNCTION suggestion_refresh_records(sid bigint) RETURNS void LANGUAGE sql AS $$
    UPDATE suggestions s SET final_reply_on = fr.received_on, final_reply_outcome = fr.outcome, final_reply_funds = fr.funds_yuan,
        final_reply_personnel = fr.personnel, verified_on = lv.on_date, verified_result = lv.result
    FROM (SELECT sid AS id) k
    LEFT JOIN LATERAL (SELECT r.received_on, r.outcome, r.funds_yuan, r.personnel FROM suggestion_replies r
        WHERE r.suggestion_id = k.id AND NOT r.interim ORDER BY r.received_on DESC, r.id DESC LIMIT 1) fr ON true
    LEFT JOIN LATERAL (SELECT v.on_date, v.result FROM suggestion_verifications v
        WHERE v.suggestion_id = k.id ORDER BY v.on_date DESC, v.id DESC LIMIT 1) lv ON true
    WHERE s.id = k.id AND (s.final_reply_on, s.final_reply_outcome, s.final_reply_funds, s.final_reply_personnel, s.verified_on, s.verified_result)
        IS DISTINCT FROM (fr.received_on, fr.outcome, fr.funds_yuan, fr.personnel, lv.on_date, lv.result)
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION suggestion_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM suggestion_refresh_records(OLD.suggestion_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.suggestion_id <> OLD.suggestion_id) THEN
        PERFORM suggestion_refresh_records(NEW.suggestion_id);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER suggestion_replies_final AFTER INSERT OR UPDATE OR DELETE ON suggestion_replies
    FOR EACH ROW EXECUTE FUNCTION suggestion_records_changed();
CREATE TRIGGER suggestion_verifications_latest AFTER INSERT OR UPDATE OR DELETE ON suggestion_verifications
    FOR EACH ROW EXECUTE FUNCTION suggestion_records_changed();

-- By day and the date each quantity is counted on: issued by the day
-- served; due (and of those replied, replied on time and adopted, by the
-- final reply) by the day the reply is due, withdrawn ones apart; verified
-- (and rectified, by the latest verification) by the day verified.
CREATE TABLE suggestion_days (
    unit_id          bigint NOT NULL,
    category         text NOT NULL,
    day              date NOT NULL,
    issued           integer NOT NULL,
    due              integer NOT NULL,
    replied          integer NOT NULL,
    replied_on_time  integer NOT NULL,
    adopted          integer NOT NULL,
    verified         integer NOT NULL,
    rectified        integer NOT NULL,
    PRIMARY KEY (unit_id, category, day)
);
CREATE INDEX suggestion_days_day ON suggestion_days (day, unit_id);

-- By the day served and the current status: how many, and of those with a
-- final reply, adopting it, verified, found rectified, and the funds and
-- personnel their final replies committed (the class-case totals).
CREATE TABLE suggestion_served_days (
    unit_id      bigint NOT NULL,
    category     text NOT NULL,
    day          date NOT NULL,
    status       text NOT NULL,
    n            integer NOT NULL,
    replied      integer NOT NULL,
    adopted      integer NOT NULL,
    verified     integer NOT NULL,
    rectified    integer NOT NULL,
    funds_yuan   bigint NOT NULL,
    personnel    bigint NOT NULL,
    PRIMARY KEY (unit_id, category, day, status)
);

-- +goose StatementBegin
-- suggestion_rollup_statements are the two statements that add to the
-- roll-ups the signed rows of a query (%s: sign, then the suggestions'
-- columns), for the trigger (old rows -1, new rows +1) and for a rebuild
-- (every row +1). Rows in key order, so that concurrent writers lock the
-- keys they share in the same order.
CREATE FUNCTION suggestion_rollup_statements() RETURNS text[] LANGUAGE sql IMMUTABLE AS $f$
    SELECT ARRAY[
    $q$WITH s AS (%s),
    c AS (
        SELECT unit_id, category, served_on AS day, sign AS issued, 0 AS due, 0 AS replied, 0 AS replied_on_time, 0 AS adopted,
            0 AS verified, 0 AS rectified
        FROM s WHERE served_on IS NOT NULL
        UNION ALL
        SELECT unit_id, category, reply_due_on, 0, sign, CASE WHEN final_reply_on IS NOT NULL THEN sign ELSE 0 END,
            CASE WHEN final_reply_on <= reply_due_on THEN sign ELSE 0 END,
            CASE WHEN final_reply_outcome IN ('adopted', 'partially_adopted') THEN sign ELSE 0 END, 0, 0
        FROM s WHERE reply_due_on IS NOT NULL AND status <> 'withdrawn'
        UNION ALL
        SELECT unit_id, category, verified_on, 0, 0, 0, 0, 0, sign, CASE WHEN verified_result = 'rectified' THEN sign ELSE 0 END
        FROM s WHERE verified_on IS NOT NULL)
    INSERT INTO suggestion_days AS t (unit_id, category, day, issued, due, replied, replied_on_time, adopted, verified, rectified)
    SELECT unit_id, category, day, sum(issued), sum(due), sum(replied), sum(replied_on_time), sum(adopted), sum(verified), sum(rectified)
    FROM c GROUP BY unit_id, category, day
    HAVING sum(issued) <> 0 OR sum(due) <> 0 OR sum(replied) <> 0 OR sum(replied_on_time) <> 0 OR sum(adopted) <> 0
        OR sum(verified) <> 0 OR sum(rectified) <> 0
    ORDER BY unit_id, category, day
    ON CONFLICT (unit_id, category, day) DO UPDATE SET issued = t.issued + EXCLUDED.issued, due = t.due + EXCLUDED.due,
        replied = t.replied + EXCLUDED.replied, replied_on_time = t.replied_on_time + EXCLUDED.replied_on_time,
        adopted = t.adopted + EXCLUDED.adopted, verified = t.verified + EXCLUDED.verified, rectified = t.rectified + EXCLUDED.rectified$q$,
    $q$WITH s AS (%s)
    INSERT INTO suggestion_served_days AS t (unit_id, category, day, status, n, replied, adopted, verified, rectified, funds_yuan, personnel)
    SELECT unit_id, category, served_on, status, sum(sign), sum(CASE WHEN final_reply_on IS NOT NULL THEN sign ELSE 0 END),
        sum(CASE WHEN final_reply_outcome IN ('adopted', 'partially_adopted') THEN sign ELSE 0 END),
        sum(CASE WHEN verified_on IS NOT NULL THEN sign ELSE 0 END), sum(CASE WHEN verified_result = 'rectified' THEN sign ELSE 0 END),
        sum(sign * coalesce(final_reply_funds, 0)), sum(sign * coalesce(final_reply_personnel, 0))
    FROM s WHERE served_on IS NOT NULL
    GROUP BY unit_id, category, served_on, status
    HAVING sum(sign) <> 0 OR sum(CASE WHEN final_reply_on IS NOT NULL THEN sign ELSE 0 END) <> 0
        OR sum(CASE WHEN final_reply_outcome IN ('adopted', 'partially_adopted') THEN sign ELSE 0 END) <> 0
        OR sum(CASE WHEN verified_on IS NOT NULL THEN sign ELSE 0 END) <> 0
        OR sum(CASE WHEN verified_result = 'rectified' THEN sign ELSE 0 END) <> 0
        OR sum(sign * coalesce(final_reply_funds, 0)) <> 0 OR sum(sign * coalesce(final_reply_personnel, 0)) <> 0
    ORDER BY unit_id, category, served_on, status
    ON CONFLICT (unit_id, category, day, status) DO UPDATE SET n = t.n + EXCLUDED.n, replied = t.replied + EXCLUDED.replied,
        adopted = t.adopted + EXCLUDED.adopted, verified = t.verified + EXCLUDED.verified, rectified = t.rectified + EXCLUDED.rectified,
        funds_yuan = t.funds_yuan + EXCLUDED.funds_yuan, personnel = t.personnel + EXCLUDED.personnel$q$]
$f$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION suggestion_rollup_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cols constant text := 'unit_id, category, status, served_on, reply_due_on, final_reply_on, final_reply_outcome, final_reply_funds,
        final_reply_personnel, verified_on, verified_result';
    src text;
    q text;
BEGIN
    src := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows', cols)
        WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM old_rows', cols)
        ELSE format('SELECT -1 AS sign, %s FROM old_rows UNION ALL SELECT 1, %s FROM new_rows', cols, cols) END;
    FOREACH q IN ARRAY suggestion_rollup_statements() LOOP
        EXECUTE format(q, src);
    END LOOP;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- suggestion_rollup_rebuild recomputes both roll-ups from the suggestions.
CREATE FUNCTION suggestion_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    q text;
BEGIN
    LOCK TABLE suggestions IN SHARE MODE;
    TRUNCATE suggestion_days, suggestion_served_days;
    FOREACH q IN ARRAY suggestion_rollup_statements() LOOP
        EXECUTE format(q, 'SELECT 1 AS sign, unit_id, category, status, served_on, reply_due_on, final_reply_on, final_reply_outcome,
            final_reply_funds, final_reply_personnel, verified_on, verified_result FROM suggestions');
    END LOOP;
END
$$;
-- +goose StatementEnd

SELECT suggestion_rollup_rebuild();

CREATE TRIGGER suggestions_rollup_insert AFTER INSERT ON suggestions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION suggestion_rollup_changed();
CREATE TRIGGER suggestions_rollup_update AFTER UPDATE ON suggestions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION suggestion_rollup_changed();
CREATE TRIGGER suggestions_rollup_delete AFTER DELETE ON suggestions REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION suggestion_rollup_changed();

-- The class-case totals count, among the suggestions served in the
-- period, those overdue today: the open issued ones, by category and day
-- served.
CREATE INDEX suggestions_open_served ON suggestions (category, served_on) INCLUDE (unit_id, reply_due_on)
    WHERE status = 'issued' AND NOT has_final_reply;

-- The class-case totals count every case of a category in a subtree, its
-- persons and those received in the period: an index-only scan of this.
CREATE INDEX cases_category_totals ON cases (category, unit_id) INCLUDE (persons, received_on);

-- The hearing counts and the class-case hearings read the hearings of a
-- period from these alone (index-only), however many there are.
CREATE INDEX hearings_held_counts ON hearings (held_at) INCLUDE (id, unit_id, case_number, created_by, public, kind)
    WHERE status IN ('held', 'decided');
CREATE INDEX hearings_when_counts ON hearings ((coalesce(held_at, starts_at))) INCLUDE (id, unit_id, case_number, status, public);

-- +goose Down
DROP INDEX hearings_when_counts;
DROP INDEX hearings_held_counts;
DROP INDEX cases_category_totals;
DROP INDEX suggestions_open_served;
DROP TRIGGER suggestions_rollup_delete ON suggestions;
DROP TRIGGER suggestions_rollup_update ON suggestions;
DROP TRIGGER suggestions_rollup_insert ON suggestions;
DROP FUNCTION suggestion_rollup_rebuild();
DROP FUNCTION suggestion_rollup_changed();
DROP FUNCTION suggestion_rollup_statements();
DROP TABLE suggestion_served_days;
DROP TABLE suggestion_days;
DROP TRIGGER suggestion_verifications_latest ON suggestion_verifications;
DROP TRIGGER suggestion_replies_final ON suggestion_replies;
DROP FUNCTION suggestion_records_changed();
DROP FUNCTION suggestion_refresh_records(bigint);
ALTER TABLE suggestions DROP COLUMN verified_result, DROP COLUMN verified_on, DROP COLUMN final_reply_personnel,
    DROP COLUMN final_reply_funds, DROP COLUMN final_reply_outcome, DROP COLUMN final_reply_on;
