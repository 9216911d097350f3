package golang

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
)

// Setup prepares a generated Go project in dir the way docs/contract.md's
// command table says (`go build -o bin/server ./cmd/server`)
// and returns the absolute path of the server binary. The go command's
// module and build caches are the caller's defaults; the first build of
// modernc.org/sqlite takes minutes, later ones are cached. The conformance
// suite starts the binary as `<binary> serve` with the project as its
// working directory.
func Setup(dir string) (binary string, err error) {
	for _, args := range [][]string{
		{"go", "build", "-o", "bin/server", "./cmd/server"},
	} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("%v in %s: %w\n%s", args, dir, err, out.String())
		}
	}
	return filepath.Abs(filepath.Join(dir, "bin", "server"))
}
