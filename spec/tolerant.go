package spec

import (
	"fmt"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/token"
)

// taint records what CUE rejected in a spec that has CUE errors, so that
// the rest can still be decoded and validated in the same run without
// follow-on errors. A value at a bad path (or below one) is unknown: the
// decoder leaves it zero, checks that would read it are skipped, and a
// semantic error reported at such a path is dropped. A struct holding a key
// CUE did not allow is open: the unknown key may be a misspelling of an
// option, so checks that complain about that option being absent are
// skipped too.
//
// A nil *taint is a spec without CUE errors: nothing is bad or open.
type taint struct {
	bad     map[string]bool     // paths CUE reported an error at
	badTree map[string]bool     // those paths and every ancestor of them
	open    map[string][]string // struct path -> keys in it that are not allowed
}

func pathKey(path []string) string { return strings.Join(path, "\x00") }

func newTaint(errs []*specError) *taint {
	t := &taint{bad: map[string]bool{}, badTree: map[string]bool{}, open: map[string][]string{}}
	for _, e := range errs {
		if e.msg == "field not allowed" && len(e.path) > 0 {
			parent := pathKey(e.path[:len(e.path)-1])
			t.open[parent] = append(t.open[parent], e.path[len(e.path)-1])
			continue
		}
		t.markBad(e.path)
	}
	return t
}

// markBad records that the value at path is unknown.
func (t *taint) markBad(path []string) {
	t.bad[pathKey(path)] = true
	for n := 0; n <= len(path); n++ {
		t.badTree[pathKey(path[:n])] = true
	}
}

// at reports whether the value at path is unknown: CUE rejected it or a
// value it is part of.
func (t *taint) at(path []string) bool {
	if t == nil {
		return false
	}
	for n := 0; n <= len(path); n++ {
		if t.bad[pathKey(path[:n])] {
			return true
		}
	}
	return false
}

// within reports whether anything at, above or below path is unknown.
func (t *taint) within(path []string) bool {
	return t != nil && (t.at(path) || t.badTree[pathKey(path)])
}

// misspelt reports whether the struct at path holds a key CUE did not
// allow that looks like a misspelling of one of names.
func (t *taint) misspelt(path []string, names ...string) bool {
	if t == nil {
		return false
	}
	for _, k := range t.open[pathKey(path)] {
		for _, n := range names {
			if similar(k, n) {
				return true
			}
		}
	}
	return false
}

// drop removes the errors reported at an unknown value: CUE's own error
// there is the one to fix.
func (t *taint) drop(errs []*specError) []*specError {
	var out []*specError
	for _, e := range errs {
		if !t.at(e.path) {
			out = append(out, e)
		}
	}
	return out
}

// similar says whether key a could be a misspelling of b: equal ignoring
// case and _ or -, one a prefix (of three letters or more) of the other,
// or one edit apart (two for keys longer than four letters).
func similar(a, b string) bool {
	norm := func(s string) string {
		return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(s))
	}
	a, b = norm(a), norm(b)
	short := min(len(a), len(b))
	if short == 0 {
		return false
	}
	if short >= 3 && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) {
		return true
	}
	if short <= 4 {
		return editDistance(a, b) <= 1
	}
	return editDistance(a, b) <= 2
}

// editDistance is the number of edits (insert, delete, substitute, swap
// two neighbours) between a and b, in bytes.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return 3 // long keys: only exact matches count
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// The checker's view of the taint, in terms of its locs.

// unknown reports whether the value at l, or at l's key (when given), is
// unknown.
func (c *checker) unknown(l loc, keys ...string) bool {
	if c.t == nil {
		return false
	}
	if len(keys) == 0 {
		return c.t.at(l.path)
	}
	for _, k := range keys {
		if c.t.at(l.key(k).path) {
			return true
		}
	}
	return false
}

// unsure reports whether option keys at l are unknown (a list or scalar
// with anything CUE rejected in it, a map CUE rejected as a whole) or may
// have been written under a misspelt key: a check that needs them is
// skipped.
func (c *checker) unsure(l loc, keys ...string) bool {
	if c.t == nil {
		return false
	}
	for _, k := range keys {
		p := l.key(k).path
		if c.t.at(p) || (!mapKeys[k] && c.t.within(p)) {
			return true
		}
	}
	return c.t.misspelt(l.path, keys...)
}

// mapKeys are the options holding maps of named members: a member CUE
// rejected does not make the set of names unknown.
var mapKeys = map[string]bool{
	"entities": true, "endpoints": true, "fields": true, "relations": true,
	"access": true, "params": true, "query": true, "body": true,
}

// fieldLoc is the place of field f of entity e.
func (c *checker) fieldLoc(e *Entity, f *Field) loc {
	return c.entityLoc(e).key("fields").node(f.Name, f.V, f.Pos)
}

// mayHold reports whether the map under option key of l may hold member
// name though it was not decoded: CUE rejected the map, or a misspelt key
// beside it holds name (or cannot be looked into).
func (c *checker) mayHold(l loc, key, name string) bool {
	if c.t == nil {
		return false
	}
	if c.t.at(l.key(key).path) {
		return true
	}
	for _, k := range c.t.open[pathKey(l.path)] {
		if !similar(k, key) {
			continue
		}
		if !l.v.Exists() {
			return true
		}
		v := l.v.LookupPath(cue.MakePath(cue.Str(k)))
		if _, err := v.Fields(); err != nil {
			return true
		}
		if v.LookupPath(cue.MakePath(cue.Str(name))).Exists() {
			return true
		}
	}
	return false
}

// mayBeField: e may have a field name that was not decoded.
func (c *checker) mayBeField(e *Entity, name string) bool {
	return c.mayHold(c.entityLoc(e), "fields", name)
}

// mayBeRelation: e may have a relation name that was not decoded.
func (c *checker) mayBeRelation(e *Entity, name string) bool {
	return c.mayHold(c.entityLoc(e), "relations", name)
}

// relationsUnsure: e's set of relations (or the kind or target of one) is
// not fully known.
func (c *checker) relationsUnsure(e *Entity) bool {
	if c.t == nil {
		return false
	}
	l := c.entityLoc(e)
	if c.unsure(l, "relations") {
		return true
	}
	for _, r := range e.Relations {
		if c.relationUnknown(e, r) {
			return true
		}
	}
	return false
}

// typeUnknown: the type of field f (at l) is not known.
func (c *checker) typeUnknown(l loc) bool {
	return c.unknown(l) || c.unsure(l, "type")
}

// noEntity reports whether name is surely not an entity.
func (c *checker) noEntity(name string) bool {
	return c.entities[name] == nil && !c.mayHold(rootLoc(c.s), "entities", name)
}

// relationUnknown: the kind or target of relation r of e is not known.
func (c *checker) relationUnknown(e *Entity, r *Relation) bool {
	if c.t == nil {
		return false
	}
	l := c.relationLoc(e, r)
	return c.unknown(l) || c.unknown(l, relationKinds[:]...) ||
		(r.Kind == "" && c.t.misspelt(l.path, relationKinds[:]...))
}

// entityUnknown: entity e's value was rejected as a whole.
func (c *checker) entityUnknown(e *Entity) bool {
	return c.unknown(c.entityLoc(e))
}

// authUnsure: whether there is an auth block (or what it says) is not
// known.
func (c *checker) authUnsure() bool {
	if c.t == nil {
		return false
	}
	root := rootLoc(c.s)
	if c.s.Auth == nil {
		return c.unsure(root, "auth")
	}
	return c.unknown(root, "auth")
}

// rolesUnsure: the roles (the values of the auth role field) are not known.
func (c *checker) rolesUnsure() bool {
	if c.t == nil || c.s.Auth == nil {
		return c.authUnsure()
	}
	a := c.s.Auth
	al := rootLoc(c.s).node("auth", a.V, a.Pos)
	if c.unknown(al) || c.unsure(al, "roleField", "entity") {
		return true
	}
	if a.RoleField == "" {
		return false
	}
	e := c.entities[a.Entity]
	if e == nil {
		return !c.noEntity(a.Entity)
	}
	if c.entityUnknown(e) {
		return true
	}
	f := e.field(a.RoleField)
	if f == nil {
		return c.mayBeField(e, a.RoleField)
	}
	fl := c.fieldLoc(e, f)
	return c.typeUnknown(fl) || c.unsure(fl, "values", "default")
}

// incompleteErrors lists the required fields not given and the values left
// incomplete below v (the user's value unified with #Spec). CUE's Validate
// drops such errors as soon as a value has another kind of error, so in a
// spec with both they would only show up in the next run.
func incompleteErrors(v, user cue.Value, start token.Pos) []*specError {
	at := func(p []string) token.Pos {
		if len(p) == 0 && start.IsValid() {
			return start
		}
		return nearestPos(user, p)
	}
	var out []*specError
	var walk func(x cue.Value, depth int)
	walk = func(x cue.Value, depth int) {
		if depth > 64 {
			return
		}
		k := x.IncompleteKind()
		if k == cue.BottomKind {
			// a struct holding an error is itself one; its members are
			// still there
			if _, err := x.Fields(); err == nil {
				k = cue.StructKind
			}
		}
		switch k {
		case cue.StructKind:
			it, err := x.Fields(cue.Optional(true))
			if err != nil {
				return
			}
			for it.Next() {
				sel := it.Selector()
				switch sel.ConstraintType() {
				case cue.OptionalConstraint:
					continue
				case cue.RequiredConstraint:
					p := cuePath(userPath(it.Value()))
					out = append(out, newError(at(p[:len(p)-1]), p, "field is required but not present"))
					continue
				}
				walk(it.Value(), depth+1)
			}
		case cue.ListKind:
			it, err := x.List()
			if err != nil {
				return
			}
			for it.Next() {
				walk(it.Value(), depth+1)
			}
		default:
			if x.Err() == nil && !x.IsConcrete() {
				p := cuePath(userPath(x))
				pos := x.Pos()
				if !pos.IsValid() || isSchemaFile(pos.Filename()) {
					pos = at(p)
				}
				out = append(out, newError(pos, p, fmt.Sprintf("incomplete value %v", x)))
			}
		}
	}
	walk(v, 0)
	return out
}

// newIncomplete is the errors of found at paths where CUE reported nothing.
func newIncomplete(reported, found []*specError) []*specError {
	seen := map[string]bool{}
	for _, e := range reported {
		seen[pathKey(e.path)] = true
	}
	var out []*specError
	for _, e := range found {
		if !seen[pathKey(e.path)] {
			out = append(out, e)
		}
	}
	return out
}
