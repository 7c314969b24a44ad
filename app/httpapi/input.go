package httpapi

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/domain"
)

// checkDecoded walks a decoded request body and refuses, naming the field,
// text that PostgreSQL cannot store or a reader would not see (control
// characters, bytes that are not UTF-8) and an int member outside the
// range of the integer columns it is written to. Request types use int for
// values kept in integer columns and int64 for bigint ones (ids, money).
func checkDecoded(v any) error {
	var val domain.Validator
	walkInput(reflect.ValueOf(v), "", &val)
	return val.Err()
}

func walkInput(v reflect.Value, path string, val *domain.Validator) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkInput(v.Elem(), path, val)
		}
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			val.Time(fieldName(path), &t)
			return
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if f.Anonymous && f.Tag.Get("json") == "" {
				walkInput(v.Field(i), path, val)
				continue
			}
			walkInput(v.Field(i), joinPath(path, name), val)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // raw bytes (json.RawMessage) are checked where they are decoded
		}
		for i := 0; i < v.Len(); i++ {
			walkInput(v.Index(i), path+"["+strconv.Itoa(i)+"]", val)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			key := iter.Key()
			name := path
			if key.Kind() == reflect.String {
				if fe, ok := domain.CheckText(path, key.String()); !ok {
					val.Add(fe)
					continue
				}
				name = joinPath(path, key.String())
			}
			walkInput(iter.Value(), name, val)
		}
	case reflect.String:
		if fe, ok := domain.CheckText(fieldName(path), v.String()); !ok {
			val.Add(fe)
		}
	case reflect.Int, reflect.Int32:
		if n := v.Int(); n > math.MaxInt32 || n < math.MinInt32 {
			val.Add(domain.Field(fieldName(path), "range", "The number is out of range.", "数值超出允许范围。"))
		}
	}
}

// requireMembers checks that the JSON object raw holds every member of
// v's struct type without omitempty, and none of them as null, except the
// members that repeat a path parameter (the path names the record). A body
// that is not an object is left to the decoder to refuse.
func requireMembers(raw []byte, v any, pathParams []string) error {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var members map[string]json.RawMessage
	if trimmed := bytes.TrimSpace(raw); !bytes.Equal(trimmed, []byte("null")) {
		if err := json.Unmarshal(raw, &members); err != nil {
			return nil // the strict decoder names the problem
		}
	}
	var val domain.Validator
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || strings.Contains(opts, "omitempty") || slices.Contains(pathParams, name) {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m, ok := members[name]
		if !ok || bytes.Equal(bytes.TrimSpace(m), []byte("null")) {
			val.Add(domain.Field(name, "required", "Required: a PUT replaces the whole record (send an empty list to clear one).",
				"必填：PUT 替换整条记录（如需清空，请传空列表）。"))
		}
	}
	return val.Err()
}

// decodeMergePatch reads a JSON merge patch (RFC 7396): a JSON object,
// whose "version" member names the version it was made against (required)
// and is taken out of it.
func decodeMergePatch(c echo.Context) (map[string]any, int, error) {
	var patch map[string]any
	dec := json.NewDecoder(c.Request().Body)
	dec.UseNumber()
	if err := dec.Decode(&patch); err != nil {
		return nil, 0, decodeError(err)
	}
	if patch == nil {
		return nil, 0, malformed("", "A merge patch is a JSON object.", "合并补丁应为 JSON 对象。")
	}
	var version struct {
		Version *int `json:"version"`
	}
	if raw, err := json.Marshal(map[string]any{"version": patch["version"]}); err == nil {
		if err := json.Unmarshal(raw, &version); err != nil {
			return nil, 0, malformed("version", "Expected a whole number.", "应为整数。")
		}
	}
	if version.Version == nil {
		return nil, 0, domain.Invalid(domain.Required("version"))
	}
	delete(patch, "version")
	return patch, *version.Version, nil
}

// mergePatch applies patch to cur (a request value) as RFC 7396 says —
// objects merge member by member, null removes a member (its zero value),
// anything else replaces — and decodes the result as strictly as a body.
func mergePatch[T any](cur T, patch map[string]any) (T, error) {
	var out T
	raw, err := json.Marshal(cur)
	if err != nil {
		return out, err
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return out, err
	}
	merged, err := json.Marshal(mergeObject(doc, patch))
	if err != nil {
		return out, err
	}
	strict := json.NewDecoder(bytes.NewReader(merged))
	strict.DisallowUnknownFields()
	if err := strict.Decode(&out); err != nil {
		return out, decodeError(err)
	}
	return out, checkDecoded(&out)
}

func mergeObject(target, patch map[string]any) map[string]any {
	if target == nil {
		target = map[string]any{}
	}
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(target, k)
		case map[string]any:
			sub, _ := target[k].(map[string]any)
			target[k] = mergeObject(sub, pv)
		default:
			target[k] = v
		}
	}
	return target
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func fieldName(path string) string {
	if path == "" {
		return "(body)"
	}
	return path
}

// checkParams refuses a query parameter whose value is not storable text
// (422 naming it) and a path parameter that is not (404: no record has
// such a key).
func checkParams(c echo.Context) error {
	for _, v := range c.ParamValues() {
		if domain.TextProblem(v) != "" {
			return domain.ErrNotFound
		}
	}
	if c.Request().URL.RawQuery == "" {
		return nil
	}
	var val domain.Validator
	for name, vals := range c.QueryParams() {
		// The error names the parameter, unless the name is what is wrong
		// or there is none ("?=x"): then it names the query.
		field := name
		if name == "" || domain.TextProblem(name) != "" {
			field = "query"
		}
		if fe, ok := domain.CheckText(field, name); !ok {
			val.Add(fe)
			continue
		}
		for _, v := range vals {
			if fe, ok := domain.CheckText(field, v); !ok {
				val.Add(fe)
				break
			}
		}
	}
	return val.Err()
}
