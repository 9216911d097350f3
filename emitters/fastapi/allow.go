package fastapi

import (
	"regexp"
	"sort"
	"strings"
)

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// allowRoutes lists every routed path (as a Python regular expression)
// with its methods, for the Allow header of a 405.
func allowRoutes(p *project) []string {
	methods := map[string][]string{}
	add := func(path string, ms ...string) { methods[path] = append(methods[path], ms...) }
	add("/health", "GET")
	add("/ready", "GET")
	add("/openapi.json", "GET")
	if p.Auth != nil {
		add(p.BasePath+"/auth/register", "POST")
		add(p.BasePath+"/auth/login", "POST")
		add(p.BasePath+"/auth/me", "GET")
	}
	for _, v := range p.Entities {
		for _, op := range v.IR.Operations {
			add(p.BasePath+op.Path, op.Method)
		}
		for _, r := range v.Relations {
			add(p.BasePath+r.Path, "GET")
			if r.LinkPath != "" {
				add(p.BasePath+r.Path+"/{target}", "PUT", "DELETE")
			}
		}
	}
	for _, e := range p.Endpoints {
		add(p.BasePath+e.Path, e.Method)
	}
	paths := make([]string, 0, len(methods))
	for path := range methods {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	out := make([]string, 0, len(paths))
	for _, path := range paths {
		parts := pathParam.Split(path, -1)
		for i, part := range parts {
			parts[i] = regexp.QuoteMeta(part)
		}
		pattern := strings.Join(parts, "[^/]+")
		ms := methods[path]
		sort.Strings(ms)
		out = append(out, "re.compile("+pyPattern(pattern)+"),\n        "+pyTupleDedup(ms))
	}
	return out
}

func pyTupleDedup(ms []string) string {
	var uniq []string
	for i, m := range ms {
		if i == 0 || ms[i-1] != m {
			uniq = append(uniq, m)
		}
	}
	return pyTuple(uniq)
}
