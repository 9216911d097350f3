package fastapi

import (
	"strconv"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/sample"
)

// testEntity is what the generated pytest suite exercises for an entity.
type testEntity struct {
	Func       string // "post"
	Path       string // "/api/posts"
	Body       []sampleValue
	Deps       []sampleDep // belongsTo keys created first
	HasList    bool
	HasGet     bool
	HasUpdate  bool
	HasDelete  bool
	Patch      *sampleValue // an update the entity accepts
	UniqueBody bool         // posting Body twice is a 409
}

type sampleValue struct {
	Name, Value string // JSON name, Python literal
}

type sampleDep struct {
	Name string // key field's JSON name
	Func string // helper creating the target ("" for the caller's own id)
}

// testSuite is the view of tests/test_api.py.
type testSuite struct {
	Entities []*testEntity
	Auth     *testAuth
}

type testAuth struct {
	Register  []sampleValue
	Identity  string
	Password  string
	Admin     []sampleValue // create-user body of the privileged caller
	AdminRole string
}

// values makes the sample values of the generated tests: value number n
// of each field, the same on every build. The privileged user takes
// number 0, the registered one 1, each entity's rows 2.
var values = sample.New(0, "")

// sampleLiteral is a Python literal of value number n of f, if f's constraints
// allow one.
func sampleLiteral(f *ir.Field, n int64) (string, bool) {
	v, ok := values.At(f, n)
	if !ok {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return pyStr(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return pyNumber(x), true
	case bool:
		return pyBool(x), true
	}
	return pyJSON(v), true
}

func newTestSuite(p *project, api *ir.API) *testSuite {
	ts := &testSuite{}
	byEntity := map[*ir.Entity]*entity{}
	for _, v := range p.Entities {
		byEntity[v.IR] = v
	}
	for _, v := range p.Entities {
		if te := newTestEntity(api, v, byEntity); te != nil {
			ts.Entities = append(ts.Entities, te)
		}
	}
	for changed := true; changed; {
		changed = false
		have := map[string]bool{}
		for _, te := range ts.Entities {
			have[te.Func] = true
		}
		kept := ts.Entities[:0]
		for _, te := range ts.Entities {
			ok := true
			for _, d := range te.Deps {
				if d.Func != "" && !have[d.Func] {
					ok = false
				}
			}
			if ok {
				kept = append(kept, te)
			} else {
				changed = true
			}
		}
		ts.Entities = kept
	}
	if a := api.Auth; a != nil {
		ta := &testAuth{Identity: a.Identity.Name, Password: a.Password.Name}
		ta.AdminRole = sample.PrivilegedRole(api)
		for _, f := range a.Entity.Create {
			if !f.Required && f != a.RoleField {
				continue
			}
			admin, ok := sampleLiteral(f, 0)
			if !ok {
				return ts
			}
			if f == a.RoleField {
				admin = pyStr(ta.AdminRole)
			}
			ta.Admin = append(ta.Admin, sampleValue{f.Name, admin})
			if f != a.RoleField {
				reg, ok := sampleLiteral(f, 1)
				if !ok {
					return ts
				}
				ta.Register = append(ta.Register, sampleValue{f.Name, reg})
			}
		}
		ts.Auth = ta
	}
	return ts
}

func newTestEntity(api *ir.API, v *entity, byEntity map[*ir.Entity]*entity) *testEntity {
	if !v.HasCreate {
		return nil
	}
	te := &testEntity{
		Func: v.Func, Path: v.Location,
		HasList: v.HasList, HasGet: v.HasGet, HasUpdate: v.HasUpdate, HasDelete: v.HasDelete,
	}
	for _, f := range v.IR.Create {
		// Required fields, and optional unique ones so that the unique
		// test covers them too.
		if !f.Required && !(f.Unique && f.Kind == ir.KindField) {
			continue
		}
		if f.Kind == ir.KindForeignKey && f.Relation != nil {
			dep := sampleDep{Name: f.Name}
			if api.Auth == nil || f.Relation.Target != api.Auth.Entity {
				target := byEntity[f.Relation.Target]
				if target == v || !target.HasCreate {
					return nil
				}
				dep.Func = target.Func
			}
			te.Deps = append(te.Deps, dep)
			continue
		}
		val, ok := sampleLiteral(f, 2)
		if !ok {
			return nil
		}
		if f.Unique {
			te.UniqueBody = true
		}
		te.Body = append(te.Body, sampleValue{f.Name, val})
	}
	for _, f := range v.IR.Update {
		if f.Type == ir.Password || f.Kind == ir.KindForeignKey {
			continue
		}
		for _, b := range te.Body {
			if b.Name == f.Name {
				te.Patch = &sampleValue{b.Name, b.Value}
			}
		}
		if te.Patch != nil {
			break
		}
	}
	return te
}
