package fastapi

import (
	"sort"
	"strings"
)

// imports collects a Python file's imports, as the pyCode its template
// prints and the names it records say (fileFuncs), and renders them in
// three groups (standard library, third party, the app), as isort orders
// them.
type imports struct {
	plain map[string]bool            // "import uuid"
	from  map[string]map[string]bool // "from x import a"
}

func newImports() *imports {
	return &imports{plain: map[string]bool{}, from: map[string]map[string]bool{}}
}

func (im *imports) add(module string, names ...string) *imports {
	if len(names) == 0 {
		im.plain[module] = true
		return im
	}
	if im.from[module] == nil {
		im.from[module] = map[string]bool{}
	}
	for _, n := range names {
		im.from[module][n] = true
	}
	return im
}

func (im *imports) empty() bool { return len(im.plain) == 0 && len(im.from) == 0 }

var stdlib = map[string]bool{
	"argparse": true, "asyncio": true, "collections": true, "collections.abc": true, "dataclasses": true,
	"datetime": true, "decimal": true, "json": true, "re": true, "sys": true, "typing": true,
	"uuid": true, "pathlib": true, "contextlib": true, "signal": true, "types": true,
}

func group(module string) int {
	root := strings.Split(module, ".")[0]
	switch {
	case stdlib[module] || stdlib[root]:
		return 0
	case root == "app":
		return 2
	}
	return 1
}

// isortKey orders names as isort's force_sort_within_sections=false does:
// CONSTANTS, then Classes, then functions, case-sensitively.
func isortKey(name string) string {
	switch {
	case strings.ToUpper(name) == name:
		return "0" + name
	case name[0] >= 'A' && name[0] <= 'Z':
		return "1" + name
	}
	return "2" + name
}

// lines renders the imports: a list of lines, "" between groups.
func (im *imports) lines() []string {
	type entry struct {
		module, line string
		plain        bool // "import x"
	}
	groups := make([][]entry, 3)
	for m := range im.plain {
		groups[group(m)] = append(groups[group(m)], entry{m, "import " + m, true})
	}
	for m, set := range im.from {
		var ns []string
		for n := range set {
			ns = append(ns, n)
		}
		sort.Slice(ns, func(i, j int) bool { return isortKey(ns[i]) < isortKey(ns[j]) })
		line := "from " + m + " import " + strings.Join(ns, ", ")
		if len(line) > 88 {
			line = "from " + m + " import (\n    " + strings.Join(ns, ",\n    ") + ",\n)"
		}
		groups[group(m)] = append(groups[group(m)], entry{m, line, false})
	}
	var out []string
	for _, g := range groups {
		if len(g) == 0 {
			continue
		}
		// isort: "import x" lines before "from x import" lines of the same
		// section only with force_sort_within_sections; default puts all
		// plain imports first.
		sort.Slice(g, func(i, j int) bool {
			if g[i].plain != g[j].plain {
				return g[i].plain
			}
			return g[i].module < g[j].module
		})
		if len(out) > 0 {
			out = append(out, "")
		}
		for _, e := range g {
			out = append(out, e.line)
		}
	}
	return out
}
