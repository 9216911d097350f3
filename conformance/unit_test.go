package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

func ptr[T any](v T) *T { return &v }

var _ = http.StatusOK

func TestValidValuesFitTheirFields(t *testing.T) {
	g := newGen()
	fields := []*ir.Field{
		{Name: "slug", Type: ir.String, Pattern: "^[a-z0-9-]+$", MaxLength: ptr(255)},
		{Name: "sku", Type: ir.String, Pattern: "^[A-Z]{3}-[0-9]{4}$", MaxLength: ptr(255)},
		{Name: "color", Type: ir.String, Pattern: "^#[0-9a-f]{6}$", MaxLength: ptr(255)},
		{Name: "slug2", Type: ir.String, Pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", MaxLength: ptr(255)},
		{Name: "name", Type: ir.String, MinLength: ptr(1), MaxLength: ptr(5)},
		{Name: "pw", Type: ir.Password, MinLength: ptr(8), MaxLength: ptr(72)},
	}
	for _, f := range fields {
		seen := map[string]bool{}
		for range 50 {
			v := fmt.Sprint(g.Valid(f))
			if !fits(f, v) {
				t.Errorf("%s: %q does not fit", f.Name, v)
			}
			seen[v] = true
		}
		if len(seen) < 40 && f.Name != "name" {
			t.Errorf("%s: only %d distinct values in 50", f.Name, len(seen))
		}
	}
	dec := &ir.Field{Name: "price", Type: ir.Decimal, Precision: 10, Scale: 2, Min: ptr(0.0)}
	for range 50 {
		v := g.Valid(dec).(string)
		if !decimalRe(2).MatchString(v) || strings.HasPrefix(v, "-") {
			t.Errorf("decimal %q", v)
		}
	}
	n := &ir.Field{Name: "stock", Type: ir.Int, Min: ptr(0.0), Max: ptr(100000.0)}
	for range 50 {
		v := g.Valid(n).(int64)
		if v < 0 || v > 100000 {
			t.Errorf("int %d out of range", v)
		}
	}
	for range 20 {
		if v := g.Valid(&ir.Field{Type: ir.DateTime}).(string); !datetimeRe.MatchString(v) {
			t.Errorf("datetime %q", v)
		}
		if v := g.Valid(&ir.Field{Type: ir.Date}).(string); !dateRe.MatchString(v) {
			t.Errorf("date %q", v)
		}
		if v := g.Valid(&ir.Field{Type: ir.UUID}).(string); !uuid4Re.MatchString(v) {
			t.Errorf("uuid %q", v)
		}
	}
}

func TestInvalidValuesFailTheirCheck(t *testing.T) {
	g := newGen()
	f := &ir.Field{Name: "slug", Type: ir.String, Pattern: "^[a-z0-9-]+$", MinLength: ptr(2), MaxLength: ptr(10)}
	codes := map[string]any{}
	for _, inv := range g.Invalids(f) {
		codes[inv.Code] = inv.Value
	}
	for _, c := range []string{"type", "minLength", "maxLength", "pattern"} {
		if _, ok := codes[c]; !ok {
			t.Errorf("no invalid value for %s", c)
		}
	}
	if s := codes["pattern"].(string); regexp.MustCompile(f.Pattern).MatchString(s) || len(s) < 2 || len(s) > 10 {
		t.Errorf("pattern value %q must fail only the pattern", s)
	}
	em := &ir.Field{Name: "email", Type: ir.Email, MaxLength: ptr(254)}
	for _, inv := range g.Invalids(em) {
		if inv.Name == "maxLength" && (inv.Code != "format" || len(inv.Value.(string)) != 255) {
			t.Errorf("an email over 254 characters is a format error: %+v", inv)
		}
	}
}

func TestKeyOrder(t *testing.T) {
	keys, err := keyOrder([]byte(`{"id":1,"b":{"x":1,"a":2},"a":[1,2],"c":null}`))
	if err != nil || strings.Join(keys, ",") != "id,b,a,c" {
		t.Fatalf("%v %v", keys, err)
	}
	if _, err := keyOrder([]byte(`[1]`)); err == nil {
		t.Error("an array has no keys")
	}
}

// A small API: User 1-n Post (cascade), Post n-1 Category (setNull),
// Post n-m Tag.
func TestModelDeleteActions(t *testing.T) {
	user := &ir.Entity{Name: naming.Split("User"), IDType: ir.Int}
	post := &ir.Entity{Name: naming.Split("Post"), IDType: ir.Int}
	tag := &ir.Entity{Name: naming.Split("Tag"), IDType: ir.Int}
	cat := &ir.Entity{Name: naming.Split("Category"), IDType: ir.Int}
	author := &ir.Relation{Name: "author", Kind: ir.BelongsTo, Entity: post, Target: user, OnDelete: ir.Cascade, Key: &ir.Field{Name: "authorId"}}
	category := &ir.Relation{Name: "category", Kind: ir.BelongsTo, Entity: post, Target: cat, OnDelete: ir.SetNull, Optional: true, Key: &ir.Field{Name: "categoryId"}}
	tags := &ir.Relation{Name: "tags", Kind: ir.ManyToMany, Entity: post, Target: tag, Join: &ir.JoinTable{Table: "post_tags", Left: "post_id", Right: "tag_id", LeftEntity: "Post", RightEntity: "Tag"}}
	post.Relations = []*ir.Relation{author, category, tags}
	api := &ir.API{Entities: []*ir.Entity{user, post, tag, cat}, Tables: []*ir.Table{{Name: "users", Entity: "User"}, {Name: "posts", Entity: "Post"}, {Name: "tags", Entity: "Tag"}, {Name: "categories", Entity: "Category"}, {Name: "post_tags"}}}
	m := newModel(api)
	num := func(i int) json.Number { return json.Number(fmt.Sprint(i)) }
	m.Put(user, map[string]any{"id": num(1)})
	m.Put(cat, map[string]any{"id": num(5)})
	m.Put(tag, map[string]any{"id": num(9)})
	m.Put(post, map[string]any{"id": num(2), "authorId": num(1), "categoryId": num(5)})
	m.Put(post, map[string]any{"id": num(3), "authorId": num(7), "categoryId": num(5)})
	m.Link(tags, "2", "9", true)
	m.Link(tags, "3", "9", true)
	if len(m.Related(tags, "2")) != 1 {
		t.Fatal("link not recorded")
	}
	m.Delete(cat, "5")
	if m.Row(post, "2")["categoryId"] != nil || m.Row(post, "3")["categoryId"] != nil {
		t.Error("setNull not applied")
	}
	m.Delete(user, "1")
	if m.Row(post, "2") != nil || m.Row(post, "3") == nil {
		t.Error("cascade not applied to exactly the user's posts")
	}
	if m.Linked(tags, "2", "9") || !m.Linked(tags, "3", "9") {
		t.Error("links of the deleted post not removed, or others removed")
	}
	m.Delete(tag, "9")
	if m.Linked(tags, "3", "9") {
		t.Error("links of a deleted tag not removed")
	}
}

func TestSortRowsNullsAndTies(t *testing.T) {
	e := &ir.Entity{Name: naming.Split("Thing"), IDType: ir.Int, Fields: []*ir.Field{{Name: "n", Type: ir.Int}, {Name: "d", Type: ir.Decimal}}}
	num := func(i int) json.Number { return json.Number(fmt.Sprint(i)) }
	rows := []map[string]any{
		{"id": num(3), "n": num(1), "d": "10.00"},
		{"id": num(1), "n": nil, "d": "9.50"},
		{"id": num(2), "n": num(1), "d": "-1.00"},
		{"id": num(10), "n": num(0), "d": "100.00"},
	}
	sortRows(e, rows, []ir.SortKey{{Field: "n"}})
	if got := strings.Join(ids(rows), ","); got != "1,10,2,3" {
		t.Errorf("asc with nulls first and ties by id: %s", got)
	}
	sortRows(e, rows, []ir.SortKey{{Field: "n", Desc: true}})
	if got := strings.Join(ids(rows), ","); got != "2,3,10,1" {
		t.Errorf("desc with nulls last and ties by id ascending: %s", got)
	}
	sortRows(e, rows, []ir.SortKey{{Field: "d"}})
	if got := strings.Join(ids(rows), ","); got != "2,1,3,10" {
		t.Errorf("decimals compare as numbers: %s", got)
	}
}

func TestOpenAPIViolationIsRecorded(t *testing.T) {
	doc := []byte(`{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/api/things/{id}":{"get":{
	  "parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer"}}],
	  "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","required":["id","name"],
	  "properties":{"id":{"type":"integer"},"name":{"type":"string"}},"additionalProperties":false}}}}}}}}}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if r.URL.Path == "/api/things/1" {
			fmt.Fprint(w, `{"id":1,"name":"ok"}`)
			return
		}
		fmt.Fprint(w, `{"id":"2"}`)
	}))
	defer srv.Close()
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(d)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	c := &Client{Base: srv.URL, HTTP: newHTTPClient(), validator: v, docPaths: []*regexp.Regexp{pathPattern("/api/things/{id}")}}
	c.Do(Req{Method: "GET", Path: "/api/things/1"})
	if len(c.watch.openapi) != 0 {
		t.Fatalf("a valid response was flagged: %v", c.watch.openapi)
	}
	c.Do(Req{Method: "GET", Path: "/api/things/2"})
	if len(c.watch.openapi) != 1 {
		t.Fatalf("an invalid response was not flagged: %v", c.watch.openapi)
	}
	if c.watch.validated != 2 {
		t.Errorf("validated %d, want 2", c.watch.validated)
	}
	// And the always-on header rules saw both responses lack security headers.
	if len(c.watch.security) != 6 || len(c.watch.requestID) != 2 {
		t.Errorf("security %d, request id %d", len(c.watch.security), len(c.watch.requestID))
	}
}

func TestForgedTokenShape(t *testing.T) {
	tok := forge(map[string]any{"sub": "1", "exp": 2}, "k")
	c := claimsOf(tok)
	if c["sub"] != "1" || c["exp"].(json.Number).String() != "2" {
		t.Errorf("claims %v", c)
	}
	// Known HS256 vector: header.payload signed with "k" must verify the same way.
	if parts := strings.Split(tok, "."); len(parts) != 3 || parts[2] == "" {
		t.Errorf("token %q", tok)
	}
}
