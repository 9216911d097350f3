package fastapi

import (
	"strings"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
)

// project is the view model every template renders from.
type project struct {
	Name, Title, Version, BasePath string
	DefaultLimit, MaxLimit         int
	MaxBodyBytes                   int64
	CORSOrigins                    []string

	Entities  []*entity
	Auth      *auth
	Endpoints []*endpoint
	CallerID  pyCode // Python type of a caller's id

	JoinTables []*joinTable

	// Migrations is the schema's history, one alembic revision per step
	// (migrations.go).
	Migrations []*migration

	RouterList []string // routers under BasePath, in route order

	AllowRoutes  []string
	ShadowRoutes []shadowRoute
}

type entity struct {
	IR           *ir.Entity
	Class        string // "BlogPost"
	Module       string // "blog_post"
	Func         string // "blog_post", for function names
	PluralFunc   string // "blog_posts"
	Tag          string
	Table        string
	Path         string // "/blog-posts"
	ItemPath     string // "/blog-posts/{id}"
	Location     string // "/api/blog-posts"
	IDPy         pyCode // int or uuid.UUID
	IDParse      string // "parse_int_id" or "parse_uuid_id"
	UUIDID       bool
	Timestamps   bool
	IDOwnerPy    pyCode // Python type of the owner's id (the caller id type)
	OwnerAttr    string // attribute compared with the caller's id: "author_id", "id" on the auth entity
	OwnerKeyAttr string // the owner relation's key, set from the caller on create

	Fields, Read               []*field
	CreateFields, UpdateFields []*field
	CreateNames, UpdateNames   []string
	PasswordFields             []*field

	HasList, HasGet, HasCreate, HasUpdate, HasDelete bool
	// Public list and get routes take no caller: a public rule ignores it.
	PublicList, PublicGet  bool
	Ops                    []*opRule
	Filters                []filter
	SortNames, SearchNames []string
	DefaultSort            []ir.SortKey

	Relations  []*relation
	Uniques    []unique
	References []reference
}

type field struct {
	IR         *ir.Field
	Name       string
	Attr       string
	Column     string
	Kind       string
	Optional   bool
	IsID       bool
	Writable   bool // in the entity's create body, or an endpoint's body
	PyType     pyCode
	SchemaType pyCode
	CreateType pyCode // SchemaType, with its default
	SAType     pyCode
	// NotNull: the column is NOT NULL though its annotation admits None
	// (a json field's JsonValue), so the model says it.
	NotNull bool
	Alias   bool
}

type opRule struct {
	RuleVar string
	Rule    *pyCall
}

type filter struct {
	Param, Field string
	Ops          []string
}

type relation struct {
	Name, Kind, Func string
	Target           *entity
	Path, LinkPath   string

	ParentRuleVar, TargetRuleVar, LinkRuleVar string
	ParentRule, TargetRule, LinkRule          *pyCall // LinkRule: nil without link routes
	// Readable: the sub-resource has its read route (the parent has get,
	// the target list or get); a manyToMany may have link routes only.
	Readable bool
	// Public: both the parent's and the target's rules are public, so the
	// relation's read route takes no caller.
	Public bool

	ViaAttr     string // hasMany, hasOne: the target's key pointing back
	JoinVar     string
	Left, Right string
}

type unique struct {
	Name, Table     string
	Columns, Fields []string
}

type reference struct {
	Name, Field, Attr, TargetClass, TargetModule string
}

type joinTable struct {
	Var, Name string
	Columns   []joinColumn
	IR        *ir.Table
}

type joinColumn struct {
	Name   string
	SAType pyCode
}

type auth struct {
	Entity                     *entity
	TTL                        int64
	IdentityName, IdentityKind string
	IdentityEmail              bool // login folds the identity as an email field does
	PasswordName               string
	IdentityAttr, PasswordAttr string
	RoleAttr                   string // the role field's attribute, "" without one
	RegisterNames              []string
}

type endpoint struct {
	Name, Func, Class, Const string
	Method, MethodLower      string
	Path, FullPath, Summary  string
	Status                   int
	Rule                     *pyCall
	Params, Query, Body      []*field
	Inputs                   []*field
	HasBody                  bool
	Response                 string
	ResponseEntity           *entity
	ResponseFields           []*field
	ReturnType               pyCode
	OwnerEntity              *entity
	OwnerParamAttr           string
	NotImplemented           string
}

func newProject(api *ir.API) (*project, error) {
	p := &project{
		Name: api.Name, Title: api.Title, Version: api.Version, BasePath: api.BasePath,
		DefaultLimit: api.DefaultLimit, MaxLimit: api.MaxLimit, MaxBodyBytes: api.MaxBodyBytes,
		CORSOrigins: api.CORSOrigins, CallerID: intType,
	}
	byIR := map[*ir.Entity]*entity{}
	for _, e := range api.Entities {
		v := newEntity(api, e)
		byIR[e] = v
		p.Entities = append(p.Entities, v)
	}
	if api.Auth != nil {
		ae := byIR[api.Auth.Entity]
		p.CallerID = ae.IDPy
		p.Auth = &auth{
			Entity:        ae,
			TTL:           api.Auth.TokenTTLSeconds,
			IdentityName:  api.Auth.Identity.Name,
			IdentityKind:  "text",
			IdentityEmail: api.Auth.Identity.Type == ir.Email,
			PasswordName:  api.Auth.Password.Name,
			IdentityAttr:  attr(api.Auth.Identity),
			PasswordAttr:  attr(api.Auth.Password),
			RegisterNames: names(api.Auth.Register),
		}
		if !api.Auth.Identity.Type.IsString() {
			p.Auth.IdentityKind = string(api.Auth.Identity.Type)
		}
		if rf := api.Auth.RoleField; rf != nil {
			p.Auth.RoleAttr = attr(rf)
		}
	}
	for _, v := range p.Entities {
		v.IDOwnerPy = p.CallerID
		for _, r := range v.IR.Relations {
			if rv := newRelation(p, v, r, byIR); rv != nil {
				v.Relations = append(v.Relations, rv)
			}
		}
		for _, f := range v.IR.Fields {
			if f.Kind == ir.KindForeignKey && f.Relation != nil {
				fk := f.ForeignKey
				v.References = append(v.References, reference{
					Name: fk, Field: f.Name, Attr: attr(f), TargetClass: byIR[f.Relation.Target].Class,
					TargetModule: byIR[f.Relation.Target].Module,
				})
			}
		}
	}
	var routers []string
	for _, t := range api.Tables {
		if t.Entity != "" {
			continue
		}
		jt := &joinTable{Var: t.Name + "_table", Name: t.Name, IR: t}
		for _, c := range t.Columns {
			jt.Columns = append(jt.Columns, joinColumn{Name: c.Name, SAType: saType(c.Type, c.Precision, c.Scale)})
		}
		p.JoinTables = append(p.JoinTables, jt)
	}
	for _, e := range api.Endpoints {
		p.Endpoints = append(p.Endpoints, newEndpoint(api, e, byIR))
	}
	if p.Auth != nil {
		routers = append(routers, "auth")
	}
	// Starlette takes the first route that matches, and a custom path may
	// be more specific than a generated one (GET /posts/featured beside
	// GET /posts/{id}; spec validation allows no other overlap): custom
	// endpoints go first.
	if len(p.Endpoints) > 0 {
		routers = append(routers, "custom")
	}
	for _, v := range p.Entities {
		routers = append(routers, v.Module)
	}
	p.RouterList = routers

	p.AllowRoutes = allowRoutes(p, api)
	p.Migrations = newMigrations(api)
	return p, nil
}

func names(fs []*ir.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

func newEntity(api *ir.API, e *ir.Entity) *entity {
	module := naming.EscapePython(e.Name.Snake())
	v := &entity{
		IR:         e,
		Class:      e.Name.Pascal(),
		Module:     module,
		Func:       module,
		PluralFunc: naming.EscapePython(e.Plural.Snake()),
		Tag:        e.Plural.Kebab(),
		Table:      e.Table,
		Path:       e.Path,
		ItemPath:   e.Path + "/{id}",
		Location:   api.BasePath + e.Path,
		IDPy:       intType,
		IDParse:    "parse_int_id",
		UUIDID:     e.IDType == ir.UUID,
		Timestamps: e.Timestamps,
	}
	if v.UUIDID {
		v.IDPy, v.IDParse = uuidType, "parse_uuid_id"
	}
	if e.Owner != nil && e.Owner.Key != nil {
		v.OwnerAttr = attr(e.Owner.Key)
		v.OwnerKeyAttr = v.OwnerAttr
	} else if api.Auth != nil && api.Auth.Entity == e {
		v.OwnerAttr = "id"
	}
	createSet := map[*ir.Field]bool{}
	for _, f := range e.Create {
		createSet[f] = true
	}
	readSet := map[*ir.Field]bool{}
	for _, f := range e.Read {
		readSet[f] = true
	}
	byField := map[*ir.Field]*field{}
	for _, f := range e.Fields {
		fv := newField(f, createSet[f])
		byField[f] = fv
		v.Fields = append(v.Fields, fv)
		if f.Type == ir.Password {
			v.PasswordFields = append(v.PasswordFields, fv)
		}
	}
	for _, f := range e.Read {
		v.Read = append(v.Read, byField[f])
	}
	for _, f := range e.Create {
		v.CreateFields = append(v.CreateFields, byField[f])
	}
	for _, f := range e.Update {
		v.UpdateFields = append(v.UpdateFields, byField[f])
	}
	v.CreateNames = names(e.Create)
	v.UpdateNames = names(e.Update)
	for _, op := range e.Operations {
		switch op.Kind {
		case ir.OpList:
			v.HasList = true
			v.PublicList = op.Access.Public
		case ir.OpGet:
			v.HasGet = true
			v.PublicGet = op.Access.Public
		case ir.OpCreate:
			v.HasCreate = true
		case ir.OpUpdate:
			v.HasUpdate = true
		case ir.OpDelete:
			v.HasDelete = true
		}
		v.Ops = append(v.Ops, &opRule{RuleVar: strings.ToUpper(string(op.Kind)) + "_RULE", Rule: pyRule(op.Access)})
	}
	for _, f := range e.List.Filters {
		v.Filters = append(v.Filters, filter{Param: f.Param, Field: f.Field.Name, Ops: f.Ops})
	}
	v.SortNames = names(e.List.Sort)
	v.SearchNames = names(e.List.Search)
	v.DefaultSort = e.List.DefaultSort
	if len(v.DefaultSort) == 0 {
		v.DefaultSort = []ir.SortKey{{Field: "id"}}
	}
	for _, u := range e.Schema.Uniques {
		un := unique{Name: u.Name, Table: e.Table, Columns: u.Columns, Fields: u.Fields}
		v.Uniques = append(v.Uniques, un)
	}
	return v
}

func newField(f *ir.Field, writable bool) *field {
	fv := &field{
		IR:       f,
		Name:     f.Name,
		Attr:     attr(f),
		Column:   f.Column,
		Kind:     string(f.Type),
		Optional: f.Optional,
		IsID:     f.Kind == ir.KindID,
		Writable: writable,
		PyType:   modelTypes[f.Type],
		SAType:   saType(f.Type, f.Precision, f.Scale),
		NotNull:  f.Type == ir.JSON && !f.Optional,
	}
	fv.SchemaType = schemaTypes[f.Type]
	if f.Optional && f.Type != ir.JSON {
		fv.PyType = fv.PyType.orNone()
		fv.SchemaType = fv.SchemaType.orNone()
	}
	fv.CreateType = fv.SchemaType
	if !f.Required {
		if !f.Optional && f.Type != ir.JSON {
			fv.CreateType = fv.CreateType.orNone()
		}
		fv.CreateType = codef("%s = None", fv.CreateType)
	}
	fv.Alias = fv.Attr != f.Name
	return fv
}

func newRelation(p *project, v *entity, r *ir.Relation, byIR map[*ir.Entity]*entity) *relation {
	if !r.Readable() && !r.Linkable() {
		return nil
	}
	target := byIR[r.Target]
	up := strings.ToUpper(r.Ident.Snake())
	rv := &relation{
		Name:   r.Name,
		Kind:   string(r.Kind),
		Func:   naming.EscapePython(r.Ident.Snake()),
		Target: target,
		Path:   r.Path,
	}
	if r.Readable() {
		rv.Readable = true
		rv.ParentRuleVar, rv.ParentRule = up+"_PARENT_RULE", pyRule(*r.ParentAccess)
		rv.TargetRuleVar, rv.TargetRule = up+"_TARGET_RULE", pyRule(*r.TargetAccess)
		rv.Public = r.ParentAccess.Public && r.TargetAccess.Public
	}
	switch r.Kind {
	case ir.HasMany, ir.HasOne:
		if r.Inverse == nil || r.Inverse.Key == nil {
			return nil
		}
		rv.ViaAttr = attr(r.Inverse.Key)
	case ir.ManyToMany:
		if r.Join == nil {
			return nil
		}
		rv.JoinVar = r.Join.Table + "_table"
		rv.Left, rv.Right = r.Join.Left, r.Join.Right
		if r.Linkable() {
			rv.LinkPath = r.Path + "/{target_id}"
			rv.LinkRuleVar = up + "_LINK_RULE"
			rv.LinkRule = pyRule(*r.LinkAccess)
		}
	}
	return rv
}

func newEndpoint(api *ir.API, e *ir.Endpoint, byIR map[*ir.Entity]*entity) *endpoint {
	snake := naming.EscapePython(e.Ident.Snake())
	ev := &endpoint{
		Name:        e.Name,
		Func:        snake,
		Class:       e.Ident.Pascal(),
		Const:       strings.ToUpper(e.Ident.Snake()),
		Method:      e.Method,
		MethodLower: strings.ToLower(e.Method),
		Path:        e.Path,
		FullPath:    api.BasePath + e.Path,
		Summary:     strings.TrimSuffix(e.Summary, "."),
		Status:      e.Status,
		Rule:        pyRule(e.Access),
		HasBody:     e.Body != nil,
		Response:    string(e.Response),
		ReturnType:  lit("None"),
	}
	ev.NotImplemented = e.Name + " is not implemented yet."
	mk := func(fs []*ir.Field, writable bool) []*field {
		var out []*field
		for _, f := range fs {
			out = append(out, newField(f, writable))
		}
		return out
	}
	ev.Params = mk(e.Params, false)
	ev.Query = mk(e.Query, false)
	ev.Body = mk(e.Body, true)
	ev.Inputs = append(append(append([]*field{}, ev.Params...), ev.Query...), ev.Body...)
	if e.ResponseEntity != nil {
		ev.ResponseEntity = byIR[e.ResponseEntity]
	}
	switch e.Response {
	case ir.ResponseEntity:
		ev.ReturnType = ev.ResponseEntity.Model()
	case ir.ResponseList:
		ev.ReturnType = codef("%s[%s]", qual("collections.abc", "Sequence"), ev.ResponseEntity.Model())
	case ir.ResponseFields:
		ev.ReturnType = qual("app.schemas.custom", ev.Class+"Response")
		ev.ResponseFields = mk(e.ResponseFields, false)
	}
	if e.Access.Owner && e.Entity != nil {
		ev.OwnerEntity = byIR[e.Entity]
		if e.EntityParam != nil {
			ev.OwnerParamAttr = attr(e.EntityParam)
		} else {
			ev.OwnerEntity = nil
		}
	}
	return ev
}
