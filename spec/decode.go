package spec

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"cuelang.org/go/cue"
)

// decoder turns the evaluated user value into Spec types. The value has
// been checked against #Spec, so kinds are right; numbers may still not fit
// Go's types. With a taint (the value has CUE errors), the decoder is
// tolerant: every value CUE rejected decodes as absent (zero), and list
// elements and map members as a zero placeholder that keeps its name or
// index, without errors of its own.
type decoder struct {
	errs  []*specError
	files map[string]int // user file name -> its place in the package
	t     *taint         // nil: the value has no CUE errors
}

// skip reports whether x is a value CUE rejected (tolerant decoding only).
// Its ancestors are in error too (CUE marks a struct holding an error as
// one), but their other members still decode.
func (d *decoder) skip(x cue.Value) bool {
	if d.t == nil {
		return false
	}
	if d.t.at(userPath(x)) {
		return true
	}
	// an error CUE reported elsewhere (in a hidden field or definition the
	// value comes from): a value in error without members is unknown too
	if x.Kind() == cue.BottomKind {
		if _, err := x.Fields(); err != nil {
			d.t.markBad(userPath(x))
			return true
		}
	}
	return false
}

// unreadable reports whether struct v's members cannot be had at all (an
// unresolved reference, say); its path is then marked bad, as everything
// in it is unknown (tolerant decoding only).
func (d *decoder) unreadable(v cue.Value) bool {
	if d.t == nil || v.Kind() != cue.BottomKind {
		return false
	}
	if _, err := v.Fields(); err == nil {
		return false
	}
	d.t.markBad(userPath(v))
	return true
}

// members returns the regular fields of struct v in source order. CUE
// orders fields topologically and breaks ties by name, so the fields of an
// embedded definition and a struct's own fields (`{#Named, color: ...}`)
// would come out alphabetically; ordering by where each key is written
// (file, then offset) restores the order a user reads. Keys without a user
// position keep CUE's order, after the others.
func (d *decoder) members(v cue.Value) []cue.Value {
	if d.unreadable(v) {
		return nil
	}
	out := fields(v)
	key := func(x cue.Value) (int, int) {
		p := x.Pos()
		i, ok := d.files[p.Filename()]
		if !p.IsValid() || !ok {
			return len(d.files), 0
		}
		return i, p.Offset()
	}
	slices.SortStableFunc(out, func(a, b cue.Value) int {
		fa, oa := key(a)
		fb, ob := key(b)
		return cmp.Or(cmp.Compare(fa, fb), cmp.Compare(oa, ob))
	})
	return out
}

func (d *decoder) errf(v cue.Value, format string, args ...any) {
	d.errs = append(d.errs, newError(v.Pos(), userPath(v), fmt.Sprintf(format, args...)))
}

// fields returns the regular fields of struct v in source order.
func fields(v cue.Value) []cue.Value {
	it, err := v.Fields()
	if err != nil {
		return nil
	}
	var out []cue.Value
	for it.Next() {
		out = append(out, it.Value())
	}
	return out
}

// label is the last selector of v's path, unquoted.
func label(v cue.Value) string {
	sels := v.Path().Selectors()
	if len(sels) == 0 {
		return ""
	}
	s := sels[len(sels)-1]
	if s.LabelType() == cue.StringLabel {
		return s.Unquoted()
	}
	return s.String()
}

// lookup is option name of v; ok is false when it is not written or (when
// tolerant) CUE rejected it.
func (d *decoder) lookup(v cue.Value, name string) (x cue.Value, ok bool) {
	if d.unreadable(v) {
		return cue.Value{}, false
	}
	x = v.LookupPath(cue.MakePath(cue.Str(name)))
	return x, x.Exists() && !d.skip(x)
}

func (d *decoder) str(v cue.Value, name string) string {
	x, ok := d.lookup(v, name)
	if !ok {
		return ""
	}
	s, err := x.String()
	if err != nil {
		d.errf(x, "%v", err)
	}
	return s
}

func (d *decoder) boolean(v cue.Value, name string) bool {
	x, ok := d.lookup(v, name)
	if !ok {
		return false
	}
	b, err := x.Bool()
	if err != nil {
		d.errf(x, "%v", err)
	}
	return b
}

func (d *decoder) boolPtr(v cue.Value, name string) *bool {
	if _, ok := d.lookup(v, name); !ok {
		return nil
	}
	b := d.boolean(v, name)
	return &b
}

func (d *decoder) intPtr(v cue.Value, name string) *int {
	x, ok := d.lookup(v, name)
	if !ok {
		return nil
	}
	n, err := x.Int64()
	if err != nil || n > math.MaxInt32 || n < math.MinInt32 {
		d.errf(x, "%v is out of range", x)
		return nil
	}
	i := int(n)
	return &i
}

func (d *decoder) int64Ptr(v cue.Value, name string) *int64 {
	x, ok := d.lookup(v, name)
	if !ok {
		return nil
	}
	n, err := x.Int64()
	if err != nil {
		d.errf(x, "%v is out of range", x)
		return nil
	}
	return &n
}

func (d *decoder) floatPtr(v cue.Value, name string) *float64 {
	x, ok := d.lookup(v, name)
	if !ok {
		return nil
	}
	f, err := x.Float64()
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		d.errf(x, "%v is out of range", x)
		return nil
	}
	return &f
}

func (d *decoder) strings(v cue.Value, name string) []string {
	x, ok := d.lookup(v, name)
	if !ok {
		return nil
	}
	return d.stringList(x)
}

func (d *decoder) stringList(x cue.Value) []string {
	out := []string{}
	it, err := x.List()
	if err != nil {
		d.errf(x, "%v", err)
		return out
	}
	for it.Next() {
		if d.skip(it.Value()) {
			out = append(out, "") // keeps the indexes of the others
			continue
		}
		s, err := it.Value().String()
		if err != nil {
			d.errf(it.Value(), "%v", err)
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) stringLists(v cue.Value, name string) [][]string {
	x, ok := d.lookup(v, name)
	if !ok {
		return nil
	}
	var out [][]string
	it, err := x.List()
	if err != nil {
		d.errf(x, "%v", err)
		return nil
	}
	for it.Next() {
		if d.skip(it.Value()) {
			out = append(out, nil)
			continue
		}
		out = append(out, d.stringList(it.Value()))
	}
	return out
}

func (d *decoder) spec(v cue.Value) *Spec {
	s := &Spec{
		Name:        d.str(v, "name"),
		Title:       d.str(v, "title"),
		Version:     d.str(v, "version"),
		Description: d.str(v, "description"),
		Targets:     d.strings(v, "targets"),
		Pos:         v.Pos(),
		V:           v,
	}
	if api, ok := d.lookup(v, "api"); ok {
		s.API.BasePath = d.strPtr(api, "basePath")
		if p, ok := d.lookup(api, "pagination"); ok {
			s.API.DefaultLimit = d.intPtr(p, "defaultLimit")
			s.API.MaxLimit = d.intPtr(p, "maxLimit")
		}
		if c, ok := d.lookup(api, "cors"); ok {
			s.API.CORSOrigins = d.strings(c, "origins")
		}
		s.API.MaxBodyBytes = d.int64Ptr(api, "maxBodyBytes")
	}
	if a, ok := d.lookup(v, "auth"); ok {
		s.Auth = &Auth{
			Entity:    d.str(a, "entity"),
			Identity:  d.str(a, "identity"),
			Password:  d.str(a, "password"),
			RoleField: d.str(a, "roleField"),
			TokenTTL:  d.str(a, "tokenTTL"),
			Pos:       a.Pos(),
			V:         a,
		}
	}
	if es, ok := d.lookup(v, "entities"); ok {
		for _, e := range d.members(es) {
			s.Entities = append(s.Entities, d.entity(e))
		}
	}
	if es, ok := d.lookup(v, "endpoints"); ok {
		for _, e := range d.members(es) {
			s.Endpoints = append(s.Endpoints, d.endpoint(e))
		}
	}
	return s
}

func (d *decoder) strPtr(v cue.Value, name string) *string {
	if _, ok := d.lookup(v, name); !ok {
		return nil
	}
	s := d.str(v, name)
	return &s
}

func (d *decoder) entity(v cue.Value) *Entity {
	if d.skip(v) {
		return &Entity{Name: label(v), Pos: v.Pos(), V: v}
	}
	e := &Entity{
		Name:        label(v),
		Description: d.str(v, "description"),
		ID:          d.str(v, "id"),
		Table:       d.str(v, "table"),
		Path:        d.str(v, "path"),
		Timestamps:  d.boolPtr(v, "timestamps"),
		RenamedFrom: d.str(v, "renamedFrom"),
		Indexes:     d.stringLists(v, "indexes"),
		Unique:      d.stringLists(v, "unique"),
		Operations:  d.strings(v, "operations"),
		Owner:       d.str(v, "owner"),
		Pos:         v.Pos(),
		V:           v,
	}
	if fs, ok := d.lookup(v, "fields"); ok {
		e.Fields = d.fieldMap(fs)
	}
	if rs, ok := d.lookup(v, "relations"); ok {
		for _, r := range d.members(rs) {
			e.Relations = append(e.Relations, d.relation(r))
		}
	}
	if l, ok := d.lookup(v, "list"); ok {
		e.List = &List{
			Filter:      d.strings(l, "filter"),
			Sort:        d.strings(l, "sort"),
			Search:      d.strings(l, "search"),
			DefaultSort: d.str(l, "defaultSort"),
		}
	}
	if as, ok := d.lookup(v, "access"); ok {
		for _, a := range d.members(as) {
			acc := d.access(a)
			acc.Operation = label(a)
			e.Access = append(e.Access, acc)
		}
	}
	return e
}

func (d *decoder) access(v cue.Value) *Access {
	a := &Access{Pos: v.Pos()}
	if d.skip(v) {
		return a
	}
	if v.Kind() == cue.StringKind {
		s, _ := v.String()
		a.Rules = []string{s}
	} else {
		a.Rules = d.stringList(v)
	}
	return a
}

func (d *decoder) fieldMap(v cue.Value) []*Field {
	var out []*Field
	for _, f := range d.members(v) {
		out = append(out, d.field(f))
	}
	return out
}

func (d *decoder) field(v cue.Value) *Field {
	f := &Field{Name: label(v), Pos: v.Pos(), V: v}
	if d.skip(v) {
		return f
	}
	if v.Kind() == cue.StringKind {
		f.Type, _ = v.String()
		return f
	}
	f.Type = d.str(v, "type")
	f.Optional = d.boolean(v, "optional")
	f.Unique = d.boolean(v, "unique")
	f.Index = d.boolean(v, "index")
	f.ReadOnly = d.boolean(v, "readOnly")
	f.Immutable = d.boolean(v, "immutable")
	f.Default = d.literal(v, "default")
	f.Min = d.floatPtr(v, "min")
	f.Max = d.floatPtr(v, "max")
	f.MinLength = d.intPtr(v, "minLength")
	f.MaxLength = d.intPtr(v, "maxLength")
	f.Pattern = d.str(v, "pattern")
	if _, ok := d.lookup(v, "values"); ok {
		f.Values = d.strings(v, "values")
	}
	f.Precision = d.intPtr(v, "precision")
	f.Scale = d.intPtr(v, "scale")
	f.Description = d.str(v, "description")
	f.Example = d.literal(v, "example")
	f.RenamedFrom = d.str(v, "renamedFrom")
	return f
}

func (d *decoder) literal(v cue.Value, name string) *Literal {
	x, ok := d.lookup(v, name)
	if !ok {
		return nil
	}
	g, ok := d.goValue(x)
	if !ok {
		return nil
	}
	return &Literal{Go: g, Pos: x.Pos()}
}

// goValue converts a concrete CUE value to string, int64, float64, bool,
// nil, []any or map[string]any.
func (d *decoder) goValue(v cue.Value) (any, bool) {
	if d.t != nil && d.t.within(userPath(v)) {
		return nil, false
	}
	switch v.Kind() {
	case cue.NullKind:
		return nil, true
	case cue.BoolKind:
		b, _ := v.Bool()
		return b, true
	case cue.IntKind:
		n, err := v.Int64()
		if err != nil {
			d.errf(v, "%v does not fit in 64 bits", v)
			return nil, false
		}
		return n, true
	case cue.FloatKind:
		f, err := v.Float64()
		if err != nil || math.IsInf(f, 0) {
			d.errf(v, "%v is out of range", v)
			return nil, false
		}
		return f, true
	case cue.StringKind:
		s, _ := v.String()
		return s, true
	case cue.ListKind:
		out := []any{}
		it, _ := v.List()
		for it.Next() {
			g, ok := d.goValue(it.Value())
			if !ok {
				return nil, false
			}
			out = append(out, g)
		}
		return out, true
	case cue.StructKind:
		out := map[string]any{}
		for _, f := range fields(v) {
			g, ok := d.goValue(f)
			if !ok {
				return nil, false
			}
			out[label(f)] = g
		}
		return out, true
	}
	d.errf(v, "a default or example must be a JSON value, got %v", v.Kind())
	return nil, false
}

func (d *decoder) relation(v cue.Value) *Relation {
	r := &Relation{
		Name:     label(v),
		Optional: d.boolean(v, "optional"),
		OnDelete: d.str(v, "onDelete"),
		Via:      d.str(v, "via"),
		Through:  d.str(v, "through"),
		Pos:      v.Pos(),
		V:        v,
	}
	if d.skip(v) {
		return &Relation{Name: r.Name, Pos: r.Pos, V: v}
	}
	for _, k := range relationKinds {
		// the kind is known even when CUE rejected its target
		if x := v.LookupPath(cue.MakePath(cue.Str(k))); x.Exists() && r.Kind == "" {
			r.Kind = k
			r.Target = d.str(v, k)
		}
	}
	return r
}

var relationKinds = [...]string{"belongsTo", "hasMany", "hasOne", "manyToMany"}

func (d *decoder) endpoint(v cue.Value) *Endpoint {
	if d.skip(v) {
		return &Endpoint{Name: label(v), Pos: v.Pos(), V: v}
	}
	e := &Endpoint{
		Name:    label(v),
		Method:  d.str(v, "method"),
		Path:    d.str(v, "path"),
		Summary: d.str(v, "summary"),
		Status:  d.intPtr(v, "status"),
		Entity:  d.str(v, "entity"),
		Pos:     v.Pos(),
		V:       v,
	}
	if x, ok := d.lookup(v, "params"); ok {
		e.Params = d.fieldMap(x)
	}
	if x, ok := d.lookup(v, "query"); ok {
		e.Query = d.fieldMap(x)
	}
	if x, ok := d.lookup(v, "body"); ok {
		e.Body = d.fieldMap(x)
	}
	if x, ok := d.lookup(v, "response"); ok {
		e.Response = &Response{
			Entity: d.str(x, "entity"),
			List:   d.str(x, "list"),
			Pos:    x.Pos(),
		}
		if fs, ok := d.lookup(x, "fields"); ok {
			e.Response.Fields = d.fieldMap(fs)
			if e.Response.Fields == nil {
				e.Response.Fields = []*Field{}
			}
		}
	}
	if x, ok := d.lookup(v, "access"); ok {
		e.Access = d.access(x)
	}
	return e
}
