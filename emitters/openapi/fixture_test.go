package openapi

import (
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/lower"
	"github.com/bgen-dev/bgen/naming"
)

// A hand-built IR in the shape lower.Lower gives the blog example, plus a
// uuid entity with the remaining types and three custom endpoints, so the
// emitter is tested without depending on the front end.

func ptr[T any](v T) *T { return &v }

func fld(name string, t ir.Type, kind ir.FieldKind) *ir.Field {
	return &ir.Field{Name: name, Ident: naming.Split(name), Type: t, Kind: kind,
		Column: naming.Split(name).Snake(), Required: kind == ir.KindField}
}

func idField(t ir.Type) *ir.Field {
	f := fld("id", t, ir.KindID)
	f.ReadOnly = true
	return f
}

func timestamps() []*ir.Field {
	c, u := fld("createdAt", ir.DateTime, ir.KindTimestamp), fld("updatedAt", ir.DateTime, ir.KindTimestamp)
	c.ReadOnly, u.ReadOnly = true, true
	return []*ir.Field{c, u}
}

func entity(name string, idType ir.Type) *ir.Entity {
	n := naming.Split(name)
	return &ir.Entity{Name: n, Plural: n.Plural(), IDType: idType, Table: n.Plural().Snake(),
		Path: "/" + n.Plural().Kebab(), Timestamps: true}
}

func crud(e *ir.Entity, rules map[ir.OpKind]ir.Rule, kinds ...ir.OpKind) {
	if len(kinds) == 0 {
		kinds = []ir.OpKind{ir.OpList, ir.OpGet, ir.OpCreate, ir.OpUpdate, ir.OpDelete}
	}
	for _, k := range kinds {
		op := &ir.Operation{Kind: k, Access: rules[k]}
		switch k {
		case ir.OpList:
			op.Method, op.Path = "GET", e.Path
		case ir.OpGet:
			op.Method, op.Path = "GET", e.Path+"/{id}"
		case ir.OpCreate:
			op.Method, op.Path = "POST", e.Path
		case ir.OpUpdate:
			op.Method, op.Path = "PATCH", e.Path+"/{id}"
		case ir.OpDelete:
			op.Method, op.Path = "DELETE", e.Path+"/{id}"
		}
		e.Operations = append(e.Operations, op)
	}
}

func rule(k ir.OpKind, e *ir.Entity) *ir.Rule {
	for _, op := range e.Operations {
		if op.Kind == k {
			r := op.Access
			return &r
		}
	}
	return nil
}

func fieldsOf(e *ir.Entity, names ...string) []*ir.Field {
	var out []*ir.Field
	for _, n := range names {
		for _, f := range e.Fields {
			if f.Name == n {
				out = append(out, f)
			}
		}
	}
	return out
}

func filter(e *ir.Entity, param, field string, ops ...string) *ir.Filter {
	return &ir.Filter{Param: param, Field: fieldsOf(e, field)[0], FieldName: field, Ops: ops}
}

func blogAPI() *ir.API {
	public := ir.Rule{Public: true}
	authed := ir.Rule{Authenticated: true}
	admin := ir.Rule{Roles: []string{"admin"}}
	ownerAdmin := ir.Rule{Owner: true, Roles: []string{"admin"}}
	staff := ir.Rule{Roles: []string{"staff"}}

	// User
	user := entity("User", ir.Int)
	email := fld("email", ir.Email, ir.KindField)
	email.Unique, email.MaxLength = true, ptr(254)
	password := fld("password", ir.Password, ir.KindField)
	password.MinLength = ptr(8)
	name := fld("name", ir.String, ir.KindField)
	name.MinLength, name.MaxLength = ptr(1), ptr(100)
	role := fld("role", ir.Enum, ir.KindField)
	role.Values, role.Required = []string{"member", "admin"}, false
	role.Default = &ir.Default{Kind: ir.DefaultLiteral, Value: "member"}
	user.Fields = append([]*ir.Field{idField(ir.Int), email, password, name, role}, timestamps()...)
	user.Create = []*ir.Field{email, password, name, role}
	user.Update = user.Create
	user.Read = fieldsOf(user, "id", "email", "name", "role", "createdAt", "updatedAt")
	crud(user, map[ir.OpKind]ir.Rule{ir.OpList: admin, ir.OpGet: authed, ir.OpCreate: admin, ir.OpUpdate: admin, ir.OpDelete: admin})
	user.List = ir.ListOptions{
		Filters:     []*ir.Filter{filter(user, "role", "role", "ne", "in"), filter(user, "email", "email", "ne", "in", "contains")},
		Sort:        fieldsOf(user, "id", "createdAt", "name"),
		SortNames:   []string{"id", "createdAt", "name"},
		Search:      fieldsOf(user, "name", "email"),
		SearchNames: []string{"name", "email"},
		DefaultSort: []ir.SortKey{{Field: "id"}},
	}

	// Post
	post := entity("Post", ir.Int)
	post.Description = "A blog post"
	title := fld("title", ir.String, ir.KindField)
	title.MinLength, title.MaxLength = ptr(1), ptr(200)
	body := fld("body", ir.Text, ir.KindField)
	status := fld("status", ir.Enum, ir.KindField)
	status.Values, status.Required = []string{"draft", "published"}, false
	status.Default = &ir.Default{Kind: ir.DefaultLiteral, Value: "draft"}
	views := fld("views", ir.Int, ir.KindField)
	views.Min, views.ReadOnly, views.Required = ptr(0.0), true, false
	views.Default = &ir.Default{Kind: ir.DefaultLiteral, Value: int64(0)}
	slug := fld("slug", ir.String, ir.KindField)
	slug.Pattern, slug.Unique, slug.Immutable, slug.MaxLength = "^[a-z0-9-]+$", true, true, ptr(255)
	summary := fld("summary", ir.String, ir.KindField)
	summary.Optional, summary.Required, summary.MaxLength = true, false, ptr(500)
	authorID := fld("authorId", ir.Int, ir.KindForeignKey)
	post.Fields = append([]*ir.Field{idField(ir.Int), title, body, status, views, slug, summary, authorID}, timestamps()...)
	post.Create = []*ir.Field{title, body, status, slug, summary}
	post.Update = []*ir.Field{title, body, status, summary}
	post.Read = fieldsOf(post, "id", "title", "body", "status", "views", "slug", "summary", "authorId", "createdAt", "updatedAt")
	crud(post, map[ir.OpKind]ir.Rule{ir.OpList: public, ir.OpGet: public, ir.OpCreate: authed, ir.OpUpdate: ownerAdmin, ir.OpDelete: ownerAdmin})
	post.List = ir.ListOptions{
		Filters: []*ir.Filter{
			filter(post, "status", "status", "ne", "in"),
			filter(post, "author", "authorId", "ne", "gt", "gte", "lt", "lte", "in"),
			filter(post, "views", "views", "ne", "gt", "gte", "lt", "lte", "in"),
			filter(post, "title", "title", "ne", "in", "contains"),
		},
		SortNames:   []string{"id", "createdAt", "views", "title"},
		SearchNames: []string{"title", "body"},
		DefaultSort: []ir.SortKey{{Field: "createdAt", Desc: true}},
	}

	// Tag
	tag := entity("Tag", ir.Int)
	tagName := fld("name", ir.String, ir.KindField)
	tagName.MinLength, tagName.MaxLength, tagName.Unique, tagName.Pattern = ptr(1), ptr(50), true, "^[a-z0-9-]+$"
	tag.Fields = append([]*ir.Field{idField(ir.Int), tagName}, timestamps()...)
	tag.Create, tag.Update = []*ir.Field{tagName}, []*ir.Field{tagName}
	tag.Read = tag.Fields
	crud(tag, map[ir.OpKind]ir.Rule{ir.OpList: public, ir.OpGet: public, ir.OpCreate: authed, ir.OpUpdate: admin, ir.OpDelete: admin})
	tag.List = ir.ListOptions{
		Filters:     []*ir.Filter{filter(tag, "name", "name", "ne", "in", "contains")},
		SortNames:   []string{"id", "createdAt", "name"},
		DefaultSort: []ir.SortKey{{Field: "id"}},
	}

	// Product: uuid id and the remaining types. No update; its delete is
	// restricted by Review.
	product := entity("Product", ir.UUID)
	price := fld("price", ir.Decimal, ir.KindField)
	price.Precision, price.Scale, price.Min = 10, 2, ptr(0.0)
	weight := fld("weight", ir.Float, ir.KindField)
	weight.Optional, weight.Required, weight.Min = true, false, ptr(0.0)
	attrs := fld("attributes", ir.JSON, ir.KindField)
	attrs.Required = false
	attrs.Default = &ir.Default{Kind: ir.DefaultLiteral, Value: map[string]any{"b": 1, "a": "<x>"}}
	released := fld("releasedOn", ir.Date, ir.KindField)
	released.Optional, released.Required = true, false
	site := fld("website", ir.URL, ir.KindField)
	site.Optional, site.Required = true, false
	site.Example = "https://example.com"
	ref := fld("externalRef", ir.UUID, ir.KindField)
	ref.Optional, ref.Required = true, false
	active := fld("active", ir.Bool, ir.KindField)
	active.Required = false
	active.Default = &ir.Default{Kind: ir.DefaultLiteral, Value: true}
	seen := fld("seenAt", ir.DateTime, ir.KindField)
	seen.ReadOnly, seen.Required = true, false
	seen.Default = &ir.Default{Kind: ir.DefaultNow}
	grade := fld("grade", ir.Enum, ir.KindField)
	grade.Optional, grade.Required, grade.Values = true, false, []string{"a", "b"}
	product.Fields = append([]*ir.Field{idField(ir.UUID), price, weight, attrs, released, site, ref, active, seen, grade}, timestamps()...)
	product.Create = []*ir.Field{price, weight, attrs, released, site, ref, active, grade}
	product.Read = product.Fields
	crud(product, map[ir.OpKind]ir.Rule{ir.OpList: public, ir.OpGet: public, ir.OpCreate: staff, ir.OpDelete: staff},
		ir.OpList, ir.OpGet, ir.OpCreate, ir.OpDelete)
	product.List = ir.ListOptions{
		Filters: []*ir.Filter{
			filter(product, "price", "price", "ne", "gt", "gte", "lt", "lte", "in"),
			filter(product, "releasedOn", "releasedOn", "ne", "gt", "gte", "lt", "lte", "in", "isNull"),
		},
		SortNames:   []string{"id", "createdAt", "price"},
		DefaultSort: []ir.SortKey{{Field: "id"}},
	}

	// Review: belongsTo Product (restrict), only list and get.
	review := entity("Review", ir.Int)
	stars := fld("stars", ir.Int, ir.KindField)
	stars.Min, stars.Max = ptr(1.0), ptr(5.0)
	productID := fld("productId", ir.UUID, ir.KindForeignKey)
	review.Fields = append([]*ir.Field{idField(ir.Int), stars, productID}, timestamps()...)
	review.Create = []*ir.Field{stars, productID}
	review.Read = review.Fields
	crud(review, map[ir.OpKind]ir.Rule{ir.OpList: public, ir.OpGet: public}, ir.OpList, ir.OpGet)
	review.List = ir.ListOptions{SortNames: []string{"id", "createdAt"}, DefaultSort: []ir.SortKey{{Field: "id"}}}

	// Relations.
	author := &ir.Relation{Name: "author", Ident: naming.Split("author"), Kind: ir.BelongsTo, Entity: post,
		Target: user, TargetName: "User", OnDelete: ir.Cascade, Key: authorID}
	authorID.Relation, authorID.RelationName = author, "author"
	posts := &ir.Relation{Name: "posts", Ident: naming.Split("posts"), Kind: ir.HasMany, Entity: user,
		Target: post, TargetName: "Post", Inverse: author, Path: "/users/{id}/posts",
		ParentAccess: rule(ir.OpGet, user), TargetAccess: rule(ir.OpList, post)}
	user.Relations = []*ir.Relation{posts}
	tags := &ir.Relation{Name: "tags", Ident: naming.Split("tags"), Kind: ir.ManyToMany, Entity: post,
		Target: tag, TargetName: "Tag", Path: "/posts/{id}/tags", LinkParam: "tagId",
		ParentAccess: rule(ir.OpGet, post), TargetAccess: rule(ir.OpList, tag), LinkAccess: rule(ir.OpUpdate, post)}
	post.Relations = []*ir.Relation{author, tags}
	post.Owner, post.OwnerName = author, "author"
	tagPosts := &ir.Relation{Name: "posts", Ident: naming.Split("posts"), Kind: ir.ManyToMany, Entity: tag,
		Target: post, TargetName: "Post", Path: "/tags/{id}/posts", LinkParam: "postId", Inverse: tags,
		ParentAccess: rule(ir.OpGet, tag), TargetAccess: rule(ir.OpList, post), LinkAccess: rule(ir.OpUpdate, tag)}
	tag.Relations = []*ir.Relation{tagPosts}
	productRel := &ir.Relation{Name: "product", Ident: naming.Split("product"), Kind: ir.BelongsTo, Entity: review,
		Target: product, TargetName: "Product", OnDelete: ir.Restrict, Key: productID}
	productID.Relation, productID.RelationName = productRel, "product"
	review.Relations = []*ir.Relation{productRel}
	// hasOne from Product to Review, readable; no link routes.
	topReview := &ir.Relation{Name: "topReview", Ident: naming.Split("topReview"), Kind: ir.HasOne, Entity: product,
		Target: review, TargetName: "Review", Path: "/products/{id}/top-review",
		ParentAccess: rule(ir.OpGet, product), TargetAccess: rule(ir.OpGet, review)}
	// A hasMany whose target has no list: not routed.
	hidden := &ir.Relation{Name: "things", Ident: naming.Split("things"), Kind: ir.HasMany, Entity: product,
		Target: review, TargetName: "Review", Path: "/products/{id}/things",
		ParentAccess: rule(ir.OpGet, product), TargetAccess: nil}
	product.Relations = []*ir.Relation{topReview, hidden}

	// Custom endpoints.
	at := fld("at", ir.DateTime, ir.KindField)
	at.Optional, at.Required, at.Column = true, false, ""
	pid := fld("id", ir.Int, ir.KindField)
	pid.Column = ""
	publish := &ir.Endpoint{Name: "publishPost", Ident: naming.Split("publishPost"), Method: "POST",
		Path: "/posts/{id}/publish", Summary: "Publish a draft", Params: []*ir.Field{pid},
		Body: []*ir.Field{at}, Status: 200, Access: ownerAdmin, Entity: post, EntityName: "Post",
		Response: ir.ResponseEntity, ResponseEntity: post, ResponseEntityName: "Post"}
	from := fld("from", ir.Date, ir.KindField)
	to := fld("to", ir.Date, ir.KindField)
	to.Optional, to.Required = true, false
	orders := fld("orders", ir.Int, ir.KindField)
	revenue := fld("revenue", ir.Decimal, ir.KindField)
	revenue.Precision, revenue.Scale = 14, 2
	sales := &ir.Endpoint{Name: "salesSummary", Ident: naming.Split("salesSummary"), Method: "GET",
		Path: "/reports/sales", Summary: "Totals for a period", Query: []*ir.Field{from, to}, Status: 200,
		Access: staff, Response: ir.ResponseFields, ResponseFields: []*ir.Field{orders, revenue}}
	threshold := fld("threshold", ir.Int, ir.KindField)
	threshold.Optional, threshold.Required, threshold.Min = true, false, ptr(0.0)
	low := &ir.Endpoint{Name: "lowStock", Ident: naming.Split("lowStock"), Method: "GET",
		Path: "/reports/low-stock", Query: []*ir.Field{threshold}, Status: 200, Access: staff,
		Response: ir.ResponseList, ResponseEntity: product, ResponseEntityName: "Product"}
	ping := &ir.Endpoint{Name: "ping", Ident: naming.Split("ping"), Method: "POST", Path: "/ping",
		Status: 204, Access: public, Response: ir.ResponseNone}

	api := &ir.API{
		Name: "blog", Title: "Blog API", Version: "1.0.0", Description: "Users, posts & <tags>.",
		BasePath: "/api", DefaultLimit: 20, MaxLimit: 100, MaxBodyBytes: 1 << 20,
		Auth: &ir.Auth{Entity: user, EntityName: "User", Identity: email, Password: password,
			RoleField: role, Roles: []string{"member", "admin"}, TokenTTLSeconds: 86400,
			Register:     []*ir.Field{email, password, name},
			IdentityName: "email", PasswordName: "password", RoleFieldName: "role"},
		Entities:  []*ir.Entity{user, post, tag, product, review},
		Endpoints: []*ir.Endpoint{publish, sales, low, ping},
	}
	api.Routes = lower.Routes(api)
	return api
}
