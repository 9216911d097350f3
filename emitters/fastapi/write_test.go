package fastapi

import (
	"os"
	"path/filepath"

	"github.com/bgen-dev/bgen/emitters"
)

// writeFiles writes files under dir; user-owned files only when absent.
func writeFiles(dir string, files []emitters.File) error {
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		if f.Owner == emitters.User {
			if _, err := os.Stat(path); err == nil {
				continue
			}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
