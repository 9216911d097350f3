package writer

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bgen-dev/bgen/emitters"
)

// writeFileAtomic replaces name with data: a temporary file in the same
// directory is written, synced and renamed over name, so a reader never
// sees half a file.
func writeFileAtomic(name string, data []byte, mode fs.FileMode) (err error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".bgen-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), name); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the system allows it; a
// failure only loses durability, never the file, so it is not reported.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// validTarget checks a target name, which becomes a folder of the output
// directory.
func validTarget(t string) error {
	if t == "" || strings.ContainsAny(t, `/\`) || t == "." || t == ".." || strings.HasPrefix(t, ".") {
		return fmt.Errorf("bad target name %q", t)
	}
	return nil
}

// validPath checks a path given by an emitter: clean, relative,
// slash-separated, inside the target folder.
func validPath(p string) error {
	switch {
	case p == "" || p == ".":
		return fmt.Errorf("empty path")
	case strings.ContainsAny(p, "\\\x00"):
		return fmt.Errorf("path %q has a backslash or NUL", p)
	case path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "":
		return fmt.Errorf("path %q is absolute", p)
	case path.Clean(p) != p:
		return fmt.Errorf("path %q is not clean (want %q)", p, path.Clean(p))
	case p == ".." || strings.HasPrefix(p, "../"):
		return fmt.Errorf("path %q leaves the target folder", p)
	}
	return nil
}

// validKey checks a manifest key: "target/path".
func validKey(key string) error {
	t, p, ok := strings.Cut(key, "/")
	if !ok {
		return fmt.Errorf("no target folder")
	}
	if err := validTarget(t); err != nil {
		return err
	}
	return validPath(p)
}

// validFrozenKey checks a manifest key of a frozen file: a target's file or
// a snapshot of the history.
func validFrozenKey(key string) error {
	if rest, ok := strings.CutPrefix(key, SchemaDir+"/"); ok {
		if rest == "" || strings.Contains(rest, "/") {
			return fmt.Errorf("not a snapshot")
		}
		return validPath(key)
	}
	return validKey(key)
}

// validFiles checks the paths of one target's files: each valid, none
// twice, none also the folder of another.
func validFiles(target string, files []emitters.File) error {
	seen := map[string]bool{}
	for _, f := range files {
		if err := validPath(f.Path); err != nil {
			return fmt.Errorf("target %s: %v", target, err)
		}
		if seen[f.Path] {
			return fmt.Errorf("target %s: file %q emitted twice", target, f.Path)
		}
		seen[f.Path] = true
		if f.Owner != emitters.Bgen && f.Owner != emitters.User && f.Owner != emitters.Frozen {
			return fmt.Errorf("target %s: file %q has unknown owner %d", target, f.Path, f.Owner)
		}
	}
	for _, f := range files {
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			if seen[d] {
				return fmt.Errorf("target %s: %q is both a file and the folder of %q", target, d, f.Path)
			}
		}
	}
	return nil
}
