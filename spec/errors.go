package spec

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/token"
)

// specError is one problem in a spec: where it is in the user's files,
// the spec path it concerns, and what is wrong.
type specError struct {
	pos  token.Pos
	path []string
	msg  string
}

var _ errors.Error = (*specError)(nil)

func newError(pos token.Pos, path []string, msg string) *specError {
	return &specError{pos: pos, path: path, msg: msg}
}

func (e *specError) Position() token.Pos         { return e.pos }
func (e *specError) InputPositions() []token.Pos { return nil }
func (e *specError) Path() []string              { return e.path }
func (e *specError) Msg() (string, []any)        { return "%s", []any{e.message()} }
func (e *specError) Error() string               { return e.message() }

// message is the error text with the spec path in front, when there is one.
func (e *specError) message() string {
	if len(e.path) == 0 {
		return e.msg
	}
	return pathString(e.path) + ": " + e.msg
}

// pathString joins labels with dots, quoting those that are not identifiers.
func pathString(path []string) string {
	var b strings.Builder
	for i, p := range path {
		switch {
		case strings.HasPrefix(p, "["):
			b.WriteString(p)
			continue
		case i > 0:
			b.WriteByte('.')
		}
		if ast.IsValidIdent(p) {
			b.WriteString(p)
		} else {
			fmt.Fprintf(&b, "%q", p)
		}
	}
	return b.String()
}

// userPath is the path of v from the spec's root, as the user wrote it.
func userPath(v cue.Value) []string {
	var out []string
	for _, s := range v.Path().Selectors() {
		switch s.LabelType() {
		case cue.StringLabel:
			out = append(out, s.Unquoted())
		case cue.IndexLabel:
			out = append(out, "["+s.String()+"]")
		default:
			out = append(out, s.String())
		}
	}
	return out
}

// cuePath rewrites a CUE error path (`#Spec.entities.Post`) to the user's
// (`entities.Post`), unquoting labels and dropping the schema's definition.
func cuePath(path []string) []string {
	if len(path) > 0 && path[0] == "#Spec" {
		path = path[1:]
	}
	out := make([]string, len(path))
	for i, p := range path {
		if strings.HasPrefix(p, `"`) {
			if u, err := unquote(p); err == nil {
				p = u
			}
		} else if _, err := strconv.Atoi(p); err == nil {
			p = "[" + p + "]"
		}
		out[i] = p
	}
	return out
}

func unquote(s string) (string, error) {
	var u string
	_, err := fmt.Sscanf(s, "%q", &u)
	return u, err
}

// sanitize turns CUE's errors into specErrors at the user's positions:
// paths without #Spec, the user's file first and the schema's positions
// dropped, the noise of failed disjunctions folded into one message, sorted
// and deduplicated.
func sanitize(err error, files map[string]bool, user cue.Value) error {
	return sortErrors(sanitizeList(err, files, user))
}

// sanitizeList is sanitize before sorting.
func sanitizeList(err error, files map[string]bool, user cue.Value) []*specError {
	var errs []*specError
	for _, e := range errors.Errors(err) {
		if se, ok := e.(*specError); ok {
			errs = append(errs, se)
			continue
		}
		format, args := e.Msg()
		if strings.HasPrefix(format, "%d errors in empty disjunction") {
			continue
		}
		path := cuePath(e.Path())
		msg := fmt.Sprintf(format, args...)
		if msg == "" {
			msg = e.Error()
		}
		if msg == "" {
			msg = err.Error()
		}
		msg = strings.ReplaceAll(msg, "#Spec.", "")
		if strings.HasPrefix(format, "conflicting values %s and %s (mismatched types %s and %s)") && len(args) == 4 {
			msg = mismatch(user, path, fmt.Sprint(args[2]), fmt.Sprint(args[3]))
		}
		pos := userPos(e, files)
		if !pos.IsValid() {
			pos = nearestPos(user, path)
		}
		errs = append(errs, newError(pos, path, msg))
	}
	errs = foldMismatches(errs)
	return dropBelowNotAllowed(errs)
}

// nearestPos is the position of the deepest value along path that the
// user wrote: a missing required field is reported at its parent.
func nearestPos(user cue.Value, path []string) token.Pos {
	if !user.Exists() {
		return token.NoPos
	}
	for n := len(path); n >= 0; n-- {
		v := user.LookupPath(userSelPath(path[:n]))
		if !v.Exists() {
			continue
		}
		if p := v.Pos(); p.IsValid() {
			return p
		}
	}
	return token.NoPos
}

// userSelPath turns a user path back into a cue.Path.
func userSelPath(path []string) cue.Path {
	sels := make([]cue.Selector, len(path))
	for i, p := range path {
		if n, err := strconv.Atoi(strings.Trim(p, "[]")); err == nil && strings.HasPrefix(p, "[") {
			sels[i] = cue.Index(n)
		} else {
			sels[i] = cue.Str(p)
		}
	}
	return cue.MakePath(sels...)
}

// dropBelowNotAllowed drops errors inside a key that is itself not allowed:
// the unknown key is the one thing to fix.
func dropBelowNotAllowed(errs []*specError) []*specError {
	var out []*specError
	for _, e := range errs {
		below := false
		for _, o := range errs {
			if o.msg == "field not allowed" && len(e.path) > len(o.path) && slices.Equal(e.path[:len(o.path)], o.path) {
				below = true
				break
			}
		}
		if !below {
			out = append(out, e)
		}
	}
	return out
}

const mismatchPrefix = "mismatched types: got "

// mismatch says which kind the user gave and which the schema wants.
func mismatch(user cue.Value, path []string, a, b string) string {
	got, want := a, b
	if user.Exists() {
		if v := user.LookupPath(userSelPath(path)); v.Exists() && v.IncompleteKind().String() == b {
			got, want = b, a
		}
	}
	return mismatchPrefix + got + ", want " + want
}

// foldMismatches merges the type mismatches of one disjunction into one
// error ("got int, want string or list") and drops them entirely when a
// deeper error explains the failure (an unknown key in the struct form).
func foldMismatches(errs []*specError) []*specError {
	var out []*specError
	merged := map[string]*specError{}
	for _, e := range errs {
		if !strings.HasPrefix(e.msg, mismatchPrefix) {
			out = append(out, e)
			continue
		}
		if hasDeeper(errs, e.path) || hasOther(errs, e.path) {
			continue
		}
		key := pathString(e.path)
		if m, ok := merged[key]; ok {
			want := e.msg[strings.Index(e.msg, ", want ")+len(", want "):]
			if !strings.Contains(m.msg, want) {
				m.msg += " or " + want
			}
			continue
		}
		c := *e
		merged[key] = &c
		out = append(out, &c)
	}
	return out
}

// hasOther reports whether an error other than a type mismatch is at path
// (a conflict between the user's own values explains the mismatch with the
// other branch of a disjunction).
func hasOther(errs []*specError, path []string) bool {
	for _, e := range errs {
		if slices.Equal(e.path, path) && !strings.HasPrefix(e.msg, mismatchPrefix) {
			return true
		}
	}
	return false
}

func hasDeeper(errs []*specError, path []string) bool {
	for _, e := range errs {
		if len(e.path) > len(path) && slices.Equal(e.path[:len(path)], path) {
			return true
		}
	}
	return false
}

// userPos picks the error's first position in one of the user's files;
// positions in bgen's schema (embedded or under cue.mod) are never shown.
func userPos(e errors.Error, files map[string]bool) token.Pos {
	all := append([]token.Pos{e.Position()}, e.InputPositions()...)
	for _, p := range all {
		if p.IsValid() && files[p.Filename()] {
			return p
		}
	}
	for _, p := range all {
		if p.IsValid() && !isSchemaFile(p.Filename()) {
			return p
		}
	}
	return token.NoPos
}

func isSchemaFile(name string) bool {
	return name == schemaFile || strings.Contains(filepath.ToSlash(name), "cue.mod/")
}

// sortErrors orders errors by position, then message, drops duplicates
// and returns them as one errors.Error (nil when there are none).
func sortErrors(errs []*specError) error {
	slices.SortStableFunc(errs, func(a, b *specError) int {
		return cmp.Or(
			comparePos(a.pos, b.pos),
			cmp.Compare(a.message(), b.message()),
		)
	})
	var list errors.Error
	var last *specError
	for _, e := range errs {
		if last != nil && comparePos(last.pos, e.pos) == 0 && last.message() == e.message() {
			continue
		}
		list = errors.Append(list, e)
		last = e
	}
	if list == nil {
		return nil
	}
	return list
}

func comparePos(a, b token.Pos) int {
	if a.IsValid() != b.IsValid() {
		if !a.IsValid() {
			return -1
		}
		return 1
	}
	return cmp.Or(
		cmp.Compare(a.Filename(), b.Filename()),
		cmp.Compare(a.Line(), b.Line()),
		cmp.Compare(a.Column(), b.Column()),
	)
}

// FormatErrors prints each error of err on its own line as
// `file:line:col: message`, file relative to cwd when possible.
func FormatErrors(w io.Writer, err error, cwd string) {
	for _, e := range errors.Errors(err) {
		msg := e.Error()
		if _, ok := e.(*specError); !ok {
			format, args := e.Msg()
			msg = fmt.Sprintf(format, args...)
			if p := e.Path(); len(p) > 0 {
				msg = pathString(cuePath(p)) + ": " + msg
			}
		}
		pos := e.Position()
		if !pos.IsValid() {
			fmt.Fprintln(w, msg)
			continue
		}
		fmt.Fprintf(w, "%s:%d:%d: %s\n", relPath(pos.Filename(), cwd), pos.Line(), pos.Column(), msg)
	}
}

func relPath(name, cwd string) string {
	if cwd == "" || !filepath.IsAbs(name) {
		return name
	}
	rel, err := filepath.Rel(cwd, name)
	if err != nil {
		return name
	}
	return rel
}

// checkClosed reports every key of the user's value that #Spec does not
// allow, at the key's position. CUE itself reports them too, but not in a
// struct that has other errors.
func checkClosed(schema, user cue.Value) errors.Error {
	c := &closedChecker{schema: schema, keys: map[string]map[string]bool{}}
	c.check(user, "#Spec")
	if len(c.errs) == 0 {
		return nil
	}
	var list errors.Error
	for _, e := range c.errs {
		list = errors.Append(list, e)
	}
	return list
}

type closedChecker struct {
	schema cue.Value
	keys   map[string]map[string]bool // definition -> allowed keys
	errs   []*specError
}

// closedChildren says which definition governs each struct-valued key of a
// definition; "[]" marks a map whose every value is governed.
var closedChildren = map[string]map[string]string{
	"#Spec":     {"api": "#API", "auth": "#Auth", "entities": "[]#Entity", "endpoints": "[]#Endpoint"},
	"#API":      {"pagination": "#Pagination", "cors": "#CORS"},
	"#Entity":   {"fields": "[]#FieldDef", "relations": "[]#Relation", "list": "#List"},
	"#Endpoint": {"params": "[]#FieldDef", "query": "[]#FieldDef", "body": "[]#FieldDef", "response": "#Response"},
	"#Response": {"fields": "[]#FieldDef"},
}

func (c *closedChecker) allowed(def string) map[string]bool {
	if k, ok := c.keys[def]; ok {
		return k
	}
	k := map[string]bool{}
	it, err := c.schema.LookupPath(cue.MakePath(cue.Def(def))).Fields(cue.Optional(true))
	if err == nil {
		for it.Next() {
			k[strings.TrimRight(it.Selector().String(), "?!")] = true
		}
	}
	c.keys[def] = k
	return k
}

// check looks at v's keys; v may be in error (CUE marks a struct holding
// an error as one) and still have members.
func (c *closedChecker) check(v cue.Value, def string) {
	allowed := c.allowed(def)
	for _, f := range fields(v) {
		name := label(f)
		if !allowed[name] {
			c.errs = append(c.errs, newError(f.Pos(), userPath(f), "field not allowed"))
			continue
		}
		child, ok := closedChildren[def][name]
		if !ok {
			continue
		}
		if m, isMap := strings.CutPrefix(child, "[]"); isMap {
			for _, g := range fields(f) {
				c.check(g, m)
			}
			continue
		}
		c.check(f, child)
	}
}
