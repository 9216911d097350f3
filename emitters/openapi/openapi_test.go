package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/lower"
)

// document renders api and decodes the result generically for spot checks.
func document(t *testing.T, api *ir.API) ([]byte, map[string]any) {
	t.Helper()
	data, err := Document(api)
	if err != nil {
		t.Fatalf("Document: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, data)
	}
	return data, doc
}

// at walks doc along keys ("paths", "/api/posts", "get", ...).
func at(t *testing.T, doc any, keys ...string) any {
	t.Helper()
	cur := doc
	for i, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("%s: not an object", strings.Join(keys[:i], "/"))
		}
		cur, ok = m[k]
		if !ok {
			t.Fatalf("%s: no key %q", strings.Join(keys[:i], "/"), k)
		}
	}
	return cur
}

func has(doc any, keys ...string) bool {
	cur := doc
	for _, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[k]; !ok {
			return false
		}
	}
	return true
}

func formatErrors(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\n  %s: %s", e.Message, e.Reason)
		for _, s := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n    %s: %s", s.KeywordLocation, s.Reason)
		}
	}
	return b.String()
}

// newValidator parses data with libopenapi, builds the v3 model and
// validates the document against the OpenAPI 3.1 schema.
func newValidator(t *testing.T, data []byte) validator.Validator {
	t.Helper()
	doc, err := libopenapi.NewDocument(data)
	if err != nil {
		t.Fatalf("libopenapi.NewDocument: %v", err)
	}
	if _, err := doc.BuildV3Model(); err != nil {
		t.Fatalf("BuildV3Model: %v", err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		t.Fatalf("NewValidator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Fatalf("ValidateDocument:%s", formatErrors(verrs))
	}
	return v
}

// expectedRoutes are the IR's routes (ir/lower checks them against
// docs/contract.md's rules).
func expectedRoutes(api *ir.API) []string {
	var routes []string
	for _, rt := range api.Routes {
		routes = append(routes, rt.Method+" "+rt.Path)
	}
	sort.Strings(routes)
	return routes
}

func documentedRoutes(t *testing.T, doc map[string]any) []string {
	var routes []string
	for path, item := range at(t, doc, "paths").(map[string]any) {
		for method := range item.(map[string]any) {
			switch method {
			case "get", "put", "post", "patch", "delete", "head", "options", "trace":
				routes = append(routes, strings.ToUpper(method)+" "+path)
			}
		}
	}
	sort.Strings(routes)
	return routes
}

// checkAPI runs the checks every API must pass: a valid document, the
// exact route set, unique operationIds, determinism.
func checkAPI(t *testing.T, api *ir.API) ([]byte, map[string]any, validator.Validator) {
	t.Helper()
	data, doc := document(t, api)
	if !bytes.HasSuffix(data, []byte("}\n")) || bytes.HasSuffix(data, []byte("\n\n")) {
		t.Errorf("document does not end in exactly one newline")
	}
	if !bytes.HasPrefix(data, []byte("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {")) {
		t.Errorf("document does not start with openapi, info: %.60q", data)
	}
	again, err := Document(api)
	if err != nil || !bytes.Equal(data, again) {
		t.Errorf("second Document differs (err %v)", err)
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, data, "", "  "); err != nil || !bytes.Equal(indented.Bytes(), data) {
		t.Errorf("document is not 2-space indented JSON (err %v)", err)
	}
	v := newValidator(t, data)

	if diff := cmp.Diff(expectedRoutes(api), documentedRoutes(t, doc)); diff != "" {
		t.Errorf("routes (-want +got):\n%s", diff)
	}

	seen := map[string]string{}
	for path, item := range at(t, doc, "paths").(map[string]any) {
		for method, op := range item.(map[string]any) {
			id, _ := op.(map[string]any)["operationId"].(string)
			if id == "" {
				t.Errorf("%s %s: no operationId", method, path)
			}
			if prev, dup := seen[id]; dup {
				t.Errorf("operationId %q used by %s and %s %s", id, prev, method, path)
			}
			seen[id] = method + " " + path
		}
	}
	return data, doc, v
}

func TestBlogFixture(t *testing.T) {
	api := blogAPI()
	_, doc, _ := checkAPI(t, api)

	ids := map[string]string{}
	for path, item := range at(t, doc, "paths").(map[string]any) {
		for method, op := range item.(map[string]any) {
			ids[op.(map[string]any)["operationId"].(string)] = strings.ToUpper(method) + " " + path
		}
	}
	for id, route := range map[string]string{
		"listPosts":           "GET /api/posts",
		"getPost":             "GET /api/posts/{id}",
		"createPost":          "POST /api/posts",
		"updatePost":          "PATCH /api/posts/{id}",
		"deletePost":          "DELETE /api/posts/{id}",
		"listPostTags":        "GET /api/posts/{id}/tags",
		"linkPostTag":         "PUT /api/posts/{id}/tags/{tagId}",
		"unlinkPostTag":       "DELETE /api/posts/{id}/tags/{tagId}",
		"listUserPosts":       "GET /api/users/{id}/posts",
		"getProductTopReview": "GET /api/products/{id}/top-review",
		"authRegister":        "POST /api/auth/register",
		"authLogin":           "POST /api/auth/login",
		"authMe":              "GET /api/auth/me",
		"publishPost":         "POST /api/posts/{id}/publish",
		"salesSummary":        "GET /api/reports/sales",
		"health":              "GET /health",
	} {
		if ids[id] != route {
			t.Errorf("operationId %s is %q, want %q", id, ids[id], route)
		}
	}
	if has(doc, "paths", "/api/products/{id}/things") {
		t.Errorf("a relation whose target has no list is routed")
	}
}

func TestEntitySchemas(t *testing.T) {
	_, doc := document(t, blogAPI())
	schemas := at(t, doc, "components", "schemas")

	// Read: every Read field required, nothing else, closed.
	post := at(t, schemas, "Post").(map[string]any)
	wantRequired := []any{"id", "title", "body", "status", "views", "slug", "summary", "authorId", "createdAt", "updatedAt"}
	if diff := cmp.Diff(wantRequired, post["required"]); diff != "" {
		t.Errorf("Post.required (-want +got):\n%s", diff)
	}
	if post["additionalProperties"] != false || post["description"] != "A blog post" {
		t.Errorf("Post: additionalProperties %v, description %v", post["additionalProperties"], post["description"])
	}
	props := post["properties"].(map[string]any)
	check := func(name string, got any, want any) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	check("Post.summary", props["summary"], map[string]any{"type": []any{"string", "null"}, "maxLength": 500.0})
	check("Post.title", props["title"], map[string]any{"type": "string", "minLength": 1.0, "maxLength": 200.0})
	check("Post.views", props["views"], map[string]any{"type": "integer", "format": "int64", "minimum": 0.0, "readOnly": true})
	check("Post.id", props["id"], map[string]any{"type": "integer", "format": "int64", "readOnly": true})
	check("Post.authorId (owner key)", props["authorId"], map[string]any{"type": "integer", "format": "int64", "readOnly": true})
	check("Post.status", props["status"], map[string]any{"type": "string", "enum": []any{"draft", "published"}})
	check("Post.createdAt", props["createdAt"], map[string]any{"type": "string", "format": "date-time",
		"pattern": dateTimeOutPattern, "readOnly": true})
	check("Post.slug", props["slug"], map[string]any{"type": "string", "maxLength": 255.0, "pattern": "^[a-z0-9-]+$"})

	// User read has no password; UserCreate has it writeOnly.
	if has(schemas, "User", "properties", "password") {
		t.Errorf("User read schema has a password")
	}
	check("UserCreate.password", at(t, schemas, "UserCreate", "properties", "password"),
		map[string]any{"type": "string", "format": "password", "minLength": 8.0, "writeOnly": true})
	check("UserCreate.required", at(t, schemas, "UserCreate", "required"), []any{"email", "password", "name"})
	check("UserCreate.role", at(t, schemas, "UserCreate", "properties", "role"),
		map[string]any{"type": "string", "enum": []any{"member", "admin"}, "default": "member"})
	check("UserRegister", at(t, schemas, "UserRegister", "required"), []any{"email", "password", "name"})
	if has(schemas, "UserRegister", "properties", "role") {
		t.Errorf("UserRegister accepts role")
	}

	// Create: required as Field.Required, closed, nullable optionals.
	pc := at(t, schemas, "PostCreate").(map[string]any)
	check("PostCreate.required", pc["required"], []any{"title", "body", "slug"})
	check("PostCreate.additionalProperties", pc["additionalProperties"], false)
	check("PostCreate.status", at(t, pc, "properties", "status"),
		map[string]any{"type": "string", "enum": []any{"draft", "published"}, "default": "draft"})
	for _, absent := range []string{"id", "views", "authorId", "createdAt"} {
		if has(pc, "properties", absent) {
			t.Errorf("PostCreate has %s", absent)
		}
	}
	// Update: nothing required, closed, no immutable field.
	pu := at(t, schemas, "PostUpdate").(map[string]any)
	if _, ok := pu["required"]; ok {
		t.Errorf("PostUpdate has required %v", pu["required"])
	}
	check("PostUpdate.additionalProperties", pu["additionalProperties"], false)
	if has(pu, "properties", "slug") {
		t.Errorf("PostUpdate has the immutable slug")
	}
	check("PostUpdate.status (no default on update)", at(t, pu, "properties", "status"),
		map[string]any{"type": "string", "enum": []any{"draft", "published"}})

	// Page.
	check("PostPage", at(t, schemas, "PostPage"), map[string]any{
		"type": "object",
		"properties": map[string]any{
			"items":  map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Post"}},
			"total":  map[string]any{"type": "integer", "minimum": 0.0},
			"limit":  map[string]any{"type": "integer", "minimum": 1.0, "maximum": 100.0},
			"offset": map[string]any{"type": "integer", "minimum": 0.0},
		},
		"required":             []any{"items", "total", "limit", "offset"},
		"additionalProperties": false,
	})

	// Other types.
	pp := at(t, schemas, "Product", "properties")
	check("Product.id", at(t, pp, "id"), map[string]any{"type": "string", "format": "uuid", "pattern": uuidOutPattern, "readOnly": true})
	check("Product.price", at(t, pp, "price"), map[string]any{"type": "string", "format": "decimal", "pattern": `^\d+\.\d{2}$`})
	check("ProductCreate.price", at(t, schemas, "ProductCreate", "properties", "price"),
		map[string]any{"type": "string", "format": "decimal", "pattern": `^\d+(\.\d{1,2})?$`})
	check("Product.weight", at(t, pp, "weight"), map[string]any{"type": []any{"number", "null"}, "format": "double", "minimum": 0.0})
	check("Product.attributes", at(t, pp, "attributes"), map[string]any{})
	check("ProductCreate.attributes", at(t, schemas, "ProductCreate", "properties", "attributes"),
		map[string]any{"default": map[string]any{"a": "<x>", "b": 1.0}})
	check("Product.releasedOn", at(t, pp, "releasedOn"), map[string]any{"type": []any{"string", "null"}, "format": "date"})
	check("Product.website", at(t, pp, "website"), map[string]any{"type": []any{"string", "null"}, "format": "uri",
		"examples": []any{"https://example.com"}})
	check("ProductCreate.active", at(t, schemas, "ProductCreate", "properties", "active"),
		map[string]any{"type": "boolean", "default": true})
	check("Product.seenAt", at(t, pp, "seenAt"), map[string]any{"type": "string", "format": "date-time",
		"pattern": dateTimeOutPattern, "readOnly": true})
	check("Product.grade", at(t, pp, "grade"), map[string]any{"type": []any{"string", "null"}, "enum": []any{"a", "b", nil}})
	check("Review.stars", at(t, schemas, "Review", "properties", "stars"),
		map[string]any{"type": "integer", "format": "int64", "minimum": 1.0, "maximum": 5.0})
	if has(schemas, "ProductUpdate") || has(schemas, "ReviewCreate") || has(schemas, "ReviewPage") != true {
		t.Errorf("schemas of operations that do not exist, or a missing ReviewPage")
	}

	// Endpoints, auth, errors.
	check("SalesSummaryResponse", at(t, schemas, "SalesSummaryResponse"), map[string]any{
		"type": "object",
		"properties": map[string]any{
			"orders":  map[string]any{"type": "integer", "format": "int64"},
			"revenue": map[string]any{"type": "string", "format": "decimal", "pattern": `^-?\d+\.\d{2}$`},
		},
		"required":             []any{"orders", "revenue"},
		"additionalProperties": false,
	})
	check("PublishPostRequest", at(t, schemas, "PublishPostRequest", "properties", "at"),
		map[string]any{"type": []any{"string", "null"}, "format": "date-time"})
	check("LoginRequest.required", at(t, schemas, "LoginRequest", "required"), []any{"email", "password"})
	check("Token.required", at(t, schemas, "Token", "required"), []any{"accessToken", "tokenType", "expiresIn"})
	check("FieldError.code", len(at(t, schemas, "FieldError", "properties", "code", "enum").([]any)), 15)
	check("ValidationProblem.required", at(t, schemas, "ValidationProblem", "required"),
		[]any{"type", "title", "status", "detail", "errors"})
}

func TestOperations(t *testing.T) {
	_, doc := document(t, blogAPI())
	paths := at(t, doc, "paths")
	responses := func(path, method string) []string {
		var codes []string
		for c := range at(t, paths, path, method, "responses").(map[string]any) {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		return codes
	}
	for _, c := range []struct {
		path, method string
		want         []string
		secured      bool
	}{
		{"/api/posts", "get", []string{"200", "400", "default"}, false},
		{"/api/posts", "post", []string{"201", "400", "401", "409", "413", "415", "422", "default"}, true},
		{"/api/posts/{id}", "get", []string{"200", "404", "default"}, false},
		{"/api/posts/{id}", "patch", []string{"200", "400", "401", "403", "404", "413", "415", "422", "default"}, true}, // slug, the unique field, is immutable
		{"/api/tags/{id}", "patch", []string{"200", "400", "401", "403", "404", "409", "413", "415", "422", "default"}, true},
		{"/api/posts/{id}", "delete", []string{"204", "401", "403", "404", "default"}, true},
		{"/api/products/{id}", "delete", []string{"204", "401", "403", "404", "409", "default"}, true},
		{"/api/posts/{id}/tags/{tagId}", "put", []string{"204", "401", "403", "404", "default"}, true},
		{"/api/users/{id}/posts", "get", []string{"200", "400", "401", "404", "default"}, true},
		{"/api/auth/login", "post", []string{"200", "400", "401", "413", "415", "422", "default"}, false},
		{"/api/auth/register", "post", []string{"201", "400", "409", "413", "415", "422", "default"}, false},
		{"/api/auth/me", "get", []string{"200", "401", "default"}, true},
		{"/api/posts/{id}/publish", "post", []string{"200", "400", "401", "403", "404", "413", "415", "422", "501", "default"}, true},
		{"/api/ping", "post", []string{"204", "501", "default"}, false},
		{"/ready", "get", []string{"200", "503", "default"}, false},
	} {
		if diff := cmp.Diff(c.want, responses(c.path, c.method)); diff != "" {
			t.Errorf("%s %s responses (-want +got):\n%s", c.method, c.path, diff)
		}
		sec := has(paths, c.path, c.method, "security")
		if sec != c.secured {
			t.Errorf("%s %s: security %v, want %v", c.method, c.path, sec, c.secured)
		}
	}
	for _, c := range []struct{ path, method, want string }{
		{"/api/posts", "get", "Access: anyone."},
		{"/api/posts/{id}", "patch", "Access: the owner or role admin."},
		{"/api/users/{id}/posts", "get", "Access: any authenticated caller; and also anyone."},
		{"/api/tags/{id}/posts", "get", "Access: anyone."},
	} {
		if got := at(t, paths, c.path, c.method, "description"); got != c.want {
			t.Errorf("%s %s description = %q, want %q", c.method, c.path, got, c.want)
		}
	}
	if !has(paths, "/api/posts", "post", "responses", "201", "headers", "Location") {
		t.Errorf("create has no Location header")
	}
	if !has(doc, "components", "securitySchemes", "bearerAuth") {
		t.Errorf("no bearer security scheme")
	}
	if got := at(t, doc, "components", "securitySchemes", "bearerAuth"); !cmp.Equal(got,
		map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}) {
		t.Errorf("bearerAuth = %v", got)
	}
	unauthorized := at(t, doc, "components", "responses", "Unauthorized")
	if !has(unauthorized, "headers", "WWW-Authenticate") || !has(unauthorized, "content", "application/problem+json") {
		t.Errorf("Unauthorized = %v", unauthorized)
	}

	// List parameters: limit, offset, sort, q, filters with their operators.
	names := func(path string) []string {
		var out []string
		for _, p := range at(t, paths, path, "get", "parameters").([]any) {
			m := p.(map[string]any)
			if r, ok := m["$ref"].(string); ok {
				out = append(out, "$"+r[strings.LastIndex(r, "/")+1:])
			} else {
				out = append(out, m["name"].(string))
			}
		}
		return out
	}
	wantPost := []string{"$limit", "$offset", "sort", "q",
		"status", "status[ne]", "status[in]",
		"author", "author[ne]", "author[gt]", "author[gte]", "author[lt]", "author[lte]", "author[in]",
		"views", "views[ne]", "views[gt]", "views[gte]", "views[lt]", "views[lte]", "views[in]",
		"title", "title[ne]", "title[in]", "title[contains]"}
	if diff := cmp.Diff(wantPost, names("/api/posts")); diff != "" {
		t.Errorf("list posts parameters (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(append([]string{"id"}, wantPost...), names("/api/users/{id}/posts")); diff != "" {
		t.Errorf("list user posts parameters (-want +got):\n%s", diff)
	}
	if n := names("/api/products"); !slices.Contains(n, "releasedOn[isNull]") || slices.Contains(n, "q") {
		t.Errorf("list products parameters %v: want releasedOn[isNull] and no q", n)
	}
	param := func(path, name string) map[string]any {
		for _, p := range at(t, paths, path, "get", "parameters").([]any) {
			if m := p.(map[string]any); m["name"] == name {
				return m["schema"].(map[string]any)
			}
		}
		t.Fatalf("%s: no parameter %s", path, name)
		return nil
	}
	for _, c := range []struct {
		path, name string
		want       map[string]any
	}{
		{"/api/posts", "views[gte]", map[string]any{"type": "integer", "format": "int64"}},
		{"/api/posts", "status", map[string]any{"type": "string", "enum": []any{"draft", "published"}}},
		{"/api/posts", "status[in]", map[string]any{"type": "string", "minLength": 1.0}},
		{"/api/posts", "sort", map[string]any{"type": "string", "default": "-createdAt",
			"pattern": "^-?(id|createdAt|views|title)(,-?(id|createdAt|views|title))*$"}},
		{"/api/products", "releasedOn[isNull]", map[string]any{"type": "boolean"}},
		{"/api/products", "price[lt]", map[string]any{"type": "string", "format": "decimal", "pattern": `^\d+(\.\d{1,2})?$`}},
		{"/api/reports/sales", "from", map[string]any{"type": "string", "format": "date"}},
		{"/api/reports/low-stock", "threshold", map[string]any{"type": "integer", "format": "int64", "minimum": 0.0}},
	} {
		if diff := cmp.Diff(c.want, param(c.path, c.name)); diff != "" {
			t.Errorf("%s %s schema (-want +got):\n%s", c.path, c.name, diff)
		}
	}
	// Required query parameters of a custom endpoint.
	for _, p := range at(t, paths, "/api/reports/sales", "get", "parameters").([]any) {
		m := p.(map[string]any)
		if got, want := m["required"] == true, m["name"] == "from"; got != want {
			t.Errorf("salesSummary query %v: required %v", m["name"], got)
		}
	}
	limit := at(t, doc, "components", "parameters", "limit", "schema")
	if diff := cmp.Diff(map[string]any{"type": "integer", "minimum": 1.0, "maximum": 100.0, "default": 20.0}, limit); diff != "" {
		t.Errorf("limit (-want +got):\n%s", diff)
	}
	// Path parameter of a uuid entity.
	for _, p := range at(t, paths, "/api/products/{id}", "get", "parameters").([]any) {
		if diff := cmp.Diff(map[string]any{"name": "id", "in": "path", "required": true,
			"schema": map[string]any{"type": "string", "format": "uuid"}}, p); diff != "" {
			t.Errorf("product id (-want +got):\n%s", diff)
		}
	}
}

// validateResponse checks one hand-made response with libopenapi-validator.
// headers override the defaults (X-Request-ID, and WWW-Authenticate on a
// 401, Location on a 201); an empty value removes one.
func validateResponse(t *testing.T, v validator.Validator, method, path string, status int, contentType, body string, headers map[string]string) []*verrors.ValidationError {
	t.Helper()
	req, err := http.NewRequest(method, "http://localhost"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp := &http.Response{StatusCode: status, Header: http.Header{}, Request: req,
		Body: io.NopCloser(strings.NewReader(body))}
	if contentType != "" {
		resp.Header.Set("Content-Type", contentType)
	}
	resp.Header.Set("X-Request-ID", "3f1c0a52-5a7e-4d7a-9a51-0c6b1d0c2f11")
	if status == 401 {
		resp.Header.Set("WWW-Authenticate", "Bearer")
	}
	if status == 201 {
		resp.Header.Set("Location", path+"/1")
	}
	for k, v := range headers {
		if v == "" {
			resp.Header.Del(k)
		} else {
			resp.Header.Set(k, v)
		}
	}
	_, errs := v.ValidateHttpResponse(req, resp)
	return errs
}

func TestResponsesAreStrict(t *testing.T) {
	data, err := Document(blogAPI())
	if err != nil {
		t.Fatal(err)
	}
	v := newValidator(t, data)
	const js = "application/json; charset=utf-8"
	post := `{"id": 1, "title": "Hello", "body": "text", "status": "draft", "views": 0, "slug": "hello",
		"summary": null, "authorId": 7, "createdAt": "2026-11-28T17:04:05.123Z", "updatedAt": "2026-11-28T17:04:05.123Z"}`
	product := `{"id": "0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", "price": "12.50", "weight": null, "attributes": {"x": [1]},
		"releasedOn": "2026-01-31", "website": null, "externalRef": null, "active": true,
		"seenAt": "2026-11-28T17:04:05.000Z", "grade": null, "createdAt": "2026-11-28T17:04:05.000Z", "updatedAt": "2026-11-28T17:04:05.000Z"}`
	problem422 := `{"type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": "1 field is invalid",
		"errors": [{"field": "title", "code": "maxLength", "message": "too long"}]}`
	for _, c := range []struct {
		name              string
		method, path      string
		status            int
		contentType, body string
		valid             bool
		headers           map[string]string
	}{
		{"valid post", "GET", "/api/posts/1", 200, js, post, true, nil},
		{"post id as a string", "GET", "/api/posts/1", 200, js, strings.Replace(post, `"id": 1`, `"id": "1"`, 1), false, nil},
		{"post views as a string", "GET", "/api/posts/1", 200, js, strings.Replace(post, `"views": 0`, `"views": "0"`, 1), false, nil},
		{"post without summary", "GET", "/api/posts/1", 200, js, strings.Replace(post, `"summary": null,`, ``, 1), false, nil},
		{"post with a password", "GET", "/api/posts/1", 200, js, strings.Replace(post, `"id": 1`, `"id": 1, "password": "x"`, 1), false, nil},
		{"post with a bad status", "GET", "/api/posts/1", 200, js, strings.Replace(post, `"draft"`, `"gone"`, 1), false, nil},
		{"post with null title", "GET", "/api/posts/1", 200, js, strings.Replace(post, `"Hello"`, `null`, 1), false, nil},
		{"post datetime with an offset", "GET", "/api/posts/1", 200, js,
			strings.Replace(post, `"2026-11-28T17:04:05.123Z"`, `"2026-11-28T17:04:05.123+00:00"`, 1), false, nil},
		{"post datetime without millis", "GET", "/api/posts/1", 200, js,
			strings.Replace(post, `"2026-11-28T17:04:05.123Z"`, `"2026-11-28T17:04:05Z"`, 1), false, nil},
		{"created post", "POST", "/api/posts", 201, js, post, true, nil},
		{"created post without Location", "POST", "/api/posts", 201, js, post, false, map[string]string{"Location": ""}},
		{"created post with an absolute Location", "POST", "/api/posts", 201, js, post, false,
			map[string]string{"Location": "http://localhost/api/posts/1"}},
		{"registered user", "POST", "/api/auth/register", 201, js,
			`{"id": 1, "email": "a@b.co", "name": "A", "role": "member", "createdAt": "2026-11-28T17:04:05.123Z", "updatedAt": "2026-11-28T17:04:05.123Z"}`,
			true, map[string]string{"Location": "/api/users/1"}},
		{"post without X-Request-ID", "GET", "/api/posts/1", 200, js, post, false, map[string]string{"X-Request-ID": ""}},
		{"204 without X-Request-ID", "DELETE", "/api/posts/1", 204, "", "", false, map[string]string{"X-Request-ID": ""}},
		{"204", "DELETE", "/api/posts/1", 204, "", "", true, nil},
		{"401", "DELETE", "/api/posts/1", 401, "application/problem+json",
			`{"type": "about:blank", "title": "Unauthorized", "status": 401, "detail": "x"}`, true, nil},
		{"401 without WWW-Authenticate", "DELETE", "/api/posts/1", 401, "application/problem+json",
			`{"type": "about:blank", "title": "Unauthorized", "status": 401, "detail": "x"}`, false,
			map[string]string{"WWW-Authenticate": ""}},
		{"page", "GET", "/api/posts", 200, js, `{"items": [` + post + `], "total": 1, "limit": 20, "offset": 0}`, true, nil},
		{"page without total", "GET", "/api/posts", 200, js, `{"items": [], "limit": 20, "offset": 0}`, false, nil},
		{"page of wrong items", "GET", "/api/posts", 200, js, `{"items": [{"id": 1}], "total": 1, "limit": 20, "offset": 0}`, false, nil},
		{"sub-resource page", "GET", "/api/users/3/posts", 200, js, `{"items": [` + post + `], "total": 1, "limit": 20, "offset": 0}`, true, nil},
		{"valid product", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200, js, product, true, nil},
		{"decimal as a number", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200, js,
			strings.Replace(product, `"12.50"`, `12.5`, 1), false, nil},
		{"decimal with one digit", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200, js,
			strings.Replace(product, `"12.50"`, `"12.5"`, 1), false, nil},
		{"upper-case uuid", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200, js,
			strings.Replace(product, `0b6f3c1e-8f2a`, `0B6F3C1E-8F2A`, 1), false, nil},
		{"bad date", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200, js,
			strings.Replace(product, `"2026-01-31"`, `"31/01/2026"`, 1), false, nil},
		{"optional enum set", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200, js,
			strings.Replace(product, `"grade": null`, `"grade": "b"`, 1), true, nil},
		{"optional enum out of values", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200, js,
			strings.Replace(product, `"grade": null`, `"grade": "c"`, 1), false, nil},
		{"low stock list", "GET", "/api/reports/low-stock", 200, js, `[` + product + `]`, true, nil},
		{"sales", "GET", "/api/reports/sales?from=2026-01-01", 200, js, `{"orders": 3, "revenue": "10.00"}`, true, nil},
		{"sales with a float", "GET", "/api/reports/sales?from=2026-01-01", 200, js, `{"orders": 3, "revenue": 10.0}`, false, nil},
		{"token", "POST", "/api/auth/login", 200, js, `{"accessToken": "a.b.c", "tokenType": "bearer", "expiresIn": 86400}`, true, nil},
		{"token type", "POST", "/api/auth/login", 200, js, `{"accessToken": "a.b.c", "tokenType": "Bearer", "expiresIn": 86400}`, false, nil},
		{"health", "GET", "/health", 200, js, `{"status": "ok"}`, true, nil},
		{"422 problem", "POST", "/api/posts", 422, "application/problem+json", problem422, true, nil},
		{"422 without errors", "POST", "/api/posts", 422, "application/problem+json",
			`{"type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": "x"}`, false, nil},
		{"422 with an unknown code", "POST", "/api/posts", 422, "application/problem+json",
			strings.Replace(problem422, `"maxLength"`, `"tooLong"`, 1), false, nil},
		{"404 problem", "GET", "/api/posts/9", 404, "application/problem+json",
			`{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no such post"}`, true, nil},
		{"404 titled in the wrong case", "GET", "/api/posts/9", 404, "application/problem+json",
			`{"type": "about:blank", "title": "Not found", "status": 404, "detail": "no such post"}`, false, nil},
		{"404 with status 400 in the body", "GET", "/api/posts/9", 404, "application/problem+json",
			`{"type": "about:blank", "title": "Not Found", "status": 400, "detail": "no such post"}`, false, nil},
		{"500 via default", "GET", "/api/posts/9", 500, "application/problem+json",
			`{"type": "about:blank", "title": "Internal Server Error", "status": 500, "detail": "x"}`, true, nil},
		{"500 with a stack", "GET", "/api/posts/9", 500, "application/problem+json",
			`{"type": "about:blank", "title": "Internal Server Error", "status": 500, "detail": "x", "trace": "..."}`, false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			errs := validateResponse(t, v, c.method, c.path, c.status, c.contentType, c.body, c.headers)
			if c.valid && len(errs) > 0 {
				t.Errorf("valid response rejected:%s", formatErrors(errs))
			}
			if !c.valid && len(errs) == 0 {
				t.Errorf("invalid response accepted")
			}
		})
	}
}

func TestNoAuth(t *testing.T) {
	api := blogAPI()
	api.Auth = nil
	for _, e := range api.Entities {
		for _, op := range e.Operations {
			op.Access = ir.Rule{Public: true}
		}
	}
	for _, ep := range api.Endpoints {
		ep.Access = ir.Rule{Public: true}
	}
	api.BasePath = "/v1"
	api.Routes = lower.Routes(api)
	_, doc, _ := checkAPI(t, api)
	if has(doc, "components", "securitySchemes") || has(doc, "components", "schemas", "Token") {
		t.Errorf("auth components without auth")
	}
	if has(doc, "paths", "/v1/posts", "post", "security") || has(doc, "paths", "/v1/posts", "post", "responses", "401") {
		t.Errorf("security without auth")
	}
}

func TestEmitter(t *testing.T) {
	e := New()
	if e.Name() != "openapi" {
		t.Errorf("Name() = %q", e.Name())
	}
	files, err := e.Emit(blogAPI())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Document(blogAPI())
	if len(files) != 1 || files[0].Path != "openapi.json" || files[0].Owner != emitters.Bgen || !bytes.Equal(files[0].Data, want) {
		t.Errorf("Emit = %+v", files)
	}
	if bytes.Contains(want, []byte(emitters.Header)) {
		t.Errorf("JSON carries the header")
	}
	if !bytes.Contains(want, []byte(`"description": "Users, posts & <tags>."`)) {
		t.Errorf("HTML characters are escaped")
	}
}

func TestSchemaNameClash(t *testing.T) {
	api := blogAPI()
	api.Entities[2].Name.Words = []string{"post", "create"} // Tag becomes PostCreate
	if _, err := Document(api); err == nil || !strings.Contains(err.Error(), "PostCreate") {
		t.Errorf("clash not reported: %v", err)
	}
}

func TestOperationIDClash(t *testing.T) {
	api := blogAPI()
	api.Endpoints[0].Name = "health"    // publishPost
	api.Endpoints[1].Name = "listPosts" // salesSummary
	_, doc, _ := checkAPI(t, api)
	for _, c := range []struct{ path, method, id string }{
		{"/health", "get", "health"},
		{"/api/posts", "get", "listPosts"},
		{"/api/posts/{id}/publish", "post", "health2"},
		{"/api/reports/sales", "get", "listPosts2"},
	} {
		if got := at(t, doc, "paths", c.path, c.method, "operationId"); got != c.id {
			t.Errorf("%s %s: operationId %v, want %s", c.method, c.path, got, c.id)
		}
	}
}
