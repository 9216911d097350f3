package conformance

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"sync"

	"github.com/bgen-dev/bgen/ir"
)

// Model is the suite's own record of every row the server holds: every
// successful write is applied to it (with the spec's delete actions), so
// lists, filters, sorting and relations can be checked against it.
type Model struct {
	api  *ir.API
	mu   sync.Mutex
	rows map[string][]map[string]any // entity name -> rows in creation order
	// links holds many-to-many links: join table -> set of "leftCol=id|rightCol=id" (sorted parts).
	links map[string]map[string]bool
}

func newModel(api *ir.API) *Model {
	return &Model{api: api, rows: map[string][]map[string]any{}, links: map[string]map[string]bool{}}
}

func entName(e *ir.Entity) string { return e.Name.Pascal() }

// idKey is the canonical text of an id value.
func idKey(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case json.Number:
		return x.String()
	case string:
		return strings.ToLower(x)
	case float64:
		return fmt.Sprintf("%.0f", x)
	default:
		return fmt.Sprint(x)
	}
}

// Put records a row as the server returned it (create or update).
func (m *Model) Put(e *ir.Entity, row map[string]any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	name := entName(e)
	id := idKey(row["id"])
	for i, r := range m.rows[name] {
		if idKey(r["id"]) == id {
			m.rows[name][i] = row
			return
		}
	}
	m.rows[name] = append(m.rows[name], row)
}

// Rows returns a copy of the rows of e.
func (m *Model) Rows(e *ir.Entity) []map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]map[string]any(nil), m.rows[entName(e)]...)
}

// Row returns the row of e with id, or nil.
func (m *Model) Row(e *ir.Entity, id any) map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.rows[entName(e)] {
		if idKey(r["id"]) == idKey(id) {
			return r
		}
	}
	return nil
}

// Delete removes a row and applies the spec's delete actions.
func (m *Model) Delete(e *ir.Entity, id any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.deleteLocked(e, idKey(id))
}

func (m *Model) deleteLocked(e *ir.Entity, id string) {
	name := entName(e)
	kept := m.rows[name][:0:0]
	found := false
	for _, r := range m.rows[name] {
		if idKey(r["id"]) == id {
			found = true
			continue
		}
		kept = append(kept, r)
	}
	if !found {
		return
	}
	m.rows[name] = kept
	for _, t := range m.api.Tables {
		if t.Entity != "" {
			continue
		}
		for key := range m.links[t.Name] {
			for _, part := range strings.Split(key, "|") {
				col, v, _ := strings.Cut(part, "=")
				if v == id && joinColEntity(m.api, t.Name, col) == name {
					delete(m.links[t.Name], key)
				}
			}
		}
	}
	for _, other := range m.api.Entities {
		for _, rel := range other.Relations {
			if rel.Kind != ir.BelongsTo || rel.Target != e {
				continue
			}
			for _, r := range append([]map[string]any(nil), m.rows[entName(other)]...) {
				if idKey(r[rel.Key.Name]) != id {
					continue
				}
				switch rel.OnDelete {
				case ir.Cascade:
					m.deleteLocked(other, idKey(r["id"]))
				case ir.SetNull:
					c := copyRow(r)
					c[rel.Key.Name] = nil
					m.replaceLocked(other, c)
				}
			}
		}
	}
}

func (m *Model) replaceLocked(e *ir.Entity, row map[string]any) {
	for i, r := range m.rows[entName(e)] {
		if idKey(r["id"]) == idKey(row["id"]) {
			m.rows[entName(e)][i] = row
		}
	}
}

func copyRow(r map[string]any) map[string]any {
	c := make(map[string]any, len(r))
	for k, v := range r {
		c[k] = v
	}
	return c
}

// joinColEntity names the entity a join table column references.
func joinColEntity(api *ir.API, table, col string) string {
	for _, e := range api.Entities {
		for _, rel := range e.Relations {
			if rel.Join != nil && rel.Join.Table == table {
				if rel.Join.Left == col {
					return rel.Join.LeftEntity
				}
				if rel.Join.Right == col {
					return rel.Join.RightEntity
				}
			}
		}
	}
	return ""
}

func linkKey(rel *ir.Relation, parent, target any) string {
	a := rel.Join.Left + "=" + idKey(parent)
	b := rel.Join.Right + "=" + idKey(target)
	if a > b {
		a, b = b, a
	}
	return a + "|" + b
}

// Link records a many-to-many link.
func (m *Model) Link(rel *ir.Relation, parent, target any, on bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	set := m.links[rel.Join.Table]
	if set == nil {
		set = map[string]bool{}
		m.links[rel.Join.Table] = set
	}
	if on {
		set[linkKey(rel, parent, target)] = true
	} else {
		delete(set, linkKey(rel, parent, target))
	}
}

// Linked reports whether parent and target are linked through rel.
func (m *Model) Linked(rel *ir.Relation, parent, target any) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.links[rel.Join.Table][linkKey(rel, parent, target)]
}

// Related returns the rows of rel.Target that belong to parent under rel
// (hasMany, hasOne, manyToMany).
func (m *Model) Related(rel *ir.Relation, parent any) []map[string]any {
	var out []map[string]any
	for _, r := range m.Rows(rel.Target) {
		switch rel.Kind {
		case ir.HasMany, ir.HasOne:
			if rel.Inverse != nil && idKey(r[rel.Inverse.Key.Name]) == idKey(parent) {
				out = append(out, r)
			}
		case ir.ManyToMany:
			if m.Linked(rel, parent, r["id"]) {
				out = append(out, r)
			}
		}
	}
	return out
}

// compareValues orders two wire values of a field type; nil sorts first.
func compareValues(t ir.Type, a, b any) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return -1
		default:
			return 1
		}
	}
	switch t {
	case ir.Int, ir.Float, ir.Decimal:
		x, y := toRat(a), toRat(b)
		if x == nil || y == nil {
			return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
		}
		return x.Cmp(y)
	case ir.Bool:
		x, y := a == true, b == true
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		default:
			return 1
		}
	case ir.UUID:
		return strings.Compare(strings.ToLower(fmt.Sprint(a)), strings.ToLower(fmt.Sprint(b)))
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func toRat(v any) *big.Rat {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	case float64:
		return new(big.Rat).SetFloat64(x)
	case int:
		return big.NewRat(int64(x), 1)
	case int64:
		return big.NewRat(x, 1)
	default:
		return nil
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil
	}
	return r
}

// sortRows sorts rows by keys (then id ascending), nulls first ascending and
// last descending.
func sortRows(e *ir.Entity, rows []map[string]any, keys []ir.SortKey) {
	types := map[string]ir.Type{}
	for _, f := range e.Fields {
		types[f.Name] = f.Type
	}
	idType := e.IDType
	sort.SliceStable(rows, func(i, j int) bool {
		for _, k := range keys {
			c := compareValues(types[k.Field], rows[i][k.Field], rows[j][k.Field])
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return compareValues(idType, rows[i]["id"], rows[j]["id"]) < 0
	})
}

func ids(rows []map[string]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = idKey(r["id"])
	}
	return out
}
