// Package ir is bgen's target-neutral model of an API. Package ir/lower
// builds it from a validated spec.Spec, with every default applied and every derived
// fact (names, tables, columns, paths, inverse relations, join tables,
// request-body field sets, access rules per operation) computed once, so
// that emitters make no decisions that another emitter would have to repeat.
//
// The IR knows nothing of any target: no Python, TypeScript or Go names,
// no SQL dialect. Each emitter maps it to its own view model.
//
// The package holds types and pure helpers only; it imports neither the
// spec package nor CUE, so an emitter depends on the model alone.
//
// Pointers between IR nodes (Field.Relation, Relation.Target, ...) are
// tagged `json:"-"`; a name field beside each keeps `bgen ir` output a tree.
package ir

import "github.com/bgen-dev/bgen/naming"

// API is the whole lowered spec.
type API struct {
	Name         string // [a-z][a-z0-9_]*: packages, database, projects
	Title        string // default: Name
	Version      string // default "0.1.0"
	Description  string
	Targets      []string // default: fastapi, express, nestjs, go
	BasePath     string   // default "/api", no trailing slash
	DefaultLimit int      // default 20
	MaxLimit     int      // default 100
	CORSOrigins  []string // default none
	MaxBodyBytes int64    // default 1 MiB

	Auth      *Auth // nil without an auth block
	Entities  []*Entity
	Endpoints []*Endpoint

	// Routes is every route the server answers, in this order: each
	// entity's operations (list, get, create, update, delete) and then its
	// relations' routes (read, link, unlink), entity by entity in spec
	// order; the auth routes; the custom endpoints in spec order; the
	// system routes. Emitters, the OpenAPI document and the conformance
	// suite all route from this one list.
	Routes []*Route

	// Tables is the database schema in creation order: every entity's table
	// (in spec order), then every join table. One DDL model for every target;
	// the dialect mapping lives in emitters/ddl.
	Tables []*Table

	// Migrations is the schema's history, oldest first: the steps already
	// written (from the output directory's snapshots) and, when Tables
	// differ from the last one's, a new step (ir/migrate plans it). Lower
	// leaves it empty; a build without history gets one step creating
	// Tables.
	Migrations []*Migration `json:",omitempty"`
}

// Type is a field's type, as named in docs/spec.md.
type Type string

const (
	String   Type = "string"
	Text     Type = "text"
	Int      Type = "int"
	Float    Type = "float"
	Decimal  Type = "decimal"
	Bool     Type = "bool"
	Date     Type = "date"
	DateTime Type = "datetime"
	UUID     Type = "uuid"
	Email    Type = "email"
	URL      Type = "url"
	Enum     Type = "enum"
	JSON     Type = "json"
	Password Type = "password"
)

// IsString reports whether values of t travel as JSON strings and accept
// minLength/maxLength/pattern.
func (t Type) IsString() bool {
	switch t {
	case String, Text, Email, URL, Password:
		return true
	}
	return false
}

// FieldKind says where a field of a resource comes from.
type FieldKind string

const (
	KindID         FieldKind = "id"         // the primary key
	KindField      FieldKind = "field"      // declared under `fields`
	KindForeignKey FieldKind = "foreignKey" // <relation>Id of a belongsTo
	KindTimestamp  FieldKind = "timestamp"  // createdAt / updatedAt
)

// Entity is one entity with everything derived from it.
type Entity struct {
	Name        naming.Name // Name.Pascal() == "BlogPost"
	Plural      naming.Name // "BlogPosts"
	Description string
	IDType      Type   // Int or UUID
	Table       string // "blog_posts"
	Path        string // "/blog-posts", relative to API.BasePath
	Timestamps  bool
	RenamedFrom string
	// Pos is where the spec declares the entity: "file:line:col", the file
	// relative to the spec's directory ("api.cue:12:3"); "" for a spec not
	// loaded from files. Not in bgen ir's JSON, so that snapshots do not
	// depend on where the spec was loaded from. ir/migrate names it in the
	// changes it plans.
	Pos string `json:"-"`

	// Fields is every attribute in resource order: id, the declared fields
	// in spec order, <relation>Id for each belongsTo in spec order, then
	// createdAt and updatedAt. Password fields are included (they are
	// columns and request fields) but never in Read.
	Fields []*Field
	// Create, Update and Read are the request and response field sets,
	// each in resource order. Create holds what a create body may contain
	// (not readOnly, not id/timestamps, not the owner relation's key);
	// Update what an update body may contain (Create minus immutable);
	// Read what a response holds (Fields minus passwords).
	Create []*Field
	Update []*Field
	Read   []*Field

	Relations []*Relation
	// Owner is the belongsTo relation to the auth entity named by `owner`.
	Owner     *Relation `json:"-"`
	OwnerName string    `json:",omitempty"`

	// Operations holds the CRUD operations that exist, in the order
	// list, get, create, update, delete.
	Operations []*Operation
	List       ListOptions

	Indexes [][]*Field `json:"-"` // composite indexes, relations resolved to their key field
	Unique  [][]*Field `json:"-"` // composite unique constraints

	Schema *Table `json:"-"` // this entity's table, also in API.Tables
}

// Field is one attribute of a resource, or one parameter, query field or
// body field of a custom endpoint.
type Field struct {
	Name   string      // JSON name, verbatim from the spec: "createdAt"
	Ident  naming.Name // words of Name, for target identifiers
	Column string      // "created_at"; "" for endpoint params/query/body
	Kind   FieldKind
	Type   Type

	Description string
	Example     any `json:",omitempty"`

	Optional  bool // nullable; may be omitted on create
	Unique    bool
	Index     bool
	ReadOnly  bool
	Immutable bool
	// Required: must be given on create (not optional, no default, not
	// readOnly; never for id, timestamps or an owner's key). Path
	// parameters are always Required.
	Required bool
	Default  *Default

	Min, Max             *float64 // int, float, decimal
	MinLength, MaxLength *int     // string-like; string's MaxLength defaults to 255, email's to 254
	Pattern              string
	Values               []string // enum
	Precision, Scale     int      // decimal; defaults 18 and 2

	RenamedFrom string `json:",omitempty"`
	// Pos is where the spec declares the field (for a foreign key, its
	// relation; for id and the timestamps, the entity), as Entity.Pos.
	Pos string `json:"-"`

	// ForeignKey is the name of the foreign key constraint on a
	// KindForeignKey field's column ("fk_posts_author_id").
	ForeignKey string `json:",omitempty"`

	// Relation is the belongsTo that a KindForeignKey field belongs to.
	Relation     *Relation `json:"-"`
	RelationName string    `json:",omitempty"`
}

// DefaultKind says how a default value is produced.
type DefaultKind string

const (
	DefaultLiteral DefaultKind = "literal" // Value holds it
	DefaultNow     DefaultKind = "now"     // datetime: the current time
	DefaultUUID    DefaultKind = "uuid"    // uuid: a new random (v4) UUID
)

// Default is a field's default.
type Default struct {
	Kind DefaultKind
	// Value is the literal as it travels in JSON: string (also for decimal,
	// date, datetime, uuid, enum), int64, float64, bool, or any JSON value
	// for json fields. Decimals are normalised to exactly Scale decimals.
	Value any `json:",omitempty"`
}

// RelationKind is one of the four relation kinds.
type RelationKind string

const (
	BelongsTo  RelationKind = "belongsTo"
	HasMany    RelationKind = "hasMany"
	HasOne     RelationKind = "hasOne"
	ManyToMany RelationKind = "manyToMany"
)

// OnDelete is a belongsTo's referential action.
type OnDelete string

const (
	Restrict OnDelete = "restrict"
	Cascade  OnDelete = "cascade"
	SetNull  OnDelete = "setNull"
)

// Relation is one relation of an entity.
type Relation struct {
	Name   string      // "author", as in the spec
	Ident  naming.Name // words of Name
	Kind   RelationKind
	Entity *Entity `json:"-"` // the entity that declares it
	Target *Entity `json:"-"`
	// TargetName is Target.Name.Pascal(), for bgen ir output.
	TargetName string

	// belongsTo
	Optional bool
	OnDelete OnDelete `json:",omitempty"`
	Key      *Field   `json:"-"` // the KindForeignKey field "authorId"

	// hasMany, hasOne: the belongsTo on Target that points back (via).
	// belongsTo: the hasMany or hasOne on Target declared as its inverse,
	// if any. manyToMany: the manyToMany on Target sharing the join table,
	// if any.
	Inverse     *Relation `json:"-"`
	InverseName string    `json:",omitempty"`

	// manyToMany
	Join *JoinTable `json:",omitempty"`

	// Pos is where the spec declares the relation, as Entity.Pos.
	Pos string `json:"-"`

	// Path is the sub-resource path relative to API.BasePath:
	// "/users/{id}/posts" (hasMany, manyToMany), "/users/{id}/profile"
	// (hasOne); "" for belongsTo. Link and unlink of a manyToMany live at
	// Path + "/{" + LinkParam + "}".
	Path      string `json:",omitempty"`
	LinkParam string `json:",omitempty"` // "tagId"
	// Access for reading the sub-resource: both must hold. Parent is the
	// declaring entity's get rule; Target is the target's list rule
	// (get rule for hasOne). Link and unlink use the declaring entity's
	// update rule (LinkAccess). A nil rule means the operation does not
	// exist on that entity, and the sub-resource is not routed.
	ParentAccess *Rule `json:",omitempty"`
	TargetAccess *Rule `json:",omitempty"`
	LinkAccess   *Rule `json:",omitempty"`
}

// JoinTable is the table behind a manyToMany relation. Deleting a row on
// either side removes its links (ON DELETE CASCADE on both keys). The two
// sides of a mutual manyToMany name the same table (created once, in
// API.Tables); the later side's JoinTable has Left and Right swapped, so
// that Left is always the declaring entity's column.
type JoinTable struct {
	Table       string // "post_tags" or, by default, the two tables sorted and joined by "_"
	Left        string // column referencing the declaring entity: "post_id"
	Right       string // column referencing the target: "tag_id"
	LeftEntity  string // entity names, for bgen ir output
	RightEntity string
}

// OpKind is one of the five CRUD operations.
type OpKind string

const (
	OpList   OpKind = "list"
	OpGet    OpKind = "get"
	OpCreate OpKind = "create"
	OpUpdate OpKind = "update"
	OpDelete OpKind = "delete"
)

// Operation is one routed CRUD operation of an entity.
type Operation struct {
	Kind   OpKind
	Method string // GET, POST, PATCH, DELETE
	Path   string // relative to API.BasePath: "/posts" or "/posts/{id}"
	Access Rule
}

// Rule is an access rule: any of the alternatives grants access.
type Rule struct {
	Public        bool     `json:",omitempty"`
	Authenticated bool     `json:",omitempty"`
	Owner         bool     `json:",omitempty"`
	Roles         []string `json:",omitempty"` // values of the auth role field, spec order
}

// ListOptions is an entity's list behaviour, names resolved to fields.
type ListOptions struct {
	Filters []*Filter
	// Sort holds the fields a client may sort by: id, createdAt (with
	// timestamps), then list.sort in spec order, without duplicates.
	Sort      []*Field `json:"-"`
	SortNames []string
	// Search holds the string-like fields that ?q= matches.
	Search      []*Field `json:"-"`
	SearchNames []string
	DefaultSort []SortKey // default: id ascending
}

// Filter is one filterable name of a list.
type Filter struct {
	// Param is the query name: the field's name, or for a belongsTo the
	// relation's name ("author=7" filters on authorId).
	Param     string
	Field     *Field `json:"-"`
	FieldName string
	// Ops are the operators allowed besides plain equality, in this order
	// when present: ne, gt, gte, lt, lte, in, contains, isNull.
	// eq, ne and in: every filterable type (not json, not password);
	// gt, gte, lt, lte: int, float, decimal, date, datetime;
	// contains: string, text, email, url; isNull: optional fields only.
	Ops []string
}

// SortKey is one term of a sort: a field, descending or not.
type SortKey struct {
	Field string // JSON name
	Desc  bool
}

// Auth is the lowered auth block.
type Auth struct {
	Entity     *Entity `json:"-"`
	EntityName string
	Identity   *Field `json:"-"`
	Password   *Field `json:"-"`
	RoleField  *Field `json:"-"` // nil without roleField
	// Roles are the role field's enum values, in spec order.
	Roles []string `json:",omitempty"`
	// TokenTTLSeconds is tokenTTL in whole seconds (default 86400).
	TokenTTLSeconds int64
	// Register is the register body: the auth entity's Create fields minus
	// the role field.
	Register []*Field `json:"-"`

	IdentityName, PasswordName, RoleFieldName string
}

// ResponseKind is what a custom endpoint answers with.
type ResponseKind string

const (
	ResponseNone   ResponseKind = "none"   // no body, status 204 by default
	ResponseEntity ResponseKind = "entity" // one resource of Entity
	ResponseList   ResponseKind = "list"   // a JSON array of resources of Entity
	ResponseFields ResponseKind = "fields" // an object of Fields
)

// Endpoint is one custom endpoint.
type Endpoint struct {
	Name    string      // "publishPost"
	Ident   naming.Name // words of Name
	Method  string      // GET POST PUT PATCH DELETE
	Path    string      // relative to API.BasePath: "/posts/{id}/publish"
	Summary string
	Params  []*Field // path parameters, in the order they appear in Path
	Query   []*Field
	Body    []*Field // nil: no request body
	Status  int      // default 200, or 204 with ResponseNone
	Access  Rule
	// Entity is the entity whose row {id} names (for an owner rule).
	Entity     *Entity `json:"-"`
	EntityName string  `json:",omitempty"`
	// EntityParam is the path parameter that names Entity's row: {id}, or
	// else the first parameter; nil without Entity or parameters.
	EntityParam     *Field `json:"-"`
	EntityParamName string `json:",omitempty"`

	Response ResponseKind
	// ResponseEntity is set for ResponseEntity and ResponseList.
	ResponseEntity     *Entity  `json:"-"`
	ResponseEntityName string   `json:",omitempty"`
	ResponseFields     []*Field `json:",omitempty"`
}

// Table is one database table: the single DDL model every target's
// migrations are written from.
type Table struct {
	Name   string
	Entity string `json:",omitempty"` // "" for join tables
	// RenamedFrom is the table the entity's `renamedFrom` names, by its
	// default name ("articles" for renamedFrom: "Article"), and
	// RenamedFromEntity the entity name as written; ir/migrate finds the
	// old table by either (docs/spec.md, "Migrations and renames").
	RenamedFrom       string `json:",omitempty"`
	RenamedFromEntity string `json:",omitempty"`
	// Pos is where the spec declares the table's entity (for a join
	// table, the manyToMany relation), as Entity.Pos.
	Pos         string `json:"-"`
	Columns     []*Column
	PrimaryKey  []string
	Uniques     []Constraint // `unique: true` fields, FK columns a hasOne makes one-to-one, then composite `unique`
	Indexes     []Constraint // FK indexes, `index: true` fields, composite `indexes`
	ForeignKeys []ForeignKey
	Checks      []Check // enum CHECKs
}

// Column is one column of a table.
type Column struct {
	Name          string
	Type          Type // the field type; dialects map it (emitters/ddl)
	Length        int  `json:",omitempty"` // varchar length (string, email, enum, password on postgres)
	Precision     int  `json:",omitempty"` // decimal
	Scale         int  `json:",omitempty"`
	Nullable      bool
	AutoIncrement bool     `json:",omitempty"` // int primary key
	Default       *Default `json:",omitempty"` // literal defaults only; now/uuid are set by the app
	RenamedFrom   string   `json:",omitempty"`
	// Pos is the position of the column's field, as Field.Pos.
	Pos string `json:"-"`
}

// Constraint is a named set of columns. Names are deterministic:
// uq_<table>_<cols>, ix_<table>_<cols>, joined by "_".
type Constraint struct {
	Name    string
	Columns []string
	// Fields are the JSON names of the entity fields the columns hold, in
	// resource order (the order errors list them); nil on join tables.
	Fields []string `json:",omitempty"`
}

// ForeignKey references another table's primary key.
type ForeignKey struct {
	Name       string // fk_<table>_<column>
	Columns    []string
	RefTable   string
	RefColumns []string
	OnDelete   OnDelete
}

// Check is an enum CHECK constraint: Column IN (Values).
type Check struct {
	Name   string // ck_<table>_<column>
	Column string
	Values []string
}
