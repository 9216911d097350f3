package lower

import (
	"regexp"
	"strings"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
	"github.com/bgen-dev/bgen/spec"
)

var pathParam = regexp.MustCompile(`\{([^{}/]+)\}`)

// PathParams returns the {names} of path in order.
func PathParams(path string) []string {
	var names []string
	for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
		names = append(names, m[1])
	}
	return names
}

func (l *lowerer) lowerEndpoint(se *spec.Endpoint) *ir.Endpoint {
	where := "endpoints." + se.Name
	ep := &ir.Endpoint{
		Name:    se.Name,
		Ident:   naming.Split(se.Name),
		Method:  strings.ToUpper(se.Method),
		Path:    "/" + strings.Trim(se.Path, "/"),
		Summary: se.Summary,
	}
	fields := func(sfs []*spec.Field, what string) []*ir.Field {
		var out []*ir.Field
		for _, sf := range sfs {
			w := where + "." + what
			if sf != nil {
				w += "." + sf.Name
			}
			if f := l.lowerField(sf, w, false); f != nil {
				out = append(out, f)
			}
		}
		return out
	}
	params := fields(se.Params, "params")
	used := map[string]bool{}
	for _, name := range PathParams(ep.Path) {
		var p *ir.Field
		for _, f := range params {
			if f.Name == name {
				p = f
			}
		}
		if p == nil {
			l.errf("%s.path: {%s} has no type in params", where, name)
			continue
		}
		if used[name] {
			l.errf("%s.path: {%s} appears twice", where, name)
			continue
		}
		used[name] = true
		p.Optional, p.Required = false, true
		ep.Params = append(ep.Params, p)
	}
	for _, f := range params {
		if !used[f.Name] {
			l.errf("%s.params.%s: not in the path", where, f.Name)
		}
	}
	ep.Query = fields(se.Query, "query")
	ep.Body = fields(se.Body, "body")
	if len(ep.Body) == 0 {
		ep.Body = nil
	}

	ep.Response = ir.ResponseNone
	if r := se.Response; r != nil {
		switch {
		case r.Entity != "":
			ep.Response = ir.ResponseEntity
			ep.ResponseEntity = l.byName[r.Entity]
			ep.ResponseEntityName = r.Entity
		case r.List != "":
			ep.Response = ir.ResponseList
			ep.ResponseEntity = l.byName[r.List]
			ep.ResponseEntityName = r.List
		default:
			ep.Response = ir.ResponseFields
			ep.ResponseFields = fields(r.Fields, "response.fields")
		}
		if (ep.Response == ir.ResponseEntity || ep.Response == ir.ResponseList) && ep.ResponseEntity == nil {
			l.errf("%s.response: unknown entity %q", where, ep.ResponseEntityName)
		}
	}
	ep.Status = 200
	if ep.Response == ir.ResponseNone {
		ep.Status = 204
	}
	if se.Status != nil {
		ep.Status = *se.Status
	}
	var rules []string
	if se.Access != nil {
		rules = se.Access.Rules
	}
	ep.Access = l.lowerRule(rules, where+".access")
	if se.Entity != "" {
		ep.Entity = l.byName[se.Entity]
		ep.EntityName = se.Entity
		if ep.Entity == nil {
			l.errf("%s.entity: unknown entity %q", where, se.Entity)
		}
		for _, p := range ep.Params {
			if p.Name == "id" || ep.EntityParam == nil {
				ep.EntityParam = p
			}
		}
		if ep.EntityParam != nil {
			ep.EntityParamName = ep.EntityParam.Name
		}
	}
	return ep
}
