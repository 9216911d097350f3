package apidiff

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/lower"
	"github.com/bgen-dev/bgen/spec"
)

// base is the spec every case of TestCompare edits: an auth entity with
// roles, an entity with most constraints, a list, an owner rule and a
// custom endpoint.
const base = `package t

name: "t"
api: {
	pagination: {defaultLimit: 20, maxLimit: 100}
	maxBodyBytes: 1048576
}
auth: {entity: "User", identity: "email", password: "password", roleField: "role"}
entities: {
	User: {
		fields: {
			email: {type: "email", unique: true}
			password: {type: "password", minLength: 8}
			role: {type: "enum", values: ["member", "editor", "admin"], default: "member"}
		}
		access: {list: "admin", get: "authenticated", create: "admin", update: "admin", delete: "admin"}
	}
	Item: {
		fields: {
			name: {type: "string", minLength: 1, maxLength: 100}
			code: {type: "string", pattern: "^[a-z]+$", optional: true}
			qty: {type: "int", min: 0, max: 10}
			price: {type: "decimal", precision: 10, scale: 2, optional: true}
			kind: {type: "enum", values: ["a", "b"], default: "a"}
			note: {type: "text", optional: true}
		}
		relations: user: {belongsTo: "User"}
		list: {filter: ["kind", "qty"], sort: ["name"], search: ["name"]}
		access: {list: "public", get: "public", create: "authenticated", update: ["owner", "admin"], delete: "admin"}
		owner: "user"
	}
}
endpoints: restock: {
	method: "POST"
	path:   "/items/{id}/restock"
	params: id: "int"
	query: dry: {type: "bool", optional: true}
	body: amount: {type: "int", min: 1}
	response: entity: "Item"
	access: "admin"
}
`

// edit applies replacements (old, new, old, new, ...) to base; each old
// must occur exactly once.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	src := base
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(src, pairs[i]); n != 1 {
			t.Fatalf("%q occurs %d times in the spec", pairs[i], n)
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}

func compile(t *testing.T, src string) *ir.API {
	t.Helper()
	s, err := spec.LoadSource("api.cue", []byte(src))
	if err == nil {
		err = spec.Validate(s)
	}
	if err != nil {
		var b strings.Builder
		spec.FormatErrors(&b, err, "")
		t.Fatalf("spec:\n%s\n%s", b.String(), src)
	}
	api, err := lower.Lower(s)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// line renders a finding as the cases list them.
func line(f Finding) string {
	return fmt.Sprintf("%s %s %s: %s", f.Severity, f.Kind, f.subject(), f.Message)
}

func TestCompare(t *testing.T) {
	cases := []struct {
		name     string
		old, new []string // edits of base
		want     []string
	}{
		{name: "unchanged"},
		{
			name: "entity renamed, path kept",
			new: []string{
				"\tItem: {\n", "\tProduct: {\n\t\trenamedFrom: \"Item\"\n\t\tpath: \"/items\"\n",
				`response: entity: "Item"`, `response: entity: "Product"`,
			},
		},
		{
			name: "operation removed",
			new:  []string{`delete: "admin"}` + "\n\t\towner", `}` + "\n\t\toperations: [\"list\", \"get\", \"create\", \"update\"]\n\t\towner"},
			want: []string{"breaking operation-removed DELETE /api/items/{id}: the delete operation of Item was removed"},
		},
		{
			name: "operation added",
			old:  []string{`delete: "admin"}` + "\n\t\towner", `}` + "\n\t\toperations: [\"list\", \"get\", \"create\", \"update\"]\n\t\towner"},
			want: []string{"non-breaking operation-added DELETE /api/items/{id}: the delete operation of Item was added"},
		},
		{
			name: "route removed and added",
			new:  []string{`path:   "/items/{id}/restock"`, `path:   "/items/{id}/refill"`},
			want: []string{
				"breaking route-removed POST /api/items/{id}/restock: the custom endpoint restock was removed",
				"non-breaking route-added POST /api/items/{id}/refill: the custom endpoint restock was added",
			},
		},
		{
			name: "path parameter renamed: the same route",
			new:  []string{`path:   "/items/{id}/restock"`, `path:   "/items/{itemId}/restock"`, `params: id: "int"`, `params: itemId: "int"`},
		},
		{
			name: "path parameter type",
			new:  []string{`params: id: "int"`, `params: id: "uuid"`},
			want: []string{"breaking path-param-changed POST /api/items/{id}/restock: path parameter {id} changed from int to uuid"},
		},
		{
			name: "path parameter constraint",
			new:  []string{`params: id: "int"`, `params: id: {type: "int", min: 1}`},
			want: []string{"breaking constraint-narrowed restock.id (path): min 1 added"},
		},
		{
			name: "success status",
			new:  []string{`access: "admin"` + "\n}", `access: "admin"` + "\n\tstatus: 202\n}"},
			want: []string{"breaking status-changed POST /api/items/{id}/restock: success status changed from 200 to 202"},
		},
		{
			name: "access: public to authenticated",
			new:  []string{`list: "public", get: "public", create: "authenticated"`, `list: "authenticated", get: "public", create: "authenticated"`},
			want: []string{"breaking access-tightened GET /api/items: access tightened from public to authenticated"},
		},
		{
			name: "access: authenticated to public",
			old:  []string{`list: "public", get: "public", create: "authenticated"`, `list: "authenticated", get: "public", create: "authenticated"`},
			want: []string{"non-breaking access-loosened GET /api/items: access loosened from authenticated to public"},
		},
		{
			name: "access: a role removed from an alternative",
			new:  []string{`update: ["owner", "admin"]`, `update: ["owner"]`},
			want: []string{"breaking access-tightened PATCH /api/items/{id}: access tightened from owner or admin to owner"},
		},
		{
			name: "access: owner added",
			new:  []string{`get: "public", create`, `get: "owner", create`},
			want: []string{"breaking access-tightened GET /api/items/{id}: access tightened from public to owner"},
		},
		{
			name: "access: a role swapped for another",
			new:  []string{`delete: "admin"}` + "\n\t\towner", `delete: "editor"}` + "\n\t\towner"},
			want: []string{"breaking access-tightened DELETE /api/items/{id}: access tightened from admin to editor"},
		},
		{
			name: "access: an alternative added",
			new:  []string{`delete: "admin"}` + "\n\t\towner", `delete: ["admin", "editor"]}` + "\n\t\towner"},
			want: []string{"non-breaking access-loosened DELETE /api/items/{id}: access loosened from admin to editor or admin"},
		},
		{
			name: "field removed",
			new:  []string{"\t\t\tnote: {type: \"text\", optional: true}\n", ""},
			want: []string{
				"breaking request-field-removed Item.note (create, update): no longer accepted: a request that sends it is rejected (422)",
				"breaking response-field-removed Item.note (response): removed from responses",
			},
		},
		{
			name: "optional field added",
			old:  []string{"\t\t\tnote: {type: \"text\", optional: true}\n", ""},
			want: []string{
				"non-breaking request-field-added Item.note (create, update): new optional field",
				"non-breaking response-field-added Item.note (response): added to responses",
			},
		},
		{
			name: "required field added",
			new:  []string{"\t\t\tnote:", "\t\t\tsku: {type: \"string\"}\n\t\t\tnote:"},
			want: []string{
				"breaking request-field-required Item.sku (create): new required field",
				"non-breaking request-field-added Item.sku (update): new optional field",
				"non-breaking response-field-added Item.sku (response): added to responses",
			},
		},
		{
			name: "field made required",
			new:  []string{`code: {type: "string", pattern: "^[a-z]+$", optional: true}`, `code: {type: "string", pattern: "^[a-z]+$"}`},
			want: []string{
				"breaking request-field-required Item.code (create): now required",
				"breaking constraint-narrowed Item.code (update): null is no longer accepted",
				"non-breaking response-field-non-nullable Item.code (response): is never null now",
			},
		},
		{
			name: "field made optional",
			old:  []string{`code: {type: "string", pattern: "^[a-z]+$", optional: true}`, `code: {type: "string", pattern: "^[a-z]+$"}`},
			want: []string{
				"breaking response-field-nullable Item.code (response): may now be null",
				"non-breaking request-field-optional Item.code (create): no longer required",
				"non-breaking constraint-widened Item.code (update): null is now accepted",
			},
		},
		{
			name: "a default makes a field optional on create",
			new:  []string{`qty: {type: "int", min: 0, max: 10}`, `qty: {type: "int", min: 0, max: 10, default: 1}`},
			want: []string{"non-breaking request-field-optional Item.qty (create): no longer required"},
		},
		{
			name: "default changed",
			new:  []string{`values: ["a", "b"], default: "a"`, `values: ["a", "b"], default: "b"`},
			want: []string{"non-breaking default-changed Item.kind (create): default changed from `\"a\"` to `\"b\"`"},
		},
		{
			name: "readOnly: out of request bodies",
			new:  []string{`qty: {type: "int", min: 0, max: 10}`, `qty: {type: "int", min: 0, max: 10, default: 0, readOnly: true}`},
			want: []string{"breaking request-field-removed Item.qty (create, update): no longer accepted: a request that sends it is rejected (422)"},
		},
		{
			name: "type changed",
			new:  []string{`qty: {type: "int", min: 0, max: 10}`, `qty: {type: "float", min: 0, max: 10}`},
			want: []string{"breaking type-changed Item.qty (create, update, response): type changed from int to float"},
		},
		{
			name: "numeric bounds",
			new:  []string{`qty: {type: "int", min: 0, max: 10}`, `qty: {type: "int", min: 1, max: 20}`},
			want: []string{
				"breaking constraint-narrowed Item.qty (create, update): min raised from 0 to 1",
				"non-breaking constraint-widened Item.qty (create, update): max raised from 10 to 20",
			},
		},
		{
			name: "bounds added and removed",
			new:  []string{`qty: {type: "int", min: 0, max: 10}`, `qty: {type: "int", max: 10}`, `body: amount: {type: "int", min: 1}`, `body: amount: {type: "int", min: 1, max: 99}`},
			want: []string{
				"breaking constraint-narrowed restock.amount (body): max 99 added",
				"non-breaking constraint-widened Item.qty (create, update): min 0 removed",
			},
		},
		{
			name: "lengths",
			new:  []string{`name: {type: "string", minLength: 1, maxLength: 100}`, `name: {type: "string", minLength: 2, maxLength: 50}`},
			want: []string{
				"breaking constraint-narrowed Item.name (create, update): minLength raised from 1 to 2",
				"breaking constraint-narrowed Item.name (create, update): maxLength lowered from 100 to 50",
			},
		},
		{
			name: "lengths widened",
			old:  []string{`name: {type: "string", minLength: 1, maxLength: 100}`, `name: {type: "string", minLength: 2, maxLength: 50}`},
			want: []string{
				"non-breaking constraint-widened Item.name (create, update): minLength lowered from 2 to 1",
				"non-breaking constraint-widened Item.name (create, update): maxLength raised from 50 to 100",
			},
		},
		{
			name: "pattern changed",
			new:  []string{`pattern: "^[a-z]+$"`, `pattern: "^[a-z]+(-[a-z]+)*$"`},
			want: []string{"breaking constraint-narrowed Item.code (create, update): pattern changed from `^[a-z]+$` to `^[a-z]+(-[a-z]+)*$`"},
		},
		{
			name: "pattern added",
			new:  []string{`name: {type: "string", minLength: 1, maxLength: 100}`, `name: {type: "string", minLength: 1, maxLength: 100, pattern: "^[A-Z]"}`},
			want: []string{"breaking constraint-narrowed Item.name (create, update): pattern `^[A-Z]` added"},
		},
		{
			name: "pattern removed",
			new:  []string{`, pattern: "^[a-z]+$"`, ``},
			want: []string{"non-breaking constraint-widened Item.code (create, update): pattern `^[a-z]+$` removed"},
		},
		{
			name: "enum values",
			new:  []string{`values: ["a", "b"], default: "a"`, `values: ["a", "c", "d"], default: "a"`},
			want: []string{
				"breaking constraint-narrowed Item.kind (create, update): enum value removed: `b`",
				"non-breaking constraint-widened Item.kind (create, update): enum values added: `c`, `d`",
			},
		},
		{
			name: "decimal precision and scale",
			new:  []string{`precision: 10, scale: 2`, `precision: 12, scale: 1`},
			want: []string{
				"breaking constraint-narrowed Item.price (create, update): scale lowered from 2 to 1",
				"non-breaking constraint-widened Item.price (create, update): precision raised from 10 to 12",
			},
		},
		{
			name: "unique",
			new:  []string{`name: {type: "string", minLength: 1, maxLength: 100}`, `name: {type: "string", minLength: 1, maxLength: 100, unique: true}`},
			want: []string{"breaking constraint-narrowed Item.name (create, update): now unique: a value already taken is rejected (409)"},
		},
		{
			name: "register and login",
			new:  []string{`password: {type: "password", minLength: 8}`, `password: {type: "password", minLength: 10}`},
			want: []string{"breaking constraint-narrowed User.password (create, update, register): minLength raised from 8 to 10"},
		},
		{
			name: "login identity",
			new: []string{
				`identity: "email"`, `identity: "login"`,
				`email: {type: "email", unique: true}`, `email: {type: "email", unique: true}` + "\n\t\t\tlogin: {type: \"string\", unique: true}",
			},
			want: []string{
				"breaking request-field-required User.login (create, register, login): new required field",
				"breaking request-field-removed User.email (login): no longer accepted: a request that sends it is rejected (422)",
				"non-breaking request-field-added User.login (update): new optional field",
				"non-breaking response-field-added User.login (response): added to responses",
			},
		},
		{
			name: "list options",
			new: []string{
				`list: {filter: ["kind", "qty"], sort: ["name"], search: ["name"]}`,
				`list: {filter: ["kind", "note"], sort: ["name", "qty"], defaultSort: "-name"}`,
			},
			want: []string{
				"breaking list-option-removed GET /api/items: filter `qty` removed",
				"breaking list-option-removed GET /api/items: search (`q`) removed",
				"non-breaking list-option-added GET /api/items: filter `note` added",
				"non-breaking list-option-added GET /api/items: sort by `qty` added",
				"non-breaking default-changed GET /api/items: default sort changed from `id` to `-name`",
			},
		},
		{
			name: "filter operators",
			old:  []string{`list: {filter: ["kind", "qty"]`, `list: {filter: ["kind", "qty", "note"]`},
			new: []string{
				`list: {filter: ["kind", "qty"]`, `list: {filter: ["kind", "qty", "note"]`,
				`note: {type: "text", optional: true}`, `note: {type: "text", default: ""}`,
			},
			want: []string{
				"breaking constraint-narrowed Item.note (create, update): null is no longer accepted",
				"breaking list-option-removed GET /api/items: operator of filter `note` removed: `isNull`",
				"non-breaking default-changed Item.note (create): default changed from none to `\"\"`",
				"non-breaking response-field-non-nullable Item.note (response): is never null now",
			},
		},
		{
			name: "custom endpoint request and response",
			new: []string{
				`query: dry: {type: "bool", optional: true}`, `query: force: {type: "bool"}`,
				`body: amount: {type: "int", min: 1}`, `body: amount: {type: "int", min: 2}`,
				`response: entity: "Item"`, `response: list: "Item"`,
			},
			want: []string{
				"breaking request-field-removed restock.dry (query): no longer accepted: a request that sends it is rejected (422)",
				"breaking request-field-required restock.force (query): new required field",
				"breaking constraint-narrowed restock.amount (body): min raised from 1 to 2",
				"breaking response-changed POST /api/items/{id}/restock: the response changed from one Item to a list of Item",
			},
		},
		{
			name: "API settings",
			new:  []string{`pagination: {defaultLimit: 20, maxLimit: 100}`, `pagination: {defaultLimit: 10, maxLimit: 50}`, `maxBodyBytes: 1048576`, `maxBodyBytes: 2097152`},
			want: []string{
				"breaking constraint-narrowed api.pagination.maxLimit: lowered from 100 to 50: a larger limit is rejected (400)",
				"non-breaking default-changed api.pagination.defaultLimit: changed from 20 to 10",
				"non-breaking constraint-widened api.maxBodyBytes: raised from 1048576 to 2097152",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			old := compile(t, edit(t, c.old...))
			new := compile(t, edit(t, c.new...))
			var got []string
			for _, f := range Compare(old, new) {
				got = append(got, line(f))
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if HasBreaking(Compare(old, new)) != strings.HasPrefix(strings.Join(c.want, "\n"), "breaking") {
				t.Errorf("HasBreaking disagrees with the findings")
			}
		})
	}
}

func TestCompareAccess(t *testing.T) {
	pub := ir.Rule{Public: true}
	auth := ir.Rule{Authenticated: true}
	owner := ir.Rule{Owner: true}
	admin := ir.Rule{Roles: []string{"admin"}}
	ownerOrAdmin := ir.Rule{Owner: true, Roles: []string{"admin"}}
	cases := []struct {
		name         string
		old, new     []ir.Rule
		tight, loose bool
	}{
		{"same", []ir.Rule{auth}, []ir.Rule{auth}, false, false},
		{"no rules is public", nil, []ir.Rule{pub}, false, false},
		{"public to authenticated", []ir.Rule{pub}, []ir.Rule{auth}, true, false},
		{"authenticated to public", []ir.Rule{auth}, []ir.Rule{pub}, false, true},
		{"authenticated to a role", []ir.Rule{auth}, []ir.Rule{admin}, true, false},
		{"a role to authenticated", []ir.Rule{admin}, []ir.Rule{auth}, false, true},
		{"owner added as the only rule", []ir.Rule{auth}, []ir.Rule{owner}, true, false},
		{"owner added as an alternative", []ir.Rule{admin}, []ir.Rule{ownerOrAdmin}, false, true},
		{"role dropped from an alternative", []ir.Rule{ownerOrAdmin}, []ir.Rule{owner}, true, false},
		{"role order", []ir.Rule{{Roles: []string{"a", "b"}}}, []ir.Rule{{Roles: []string{"b", "a"}}}, false, false},
		{"one role for another", []ir.Rule{{Roles: []string{"a"}}}, []ir.Rule{{Roles: []string{"b"}}}, true, true},
		{"a second rule", []ir.Rule{pub}, []ir.Rule{pub, auth}, true, false},
		{"the parent's rule loosened", []ir.Rule{auth, pub}, []ir.Rule{pub, pub}, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tight, loose := compareAccess(c.old, c.new, []string{"admin"})
			if tight != c.tight || loose != c.loose {
				t.Errorf("compareAccess = tight %v, loose %v; want %v, %v", tight, loose, c.tight, c.loose)
			}
		})
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{
		"a":      "`a`",
		"a`b":    "``a`b``",
		"`a":     "`` `a ``",
		"^(a|b)": "`^(a|b)`",
	} {
		if got := code(in); got != want {
			t.Errorf("code(%q) = %q, want %q", in, got, want)
		}
	}
}
