package ir

// RouteKind says what a route serves.
type RouteKind string

const (
	RouteOperation RouteKind = "operation" // a CRUD operation of Entity (Route.Op)
	RouteRelation  RouteKind = "relation"  // reading Relation's sub-resource: a page (hasMany, manyToMany) or one row (hasOne)
	RouteLink      RouteKind = "link"      // PUT: link a manyToMany target
	RouteUnlink    RouteKind = "unlink"    // DELETE: unlink it
	RouteAuth      RouteKind = "auth"      // register, login, me
	RouteEndpoint  RouteKind = "endpoint"  // a custom endpoint
	RouteSystem    RouteKind = "system"    // health, ready, openapi: outside BasePath
)

// Route is one method and path a generated server answers (HEAD is
// answered too wherever GET is, and is not listed).
type Route struct {
	Kind   RouteKind
	Method string // GET POST PUT PATCH DELETE
	// Path is the full request path pattern, BasePath included:
	// "/api/posts/{id}/tags/{tagId}".
	Path string
	// Name says which route of its kind it is: the operation ("list") for
	// RouteOperation, "register", "login" or "me" for RouteAuth, "health",
	// "ready" or "openapi" for RouteSystem, the endpoint's name for
	// RouteEndpoint, the relation's name otherwise.
	Name   string
	Params []PathParam `json:",omitempty"` // in the order they appear in Path
	// Access holds the rules a caller must pass, every one of them (a
	// sub-resource read needs the parent's and the target's rule). Empty:
	// public without condition (system, register, login).
	Access []Rule `json:",omitempty"`
	Status int    // the success status

	Entity   *Entity    `json:"-"` // the declaring entity (operation, relation, link); the entity {id} names (endpoint); the auth entity (auth)
	Op       *Operation `json:"-"` // RouteOperation
	Relation *Relation  `json:"-"` // RouteRelation, RouteLink, RouteUnlink
	Endpoint *Endpoint  `json:"-"` // RouteEndpoint
	// EntityName is Entity.Name.Pascal(), for bgen ir output.
	EntityName string `json:",omitempty"`
}

// PathParam is one {param} of a route's path.
type PathParam struct {
	Name string // as in the path: "id", "tagId"
	Type Type
	// Entity is the entity whose id the parameter names (its Type is the
	// entity's IDType; a value that does not parse is a 404), or nil for a
	// custom endpoint's other parameters.
	Entity     *Entity `json:"-"`
	EntityName string  `json:",omitempty"`
	// Field is a custom endpoint's declared parameter, nil otherwise.
	Field *Field `json:"-"`
}

// Public reports whether a caller without credentials may use the route:
// every rule of Access is public.
func (r *Route) Public() bool {
	for _, a := range r.Access {
		if !a.Public {
			return false
		}
	}
	return true
}

// CRUDShape is the method and path shape of one CRUD operation.
type CRUDShape struct {
	Kind   OpKind
	Method string
	Item   bool // addresses one row: the entity's path + "/{id}"
}

// CRUDShapes are the five operations in the order entities list them.
func CRUDShapes() []CRUDShape {
	return []CRUDShape{
		{OpList, "GET", false},
		{OpGet, "GET", true},
		{OpCreate, "POST", false},
		{OpUpdate, "PATCH", true},
		{OpDelete, "DELETE", true},
	}
}

// FixedShape is a route whose path does not depend on the spec.
type FixedShape struct {
	Name   string
	Method string
	Path   string // relative to BasePath for auth routes; absolute for system routes
	Status int
}

// AuthShapes are the auth routes, present with an auth block.
func AuthShapes() []FixedShape {
	return []FixedShape{
		{"register", "POST", "/auth/register", 201},
		{"login", "POST", "/auth/login", 200},
		{"me", "GET", "/auth/me", 200},
	}
}

// SystemShapes are the routes every server has, outside BasePath.
func SystemShapes() []FixedShape {
	return []FixedShape{
		{"health", "GET", "/health", 200},
		{"ready", "GET", "/ready", 200},
		{"openapi", "GET", "/openapi.json", 200},
	}
}

// Readable reports whether r's sub-resource can be read: r is a hasMany,
// hasOne or manyToMany whose parent has a get operation and whose target
// has a list (get, for hasOne) operation.
func (r *Relation) Readable() bool {
	return r.Path != "" && r.ParentAccess != nil && r.TargetAccess != nil
}

// Linkable reports whether r's targets can be linked and unlinked: r is a
// manyToMany whose declaring entity has an update operation.
func (r *Relation) Linkable() bool {
	return r.Kind == ManyToMany && r.Path != "" && r.LinkParam != "" && r.LinkAccess != nil
}

// LinkPath is the link and unlink path of a manyToMany, relative to
// BasePath: Path + "/{" + LinkParam + "}".
func (r *Relation) LinkPath() string { return r.Path + "/{" + r.LinkParam + "}" }
