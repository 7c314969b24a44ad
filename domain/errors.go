package domain

import (
	"errors"
	"strings"
)

// Kind classifies an error for the caller; the HTTP layer maps each kind to
// one status code.
type Kind int

// The kinds of error, with the HTTP status each implies.
const (
	KindInternal        Kind = iota // 500
	KindInvalid                     // 422: well-formed but breaks a rule; Fields name the culprits
	KindMalformed                   // 400: unparsable request
	KindUnauthenticated             // 401
	KindForbidden                   // 403
	KindNotFound                    // 404, also for records outside the caller's scope
	KindConflict                    // 409: version conflict, duplicate, illegal transition
	KindTooLarge                    // 413
	KindRateLimited                 // 429
	KindUnavailable                 // 503: the database cannot be reached for now; try again
)

// FieldError names one invalid field and why, in English and Chinese.
type FieldError struct {
	Field     string
	Code      string
	Message   string
	MessageZh string
}

// Error is the one error type that crosses layers. Compare with errors.Is
// against the sentinels below (matching is by Kind and Code) or read it with
// errors.As.
type Error struct {
	Kind      Kind
	Code      string // machine-readable, snake_case
	Message   string // English
	MessageZh string // Chinese
	Fields    []FieldError
	// Details carries extra machine-readable facts (e.g. the allowed actions
	// of an illegal transition, or seconds until a lock ends).
	Details map[string]any
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Is matches another *Error of the same kind and code, so that
// errors.Is(err, ErrNotFound) holds for every not-found error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.Code == e.Code
}

// Sentinels for the common cases.
var (
	ErrNotFound        = &Error{Kind: KindNotFound, Code: "not_found", Message: "The resource does not exist.", MessageZh: "请求的资源不存在。"}
	ErrConflict        = &Error{Kind: KindConflict, Code: "conflict", Message: "The request conflicts with the current state of the resource.", MessageZh: "请求与资源的当前状态冲突。"}
	ErrVersionConflict = &Error{Kind: KindConflict, Code: "version_conflict", Message: "The record was changed by someone else; reload it and try again.", MessageZh: "该记录已被他人修改，请刷新后重试。"}
	ErrForbidden       = &Error{Kind: KindForbidden, Code: "forbidden", Message: "You are not allowed to do this.", MessageZh: "您无权执行此操作。"}
	ErrUnauthenticated = &Error{Kind: KindUnauthenticated, Code: "unauthenticated", Message: "Please sign in.", MessageZh: "请先登录。"}
	ErrInvalid         = &Error{Kind: KindInvalid, Code: "validation_failed", Message: "Some fields are invalid.", MessageZh: "部分字段填写有误。"}
	ErrUnavailable     = &Error{Kind: KindUnavailable, Code: "unavailable", Message: "The database is unavailable for a moment; please try again shortly.", MessageZh: "数据库暂时无法访问，请稍后重试。"}
)

// Invalid returns a validation error naming the given fields.
func Invalid(fields ...FieldError) *Error {
	e := *ErrInvalid
	e.Fields = fields
	return &e
}

// Field builds a FieldError.
func Field(field, code, message, messageZh string) FieldError {
	return FieldError{Field: field, Code: code, Message: message, MessageZh: messageZh}
}

// Required is the FieldError of a missing value.
func Required(field string) FieldError {
	return Field(field, "required", "This field is required.", "此项为必填项。")
}

// Validator collects field errors; its Err is nil when there are none.
type Validator struct {
	fields []FieldError
}

// Add records a field error.
func (v *Validator) Add(f FieldError) { v.fields = append(v.fields, f) }

// Check records f when ok is false.
func (v *Validator) Check(ok bool, f FieldError) {
	if !ok {
		v.Add(f)
	}
}

// Err returns the collected errors as one validation error, or nil.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return Invalid(v.fields...)
}

// AsError returns err's *Error, if it has one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
