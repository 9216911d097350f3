package fastapi

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bgen-dev/bgen/emitters/ddl"
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
	CallerID  string // Python type of a caller's id

	JoinTables  []*joinTable
	JoinImports []string

	DDLPostgres, DDLSQLite   []string
	DropPostgres, DropSQLite []string

	RouterImport string   // "from app.api.routes import auth, ..."
	RouterList   []string // routers under BasePath, in route order

	AllowRoutes  []string
	ShadowRoutes []shadowRoute
	MainImports  []string

	CustomSchemaImports []string
	CustomRouteImports  []string
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
	IDPy         string // "int" or "uuid.UUID"
	IDParse      string // "parse_int_id" or "parse_uuid_id"
	UUIDID       bool
	Timestamps   bool
	IDOwnerPy    string // Python type of the owner's id (the caller id type)
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

	SortItems, SearchItems, DefaultSortItems []string
	FilterItems, SpecItems                   []string
	UniqueItems, ReferenceItems              []string

	ModelImports, SchemaImports, ServiceImports, RouteImports []string
}

type field struct {
	IR         *ir.Field
	Name       string
	Attr       string
	Column     string
	Kind       string
	Optional   bool
	IsID       bool
	PyType     string
	SchemaType string
	CreateType string
	SAType     string
	Alias      bool
	Spec       string
}

type opRule struct {
	RuleVar, Rule string
}

type filter struct {
	Param, Field string
	Ops          []string
}

type relation struct {
	Name, Kind, Func string
	Target           *entity
	Path, LinkPath   string

	ParentRuleVar, ParentRule string
	TargetRuleVar, TargetRule string
	LinkRuleVar, LinkRule     string
	// Public: both the parent's and the target's rules are public, so the
	// relation's read route takes no caller.
	Public bool

	ViaAttr     string // hasMany, hasOne: the target's key pointing back
	Where       string // hasMany, manyToMany: the list's condition
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
}

type joinColumn struct {
	Name, SAType string
}

type auth struct {
	Entity                     *entity
	TTL                        int64
	IdentityName, IdentityKind string
	IdentityEmail              bool // login folds the identity as an email field does
	PasswordName               string
	IdentityAttr, PasswordAttr string
	RoleExpr, TokenRole        string
	RoleAttr                   string // the role field's attribute, "" without one
	RegisterNames              []string
}

type endpoint struct {
	Name, Func, Class, Const string
	Method, MethodLower      string
	Path, FullPath, Summary  string
	Status                   int
	Rule                     string
	Params, Query, Body      []*field
	Inputs                   []*field
	ParamsSpecs, QuerySpecs  []string
	BodySpecs                []string
	HasBody                  bool
	Response                 string
	ResponseEntity           *entity
	ResponseFields           []*field
	ReturnType               string
	OwnerEntity              *entity
	OwnerParamAttr           string
	UserImports              []string
	NotImplemented           string
}

func newProject(api *ir.API) (*project, error) {
	p := &project{
		Name: api.Name, Title: api.Title, Version: api.Version, BasePath: api.BasePath,
		DefaultLimit: api.DefaultLimit, MaxLimit: api.MaxLimit, MaxBodyBytes: api.MaxBodyBytes,
		CORSOrigins: api.CORSOrigins, CallerID: "int",
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
			RoleExpr:      "None",
			TokenRole:     "None",
			RegisterNames: names(api.Auth.Register),
		}
		if !api.Auth.Identity.Type.IsString() {
			p.Auth.IdentityKind = string(api.Auth.Identity.Type)
		}
		if rf := api.Auth.RoleField; rf != nil {
			p.Auth.RoleAttr = attr(rf)
			p.Auth.RoleExpr = "user." + attr(rf)
			p.Auth.TokenRole = "user." + attr(rf)
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
				v.ReferenceItems = append(v.ReferenceItems, pyCall("ReferenceSpec", pyStr(fk), pyStr(f.Name)))
				v.References = append(v.References, reference{
					Name: fk, Field: f.Name, Attr: attr(f), TargetClass: byIR[f.Relation.Target].Class,
					TargetModule: byIR[f.Relation.Target].Module,
				})
			}
		}
	}
	for _, v := range p.Entities {
		v.ModelImports = modelImports(v)
		v.SchemaImports = schemaImports(v)
		v.ServiceImports = serviceImports(v)
		v.RouteImports = routeImports(v)
	}
	var routers []string
	for _, t := range api.Tables {
		if t.Entity != "" {
			continue
		}
		jt := &joinTable{Var: t.Name + "_table", Name: t.Name}
		for _, c := range t.Columns {
			jt.Columns = append(jt.Columns, joinColumn{Name: c.Name, SAType: saType(c.Type, c.Precision, c.Scale)})
		}
		p.JoinTables = append(p.JoinTables, jt)
	}
	p.JoinImports = joinImports(p.JoinTables)
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
		p.CustomSchemaImports = customSchemaImports(p)
		p.CustomRouteImports = customRouteImports(p)
		routers = append(routers, "custom")
	}
	for _, v := range p.Entities {
		routers = append(routers, v.Module)
	}
	p.RouterList = routers
	modules := append([]string{"system"}, routers...)
	sort.Strings(modules)
	p.RouterImport = fromImport("app.api.routes", modules)

	p.AllowRoutes = allowRoutes(p, api)
	p.MainImports = mainImports(p)
	p.DDLPostgres = ddl.CreateTables(ddl.Postgres, api.Tables)
	p.DDLSQLite = ddl.CreateTables(ddl.SQLite, api.Tables)
	p.DropPostgres = ddl.DropTables(ddl.Postgres, api.Tables)
	p.DropSQLite = ddl.DropTables(ddl.SQLite, api.Tables)
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
		IDPy:       "int",
		IDParse:    "parse_int_id",
		UUIDID:     e.IDType == ir.UUID,
		Timestamps: e.Timestamps,
	}
	if v.UUIDID {
		v.IDPy, v.IDParse = "uuid.UUID", "parse_uuid_id"
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
		v.SpecItems = append(v.SpecItems, fieldSpec(f, fv.Attr, createSet[f], ""))
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
		v.FilterItems = append(v.FilterItems, "FilterSpec(\n    "+pyStr(f.Param)+",\n    FIELD["+
			pyStr(f.Field.Name)+"],\n    frozenset("+pySet(f.Ops)+"),\n)")
	}
	for _, f := range e.List.Sort {
		v.SortItems = append(v.SortItems, "FIELD["+pyStr(f.Name)+"]")
	}
	for _, f := range e.List.Search {
		v.SearchItems = append(v.SearchItems, "FIELD["+pyStr(f.Name)+"]")
	}
	v.SortNames = names(e.List.Sort)
	v.SearchNames = names(e.List.Search)
	v.DefaultSort = e.List.DefaultSort
	if len(v.DefaultSort) == 0 {
		v.DefaultSort = []ir.SortKey{{Field: "id"}}
	}
	for _, k := range v.DefaultSort {
		v.DefaultSortItems = append(v.DefaultSortItems,
			"SortTerm(FIELD["+pyStr(k.Field)+"], descending="+pyBool(k.Desc)+")")
	}
	for _, u := range e.Schema.Uniques {
		un := unique{Name: u.Name, Table: e.Table, Columns: u.Columns, Fields: u.Fields}
		v.Uniques = append(v.Uniques, un)
		v.UniqueItems = append(v.UniqueItems, pyCall("UniqueSpec",
			pyStr(un.Name), pyStr(un.Table), pyTuple(un.Columns), pyTuple(un.Fields)))
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
		PyType:   modelTypes[f.Type],
		SAType:   saType(f.Type, f.Precision, f.Scale),
	}
	fv.SchemaType = schemaTypes[f.Type]
	if f.Optional && f.Type != ir.JSON {
		fv.PyType += " | None"
		fv.SchemaType += " | None"
	}
	fv.CreateType = fv.SchemaType
	if !f.Required {
		if !f.Optional || f.Type == ir.JSON {
			if f.Type != ir.JSON {
				fv.CreateType += " | None"
			}
		}
		fv.CreateType += " = None"
	}
	fv.Alias = fv.Attr != f.Name
	fv.Spec = fieldSpec(f, fv.Attr, writable, "    ")
	return fv
}

// fieldSpec is the FieldSpec(...) literal of a field, indented for a
// tuple item at indent.
func fieldSpec(f *ir.Field, attrName string, writable bool, indent string) string {
	var kw []string
	add := func(s string) { kw = append(kw, s) }
	if f.Optional {
		add("optional=True")
	}
	if f.Required {
		add("required=True")
	}
	if writable {
		add("writable=True")
	}
	if f.Immutable {
		add("immutable=True")
	}
	if f.Min != nil {
		add("minimum=" + pyNumber(*f.Min))
	}
	if f.Max != nil {
		add("maximum=" + pyNumber(*f.Max))
	}
	if f.MinLength != nil {
		add(fmt.Sprintf("min_length=%d", *f.MinLength))
	}
	if f.MaxLength != nil {
		add(fmt.Sprintf("max_length=%d", *f.MaxLength))
	}
	if f.Pattern != "" {
		add("pattern=re.compile(" + pyPattern(pythonRegexp(f.Pattern)) + ")")
	}
	if len(f.Values) > 0 {
		add("values=" + pyTuple(f.Values))
	}
	if f.Type == ir.Decimal {
		add(fmt.Sprintf("precision=%d", f.Precision))
		add(fmt.Sprintf("scale=%d", f.Scale))
	}
	if f.Kind != ir.KindID && f.Kind != ir.KindTimestamp {
		if d := defaultExpr(f); d != "" {
			add("default=" + d)
		}
	}
	head := []string{pyStr(f.Name), pyStr(attrName), pyStr(string(f.Type))}
	if len(kw) == 0 {
		return "FieldSpec(" + strings.Join(head, ", ") + ")"
	}
	inner := indent + "    "
	var b strings.Builder
	b.WriteString("FieldSpec(\n")
	for _, s := range append(head, kw...) {
		b.WriteString(inner + s + ",\n")
	}
	b.WriteString(indent + ")")
	return b.String()
}

// pyRule is the Rule(...) literal of an access rule.
func pyRule(r ir.Rule) string {
	var kw []string
	if r.Public {
		kw = append(kw, "public=True")
	}
	if r.Authenticated {
		kw = append(kw, "authenticated=True")
	}
	if r.Owner {
		kw = append(kw, "owner=True")
	}
	if len(r.Roles) > 0 {
		kw = append(kw, "roles="+pyTuple(r.Roles))
	}
	return "Rule(" + strings.Join(kw, ", ") + ")"
}

func newRelation(p *project, v *entity, r *ir.Relation, byIR map[*ir.Entity]*entity) *relation {
	if r.Kind == ir.BelongsTo || r.ParentAccess == nil || r.TargetAccess == nil {
		return nil
	}
	target := byIR[r.Target]
	up := strings.ToUpper(r.Ident.Snake())
	rv := &relation{
		Name:          r.Name,
		Kind:          string(r.Kind),
		Func:          naming.EscapePython(r.Ident.Snake()),
		Target:        target,
		Path:          r.Path,
		ParentRuleVar: up + "_PARENT_RULE",
		ParentRule:    pyRule(*r.ParentAccess),
		TargetRuleVar: up + "_TARGET_RULE",
		TargetRule:    pyRule(*r.TargetAccess),
		Public:        r.ParentAccess.Public && r.TargetAccess.Public,
	}
	switch r.Kind {
	case ir.HasMany, ir.HasOne:
		if r.Inverse == nil || r.Inverse.Key == nil {
			return nil
		}
		rv.ViaAttr = attr(r.Inverse.Key)
		rv.Where = target.Class + "." + rv.ViaAttr + " == parent_id"
	case ir.ManyToMany:
		if r.Join == nil {
			return nil
		}
		rv.JoinVar = r.Join.Table + "_table"
		rv.Left, rv.Right = r.Join.Left, r.Join.Right
		rv.Where = fmt.Sprintf("%s.id.in_(select(%s.c.%s).where(%s.c.%s == parent_id))",
			target.Class, rv.JoinVar, rv.Right, rv.JoinVar, rv.Left)
		if r.LinkAccess != nil {
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
		ReturnType:  "None",
	}
	ev.NotImplemented = e.Name + " is not implemented yet."
	mk := func(fs []*ir.Field, writable bool) []*field {
		var out []*field
		for _, f := range fs {
			fv := newField(f, writable)
			fv.Spec = fieldSpec(f, fv.Attr, writable, "    ")
			out = append(out, fv)
		}
		return out
	}
	ev.Params = mk(e.Params, false)
	ev.Query = mk(e.Query, false)
	ev.Body = mk(e.Body, true)
	for _, f := range ev.Params {
		ev.ParamsSpecs = append(ev.ParamsSpecs, fieldSpec(f.IR, f.Attr, false, ""))
	}
	for _, f := range ev.Query {
		ev.QuerySpecs = append(ev.QuerySpecs, fieldSpec(f.IR, f.Attr, false, ""))
	}
	for _, f := range ev.Body {
		ev.BodySpecs = append(ev.BodySpecs, fieldSpec(f.IR, f.Attr, true, ""))
	}
	ev.Inputs = append(append(append([]*field{}, ev.Params...), ev.Query...), ev.Body...)
	if e.ResponseEntity != nil {
		ev.ResponseEntity = byIR[e.ResponseEntity]
	}
	switch e.Response {
	case ir.ResponseEntity:
		ev.ReturnType = ev.ResponseEntity.Class
	case ir.ResponseList:
		ev.ReturnType = "Sequence[" + ev.ResponseEntity.Class + "]"
	case ir.ResponseFields:
		ev.ReturnType = ev.Class + "Response"
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
	ev.UserImports = userEndpointImports(api, ev)
	return ev
}
