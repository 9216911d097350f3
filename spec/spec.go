// Package spec loads a user's CUE spec, unifies it with bgen's embedded
// schema (#Spec), decodes the evaluated result into the types below and
// validates everything CUE alone cannot say. Every error carries the user's
// file:line:col.
//
// The types here are the spec as written: options the user did not give are
// zero (or nil for pointers), defaults are applied by lower.Lower. Maps of the
// spec (entities, fields, relations, endpoints, ...) become slices in source
// order, which CUE preserves.
package spec

import (
	"cuelang.org/go/cue"
	"cuelang.org/go/cue/token"
)

// Spec is one evaluated spec.
type Spec struct {
	Name        string
	Title       string // "" when not given
	Version     string // "" when not given
	Description string
	Targets     []string // nil when not given
	API         API
	Auth        *Auth // nil when there is no auth block
	Entities    []*Entity
	Endpoints   []*Endpoint

	Pos token.Pos // position of the spec (first file)
	V   cue.Value `json:"-"` // the evaluated root, for positions of any key
}

// API is the `api` block.
type API struct {
	BasePath     *string
	DefaultLimit *int
	MaxLimit     *int
	CORSOrigins  []string // nil when not given
	MaxBodyBytes *int64
}

// Auth is the `auth` block.
type Auth struct {
	Entity    string
	Identity  string
	Password  string
	RoleField string // "" when not given
	TokenTTL  string // "" when not given; Go duration syntax

	Pos token.Pos
	V   cue.Value `json:"-"`
}

// Entity is one value of `entities`.
type Entity struct {
	Name        string
	Description string
	ID          string // "", "int" or "uuid"
	Table       string
	Path        string
	Timestamps  *bool
	RenamedFrom string
	Fields      []*Field
	Relations   []*Relation
	Indexes     [][]string
	Unique      [][]string
	Operations  []string // nil when not given
	List        *List    // nil when not given
	Access      []*Access
	Owner       string

	Pos token.Pos
	V   cue.Value `json:"-"`
}

// List is an entity's `list` block.
type List struct {
	Filter      []string
	Sort        []string
	Search      []string
	DefaultSort string
}

// Access is one operation's rule: `create: "authenticated"` or
// `delete: ["owner", "admin"]`. A single string becomes a one-element Rules.
type Access struct {
	Operation string
	Rules     []string
	Pos       token.Pos
}

// Field is one value of `fields` (also used for endpoint params, query and
// body). The shorthand `body: "text"` decodes to Field{Type: "text"}.
type Field struct {
	Name        string
	Type        string
	Optional    bool
	Unique      bool
	Index       bool
	ReadOnly    bool
	Immutable   bool
	Default     *Literal
	Min         *float64
	Max         *float64
	MinLength   *int
	MaxLength   *int
	Pattern     string
	Values      []string
	Precision   *int
	Scale       *int
	Description string
	Example     *Literal
	RenamedFrom string

	Pos token.Pos
	V   cue.Value `json:"-"`
}

// Literal is a concrete CUE value given as a default or example.
// Go holds string, int64, float64, bool, nil, []any or map[string]any
// (the last three only for json fields).
type Literal struct {
	Go  any
	Pos token.Pos
}

// Relation is one value of `relations`.
type Relation struct {
	Name     string
	Kind     string // "belongsTo", "hasMany", "hasOne" or "manyToMany"
	Target   string // the entity named by the kind's key
	Optional bool   // belongsTo only
	OnDelete string // "" when not given
	Via      string // hasMany / hasOne, "" when not given
	Through  string // manyToMany, "" when not given

	Pos token.Pos
	V   cue.Value `json:"-"`
}

// Endpoint is one value of `endpoints`.
type Endpoint struct {
	Name     string
	Method   string
	Path     string
	Summary  string
	Params   []*Field
	Query    []*Field
	Body     []*Field
	Response *Response // nil: no response (204)
	Status   *int
	Access   *Access // Operation is "" here; nil when not given
	Entity   string

	Pos token.Pos
	V   cue.Value `json:"-"`
}

// Response is an endpoint's `response`: exactly one of the three is set.
type Response struct {
	Entity string
	List   string
	Fields []*Field
	Pos    token.Pos
}

// The functions below are the package's API; load.go and validate.go
// implement them.
//
//	Load(paths []string) (*Spec, error)          files of one CUE package; all errors at once
//	LoadSource(filename string, src []byte) (*Spec, error)  the same, from memory (tests, fuzzing)
//	Validate(s *Spec) error                      every cross-reference and semantic rule of docs/spec.md
//	FormatErrors(w io.Writer, err error, cwd string)  "file:line:col: message" lines, paths relative to cwd
//	Schema() []byte                              the embedded #Spec schema source
//	ModuleFiles(module string) map[string][]byte the cue.mod/ files `bgen init` writes
