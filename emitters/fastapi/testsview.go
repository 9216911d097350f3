package fastapi

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/bgen-dev/bgen/ir"
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

var sampleCandidates = []string{"sample", "sample-1", "abc", "ABC-1234", "#777777", "12345678", "a", "A", "1", "sample1"}

// sampleString finds a string the field accepts, or "" when none is known.
func sampleString(f *ir.Field, fallback string) (string, bool) {
	fits := func(s string) bool {
		n := len([]rune(s))
		if f.MinLength != nil && n < *f.MinLength || f.MaxLength != nil && n > *f.MaxLength {
			return false
		}
		if f.Pattern != "" {
			re, err := regexp.Compile(f.Pattern)
			if err != nil || !re.MatchString(s) {
				return false
			}
		}
		return true
	}
	if s, ok := f.Example.(string); ok && fits(s) {
		return s, true
	}
	cands := append([]string{fallback}, sampleCandidates...)
	for _, c := range cands {
		if fits(c) {
			return c, true
		}
	}
	if f.MinLength != nil && f.Pattern == "" {
		s := strings.Repeat("a", *f.MinLength)
		return s, fits(s)
	}
	return "", false
}

func clamp(v float64, f *ir.Field) float64 {
	if f.Min != nil && v < *f.Min {
		v = math.Ceil(*f.Min)
	}
	if f.Max != nil && v > *f.Max {
		v = math.Floor(*f.Max)
	}
	return v
}

// sample is a Python literal of a valid value of f, if one is known.
func sample(f *ir.Field) (string, bool) {
	switch f.Type {
	case ir.String, ir.Text:
		s, ok := sampleString(f, "sample")
		return pyStr(s), ok
	case ir.Password:
		s, ok := sampleString(f, "password123")
		return pyStr(s), ok
	case ir.Email:
		return pyStr("user@example.com"), true
	case ir.URL:
		return pyStr("https://example.com"), true
	case ir.Enum:
		return pyStr(f.Values[0]), true
	case ir.Int:
		return fmt.Sprint(int64(clamp(1, f))), true
	case ir.Float:
		return pyNumber(clamp(1.5, f)), true
	case ir.Decimal:
		v := clamp(1, f)
		return pyStr(fmt.Sprintf("%.*f", f.Scale, v)), true
	case ir.Bool:
		return "True", true
	case ir.Date:
		return pyStr("2026-01-31"), true
	case ir.DateTime:
		return pyStr("2026-01-31T12:00:00.000Z"), true
	case ir.UUID:
		return pyStr("0b7e4b8a-3c1d-4f2e-9a6b-5c4d3e2f1a0b"), true
	case ir.JSON:
		return `{"key": "value"}`, true
	}
	return "", false
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
		admin := map[string]bool{}
		for _, f := range a.Entity.Create {
			if f.Required || f == a.RoleField {
				admin[f.Name] = true
			}
		}
		ta.AdminRole = privilegedRole(api)
		for _, f := range a.Entity.Create {
			if !f.Required && f != a.RoleField {
				continue
			}
			val, ok := sample(f)
			if !ok {
				return ts
			}
			switch {
			case f == a.RoleField:
				val = pyStr(ta.AdminRole)
			case f == a.Identity && f.Type == ir.Email:
				val = pyStr("admin@example.com")
			case f == a.Identity:
				val = pyStr("admin-" + strings.Trim(val, `"`))
			}
			ta.Admin = append(ta.Admin, sampleValue{f.Name, val})
			if f != a.RoleField {
				reg := val
				if f == a.Identity {
					reg = strings.Replace(val, "admin", "member", 1)
				}
				ta.Register = append(ta.Register, sampleValue{f.Name, reg})
			}
		}
		ts.Auth = ta
	}
	return ts
}

// privilegedRole is the role that meets the most operation rules.
func privilegedRole(api *ir.API) string {
	best, bestCount := "", -1
	for _, role := range api.Auth.Roles {
		count := 0
		for _, e := range api.Entities {
			for _, op := range e.Operations {
				for _, r := range op.Access.Roles {
					if r == role {
						count++
					}
				}
			}
		}
		if count >= bestCount {
			best, bestCount = role, count
		}
	}
	return best
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
		if !f.Required {
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
		val, ok := sample(f)
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
