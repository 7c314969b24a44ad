package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	gojson "github.com/goccy/go-json"

	"procura/domain"
)

// The pages of a suggestion, a hearing and a case are each read with one
// SQL statement (issue 10): the record's row plus one correlated subquery
// per section, aggregated to a JSON array with json_agg, so that a page
// costs one round trip however many sections it has. Each section keeps
// the columns, order and scope of the per-section query it replaces, and
// the record is authorised by the caller after the read, on its unit, as
// before: a refused read returns nothing of it.
//
// A section is written
//
//	(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT … ) x)::text AS name
//
// so that the inner SELECT's columns become each element's keys.

// jsonDate is a date as PostgreSQL writes it in JSON (2026-03-31); null is
// the zero Date. It is read without domain.ParseDate's range check, as a
// scanned date column is: no stored value may break a read.
type jsonDate struct{ domain.Date }

func (d *jsonDate) UnmarshalJSON(b []byte) error {
	s, err := jsonString(b)
	if err != nil || s == nil {
		d.Date = domain.Date{}
		return err
	}
	t, err := time.Parse(time.DateOnly, *s)
	if err != nil {
		return fmt.Errorf("date %q: %w", *s, err)
	}
	d.Date = domain.DateOf(t, time.UTC)
	return nil
}

// jsonString decodes a JSON string or null (nil). The dates and times
// PostgreSQL writes need no unescaping, and are read without a decoder.
func jsonString(b []byte) (*string, error) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && !bytes.ContainsAny(b[1:len(b)-1], `"\`) {
		s := string(b[1 : len(b)-1])
		return &s, nil
	}
	var s *string
	err := gojson.Unmarshal(b, &s)
	return s, err
}

// timePtr is the date as a scanned nullable date column gives it.
func (d jsonDate) timePtr() *time.Time {
	if d.IsZero() {
		return nil
	}
	t := d.Time()
	return &t
}

// jsonTime is a timestamptz as PostgreSQL writes it in JSON: RFC 3339,
// except that an offset with seconds (a zone's local mean time, such as
// Asia/Shanghai's +08:05:43 before 1901) keeps them; null is the zero time.
type jsonTime struct{ time.Time }

func (t *jsonTime) UnmarshalJSON(b []byte) error {
	s, err := jsonString(b)
	if err != nil || s == nil {
		t.Time = time.Time{}
		return err
	}
	v, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		if v, err = time.Parse("2006-01-02T15:04:05.999999999-07:00:00", *s); err != nil {
			return fmt.Errorf("time %q: %w", *s, err)
		}
	}
	t.Time = v
	return nil
}

func (t jsonTime) ptr() *time.Time {
	if t.IsZero() {
		return nil
	}
	v := t.Time
	return &v
}

// decodeSection decodes the JSON array of a section of record id, with
// goccy/go-json (as the answers are encoded): encoding/json's decoder was
// a tenth of the server's time on a page read from the database.
func decodeSection[T any](name string, id int64, text string) ([]T, error) {
	var out []T
	if err := gojson.Unmarshal([]byte(text), &out); err != nil {
		return nil, fmt.Errorf("%s of %d: %w", name, id, err)
	}
	return out, nil
}

type auditJSON struct {
	ID        int64           `json:"id"`
	At        jsonTime        `json:"at"`
	ActorID   *int64          `json:"actor_id"`
	Actor     string          `json:"actor"`
	ActorName string          `json:"actor_name"`
	UnitID    *int64          `json:"unit_id"`
	Action    string          `json:"action"`
	Entity    string          `json:"entity"`
	EntityID  string          `json:"entity_id"`
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
	RequestID string          `json:"request_id"`
	ClientIP  string          `json:"client_ip"`
}

// nullRaw is a JSON value of a nullable jsonb column as a scan gives it:
// nil for SQL NULL.
func nullRaw(m json.RawMessage) []byte {
	if string(m) == "null" {
		return nil
	}
	return m
}

func decodeHistory(id int64, text string) ([]AuditEvent, error) {
	rows, err := decodeSection[auditJSON]("history", id, text)
	if err != nil {
		return nil, err
	}
	out := make([]AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = auditRow{ID: r.ID, At: r.At.Time, ActorID: r.ActorID, Actor: r.Actor, ActorName: r.ActorName, UnitID: r.UnitID, Action: r.Action,
			Entity: r.Entity, EntityID: r.EntityID, Before: nullRaw(r.Before), After: nullRaw(r.After), RequestID: r.RequestID,
			ClientIP: r.ClientIP}.toEvent()
	}
	return out, nil
}

// readDetail runs the detail statement q, scans its one row into an R
// (gorm fills its exported fields by column name) and converts it.
// Errors: domain.ErrNotFound when there is no row.
func readDetail[R, D any](ctx context.Context, db *DB, what, q string, args []any, toDetail func(R) (D, error)) (D, error) {
	d, _, err := readSizedDetail(ctx, db, what, q, args, toDetail)
	return d, err
}

// readSizedDetail is readDetail that also returns the bytes of text the
// row held, which stand for the size of what it was converted to.
func readSizedDetail[R, D any](ctx context.Context, db *DB, what, q string, args []any, toDetail func(R) (D, error)) (D, int, error) {
	var (
		row R
		d   D
	)
	res := db.conn(ctx).Raw(q, args...).Scan(&row)
	err := translate(res.Error)
	if err == nil && res.RowsAffected == 0 {
		err = domain.ErrNotFound
	}
	if err == nil {
		d, err = toDetail(row)
	}
	if err != nil {
		var zero D
		return zero, 0, fmt.Errorf("get %s: %w", what, err)
	}
	return d, textBytes(reflect.ValueOf(row)), nil
}

// recordBytes is what a record weighs in memory, roughly: its text and a
// fixed part.
func recordBytes(rec any) int { return 1024 + textBytes(reflect.ValueOf(rec)) }

// textBytes adds up the lengths of the strings in v (a scanned row: its
// fields, embedded structs, pointers and slices of strings).
func textBytes(v reflect.Value) int {
	switch v.Kind() {
	case reflect.String:
		return v.Len()
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return textBytes(v.Elem())
	case reflect.Struct:
		n := 0
		for i := range v.NumField() {
			n += textBytes(v.Field(i))
		}
		return n
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			return v.Len() * int(v.Type().Elem().Size())
		}
		n := 0
		for i := range v.Len() {
			n += v.Index(i).Len()
		}
		return n
	}
	return 0
}
