// Package ts holds what the Node targets (express, nestjs) share: the
// spec-independent runtime as real TypeScript files (runtime/src/runtime,
// type-checked in place by TestRuntimeTree), the IR-type to TypeScript
// map, identifier escaping and a literal writer for the values generated
// code embeds.
package ts

import (
	"embed"
	"encoding/json"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
)

//go:embed runtime/src/runtime/*.ts
var runtimeFS embed.FS

// Header is the first line of every TypeScript file bgen owns.
const Header = "// " + emitters.Header + "\n"

// Runtime returns the runtime's files, each under prefix
// ("src/runtime/"), with the header added, sorted by path.
func Runtime(prefix string) []emitters.File {
	var files []emitters.File
	_ = fs.WalkDir(runtimeFS, "runtime/src/runtime", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.ts") {
			return err
		}
		data, _ := runtimeFS.ReadFile(p)
		files = append(files, emitters.File{Path: prefix + strings.TrimPrefix(p, "runtime/src/runtime/"), Data: append([]byte(Header), data...)})
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

// Type is the TypeScript type of a field's wire value.
func Type(t ir.Type) string {
	switch t {
	case ir.Int:
		return "bigint"
	case ir.Float:
		return "number"
	case ir.Bool:
		return "boolean"
	case ir.JSON:
		return "unknown"
	}
	return "string"
}

// Ident escapes a TypeScript identifier.
func Ident(s string) string { return naming.EscapeTS(s) }

// Str is a TypeScript string literal.
func Str(s string) string {
	b, _ := json.Marshal(s)
	return strings.NewReplacer("\u2028", `\u2028`, "\u2029", `\u2029`).Replace(string(b))
}

// Regex is a TypeScript regular expression literal with the u flag.
func Regex(pattern string) string {
	return "new RegExp(" + Str(pattern) + ", \"u\")"
}

// Num is a number literal.
func Num(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return NumText(strconv.FormatFloat(f, 'g', -1, 64))
}

// Value is a JSON-like value as a TypeScript literal.
func Value(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// Imports tracks the imports of one generated file, like jennifer's Qual:
// Use records a name from a module and returns the name to write.
type Imports struct {
	names map[string]map[string]bool
	types map[string]map[string]bool
}

// Use records a value import of name from module.
func (im *Imports) Use(module, name string) string {
	if im.names == nil {
		im.names = map[string]map[string]bool{}
	}
	if im.names[module] == nil {
		im.names[module] = map[string]bool{}
	}
	im.names[module][name] = true
	return name
}

// Type records a type-only import of name from module.
func (im *Imports) Type(module, name string) string {
	if im.types == nil {
		im.types = map[string]map[string]bool{}
	}
	if im.types[module] == nil {
		im.types[module] = map[string]bool{}
	}
	im.types[module][name] = true
	return name
}

// String renders the import block as the runtime's files order theirs:
// Node's modules, then packages, then the project's own, each sorted.
func (im *Imports) String() string {
	var b strings.Builder
	mods := map[string]bool{}
	for m := range im.names {
		mods[m] = true
	}
	for m := range im.types {
		mods[m] = true
	}
	var list []string
	for m := range mods {
		list = append(list, m)
	}
	rank := func(m string) int {
		switch {
		case strings.HasPrefix(m, "node:"):
			return 0
		case !strings.HasPrefix(m, "."):
			return 1
		}
		return 2
	}
	sort.Slice(list, func(i, j int) bool {
		if ri, rj := rank(list[i]), rank(list[j]); ri != rj {
			return ri < rj
		}
		return list[i] < list[j]
	})
	line := func(kw string, names []string, from string) {
		var ns []Expr
		for _, n := range names {
			ns = append(ns, Raw(n))
		}
		b.WriteString(Print(func() any { return ImportKw(kw, ns, from) }) + "\n")
	}
	for _, m := range list {
		if len(im.types[m]) > 0 {
			line("import type", keys(im.types[m]), m)
		}
		if len(im.names[m]) > 0 {
			line("import", keys(im.names[m]), m)
		}
	}
	return b.String()
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
