package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"procura/domain"
)

// TestJSONSerializerWritesWhatEncodingJSONDoes: the responses' bytes do
// not change with the encoder, for the cases where encoders differ (HTML
// and line separators escaped, invalid UTF-8 replaced, raw JSON compacted,
// map keys sorted, embedded pointers, times, large floats) and for the
// API's own response types.
func TestJSONSerializerWritesWhatEncodingJSONDoes(t *testing.T) {
	type inner struct {
		A string `json:"a,omitempty"`
		B *int   `json:"b"`
	}
	type emb struct {
		E string `json:"e"`
	}
	type outer struct {
		*emb
		inner
		S  string          `json:"s"`
		T  time.Time       `json:"t"`
		TP *time.Time      `json:"tp,omitempty"`
		R  json.RawMessage `json:"r"`
		M  map[string]any  `json:"m"`
		L  []string        `json:"l"`
		N  []int           `json:"n,omitempty"`
		F  float64         `json:"f"`
		I  any             `json:"i"`
	}
	three := 3
	at := time.Date(2026, 1, 2, 3, 4, 5, 6000, domain.Shanghai)
	values := []any{
		outer{S: "<a href='x'>&\u2028\xff 检察", T: at, R: json.RawMessage(`{ "b" : [1, 2] , "a":"<"}`),
			M: map[string]any{"z": 1, "a": []any{"x", nil}}, F: 1e21, I: map[string]int{"b": 2, "a": 1}, inner: inner{B: &three}, emb: &emb{E: "e"}},
		outer{},
		map[string]any{"k": nil},
		suggestionResponse{},
		hearingResponse{Participants: []participantResponse{{Name: "张某 <代表>"}}, CreatedAt: at},
		pageResponse[suggestionSummary]{Items: []suggestionSummary{{}}},
		errorBody{},
	}
	e := echo.New()
	for i, v := range values {
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(v); err != nil {
			t.Fatal(err)
		}
		for _, indent := range []string{"", "  "} {
			rec := httptest.NewRecorder()
			c := e.NewContext(httptest.NewRequest("GET", "/", nil), rec)
			if err := (jsonSerializer{}).Serialize(c, v, indent); err != nil {
				t.Fatalf("value %d: %v", i, err)
			}
			w := want.String()
			if indent != "" {
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetIndent("", indent)
				_ = enc.Encode(v)
				w = b.String()
			}
			if got := rec.Body.String(); got != w {
				t.Errorf("value %d (indent %q):\n got %s\nwant %s", i, indent, got, w)
			}
		}
	}
}
