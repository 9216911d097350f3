package fastapi

import (
	"fmt"
	"strings"
	"text/template"
)

// pyImport is one import: `import Module` when Name is "", else
// `from Module import Name` (Name may read "x as y").
type pyImport struct{ Module, Name string }

// pyCode is a piece of Python (an expression, an annotation) with the
// imports it needs, as jennifer's Qual keeps them for Go: the Go code that
// writes a name from another module writes it through qual or dot, which
// record the import. A template prints it with {{code .X}}, which adds the
// imports to the file's import block. pyCode has no String method, so
// that printing it as {{.X}}, which would lose the imports, shows a Go
// struct instead of passing unnoticed.
type pyCode struct {
	text    string
	imports []pyImport
}

// lit is Python text that needs no import.
func lit(text string) pyCode { return pyCode{text: text} }

// qual is a name imported from a module: qual("decimal", "Decimal") is
// `Decimal`, from `from decimal import Decimal`. A name "x as y" is y.
func qual(module, name string) pyCode {
	text := name
	if _, alias, ok := strings.Cut(name, " as "); ok {
		text = alias
	}
	return pyCode{text: text, imports: []pyImport{{module, name}}}
}

// dot is an attribute of an imported module: dot("uuid", "UUID") is
// `uuid.UUID`, from `import uuid`.
func dot(module, attr string) pyCode {
	return pyCode{text: module + "." + attr, imports: []pyImport{{Module: module}}}
}

// codef formats Python as fmt.Sprintf does; pyCode arguments give their
// text and their imports.
func codef(format string, args ...any) pyCode {
	var c pyCode
	plain := make([]any, len(args))
	for i, a := range args {
		if pc, ok := a.(pyCode); ok {
			c.imports = append(c.imports, pc.imports...)
			a = pc.text
		}
		plain[i] = a
	}
	c.text = fmt.Sprintf(format, plain...)
	return c
}

// orNone is the annotation `T | None`.
func (c pyCode) orNone() pyCode { return codef("%s | None", c) }

// pyCall is a call a formatter lays out on one line when it fits, else
// one argument per line (pyAssign).
type pyCall struct {
	fn   pyCode
	args []string
}

// importsMarker stands for a file's import block while its template runs;
// the block replaces it once every import is known.
const importsMarker = "\x00imports\x00"

// fileFuncs are the template functions that record a file's imports in
// im: {{code .X}} prints a pyCode and {{use .X ...}} only records its
// imports; {{qual "module" "Name"}} and {{dot "module" "attr"}} print a
// name as qual and dot make it; {{import "module" "Name"...}} records
// names the template's own text uses ({{import "module"}}: `import
// module`); {{items}} and {{assign}} lay out pyCode tuples and calls; and
// {{importBlock}} places the block.
func fileFuncs(im *imports) template.FuncMap {
	record := func(c pyCode) string {
		for _, i := range c.imports {
			if i.Name == "" {
				im.add(i.Module)
			} else {
				im.add(i.Module, i.Name)
			}
		}
		return c.text
	}
	return template.FuncMap{
		"code": record,
		"use": func(cs ...pyCode) string {
			for _, c := range cs {
				record(c)
			}
			return ""
		},
		"qual": func(module, name string) string { return record(qual(module, name)) },
		"dot":  func(module, attr string) string { return record(dot(module, attr)) },
		"import": func(module string, names ...string) string {
			im.add(module, names...)
			return ""
		},
		"items": func(items []pyCode, indent string) string {
			texts := make([]string, len(items))
			for i, it := range items {
				texts[i] = record(it)
			}
			return pyItems(texts, indent)
		},
		"assign": func(name string, call *pyCall) string {
			return pyAssign(name, record(call.fn), call.args)
		},
		"importBlock": func() string { return importsMarker },
	}
}

// templateFuncs are the functions every template may call. fileFuncs are
// bound to each file's imports when it is rendered (renderer.render);
// here they are bound to none, so that a template run without that
// binding fails rather than loses its imports.
func templateFuncs() template.FuncMap {
	funcs := template.FuncMap{
		"py":        pyStr,
		"pytuple":   pyTuple,
		"frozenset": pyFrozenset,
	}
	for name, f := range fileFuncs(nil) {
		funcs[name] = f
	}
	return funcs
}

// withImports replaces the marker of {{importBlock}} in a rendered file
// with its import block.
func withImports(text string, im *imports) (string, error) {
	n := strings.Count(text, importsMarker)
	switch {
	case n > 1:
		return "", fmt.Errorf("{{importBlock}} %d times", n)
	case n == 0 && !im.empty():
		return "", fmt.Errorf("imports recorded, but no {{importBlock}} to hold them")
	}
	return strings.Replace(text, importsMarker, strings.Join(im.lines(), "\n"), 1), nil
}
