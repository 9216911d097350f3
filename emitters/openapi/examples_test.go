package openapi

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
)

func compileExample(t *testing.T, name string) *ir.API {
	t.Helper()
	api, err := pipeline.Compile([]string{filepath.Join("..", "..", "examples", name, "api.cue")})
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return api
}

type responseCase struct {
	name         string
	method, path string
	status       int
	body         string
	valid        bool
	headers      map[string]string
}

func runResponseCases(t *testing.T, data []byte, cases []responseCase) {
	t.Helper()
	v := newValidator(t, data)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ct := "application/json; charset=utf-8"
			if c.status >= 400 {
				ct = "application/problem+json"
			} else if c.status == 204 {
				ct = ""
			}
			errs := validateResponse(t, v, c.method, c.path, c.status, ct, c.body, c.headers)
			if c.valid && len(errs) > 0 {
				t.Errorf("valid response rejected:%s", formatErrors(errs))
			}
			if !c.valid && len(errs) == 0 {
				t.Errorf("invalid response accepted")
			}
		})
	}
}

func TestExampleBlog(t *testing.T) {
	data, doc, _ := checkAPI(t, compileExample(t, "blog"))
	schemas := at(t, doc, "components", "schemas")
	paths := at(t, doc, "paths")

	if has(schemas, "User", "properties", "password") {
		t.Errorf("User read schema has a password")
	}
	if got := at(t, schemas, "UserCreate", "properties", "password"); !cmp.Equal(got,
		map[string]any{"type": "string", "format": "password", "minLength": 8.0, "writeOnly": true}) {
		t.Errorf("UserCreate.password = %v", got)
	}
	if has(schemas, "UserRegister", "properties", "role") || !has(schemas, "UserCreate", "properties", "role") {
		t.Errorf("role: register must not take it, create must")
	}
	if at(t, schemas, "Post", "properties", "authorId", "readOnly") != true || has(schemas, "PostCreate", "properties", "authorId") {
		t.Errorf("the owner key authorId must be readOnly and not in PostCreate")
	}
	if has(schemas, "PostUpdate", "properties", "slug") {
		t.Errorf("the immutable slug is in PostUpdate")
	}
	if has(paths, "/api/posts", "get", "security") || !has(paths, "/api/posts", "post", "security") ||
		!has(paths, "/api/users", "get", "responses", "403") || has(paths, "/api/users/{id}", "get", "responses", "403") {
		t.Errorf("security: public list, authenticated create, admin-only user list")
	}

	post := `{"id": 1, "title": "Hello", "body": "text", "status": "draft", "views": 0, "slug": "hello",
		"summary": null, "authorId": 7, "createdAt": "2026-11-28T17:04:05.123Z", "updatedAt": "2026-11-28T17:04:05.123Z"}`
	user := `{"id": 7, "email": "ada@example.com", "name": "Ada", "role": "member",
		"createdAt": "2026-11-28T17:04:05.123Z", "updatedAt": "2026-11-28T17:04:05.123Z"}`
	page := func(items string) string { return `{"items": [` + items + `], "total": 1, "limit": 20, "offset": 0}` }
	runResponseCases(t, data, []responseCase{
		{"post", "GET", "/api/posts/1", 200, post, true, nil},
		{"post with a string views", "GET", "/api/posts/1", 200, strings.Replace(post, `"views": 0`, `"views": "0"`, 1), false, nil},
		{"post with a float id", "GET", "/api/posts/1", 200, strings.Replace(post, `"id": 1`, `"id": 1.5`, 1), false, nil},
		{"post without authorId", "GET", "/api/posts/1", 200, strings.Replace(post, `"authorId": 7,`, ``, 1), false, nil},
		{"post with an extra field", "GET", "/api/posts/1", 200, strings.Replace(post, `"id": 1`, `"id": 1, "tags": []`, 1), false, nil},
		{"post page", "GET", "/api/posts", 200, page(post), true, nil},
		{"user's posts", "GET", "/api/users/7/posts", 200, page(post), true, nil},
		{"post's tags with posts in them", "GET", "/api/posts/1/tags", 200, page(post), false, nil},
		{"user with a password", "GET", "/api/users/7", 200, strings.Replace(user, `"name"`, `"password": "$2b$10$x", "name"`, 1), false, nil},
		{"me", "GET", "/api/auth/me", 200, user, true, nil},
		{"register", "POST", "/api/auth/register", 201, user, true, map[string]string{"Location": "/api/users/7"}},
		{"register with a post Location", "POST", "/api/auth/register", 201, user, false, map[string]string{"Location": "/api/posts/7"}},
		{"link", "PUT", "/api/posts/1/tags/2", 204, "", true, nil},
		{"conflict", "POST", "/api/tags", 409,
			`{"type": "about:blank", "title": "Conflict", "status": 409, "detail": "taken", "errors": [{"field": "name", "code": "unique", "message": "taken"}]}`,
			true, nil},
	})
}

func TestExampleShop(t *testing.T) {
	data, doc, _ := checkAPI(t, compileExample(t, "shop"))
	schemas := at(t, doc, "components", "schemas")
	paths := at(t, doc, "paths")

	// Label has no update, so neither PATCH nor link routes.
	if has(paths, "/api/labels/{id}", "patch") || has(paths, "/api/labels/{id}/products/{productId}") || has(schemas, "LabelUpdate") {
		t.Errorf("Label without update has update or link routes")
	}
	if !has(paths, "/api/products/{id}/tags/{tagId}", "put") {
		t.Errorf("no link route for Product.tags")
	}
	if got := at(t, paths, "/api/reports/low-stock", "get", "responses", "200", "content", "application/json", "schema"); !cmp.Equal(got,
		map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Product"}}) {
		t.Errorf("lowStock response = %v", got)
	}
	if !has(paths, "/api/ping", "post", "responses", "204") || has(paths, "/api/ping", "post", "requestBody") {
		t.Errorf("ping: 204 and no body")
	}
	if got := at(t, paths, "/api/orders/{id}/cancel", "post", "requestBody", "content", "application/json", "schema", "$ref"); got != "#/components/schemas/CancelOrderRequest" {
		t.Errorf("cancelOrder body = %v", got)
	}
	if !has(paths, "/api/profiles", "post", "responses", "409") || has(paths, "/api/profiles/{id}", "patch", "responses", "409") ||
		!has(paths, "/api/labels", "post", "responses", "409") || !has(paths, "/api/orders", "post", "responses", "409") {
		t.Errorf("409: a second profile of a customer (unique owner key), a label's name and color, an order's number")
	}
	if !has(paths, "/api/customers/{id}", "delete", "responses", "409") || has(paths, "/api/products/{id}", "delete", "responses", "409") {
		t.Errorf("409 on delete: Customer is restricted by Order, Product by nothing")
	}

	product := `{"id": "0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", "name": "Tea", "sku": "TEA-0001", "price": "12.50",
		"stock": 3, "weight": null, "status": "active", "attributes": {"origin": ["Assam"]}, "releasedOn": "2026-01-31",
		"externalRef": null, "categoryId": null, "createdAt": "2026-11-28T17:04:05.000Z", "updatedAt": "2026-11-28T17:04:05.000Z"}`
	order := `{"id": 4, "number": "00000042", "status": "open", "total": "0.00", "placedAt": "2026-11-28T17:04:05.120Z",
		"note": null, "trackingId": "7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f", "customerId": "0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70",
		"createdAt": "2026-11-28T17:04:05.120Z", "updatedAt": "2026-11-28T17:04:05.120Z"}`
	customer := `{"id": "0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", "email": "ada@example.com", "fullName": "Ada Lovelace",
		"role": "customer", "birthday": null, "website": null, "createdAt": "2026-11-28T17:04:05.000Z", "updatedAt": "2026-11-28T17:04:05.000Z"}`
	runResponseCases(t, data, []responseCase{
		{"product", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200, product, true, nil},
		{"product price as a number", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200,
			strings.Replace(product, `"12.50"`, `12.5`, 1), false, nil},
		{"product stock above max", "GET", "/api/products/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", 200,
			strings.Replace(product, `"stock": 3`, `"stock": 100001`, 1), false, nil},
		{"order", "GET", "/api/orders/4", 200, order, true, nil},
		{"order total with three decimals", "GET", "/api/orders/4", 200, strings.Replace(order, `"0.00"`, `"0.000"`, 1), false, nil},
		{"order with a bad status", "GET", "/api/orders/4", 200, strings.Replace(order, `"open"`, `"lost"`, 1), false, nil},
		{"cancelled order", "POST", "/api/orders/4/cancel", 200, order, true, nil},
		{"cancel not written yet", "POST", "/api/orders/4/cancel", 501,
			`{"type": "about:blank", "title": "Not Implemented", "status": 501, "detail": "x"}`, true, nil},
		{"low stock", "GET", "/api/reports/low-stock", 200, `[` + product + `]`, true, nil},
		{"low stock as a page", "GET", "/api/reports/low-stock", 200, `{"items": [` + product + `], "total": 1, "limit": 10, "offset": 0}`, false, nil},
		{"sales", "GET", "/api/reports/sales?from=2026-01-01", 200, `{"orders": 2, "revenue": "10.00"}`, true, nil},
		{"profile", "GET", "/api/customers/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70/profile", 200,
			`{"id": "1b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", "bio": null, "preferences": null, "newsletter": false,
			"customerId": "0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70", "createdAt": "2026-11-28T17:04:05.000Z", "updatedAt": "2026-11-28T17:04:05.000Z"}`,
			true, nil},
		{"register", "POST", "/api/auth/register", 201, customer, true,
			map[string]string{"Location": "/api/customers/0b6f3c1e-8f2a-4c7d-9e1b-2a3c4d5e6f70"}},
		{"customers page above maxLimit", "GET", "/api/customers", 200,
			`{"items": [` + customer + `], "total": 1, "limit": 51, "offset": 0}`, false, nil},
		{"ping", "POST", "/api/ping", 204, "", true, nil},
	})
}
