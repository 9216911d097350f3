package fastapi

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// allowRoutes lists every routed path (as a Python regular expression)
// with its methods, for the Allow header of a 405.
func allowRoutes(p *project, api *ir.API) []string {
	methods := map[string][]string{}
	for _, rt := range api.Routes {
		methods[rt.Path] = append(methods[rt.Path], rt.Method)
		if rt.Method == "GET" { // every GET route answers HEAD too
			methods[rt.Path] = append(methods[rt.Path], "HEAD")
		}
	}
	paths := make([]string, 0, len(methods))
	for path := range methods {
		paths = append(paths, path)
	}
	// Most specific first (fewest parameters): the first pattern that
	// matches a path is the route Starlette takes for it.
	sort.Slice(paths, func(i, j int) bool {
		pi, pj := len(pathParam.FindAllString(paths[i], -1)), len(pathParam.FindAllString(paths[j], -1))
		if pi != pj {
			return pi < pj
		}
		return paths[i] < paths[j]
	})
	p.ShadowRoutes = shadowRoutes(paths, methods)
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

// shadowRoute is a path that must answer 405 for methods a less specific
// overlapping path has: PATCH /posts/featured is not an update of post
// "featured" when GET /posts/featured is a custom endpoint.
type shadowRoute struct {
	Path    string
	Methods []string
}

// shadowRoutes finds them among paths, which are sorted most specific first.
func shadowRoutes(paths []string, methods map[string][]string) []shadowRoute {
	var out []shadowRoute
	for i, path := range paths {
		var missing []string
		for _, general := range paths[i+1:] {
			if !overlapping(path, general) {
				continue
			}
			for _, m := range methods[general] {
				if !slices.Contains(methods[path], m) && !slices.Contains(missing, m) {
					missing = append(missing, m)
				}
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			out = append(out, shadowRoute{Path: path, Methods: missing})
		}
	}
	return out
}

// overlapping says whether some request path matches both route paths.
func overlapping(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	if len(as) != len(bs) {
		return false
	}
	for i := range as {
		if as[i] != bs[i] && !pathParam.MatchString(as[i]) && !pathParam.MatchString(bs[i]) {
			return false
		}
	}
	return true
}
