package spec

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/token"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
)

// Validate checks everything about s that the schema cannot say: names,
// cross-references, option placement, defaults, access rules and route
// conflicts. The error holds every problem found, sorted by position.
// lower.Lower relies on a spec that passed Validate.
func Validate(s *Spec) error {
	if s == nil {
		return errors.Newf(token.NoPos, "no spec to validate")
	}
	c := &checker{s: s, entities: map[string]*Entity{}}
	c.run()
	return sortErrors(c.errs)
}

// checker collects the problems of one spec.
type checker struct {
	s        *Spec
	entities map[string]*Entity // by name, first declaration wins
	errs     []*specError
	t        *taint // what CUE rejected, when validating a spec with CUE errors
}

// loc is a place in the spec: its path for messages, its value (when the
// spec was loaded) for positions of keys below it, and its own position.
type loc struct {
	path []string
	v    cue.Value
	pos  token.Pos
}

func rootLoc(s *Spec) loc { return loc{v: s.V, pos: s.Pos} }

// key is the place of option name below l; its position falls back to l's
// when the option is not written (a default, or a hand-built spec).
func (l loc) key(name string) loc {
	n := loc{path: append(slices.Clip(l.path), name), pos: l.pos}
	if l.v.Exists() {
		if x := l.v.LookupPath(cue.MakePath(cue.Str(name))); x.Exists() {
			n.v = x
			if p := x.Pos(); p.IsValid() && !isSchemaFile(p.Filename()) {
				n.pos = p
			}
		}
	}
	return n
}

// idx is the place of element i of the list at l.
func (l loc) idx(i int) loc {
	n := loc{path: append(slices.Clip(l.path), "["+strconv.Itoa(i)+"]"), pos: l.pos}
	if l.v.Exists() {
		if x := l.v.LookupPath(cue.MakePath(cue.Index(i))); x.Exists() {
			n.v = x
			if p := x.Pos(); p.IsValid() && !isSchemaFile(p.Filename()) {
				n.pos = p
			}
		}
	}
	return n
}

// has reports whether option name is written at l.
func (l loc) has(name string) bool {
	return l.v.Exists() && l.v.LookupPath(cue.MakePath(cue.Str(name))).Exists()
}

// node is the place of a decoded node with its own value and position.
func (l loc) node(name string, v cue.Value, pos token.Pos) loc {
	n := l.key(name)
	if v.Exists() {
		n.v = v
	}
	if pos.IsValid() && !isSchemaFile(pos.Filename()) {
		n.pos = pos
	}
	return n
}

func (c *checker) errorf(l loc, format string, args ...any) {
	c.errs = append(c.errs, newError(l.pos, l.path, fmt.Sprintf(format, args...)))
}

var (
	specNameRE   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	entityNameRE = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	memberNameRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`) // fields, relations, endpoints, params
	tableRE      = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	entityPathRE = regexp.MustCompile(`^/[a-z0-9][a-z0-9-]*$`)
	basePathRE   = regexp.MustCompile(`^(/[a-z0-9._~-]+)+$`)
	segmentRE    = regexp.MustCompile(`^[a-z0-9._~-]+$`)
	semverRE     = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-((0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?$`)
	originRE     = regexp.MustCompile(`^https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$`)
)

var (
	operations = crudNames()
	methods    = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
)

// Defaults the checks need; lower.Lower applies the same ones.
const (
	defaultLimit     = 20
	defaultMaxLimit  = 100
	defaultPrecision = 18
	defaultScale     = 2
)

func (c *checker) run() {
	s := c.s
	root := rootLoc(s)
	c.top(root)
	for _, e := range s.Entities {
		if _, dup := c.entities[e.Name]; !dup {
			c.entities[e.Name] = e
		}
	}
	c.entityNames(root)
	for _, e := range s.Entities {
		c.entity(e)
	}
	c.tables(root)
	c.auth(root)
	for _, e := range s.Entities {
		c.access(e)
	}
	c.endpoints(root)
	c.routes(root)
}

func (c *checker) top(root loc) {
	s := c.s
	if !specNameRE.MatchString(s.Name) {
		c.errorf(root.key("name"), "%q is not a valid name: want lower case letters, digits and _, starting with a letter", s.Name)
	}
	if root.has("version") || s.Version != "" {
		if !semverRE.MatchString(s.Version) {
			c.errorf(root.key("version"), "%q is not a semantic version (like 1.0.0)", s.Version)
		}
	}
	targets := root.key("targets")
	seen := map[string]bool{}
	for i, t := range s.Targets {
		switch {
		case !slices.Contains(ir.KnownTargets(), t):
			c.errorf(targets.idx(i), "unknown target %q: want one of %s", t, strings.Join(ir.KnownTargets(), ", "))
		case seen[t]:
			c.errorf(targets.idx(i), "target %q is listed twice", t)
		}
		seen[t] = true
	}
	api := root.key("api")
	if p := s.API.BasePath; p != nil && *p != "" && !basePathRE.MatchString(*p) {
		c.errorf(api.key("basePath"), "%q is not a valid base path: want \"\" or segments like /api or /api/v1 (lower case, no trailing slash)", *p)
	}
	pag := api.key("pagination")
	def, max := defaultLimit, defaultMaxLimit
	if s.API.DefaultLimit != nil {
		def = *s.API.DefaultLimit
		if def < 1 {
			c.errorf(pag.key("defaultLimit"), "defaultLimit must be at least 1, got %d", def)
		}
	}
	if s.API.MaxLimit != nil {
		max = *s.API.MaxLimit
		if max < 1 {
			c.errorf(pag.key("maxLimit"), "maxLimit must be at least 1, got %d", max)
		}
	}
	if def >= 1 && max >= 1 && def > max && !c.unsure(pag, "defaultLimit", "maxLimit") {
		l := pag.key("defaultLimit")
		if s.API.DefaultLimit == nil {
			l = pag.key("maxLimit")
		}
		c.errorf(l, "defaultLimit (%d) is greater than maxLimit (%d)", def, max)
	}
	if b := s.API.MaxBodyBytes; b != nil && *b <= 0 {
		c.errorf(api.key("maxBodyBytes"), "maxBodyBytes must be greater than 0, got %d", *b)
	}
	origins := api.key("cors").key("origins")
	seenOrigin := map[string]bool{}
	for i, o := range s.API.CORSOrigins {
		switch {
		case o != "*" && !validOrigin(o):
			c.errorf(origins.idx(i), "%q is not an origin: want \"*\" or scheme://host[:port] (http or https, lower case, no path)", o)
		case seenOrigin[o]:
			c.errorf(origins.idx(i), "origin %q is listed twice", o)
		}
		seenOrigin[o] = true
	}
	if len(s.Entities) == 0 {
		c.errorf(root.key("entities"), "a spec needs at least one entity")
	}
}

func validOrigin(o string) bool {
	m := originRE.FindStringSubmatch(o)
	if m == nil {
		return false
	}
	if port := strings.TrimPrefix(m[len(m)-1], ":"); port != "" {
		n, err := strconv.Atoi(port)
		return err == nil && n >= 1 && n <= 65535
	}
	return true
}

// snake is a name's snake_case form, used to find names that would collide
// once a target converts them.
func snake(name string) string { return naming.Split(name).Snake() }

// entityNames checks entity names and their collisions after conversion.
func (c *checker) entityNames(root loc) {
	ents := root.key("entities")
	bySnake := map[string]string{}
	for _, e := range c.s.Entities {
		l := ents.node(e.Name, e.V, e.Pos)
		if !entityNameRE.MatchString(e.Name) {
			c.errorf(l, "%q is not a valid entity name: want PascalCase (like BlogPost)", e.Name)
			continue
		}
		sn := snake(e.Name)
		if other, ok := bySnake[sn]; ok {
			c.errorf(l, "entity %s collides with entity %s after case conversion (both are %s)", e.Name, other, sn)
			continue
		}
		bySnake[sn] = e.Name
	}
}

// entityLoc is the place of entity e.
func (c *checker) entityLoc(e *Entity) loc {
	return rootLoc(c.s).key("entities").node(e.Name, e.V, e.Pos)
}

// table and path are e's table and path, defaults applied as lower.Lower does.
func table(e *Entity) string {
	if e.Table != "" {
		return e.Table
	}
	return naming.Split(e.Name).Plural().Snake()
}

func entityPath(e *Entity) string {
	if e.Path != "" {
		return e.Path
	}
	return "/" + naming.Split(e.Name).Plural().Kebab()
}

func timestamps(e *Entity) bool { return e.Timestamps == nil || *e.Timestamps }

func hasOp(e *Entity, op string) bool {
	return e.Operations == nil || slices.Contains(e.Operations, op)
}

func (e *Entity) field(name string) *Field {
	for _, f := range e.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func (e *Entity) relation(name string) *Relation {
	for _, r := range e.Relations {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// joinTable is the join table of manyToMany r declared on e (lower.Lower's
// rule: through, or both tables sorted and joined by "_").
func (c *checker) joinTable(e *Entity, r *Relation) string {
	if r.Through != "" {
		return r.Through
	}
	t := c.entities[r.Target]
	if t == nil {
		return ""
	}
	names := []string{table(e), table(t)}
	slices.Sort(names)
	return strings.Join(names, "_")
}

// tables checks that entity tables, join tables and paths are unique, and
// that two manyToMany relations sharing a join table are each other's
// inverse.
func (c *checker) tables(root loc) {
	type owner struct {
		what string
		e    *Entity
		r    *Relation
	}
	byTable := map[string]owner{}
	byPath := map[string]string{}
	for _, e := range c.s.Entities {
		l := c.entityLoc(e)
		t := table(e)
		switch prev, ok := byTable[t]; {
		case c.unsure(l, "table"):
			// not known
		case ok && tableRE.MatchString(t):
			c.errorf(l.key("table"), "entities %s and %s share the table %q", prev.e.Name, e.Name, t)
		default:
			byTable[t] = owner{what: "entity", e: e}
		}
		p := entityPath(e)
		switch prev, ok := byPath[p]; {
		case c.unsure(l, "path"):
		case ok && entityPathRE.MatchString(p):
			c.errorf(l.key("path"), "entities %s and %s share the path %q", prev, e.Name, p)
		default:
			byPath[p] = e.Name
		}
	}
	joins := map[string][]owner{}
	var order []string
	for _, e := range c.s.Entities {
		for _, r := range e.Relations {
			if r.Kind != "manyToMany" || c.entities[r.Target] == nil {
				continue
			}
			if c.relationUnknown(e, r) || c.unsure(c.relationLoc(e, r), "through") ||
				(r.Through == "" && (c.unsure(c.entityLoc(e), "table") || c.unsure(c.entityLoc(c.entities[r.Target]), "table"))) {
				continue
			}
			j := c.joinTable(e, r)
			if j == "" || !tableRE.MatchString(j) {
				continue
			}
			if _, ok := joins[j]; !ok {
				order = append(order, j)
			}
			joins[j] = append(joins[j], owner{what: "relation", e: e, r: r})
		}
	}
	for _, j := range order {
		rels := joins[j]
		first := rels[0]
		l := c.relationLoc(first.e, first.r)
		if prev, ok := byTable[j]; ok {
			c.errorf(l.key(first.r.Kind), "the join table %q of %s.%s is the table of entity %s; give another name with through", j, first.e.Name, first.r.Name, prev.e.Name)
			continue
		}
		switch {
		case len(rels) == 1:
		case len(rels) == 2 && rels[0].e != rels[1].e &&
			rels[0].r.Target == rels[1].e.Name && rels[1].r.Target == rels[0].e.Name:
			// mutual inverses: Post.tags and Tag.posts
		case len(rels) == 2:
			o := rels[1]
			c.errorf(c.relationLoc(o.e, o.r).key(o.r.Kind),
				"%s.%s and %s.%s resolve to the same join table %q but are not each other's inverse; name the join table with through",
				first.e.Name, first.r.Name, o.e.Name, o.r.Name, j)
		default:
			var names []string
			for _, o := range rels {
				names = append(names, o.e.Name+"."+o.r.Name)
			}
			for _, o := range rels[1:] {
				c.errorf(c.relationLoc(o.e, o.r).key(o.r.Kind),
					"%d manyToMany relations resolve to the join table %q (%s); only a relation and its inverse may share one: name the others' join tables with through",
					len(rels), j, strings.Join(names, ", "))
			}
		}
	}
}

func kebab(name string) string { return naming.Split(name).Kebab() }

func cuePathIndex(i int) cue.Path { return cue.MakePath(cue.Index(i)) }

// crudNames are the operation names, in the IR's order.
func crudNames() []string {
	var names []string
	for _, op := range ir.CRUDShapes() {
		names = append(names, string(op.Kind))
	}
	return names
}
