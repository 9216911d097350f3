package lower_test

import "github.com/bgen-dev/bgen/spec"

// Hand-built spec.Specs of examples/blog and examples/shop, as spec.Load
// decodes them. They let the lowering be tested without the CUE front end.

func ptr[T any](v T) *T { return &v }

func fld(name, typ string, opts ...func(*spec.Field)) *spec.Field {
	f := &spec.Field{Name: name, Type: typ}
	for _, o := range opts {
		o(f)
	}
	return f
}

func lit(v any) *spec.Literal { return &spec.Literal{Go: v} }

func rules(op string, r ...string) *spec.Access { return &spec.Access{Operation: op, Rules: r} }

func blogSpec() *spec.Spec {
	return &spec.Spec{
		Name:        "blog",
		Title:       "Blog API",
		Version:     "1.0.0",
		Targets:     []string{"fastapi", "go"},
		Description: "Users, posts and tags, with owner rules.",
		Auth:        &spec.Auth{Entity: "User", Identity: "email", Password: "password", RoleField: "role"},
		Entities: []*spec.Entity{
			{
				Name: "User",
				Fields: []*spec.Field{
					fld("email", "email", func(f *spec.Field) { f.Unique = true }),
					fld("password", "password", func(f *spec.Field) { f.MinLength = ptr(8) }),
					fld("name", "string", func(f *spec.Field) { f.MinLength = ptr(1); f.MaxLength = ptr(100) }),
					fld("role", "enum", func(f *spec.Field) { f.Values = []string{"member", "admin"}; f.Default = lit("member") }),
				},
				Relations: []*spec.Relation{{Name: "posts", Kind: "hasMany", Target: "Post", Via: "author"}},
				List:      &spec.List{Filter: []string{"role", "email"}, Sort: []string{"name", "createdAt"}, Search: []string{"name", "email"}},
				Access: []*spec.Access{
					rules("list", "admin"), rules("get", "authenticated"), rules("create", "admin"),
					rules("update", "admin"), rules("delete", "admin"),
				},
			},
			{
				Name: "Post",
				Fields: []*spec.Field{
					fld("title", "string", func(f *spec.Field) { f.MinLength = ptr(1); f.MaxLength = ptr(200) }),
					fld("body", "text"),
					fld("status", "enum", func(f *spec.Field) { f.Values = []string{"draft", "published"}; f.Default = lit("draft") }),
					fld("views", "int", func(f *spec.Field) { f.Min = ptr(0.0); f.Default = lit(int64(0)); f.ReadOnly = true }),
					fld("slug", "string", func(f *spec.Field) { f.Pattern = "^[a-z0-9-]+$"; f.Unique = true; f.Immutable = true }),
					fld("summary", "string", func(f *spec.Field) { f.Optional = true; f.MaxLength = ptr(500) }),
				},
				Relations: []*spec.Relation{
					{Name: "author", Kind: "belongsTo", Target: "User", OnDelete: "cascade"},
					{Name: "tags", Kind: "manyToMany", Target: "Tag"},
				},
				Indexes: [][]string{{"author", "status"}},
				List: &spec.List{
					Filter: []string{"status", "author", "views", "title"}, Sort: []string{"createdAt", "views", "title"},
					Search: []string{"title", "body"}, DefaultSort: "-createdAt",
				},
				Access: []*spec.Access{
					rules("list", "public"), rules("get", "public"), rules("create", "authenticated"),
					rules("update", "owner", "admin"), rules("delete", "owner", "admin"),
				},
				Owner: "author",
			},
			{
				Name: "Tag",
				Fields: []*spec.Field{
					fld("name", "string", func(f *spec.Field) {
						f.MinLength = ptr(1)
						f.MaxLength = ptr(50)
						f.Unique = true
						f.Pattern = "^[a-z0-9-]+$"
					}),
				},
				Relations: []*spec.Relation{{Name: "posts", Kind: "manyToMany", Target: "Post"}},
				List:      &spec.List{Filter: []string{"name"}, Sort: []string{"name"}},
				Access: []*spec.Access{
					rules("list", "public"), rules("get", "public"), rules("create", "authenticated"),
					rules("update", "admin"), rules("delete", "admin"),
				},
			},
		},
	}
}

func named() *spec.Field {
	return fld("name", "string", func(f *spec.Field) { f.MinLength = ptr(1); f.MaxLength = ptr(120) })
}

func shopSpec() *spec.Spec {
	staff := func(ops ...string) []*spec.Access {
		var as []*spec.Access
		for _, op := range ops {
			as = append(as, rules(op, "staff"))
		}
		return as
	}
	pub := func(ops ...string) []*spec.Access {
		var as []*spec.Access
		for _, op := range ops {
			as = append(as, rules(op, "public"))
		}
		return as
	}
	return &spec.Spec{
		Name:    "shop",
		Title:   "Shop API",
		Targets: []string{"fastapi", "go"},
		Version: "0.3.0",
		API: spec.API{
			BasePath:     ptr("/api"),
			DefaultLimit: ptr(10),
			MaxLimit:     ptr(50),
			CORSOrigins:  []string{"https://shop.example.com"},
			MaxBodyBytes: ptr(int64(65536)),
		},
		Auth: &spec.Auth{Entity: "Customer", Identity: "email", Password: "password", RoleField: "role", TokenTTL: "2h"},
		Entities: []*spec.Entity{
			{
				Name: "Customer",
				ID:   "uuid",
				Fields: []*spec.Field{
					fld("email", "email", func(f *spec.Field) { f.Unique = true }),
					fld("password", "password", func(f *spec.Field) { f.MinLength = ptr(8); f.MaxLength = ptr(72) }),
					fld("fullName", "string", func(f *spec.Field) { f.MaxLength = ptr(120); f.Example = lit("Ada Lovelace") }),
					fld("role", "enum", func(f *spec.Field) { f.Values = []string{"customer", "staff"}; f.Default = lit("customer") }),
					fld("birthday", "date", func(f *spec.Field) { f.Optional = true }),
					fld("website", "url", func(f *spec.Field) { f.Optional = true }),
				},
				Relations: []*spec.Relation{
					{Name: "profile", Kind: "hasOne", Target: "Profile", Via: "customer"},
					{Name: "orders", Kind: "hasMany", Target: "Order"},
				},
				List: &spec.List{Filter: []string{"email", "role", "birthday"}, Sort: []string{"fullName", "createdAt"}, Search: []string{"fullName", "email"}},
				Access: []*spec.Access{
					rules("list", "staff"), rules("get", "authenticated"), rules("create", "staff"),
					rules("update", "staff"), rules("delete", "staff"),
				},
			},
			{
				Name: "Profile",
				ID:   "uuid",
				Fields: []*spec.Field{
					fld("bio", "text", func(f *spec.Field) { f.Optional = true; f.MaxLength = ptr(2000) }),
					fld("preferences", "json", func(f *spec.Field) { f.Optional = true }),
					fld("newsletter", "bool", func(f *spec.Field) { f.Default = lit(false) }),
				},
				Relations: []*spec.Relation{{Name: "customer", Kind: "belongsTo", Target: "Customer", OnDelete: "cascade"}},
				Access: []*spec.Access{
					rules("list", "staff"), rules("get", "authenticated"), rules("create", "authenticated"),
					rules("update", "owner", "staff"), rules("delete", "owner", "staff"),
				},
				Owner: "customer",
			},
			{
				Name: "Category",
				Fields: []*spec.Field{
					named(),
					fld("slug", "string", func(f *spec.Field) { f.Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$"; f.Unique = true }),
				},
				Relations: []*spec.Relation{
					{Name: "parent", Kind: "belongsTo", Target: "Category", Optional: true, OnDelete: "setNull"},
					{Name: "children", Kind: "hasMany", Target: "Category", Via: "parent"},
					{Name: "products", Kind: "hasMany", Target: "Product", Via: "category"},
				},
				List:   &spec.List{Filter: []string{"parent", "name", "slug"}, Sort: []string{"name"}, DefaultSort: "name"},
				Access: append(pub("list", "get"), staff("create", "update", "delete")...),
			},
			{
				Name: "Product",
				ID:   "uuid",
				Fields: []*spec.Field{
					named(),
					fld("sku", "string", func(f *spec.Field) { f.Pattern = "^[A-Z]{3}-[0-9]{4}$"; f.Unique = true; f.Immutable = true }),
					fld("price", "decimal", func(f *spec.Field) { f.Precision = ptr(10); f.Scale = ptr(2); f.Min = ptr(0.0) }),
					fld("stock", "int", func(f *spec.Field) { f.Min = ptr(0.0); f.Max = ptr(100000.0); f.Default = lit(int64(0)) }),
					fld("weight", "float", func(f *spec.Field) { f.Min = ptr(0.0); f.Optional = true }),
					fld("status", "enum", func(f *spec.Field) { f.Values = []string{"active", "archived"}; f.Default = lit("active") }),
					fld("attributes", "json", func(f *spec.Field) { f.Default = lit(map[string]any{}) }),
					fld("releasedOn", "date", func(f *spec.Field) { f.Optional = true }),
					fld("externalRef", "uuid", func(f *spec.Field) { f.Optional = true }),
				},
				Relations: []*spec.Relation{
					{Name: "category", Kind: "belongsTo", Target: "Category", Optional: true, OnDelete: "restrict"},
					{Name: "tags", Kind: "manyToMany", Target: "Label", Through: "product_labels"},
				},
				Indexes: [][]string{{"category", "status"}},
				List: &spec.List{
					Filter:      []string{"status", "category", "price", "stock", "releasedOn", "weight", "name"},
					Sort:        []string{"name", "price", "stock", "createdAt"},
					Search:      []string{"name", "sku"},
					DefaultSort: "name",
				},
				Access: append(pub("list", "get"), staff("create", "update", "delete")...),
			},
			{
				Name: "Label",
				Fields: []*spec.Field{
					named(),
					fld("color", "string", func(f *spec.Field) { f.Pattern = "^#[0-9a-f]{6}$"; f.Default = lit("#777777") }),
				},
				Relations:  []*spec.Relation{{Name: "products", Kind: "manyToMany", Target: "Product", Through: "product_labels"}},
				Unique:     [][]string{{"name", "color"}},
				Operations: []string{"list", "get", "create", "delete"},
				Access:     append(pub("list", "get"), staff("create", "delete")...),
			},
			{
				Name: "Order",
				Fields: []*spec.Field{
					fld("number", "string", func(f *spec.Field) { f.Pattern = "^[0-9]{8}$"; f.Unique = true; f.Immutable = true }),
					fld("status", "enum", func(f *spec.Field) {
						f.Values = []string{"open", "paid", "shipped", "cancelled"}
						f.Default = lit("open")
					}),
					fld("total", "decimal", func(f *spec.Field) {
						f.Precision = ptr(12)
						f.Scale = ptr(2)
						f.Default = lit("0.00")
						f.ReadOnly = true
					}),
					fld("placedAt", "datetime", func(f *spec.Field) { f.Default = lit("now"); f.ReadOnly = true }),
					fld("note", "text", func(f *spec.Field) { f.Optional = true }),
					fld("trackingId", "uuid", func(f *spec.Field) { f.Default = lit("uuid"); f.ReadOnly = true }),
				},
				Relations: []*spec.Relation{{Name: "customer", Kind: "belongsTo", Target: "Customer"}},
				List: &spec.List{
					Filter:      []string{"status", "customer", "placedAt", "total"},
					Sort:        []string{"placedAt", "total"},
					DefaultSort: "-placedAt",
				},
				Access: []*spec.Access{
					rules("list", "owner", "staff"), rules("get", "owner", "staff"), rules("create", "authenticated"),
					rules("update", "staff"), rules("delete", "staff"),
				},
				Owner: "customer",
			},
		},
		Endpoints: []*spec.Endpoint{
			{
				Name: "cancelOrder", Method: "POST", Path: "/orders/{id}/cancel", Summary: "Cancel an open order",
				Params:   []*spec.Field{fld("id", "int")},
				Body:     []*spec.Field{fld("reason", "string", func(f *spec.Field) { f.Optional = true; f.MaxLength = ptr(500) })},
				Response: &spec.Response{Entity: "Order"},
				Access:   &spec.Access{Rules: []string{"owner", "staff"}},
				Entity:   "Order",
			},
			{
				Name: "featuredProducts", Method: "GET", Path: "/products/featured", Summary: "Products picked for the front page",
				Response: &spec.Response{List: "Product"},
				Access:   &spec.Access{Rules: []string{"public"}},
			},
			{
				Name: "lowStock", Method: "GET", Path: "/reports/low-stock", Summary: "Products whose stock is below a threshold",
				Query:    []*spec.Field{fld("threshold", "int", func(f *spec.Field) { f.Min = ptr(0.0); f.Optional = true })},
				Response: &spec.Response{List: "Product"},
				Access:   &spec.Access{Rules: []string{"staff"}},
			},
			{
				Name: "salesSummary", Method: "GET", Path: "/reports/sales", Summary: "Totals for a period",
				Query: []*spec.Field{fld("from", "date"), fld("to", "date", func(f *spec.Field) { f.Optional = true })},
				Response: &spec.Response{Fields: []*spec.Field{
					fld("orders", "int"),
					fld("revenue", "decimal", func(f *spec.Field) { f.Precision = ptr(14); f.Scale = ptr(2) }),
				}},
				Access: &spec.Access{Rules: []string{"staff"}},
			},
			{
				Name: "ping", Method: "POST", Path: "/ping", Summary: "Accepts a ping and answers nothing",
				Access: &spec.Access{Rules: []string{"public"}},
			},
		},
	}
}
