// Package repository holds all database access; its queries are
// parameterised and use ? placeholders in both dialects.
package repository

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"bgenapp/internal/apierr"
	"bgenapp/internal/database"
	"bgenapp/internal/validate"
)

// FieldType is how a list parameter's value is parsed and compared.
type FieldType int

// The types a filter or sort key may have.
const (
	TypeString FieldType = iota
	TypeEmail
	TypeInt
	TypeFloat
	TypeDecimal
	TypeBool
	TypeDate
	TypeDateTime
	TypeUUID
	TypeEnum
)

// Filter is one filterable name of a list.
type Filter struct {
	Param, Column    string
	Type             FieldType
	Ops              []string // besides equality
	Values           []string // enum
	Precision, Scale int      // decimal
}

// SortField is one name a list may be sorted by.
type SortField struct {
	Name, Column string
	Type         FieldType
	Nullable     bool
}

// SortTerm is one term of a sort.
type SortTerm struct {
	Name string
	Desc bool
}

// ListSpec is what an entity's list accepts.
type ListSpec struct {
	Filters     []Filter
	Sort        []SortField
	Search      []string // columns ?q= matches
	DefaultSort []SortTerm
}

type condition struct {
	column string
	typ    FieldType
	op     string
	args   []any
}

type orderTerm struct {
	field SortField
	desc  bool
}

// ListQuery is a parsed list request plus the conditions the server adds.
type ListQuery struct {
	Limit, Offset int
	conds         []condition
	search        []string
	needle        string
	order         []orderTerm
	extra         []string
	extraArgs     []any
}

// Where adds a condition written in SQL with ? placeholders.
func (q *ListQuery) Where(cond string, args ...any) {
	q.extra = append(q.extra, cond)
	q.extraArgs = append(q.extraArgs, args...)
}

// ParseList reads limit, offset, sort, q and the filters of spec. Any
// other, repeated or malformed parameter is a 400.
func ParseList(values url.Values, spec ListSpec, defaultLimit, maxLimit int) (ListQuery, error) {
	q := ListQuery{Limit: defaultLimit}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	terms := spec.DefaultSort
	for _, name := range names {
		vs := values[name]
		if len(vs) != 1 {
			return q, apierr.BadRequest(fmt.Sprintf("query parameter %q is given more than once", name))
		}
		v := vs[0]
		switch name {
		case "limit":
			n, ok := parseInt(v)
			if !ok || n < 1 || n > int64(maxLimit) {
				return q, apierr.BadRequest(fmt.Sprintf("limit must be an integer from 1 to %d", maxLimit))
			}
			q.Limit = int(n)
			continue
		case "offset":
			n, ok := parseInt(v)
			if !ok || n < 0 {
				return q, apierr.BadRequest("offset must be an integer >= 0")
			}
			q.Offset = int(n)
			continue
		case "sort":
			// An empty sort names no field: a 400 below.
			terms = nil
			for _, t := range strings.Split(v, ",") {
				desc := strings.HasPrefix(t, "-")
				terms = append(terms, SortTerm{Name: strings.TrimPrefix(t, "-"), Desc: desc})
			}
			continue
		case "q":
			if len(spec.Search) > 0 {
				if err := freeText(name, v); err != nil {
					return q, err
				}
				q.search, q.needle = spec.Search, v
				continue
			}
		}
		c, err := parseFilter(name, v, spec.Filters)
		if err != nil {
			return q, err
		}
		q.conds = append(q.conds, c)
	}
	hasID := false
	for _, t := range terms {
		i := slices.IndexFunc(spec.Sort, func(f SortField) bool { return f.Name == t.Name })
		if i < 0 {
			return q, apierr.BadRequest(fmt.Sprintf("cannot sort by %q", t.Name))
		}
		q.order = append(q.order, orderTerm{field: spec.Sort[i], desc: t.Desc})
		hasID = hasID || t.Name == "id"
	}
	if !hasID {
		q.order = append(q.order, orderTerm{field: SortField{Name: "id", Column: "id"}})
	}
	return q, nil
}

func parseFilter(param, value string, filters []Filter) (condition, error) {
	name, op := param, "eq"
	if i := strings.IndexByte(param, '['); i > 0 && strings.HasSuffix(param, "]") {
		name, op = param[:i], param[i+1:len(param)-1]
	}
	i := slices.IndexFunc(filters, func(f Filter) bool { return f.Param == name })
	if i < 0 || (op != "eq" && !slices.Contains(filters[i].Ops, op)) {
		return condition{}, apierr.BadRequest(fmt.Sprintf("unknown query parameter %q", param))
	}
	f := filters[i]
	c := condition{column: f.Column, typ: f.Type, op: op}
	switch op {
	case "isNull":
		if value != "true" && value != "false" {
			return c, apierr.BadRequest(fmt.Sprintf("%s must be true or false", param))
		}
		c.args = []any{value == "true"}
		return c, nil
	case "contains":
		if err := freeText(param, value); err != nil {
			return c, err
		}
		c.args = []any{likePattern(value)}
		return c, nil
	case "in":
		parts := strings.Split(value, ",")
		if len(parts) > maxInValues {
			return c, apierr.BadRequest(fmt.Sprintf("%s has more than %d values", param, maxInValues))
		}
		for _, part := range parts {
			v, ok := parseValue(part, f)
			if !ok {
				return c, apierr.BadRequest(fmt.Sprintf("%s has a malformed value", param))
			}
			c.args = append(c.args, v)
		}
		return c, nil
	}
	v, ok := parseValue(value, f)
	if !ok {
		return c, apierr.BadRequest(fmt.Sprintf("%s has a malformed value", param))
	}
	c.args = []any{v}
	return c, nil
}

func parseValue(s string, f Filter) (any, bool) {
	switch f.Type {
	case TypeInt:
		return parseInt(s)
	case TypeEmail:
		return validate.FoldEmail(s), !strings.ContainsRune(s, 0)
	case TypeFloat:
		n, err := strconv.ParseFloat(s, 64)
		return n, err == nil && !math.IsNaN(n) && !math.IsInf(n, 0)
	case TypeDecimal:
		return validate.ParseDecimal(s, f.Precision, f.Scale)
	case TypeBool:
		b, err := strconv.ParseBool(s)
		return b, err == nil && (s == "true" || s == "false")
	case TypeDate:
		return validate.ParseDate(s)
	case TypeDateTime:
		return validate.ParseDateTime(s)
	case TypeUUID:
		return validate.ParseUUID(s)
	case TypeEnum:
		return s, slices.Contains(f.Values, s)
	}
	// PostgreSQL's text cannot hold U+0000, so no target takes it.
	return s, !strings.ContainsRune(s, 0)
}

// parseInt reads a query integer: -?[0-9]+ within 64 bits (ParseInt
// alone would take a leading +).
func parseInt(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && !strings.HasPrefix(s, "+")
}

// The limits of docs/contract.md on list parameters.
const (
	maxFreeText = 256 // characters of q and of each contains
	maxInValues = 100
)

// freeText refuses a search or contains value that is too long or that
// PostgreSQL's text cannot hold.
func freeText(param, v string) error {
	switch {
	case utf8.RuneCountInString(v) > maxFreeText:
		return apierr.BadRequest(fmt.Sprintf("%s is longer than %d characters", param, maxFreeText))
	case strings.ContainsRune(v, 0):
		return apierr.BadRequest(fmt.Sprintf("%s must not contain NUL", param))
	}
	return nil
}

// likePattern matches s anywhere, case-insensitively, with % and _ taken
// literally.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

func quote(ident string) string { return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"` }

func expr(column string, typ FieldType, d database.Dialect) (string, string) {
	if typ == TypeDecimal && d == database.SQLite {
		return "CAST(" + quote(column) + " AS REAL)", "CAST(? AS REAL)"
	}
	return quote(column), "?"
}

// render returns the WHERE clause (with its arguments) and ORDER BY.
func (q ListQuery) render(d database.Dialect) (string, []any, string) {
	var where []string
	var args []any
	for _, c := range q.conds {
		col, ph := expr(c.column, c.typ, d)
		switch c.op {
		case "isNull":
			if c.args[0] == true {
				where = append(where, col+" IS NULL")
			} else {
				where = append(where, col+" IS NOT NULL")
			}
			continue
		case "contains":
			where = append(where, "LOWER("+quote(c.column)+`) LIKE ? ESCAPE '\'`)
		case "in":
			where = append(where, col+" IN ("+strings.TrimSuffix(strings.Repeat(ph+", ", len(c.args)), ", ")+")")
		default:
			sqlOp := map[string]string{"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[c.op]
			where = append(where, col+" "+sqlOp+" "+ph)
		}
		args = append(args, c.args...)
	}
	if len(q.search) > 0 {
		var alts []string
		for _, col := range q.search {
			alts = append(alts, "LOWER("+quote(col)+`) LIKE ? ESCAPE '\'`)
			args = append(args, likePattern(q.needle))
		}
		where = append(where, "("+strings.Join(alts, " OR ")+")")
	}
	where = append(where, q.extra...)
	args = append(args, q.extraArgs...)
	clause := ""
	if len(where) > 0 {
		clause = " WHERE " + strings.Join(where, " AND ")
	}
	var order []string
	for _, t := range q.order {
		col, _ := expr(t.field.Column, t.field.Type, d)
		switch {
		case t.desc && t.field.Nullable:
			order = append(order, col+" DESC NULLS LAST")
		case t.desc:
			order = append(order, col+" DESC")
		case t.field.Nullable:
			order = append(order, col+" ASC NULLS FIRST")
		default:
			order = append(order, col+" ASC")
		}
	}
	return clause, args, " ORDER BY " + strings.Join(order, ", ")
}

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

// listRows runs q against table and returns one page and the total.
func listRows[T any](ctx context.Context, tx *database.Tx, table, columns string, q ListQuery, scan func(rowScanner) (T, error)) ([]T, int64, error) {
	where, args, order := q.render(tx.Dialect)
	var total int64
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM "+quote(table)+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := tx.Query(ctx, "SELECT "+columns+" FROM "+quote(table)+where+order+" LIMIT ? OFFSET ?", append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	items := []T{}
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		items = append(items, item)
	}
	return items, total, rows.Err()
}

// UniqueFields maps a unique violation to the fields of its constraint,
// by PostgreSQL's constraint name or SQLite's column list.
type UniqueFields struct {
	Constraint string
	Columns    []string
	Fields     []string
}

// conflict turns err into a 409 if it is a unique violation of one of
// uniques.
func conflict(err error, uniques []UniqueFields) error {
	v, ok := database.Classify(err)
	if !ok || v.Kind != database.Unique {
		return err
	}
	for _, u := range uniques {
		if u.Constraint == v.Constraint || (v.Constraint == "" && slices.Equal(u.Columns, v.Columns)) {
			errs := make([]apierr.FieldError, 0, len(u.Fields))
			for _, f := range u.Fields {
				errs = append(errs, apierr.FieldError{Field: f, Code: "unique", Message: "is already taken"})
			}
			return apierr.Conflict("a unique value is already taken", errs)
		}
	}
	return err
}
