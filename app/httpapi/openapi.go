package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3gen"
	"github.com/labstack/echo/v4"
)

var pathParam = regexp.MustCompile(`:([a-z_]+)`)

// OpenAPI builds the OpenAPI 3 document of the route table.
func (s *Server) OpenAPI() (*openapi3.T, error) {
	doc := &openapi3.T{
		OpenAPI: "3.0.3",
		Info: &openapi3.Info{
			Title:       "Procura API",
			Version:     s.deps.Version,
			Description: "检察建议与听证管理 — procuratorial suggestions, hearings, cases and indicators.",
		},
		Paths: openapi3.NewPaths(),
		Components: &openapi3.Components{
			Schemas: openapi3.Schemas{},
			SecuritySchemes: openapi3.SecuritySchemes{
				"session": {Value: &openapi3.SecurityScheme{Type: "apiKey", In: "cookie", Name: sessionCookie}},
			},
		},
	}
	gen := openapi3gen.NewGenerator(
		openapi3gen.CreateComponentSchemas(openapi3gen.ExportComponentSchemasOptions{ExportComponentSchemas: true, ExportTopLevelSchema: true, ExportGenerics: true}),
		openapi3gen.CreateTypeNameGenerator(schemaName),
		openapi3gen.SchemaCustomizer(enumSchema),
	)
	schema := func(v any) (*openapi3.SchemaRef, error) {
		return gen.NewSchemaRefForValue(v, doc.Components.Schemas)
	}
	errRef, err := schema(errorBody{})
	if err != nil {
		return nil, err
	}
	for _, r := range s.routes {
		op := openapi3.NewOperation()
		op.Summary = r.Summary
		op.Tags = []string{r.Tag}
		op.OperationID = operationID(r)
		if !r.Access.Public {
			op.Security = &openapi3.SecurityRequirements{{"session": []string{}}}
		}
		for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
			op.AddParameter(openapi3.NewPathParameter(m[1]).WithSchema(openapi3.NewStringSchema()))
		}
		for _, q := range r.Query {
			name, typ, _ := strings.Cut(q, ":")
			schema := openapi3.NewStringSchema()
			switch typ {
			case "integer":
				schema = openapi3.NewInt64Schema()
			case "boolean":
				schema = openapi3.NewBoolSchema()
			case "date":
				schema = openapi3.NewDateTimeSchema()
				schema.Format = "date"
			}
			op.AddParameter(openapi3.NewQueryParameter(name).WithSchema(schema))
		}
		if r.Body != nil {
			ref, err := schema(r.Body)
			if err != nil {
				return nil, fmt.Errorf("%s %s body: %w", r.Method, r.Path, err)
			}
			op.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithRequired(true).
				WithContent(openapi3.NewContentWithJSONSchemaRef(ref))}
		}
		ok := openapi3.NewResponse().WithDescription(http.StatusText(r.Status))
		if r.Produces != "" {
			ok.WithContent(openapi3.Content{r.Produces: openapi3.NewMediaType().WithSchema(openapi3.NewStringSchema().WithFormat("binary"))})
		}
		if r.Response != nil {
			ref, err := schema(r.Response)
			if err != nil {
				return nil, fmt.Errorf("%s %s response: %w", r.Method, r.Path, err)
			}
			ok.WithJSONSchemaRef(ref)
		}
		op.AddResponse(r.Status, ok)
		op.Responses.Set("default", &openapi3.ResponseRef{Value: openapi3.NewResponse().
			WithDescription("Error (JSON error shape)").WithJSONSchemaRef(errRef)})
		path := pathParam.ReplaceAllString(r.Path, "{$1}")
		item := doc.Paths.Value(path)
		if item == nil {
			item = &openapi3.PathItem{}
			doc.Paths.Set(path, item)
		}
		item.SetOperation(r.Method, op)
	}
	seen := map[reflect.Type]bool{}
	for _, r := range s.routes {
		for _, v := range []any{r.Body, r.Response} {
			if v != nil {
				markRequired(reflect.TypeOf(v), doc.Components.Schemas, seen)
			}
		}
	}
	markRequired(reflect.TypeOf(errorBody{}), doc.Components.Schemas, seen)
	doc.Extensions = map[string]any{"x-enums": enums}
	return doc, nil
}

// markRequired lists, in the component schema of every struct type
// reachable from t, the JSON fields without omitempty: the server always
// sends them (as null where the Go type is a pointer). A pointer to a
// struct is a reference, which OpenAPI 3.0 cannot mark nullable beside
// its $ref; it becomes allOf that reference, nullable.
func markRequired(t reflect.Type, schemas openapi3.Schemas, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() != reflect.TypeOf(Route{}).PkgPath() {
		return
	}
	seen[t] = true
	var required, nullableRefs []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			markRequired(f.Type, schemas, seen)
			if name != "" && !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
			if name != "" && f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct {
				nullableRefs = append(nullableRefs, name)
			}
		}
	}
	walk(t)
	if ref, ok := schemas[schemaName(t)]; ok && ref.Value != nil {
		ref.Value.Required = required
		for _, name := range nullableRefs {
			if p := ref.Value.Properties[name]; p != nil && p.Ref != "" {
				ref.Value.Properties[name] = &openapi3.SchemaRef{Value: &openapi3.Schema{
					AllOf: openapi3.SchemaRefs{{Ref: p.Ref}}, Nullable: true}}
			}
		}
	}
}

func operationID(r Route) string {
	p := strings.TrimPrefix(r.Path, apiPrefix+"/")
	p = pathParam.ReplaceAllString(p, "by_$1")
	p = strings.NewReplacer("/", "_", "-", "_", ".", "_").Replace(p)
	return strings.ToLower(r.Method) + "_" + p
}

func (s *Server) registerOpenAPI() {
	// Built on first request, when the route table is complete.
	document := sync.OnceValues(func() ([]byte, error) {
		doc, err := s.OpenAPI()
		if err != nil {
			return nil, err
		}
		return json.Marshal(doc)
	})
	s.echo.GET("/api/openapi.json", func(c echo.Context) error {
		body, err := document()
		if err != nil {
			return fmt.Errorf("openapi document: %w", err)
		}
		c.Response().Header().Set("Content-Length", strconv.Itoa(len(body)))
		return c.Blob(http.StatusOK, "application/json", body)
	})
}

// schemaName names a type's component schema: its Go name, with a generic
// instance written listResponse_unitResponse.
func schemaName(t reflect.Type) string {
	name := t.Name()
	base, args, ok := strings.Cut(strings.TrimSuffix(name, "]"), "[")
	if !ok {
		return name
	}
	if i := strings.LastIndex(args, "."); i >= 0 {
		args = args[i+1:]
	}
	return base + "_" + args
}
