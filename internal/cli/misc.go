package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/bgen-dev/bgen/examples"
	"github.com/bgen-dev/bgen/spec"
)

func runVet(e *env, _ *options, paths []string) int {
	if len(paths) == 0 {
		return usageError(e, "vet", "no spec files given")
	}
	if _, ok := compile(e, paths); !ok {
		return exitFail
	}
	return exitOK
}

func runIR(e *env, _ *options, paths []string) int {
	if len(paths) == 0 {
		return usageError(e, "ir", "no spec files given")
	}
	api, ok := compile(e, paths)
	if !ok {
		return exitFail
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // patterns keep their < > &
	enc.SetIndent("", "  ")
	if err := enc.Encode(api); err != nil {
		fmt.Fprintf(e.stderr, "bgen ir: %v\n", err)
		return exitFail
	}
	e.stdout.Write(buf.Bytes())
	return exitOK
}

func runVersion(e *env, _ *options, args []string) int {
	if len(args) > 0 {
		return usageError(e, "version", "no arguments expected")
	}
	fmt.Fprintf(e.stdout, "bgen %s\n", version())
	return exitOK
}

// version is the module version bgen was built at, "devel" for a build
// from a work tree.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return "devel"
	}
	return bi.Main.Version
}

func runInit(e *env, _ *options, args []string) int {
	if len(args) > 1 {
		return usageError(e, "init", "at most one directory expected")
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		fmt.Fprintf(e.stderr, "bgen init: %v\n", err)
		return exitFail
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "bgen init: %v\n", err)
		return exitFail
	}
	specPath := filepath.Join(dir, "api.cue")
	if err := createFile(specPath, starter()); err != nil {
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(e.stderr, "bgen init: %s already exists; not overwriting it\n", specPath)
		} else {
			fmt.Fprintf(e.stderr, "bgen init: %v\n", err)
		}
		return exitFail
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", specPath)

	files := spec.ModuleFiles(moduleName(filepath.Base(abs)))
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(e.stderr, "bgen init: %v\n", err)
			return exitFail
		}
		err := createFile(p, files[name])
		switch {
		case errors.Is(err, fs.ErrExist):
			fmt.Fprintf(e.stdout, "kept %s (exists)\n", p)
		case err != nil:
			fmt.Fprintf(e.stderr, "bgen init: %v\n", err)
			return exitFail
		default:
			fmt.Fprintf(e.stdout, "wrote %s\n", p)
		}
	}
	cd := ""
	if dir != "." {
		cd = "cd " + dir + " && "
	}
	fmt.Fprintf(e.stdout, "\nNext: %sbgen build api.cue\n", cd)
	return exitOK
}

// createFile writes a new file, failing with fs.ErrExist if there is one.
func createFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// moduleName is the CUE module path of a project in a folder named base:
// its letters and digits, other runs of characters made one "_".
func moduleName(base string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	name := strings.TrimSuffix(b.String(), "_")
	if name == "" {
		name = "api"
	}
	return "bgen.local/" + name
}

// starter is the blog example embedding the schema that init writes under
// cue.mod/, so that `cue vet` and editors check the spec against it (bgen
// itself drops the embedding and applies its own copy).
func starter() []byte {
	return bytes.Replace(examples.Blog(), []byte("package blog\n"),
		[]byte("package blog\n\nimport \"bgen.dev/spec\"\n\nspec.#Spec\n"), 1)
}
