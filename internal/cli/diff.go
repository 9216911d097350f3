package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bgen-dev/bgen/internal/writer"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/apidiff"
)

// SpecCopyDir is where a build keeps a copy of the spec it was built
// from, relative to the output directory: the spec's files, the list of
// them in the order they were given (SpecCopyIndex), and the cue.mod/ of
// the CUE module they are in, if any. `bgen diff` compiles it to compare a
// built directory with a spec.
const SpecCopyDir = ".bgen/spec"

// SpecCopyIndex is the file in SpecCopyDir that lists the spec's files.
const SpecCopyIndex = "files.json"

// specIndex is SpecCopyIndex's content.
type specIndex struct {
	// Files are the spec's file names in SpecCopyDir, in the order the
	// build was given them (the order entities and endpoints follow).
	Files []string `json:"files"`
}

// KeepSpec records the spec files a build of dir compiled (as given on its
// command line) under dir/SpecCopyDir, replacing the copy of an earlier
// build; a copy that is already the same is left alone. The spec files
// must have distinct names (a CUE package's files do: they share a
// folder). Imports from the CUE module's cue.mod/ keep working in the
// copy; imports of other packages of the user's own module do not.
func KeepSpec(dir string, paths []string) error {
	if len(paths) == 0 {
		return errors.New("keep spec: no spec files")
	}
	meta := filepath.Join(dir, filepath.Dir(filepath.FromSlash(SpecCopyDir)))
	if err := os.MkdirAll(meta, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(meta, ".spec-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := writeSpecCopy(tmp, paths); err != nil {
		return fmt.Errorf("keep spec: %v", err)
	}
	final := filepath.Join(dir, filepath.FromSlash(SpecCopyDir))
	if same, err := sameTree(tmp, final); err == nil && same {
		return nil
	}
	if err := os.RemoveAll(final); err != nil {
		return err
	}
	return os.Rename(tmp, final)
}

func writeSpecCopy(to string, paths []string) error {
	var index specIndex
	for _, p := range paths {
		name := filepath.Base(p)
		if slices.Contains(index.Files, name) {
			return fmt.Errorf("two spec files named %s", name)
		}
		index.Files = append(index.Files, name)
		if err := copyFile(p, filepath.Join(to, name)); err != nil {
			return err
		}
	}
	if mod := moduleRoot(filepath.Dir(paths[0])); mod != "" {
		if err := copyTree(filepath.Join(mod, "cue.mod"), filepath.Join(to, "cue.mod")); err != nil {
			return err
		}
	}
	b, err := json.MarshalIndent(index, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(to, SpecCopyIndex), append(b, '\n'), 0o644)
}

// moduleRoot returns the nearest folder at or above dir that holds a
// cue.mod/ folder, or "".
func moduleRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if fi, err := os.Stat(filepath.Join(abs, "cue.mod")); err == nil && fi.IsDir() {
			return abs
		}
		up := filepath.Dir(abs)
		if up == abs {
			return ""
		}
		abs = up
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// copyTree copies the regular files under from to to.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		case d.Type().IsRegular():
			return copyFile(p, dst)
		}
		return nil
	})
}

// sameTree reports whether folders a and b hold the same files with the
// same bytes.
func sameTree(a, b string) (bool, error) {
	read := func(root string) (map[string][]byte, error) {
		files := map[string][]byte{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files[rel], err = os.ReadFile(p)
			return err
		})
		return files, err
	}
	fa, err := read(a)
	if err != nil {
		return false, err
	}
	fb, err := read(b)
	if err != nil {
		return false, err
	}
	if len(fa) != len(fb) {
		return false, nil
	}
	for name, data := range fa {
		if other, ok := fb[name]; !ok || !bytes.Equal(data, other) {
			return false, nil
		}
	}
	return true, nil
}

// specCopy returns the files of dir's spec copy, in their order; an error
// wrapping fs.ErrNotExist when there is none.
func specCopy(dir string) ([]string, error) {
	root := filepath.Join(dir, filepath.FromSlash(SpecCopyDir))
	b, err := os.ReadFile(filepath.Join(root, SpecCopyIndex))
	if err != nil {
		return nil, err
	}
	var index specIndex
	if err := json.Unmarshal(b, &index); err != nil || len(index.Files) == 0 {
		return nil, fmt.Errorf("%s: not a list of spec files", filepath.Join(root, SpecCopyIndex))
	}
	paths := make([]string, len(index.Files))
	for i, name := range index.Files {
		if name != filepath.Base(name) || name == ".." {
			return nil, fmt.Errorf("%s: bad file name %q", filepath.Join(root, SpecCopyIndex), name)
		}
		paths[i] = filepath.Join(root, name)
	}
	return paths, nil
}

// pathList is the value of --old and --new: repeatable, taken verbatim.
type pathList []string

func (l *pathList) String() string { return strings.Join(*l, " ") }

func (l *pathList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// diffFlags are bgen diff's flags.
type diffFlags struct {
	format   string
	old, new pathList
}

// diffFormats are the values of --format.
var diffFormats = []string{"text", "json", "markdown"}

// diffCommand is `bgen diff`. Its flags live in the command's own
// diffFlags, shared by its flags and run functions.
func diffCommand() *command {
	f := &diffFlags{}
	return &command{
		name: "diff", args: "OLD NEW [--format text|json|markdown]",
		summary: "report what breaks between two versions of a spec",
		help: "Diff compares two versions of an API and reports what breaks for its\n" +
			"clients (a removed route, operation or response field, a new or newly\n" +
			"required request field, a narrowed type, constraint or enum, a tightened\n" +
			"access rule, a changed status, a removed list option) and for the database\n" +
			"(the destructive steps of the migration between the two schemas), then\n" +
			"what changed without breaking.\n\n" +
			"OLD and NEW are each a spec file or an output directory of bgen build,\n" +
			"which keeps a copy of the spec it was built from in DIR/.bgen/spec/.\n" +
			"For a spec of several files, give a side with --old or --new, once per\n" +
			"file; the arguments are then the other side:\n\n" +
			"\tbgen diff gen api.cue                     # the built directory against the spec\n" +
			"\tbgen diff --old v1/a.cue --old v1/b.cue a.cue b.cue\n\n" +
			"Exit codes: 0 nothing breaks, 1 something breaks (or a side does not\n" +
			"compile), 2 usage.",
		flags: func(fs *flag.FlagSet, _ *options) {
			*f = diffFlags{}
			fs.StringVar(&f.format, "format", "text", "output `FORMAT`: "+strings.Join(diffFormats, ", "))
			fs.Var(&f.old, "old", "a `SPEC` file of the old version, or its output directory (repeatable)")
			fs.Var(&f.new, "new", "a `SPEC` file of the new version, or its output directory (repeatable)")
		},
		run: func(e *env, _ *options, args []string) int { return runDiff(e, f, args) },
	}
}

func runDiff(e *env, f *diffFlags, args []string) int {
	if !slices.Contains(diffFormats, f.format) {
		return usageError(e, "diff", "unknown format %q (known: %s)", f.format, strings.Join(diffFormats, ", "))
	}
	old, new := []string(f.old), []string(f.new)
	switch {
	case len(old) == 0 && len(new) == 0:
		if len(args) != 2 {
			return usageError(e, "diff", "want OLD and NEW, got %d argument(s); for a spec of several files use --old and --new", len(args))
		}
		old, new = args[:1], args[1:]
	case len(old) == 0:
		old = args
	case len(new) == 0:
		new = args
	case len(args) > 0:
		return usageError(e, "diff", "unexpected arguments with both --old and --new: %s", strings.Join(args, " "))
	}
	if len(old) == 0 || len(new) == 0 {
		return usageError(e, "diff", "want both an OLD and a NEW version")
	}
	oldAPI, history, _, code := loadSide(e, old)
	if code != exitOK {
		return code
	}
	newAPI, _, newFiles, code := loadSide(e, new)
	if code != exitOK {
		return code
	}
	// The database side: the step the next build of an old output
	// directory would add to its history, or else the migration from the
	// old spec's schema to the new one's.
	db := apidiff.CompareDatabase(oldAPI.Tables, newAPI.Tables)
	if len(history) > 0 {
		db = apidiff.CompareHistory(history, newAPI.Tables)
	}
	r := apidiff.NewReport(strings.Join(old, " "), strings.Join(new, " "), apidiff.Compare(oldAPI, newAPI), db.InDir(e.specDir(newFiles)))
	switch f.format {
	case "json":
		e.stdout.Write(r.JSON())
	case "markdown":
		fmt.Fprint(e.stdout, r.Markdown())
	default:
		fmt.Fprint(e.stdout, r.Text())
	}
	if r.Breaking {
		return exitFail
	}
	return exitOK
}

// loadSide compiles one side of a diff: spec files, or the spec copy of
// one output directory, with that directory's schema history (nil for
// spec files, or a directory without history). It returns the spec files
// it compiled.
func loadSide(e *env, paths []string) (*ir.API, []*ir.Migration, []string, int) {
	var history []*ir.Migration
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || !fi.IsDir() {
			continue
		}
		if len(paths) > 1 {
			return nil, nil, nil, usageError(e, "diff", "%s is a directory: a version is one output directory or spec files", p)
		}
		if fi, err := os.Stat(filepath.Join(p, ".bgen")); err != nil || !fi.IsDir() {
			return nil, nil, nil, usageError(e, "diff", "%s is not an output directory of bgen build (it has no .bgen/); name the spec's .cue files instead", p)
		}
		files, err := specCopy(p)
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(e.stderr, "bgen diff: %s holds no copy of the spec it was built from (%s/); build it again with this bgen, or name the spec files\n",
				p, filepath.Join(p, filepath.FromSlash(SpecCopyDir)))
			return nil, nil, nil, exitFail
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "bgen diff: %v\n", err)
			return nil, nil, nil, exitFail
		}
		if history, err = writer.ReadHistory(p); err != nil {
			fmt.Fprintf(e.stderr, "bgen diff: %v\n", err)
			return nil, nil, nil, exitFail
		}
		paths = files
	}
	api, ok := compile(e, paths)
	if !ok {
		return nil, nil, nil, exitFail
	}
	return api, history, paths, exitOK
}

// specDir is the folder of spec files paths as printed: relative to the
// working directory when it is inside it.
func (e *env) specDir(paths []string) string {
	dir, err := filepath.Abs(filepath.Dir(paths[0]))
	if err != nil {
		return filepath.Dir(paths[0])
	}
	if e.cwd != "" {
		if rel, err := filepath.Rel(e.cwd, dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return dir
}
