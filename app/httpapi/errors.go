package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

var errPanic = errors.New("panic recovered")

// errorBody is the JSON shape of every error answer (DESIGN.md §7).
type errorBody struct {
	Error errorPayload `json:"error"`
}

type errorPayload struct {
	Code      string         `json:"code"`
	Message   string         `json:"message"`
	MessageZh string         `json:"message_zh"`
	Fields    []fieldPayload `json:"fields,omitempty"`
	Details   map[string]any `json:"details,omitempty"`
}

type fieldPayload struct {
	Field     string `json:"field"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageZh string `json:"message_zh"`
}

var statusOfKind = map[domain.Kind]int{
	domain.KindInvalid:         http.StatusUnprocessableEntity,
	domain.KindMalformed:       http.StatusBadRequest,
	domain.KindUnauthenticated: http.StatusUnauthorized,
	domain.KindForbidden:       http.StatusForbidden,
	domain.KindNotFound:        http.StatusNotFound,
	domain.KindConflict:        http.StatusConflict,
	domain.KindTooLarge:        http.StatusRequestEntityTooLarge,
	domain.KindRateLimited:     http.StatusTooManyRequests,
	domain.KindUnavailable:     http.StatusServiceUnavailable,
}

// retryAfterUnavailable is the Retry-After of a 503, in seconds: about
// as long as a database restart takes.
const retryAfterUnavailable = "2"

// Errors answered for echo's own failures (unknown route, wrong method, body too large).
var echoErrors = map[int]*domain.Error{
	http.StatusNotFound:              domain.ErrNotFound,
	http.StatusMethodNotAllowed:      {Kind: domain.KindNotFound, Code: "method_not_allowed", Message: "This method is not allowed here.", MessageZh: "不支持该请求方法。"},
	http.StatusRequestEntityTooLarge: {Kind: domain.KindTooLarge, Code: "too_large", Message: "The request body is too large.", MessageZh: "请求内容过大。"},
	http.StatusBadRequest:            {Kind: domain.KindMalformed, Code: "malformed", Message: "The request could not be read.", MessageZh: "请求格式错误，无法解析。"},
	http.StatusUnauthorized:          domain.ErrUnauthenticated,
	http.StatusForbidden:             domain.ErrForbidden,
	http.StatusTooManyRequests:       {Kind: domain.KindRateLimited, Code: "rate_limited", Message: "Too many requests; try again later.", MessageZh: "请求过于频繁，请稍后再试。"},
}

var errInternal = &domain.Error{Kind: domain.KindInternal, Code: "internal", Message: "Something went wrong on our side; the error was logged.", MessageZh: "服务器内部错误，已记录日志。"}

// handleError is echo's HTTPErrorHandler: the one place where an error
// becomes a status code and a JSON body.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		// Too late for a status: the client sees the body stop short
		// (a workbook declares its length, see sendWorkbook).
		s.log.Warn("response broken off", "request_id", requestID(c),
			"method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
		return
	}
	de, status := s.classify(err, c)
	if status == http.StatusRequestEntityTooLarge && strings.HasPrefix(c.Request().URL.Path, "/r/") {
		// The recipient portal answers with its page, not JSON.
		if werr := s.portalTooLarge(c); werr != nil {
			s.log.Warn("write error response", "request_id", requestID(c), "error", werr)
		}
		return
	}
	switch de.Kind {
	case domain.KindRateLimited:
		if secs, ok := de.Details["retry_after_seconds"].(int); ok {
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		}
	case domain.KindUnavailable:
		c.Response().Header().Set("Retry-After", retryAfterUnavailable)
	}
	body := errorBody{Error: errorPayload{Code: de.Code, Message: de.Message, MessageZh: de.MessageZh, Details: de.Details}}
	for _, f := range de.Fields {
		body.Error.Fields = append(body.Error.Fields, fieldPayload(f))
	}
	var werr error
	if c.Request().Method == http.MethodHead {
		werr = c.NoContent(status)
	} else {
		werr = c.JSON(status, body)
	}
	if werr != nil {
		s.log.Warn("write error response", "request_id", requestID(c), "error", werr)
	}
}

func (s *Server) classify(err error, c echo.Context) (*domain.Error, int) {
	if de, ok := domain.AsError(err); ok {
		if status, ok := statusOfKind[de.Kind]; ok {
			return de, status
		}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		if de, ok := echoErrors[he.Code]; ok {
			return de, he.Code
		}
	}
	if store.Unavailable(err) {
		s.log.Warn("database unavailable", "request_id", requestID(c),
			"method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
		return domain.ErrUnavailable, http.StatusServiceUnavailable
	}
	s.log.Error("internal error", "request_id", requestID(c),
		"method", c.Request().Method, "path", c.Request().URL.Path, "error", err)
	return errInternal, http.StatusInternalServerError
}

// malformed is the 400 error for a body that cannot be decoded.
func malformed(field, reason, reasonZh string) *domain.Error {
	e := *echoErrors[http.StatusBadRequest]
	if field != "" {
		e.Fields = []domain.FieldError{{Field: field, Code: "malformed", Message: reason, MessageZh: reasonZh}}
	} else {
		e.Message += " " + reason
		e.MessageZh += reasonZh
	}
	return &e
}

// decodeJSON reads the request body as one JSON value into v, refusing
// unknown fields and trailing data. Errors name the offending field.
//
// A PUT replaces a whole resource, so its body must hold every member of
// v's type that is not marked omitempty, none of them null: a null or empty
// body never wipes what it would replace (422 naming each missing member).
func decodeJSON(c echo.Context, v any) error {
	var body io.Reader = c.Request().Body
	if c.Request().Method == http.MethodPut {
		raw, err := io.ReadAll(body)
		if err != nil {
			return decodeError(err)
		}
		if err := requireMembers(raw, v, c.ParamNames()); err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return err
		}
		return malformed("", "Unexpected data after the JSON value.", "JSON 值之后有多余内容。")
	}
	return checkDecoded(v)
}

func decodeError(err error) error {
	var (
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, echo.ErrStatusRequestEntityTooLarge):
		return err
	case errors.Is(err, io.EOF):
		return malformed("", "The request body is empty; a JSON object is expected.", "请求体为空，应为 JSON 对象。")
	case errors.As(err, &syntaxErr):
		return malformed("", fmt.Sprintf("Invalid JSON at byte %d.", syntaxErr.Offset), fmt.Sprintf("JSON 格式错误（第 %d 字节）。", syntaxErr.Offset))
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "(body)"
		}
		return malformed(field, fmt.Sprintf("Expected %s, got JSON %s.", typeErr.Type, typeErr.Value),
			fmt.Sprintf("类型错误：应为 %s，实为 JSON %s。", typeErr.Type, typeErr.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return malformed(name, "Unknown field.", "未知字段。")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("", "The JSON body ends too early.", "JSON 内容不完整。")
	}
	return malformed("", "The body is not valid JSON.", "请求体不是有效的 JSON。")
}

func isConflict(err error) bool { return errors.Is(err, domain.ErrConflict) }

func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }
