package spec

import (
	_ "embed"
	"os"
	"path/filepath"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/literal"
	"cuelang.org/go/cue/load"
	"cuelang.org/go/cue/parser"
	"cuelang.org/go/cue/token"
)

//go:embed schema.cue
var schemaSrc []byte

// schemaFile is the file name the embedded schema's positions carry; its
// positions are never shown to users.
const schemaFile = "bgen.dev/spec/schema.cue"

// Schema returns the source of the embedded #Spec schema.
func Schema() []byte {
	return append([]byte(nil), schemaSrc...)
}

// Load evaluates the CUE files in paths (one package, imports resolved from
// an enclosing cue.mod), checks them against #Spec and decodes the result.
// The error holds every problem found, each at the user's position: when
// CUE rejects part of the spec, the rest is still decoded and validated
// (as Validate does), so one run reports CUE's errors and bgen's together.
func Load(paths []string) (*Spec, error) {
	if len(paths) == 0 {
		return nil, errors.Newf(token.NoPos, "no spec files given")
	}
	abs := make([]string, len(paths))
	for i, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			return nil, errors.Newf(token.NoPos, "%v", err)
		}
		if _, err := os.Stat(a); err != nil {
			return nil, errors.Newf(token.NoPos, "%v", err)
		}
		abs[i] = a
	}
	cfg := &load.Config{Dir: filepath.Dir(abs[0])}
	insts := load.Instances(abs, cfg)
	if len(insts) != 1 {
		return nil, errors.Newf(token.NoPos, "spec files must form one CUE package, got %d", len(insts))
	}
	inst := insts[0]
	if inst.Err != nil {
		return nil, sanitize(inst.Err, userFiles(inst), cue.Value{})
	}
	for _, f := range inst.Files {
		stripSpecEmbedding(f)
	}
	ctx := cuecontext.New()
	v := ctx.BuildInstance(inst)
	return evaluate(ctx, v, fileOrder(inst), inst.Files[0].Pos())
}

// LoadSource is Load for a single file held in memory (tests, fuzzing).
// Standard-library imports work and a `bgen.dev/spec` embedding is dropped
// as in Load; other imports cannot be resolved.
func LoadSource(filename string, src []byte) (*Spec, error) {
	files := map[string]bool{filename: true}
	f, err := parser.ParseFile(filename, src, parser.ParseComments)
	if err != nil {
		return nil, sanitize(err, files, cue.Value{})
	}
	stripSpecEmbedding(f)
	ctx := cuecontext.New()
	v := ctx.BuildFile(f)
	return evaluate(ctx, v, []string{filename}, f.Pos())
}

// schemaImport is the import path of the schema package written by
// `bgen init` under cue.mod/.
const schemaImport = "bgen.dev/spec"

// stripSpecEmbedding removes a top-level `spec.#Spec` embedding (and its
// import, when nothing else uses it) from a user's file. bgen unifies with
// its own #Spec anyway; without the embedding every value's position is the
// user's own, so a spec loads the same with or without it.
func stripSpecEmbedding(f *ast.File) {
	name := ""
	for _, d := range f.Decls {
		imp, ok := d.(*ast.ImportDecl)
		if !ok {
			continue
		}
		for _, s := range imp.Specs {
			if p, err := literal.Unquote(s.Path.Value); err == nil && p == schemaImport {
				name = "spec"
				if s.Name != nil {
					name = s.Name.Name
				}
			}
		}
	}
	if name == "" {
		return
	}
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		if e, ok := d.(*ast.EmbedDecl); ok {
			if sel, ok := e.Expr.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == name && selName(sel.Sel) == "#Spec" {
					continue
				}
			}
		}
		decls = append(decls, d)
	}
	f.Decls = decls
	used := false
	ast.Walk(f, func(n ast.Node) bool {
		if _, ok := n.(*ast.ImportDecl); ok {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			used = true
		}
		return !used
	}, nil)
	if used {
		return
	}
	decls = f.Decls[:0]
	for _, d := range f.Decls {
		if imp, ok := d.(*ast.ImportDecl); ok {
			specs := imp.Specs[:0]
			for _, s := range imp.Specs {
				if p, err := literal.Unquote(s.Path.Value); err != nil || p != schemaImport {
					specs = append(specs, s)
				}
			}
			imp.Specs = specs
			if len(specs) == 0 {
				continue
			}
		}
		decls = append(decls, d)
	}
	f.Decls = decls
}

func selName(l ast.Label) string {
	n, _, _ := ast.LabelName(l)
	return n
}

// fileOrder lists the package's files in the order they were given.
func fileOrder(inst *build.Instance) []string {
	var out []string
	for _, f := range inst.Files {
		out = append(out, f.Filename)
	}
	return out
}

// userFiles is the set of file names that belong to the user's package.
func userFiles(inst *build.Instance) map[string]bool {
	files := map[string]bool{}
	for _, f := range inst.BuildFiles {
		files[f.Filename] = true
	}
	for _, f := range inst.Files {
		files[f.Filename] = true
	}
	return files
}

// evaluate unifies the user's value with #Spec, reports every error, and
// decodes the user's value. When CUE finds errors, the rest of the spec is
// still decoded and validated (see taint) so that one run reports every
// problem; the spec is then not returned.
//
// start is where the first file begins: missing top-level keys are
// reported there.
func evaluate(ctx *cue.Context, user cue.Value, order []string, start token.Pos) (*Spec, error) {
	files := map[string]bool{}
	for _, f := range order {
		files[f] = true
	}
	if err := user.Err(); err != nil && !user.Exists() {
		return nil, sanitize(err, files, user)
	}
	schema := ctx.CompileBytes(schemaSrc, cue.Filename(schemaFile))
	if err := schema.Err(); err != nil {
		return nil, errors.Wrapf(err, token.NoPos, "spec: embedded schema")
	}
	unified := schema.LookupPath(cue.MakePath(cue.Def("#Spec"))).Unify(user)
	var errs errors.Error
	if err := unified.Validate(cue.Concrete(true)); err != nil {
		errs = errors.Append(errs, errors.Promote(err, ""))
	}
	// CUE reports "field not allowed" only for structs without other errors;
	// look for unknown keys ourselves so that every one is reported at once.
	errs = errors.Append(errs, checkClosed(schema, user))
	d := &decoder{files: map[string]int{}}
	for i, f := range order {
		d.files[f] = i
	}
	if errs == nil {
		s := d.spec(user)
		if d.errs != nil {
			return nil, sortErrors(d.errs)
		}
		return s, nil
	}
	cueErrs := sanitizeList(errs, files, user)
	cueErrs = dropBelowNotAllowed(append(cueErrs, newIncomplete(cueErrs, incompleteErrors(unified, user, start))...))
	t := newTaint(cueErrs)
	d.t = t
	s := d.spec(user)
	c := &checker{s: s, entities: map[string]*Entity{}, t: t}
	c.run()
	all := cueErrs
	all = append(all, t.drop(d.errs)...)
	all = append(all, t.drop(c.errs)...)
	return nil, sortErrors(all)
}
