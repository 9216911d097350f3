package fastapi

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// EnsureVenv returns the Python interpreter of a virtual environment that
// has the requirements of the generated project in projectDir installed
// (requirements-dev.txt, which includes requirements.txt).
//
// Environments are shared: one per distinct pair of requirement files and
// python3 version, under os.UserCacheDir()/bgen/venvs/<hash>, built once and
// reused by later calls, tests and processes. A new environment is built in
// a temporary folder and renamed into place, so concurrent callers never see
// a half-installed one. Run tools as `python -m <tool>` (pytest, ruff,
// mypy, app): the environment may have been moved since its scripts were
// written.
func EnsureVenv(projectDir string) (python string, err error) {
	base, err := exec.LookPath("python3")
	if err != nil {
		return "", fmt.Errorf("fastapi: python3 not found: %w", err)
	}
	version, err := exec.Command(base, "--version").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("fastapi: python3 --version: %v: %s", err, version)
	}
	h := sha256.New()
	h.Write(version)
	for _, name := range []string{"requirements.txt", "requirements-dev.txt"} {
		data, err := os.ReadFile(filepath.Join(projectDir, name))
		if err != nil {
			return "", fmt.Errorf("fastapi: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%s\x00", name, data)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("fastapi: %w", err)
	}
	dir := filepath.Join(cache, "bgen", "venvs", hex.EncodeToString(h.Sum(nil))[:16])
	python = filepath.Join(dir, "bin", "python")
	ready := filepath.Join(dir, ".bgen-ready")
	if _, err := os.Stat(ready); err == nil {
		return python, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("fastapi: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "building-")
	if err != nil {
		return "", fmt.Errorf("fastapi: %w", err)
	}
	defer os.RemoveAll(tmp)
	steps := [][]string{
		{base, "-m", "venv", tmp},
		{filepath.Join(tmp, "bin", "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
			"-r", filepath.Join(projectDir, "requirements-dev.txt")},
	}
	for _, step := range steps {
		cmd := exec.Command(step[0], step[1:]...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("fastapi: %s: %v\n%s", strings.Join(step, " "), err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, ".bgen-ready"), nil, 0o644); err != nil {
		return "", fmt.Errorf("fastapi: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another caller finished first: use theirs.
		if _, statErr := os.Stat(ready); statErr == nil {
			return python, nil
		}
		return "", fmt.Errorf("fastapi: %w", errors.Join(err))
	}
	return python, nil
}
