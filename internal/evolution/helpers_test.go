package evolution

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/internal/cli"
)

// spec is the path of one version's spec: "v1", "v2", "v3", "unique".
func spec(version string) string { return filepath.Join("testdata", version, "api.cue") }

// result is one run of bgen.
type result struct {
	code           int
	stdout, stderr string
}

// bgen runs the command line in-process.
func bgen(args ...string) result {
	var stdout, stderr bytes.Buffer
	code := cli.Run(args, strings.NewReader(""), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// must runs bgen and fails the test unless it exits 0.
func must(t *testing.T, args ...string) result {
	t.Helper()
	r := bgen(args...)
	if r.code != 0 {
		t.Fatalf("bgen %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// tree returns every regular file under dir (symlinks not followed: a
// linked virtualenv) with the sha256 of its bytes and its mode.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info.Mode().String() + " " + hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// treeDiff lists the paths whose entries differ between two trees.
func treeDiff(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			out = append(out, "-"+k)
		} else if w != v {
			out = append(out, "~"+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, "+"+k)
		}
	}
	return out
}

// migrationFiles are the files of the schema's history in an output
// directory: the snapshots and each target's migration steps, relative to
// the directory.
func migrationFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, pattern := range []string{
		".bgen/schema/*.json",
		"fastapi/alembic/versions/*.py",
		"go/migrations/postgres/*.sql",
		"go/migrations/sqlite/*.sql",
		"express/prisma/migrations/*/migration.sql",
		"express/prisma/sqlite/migrations/*/migration.sql",
	} {
		names, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pattern)))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(dir, n)
			out[filepath.ToSlash(rel)] = b
		}
	}
	return out
}
