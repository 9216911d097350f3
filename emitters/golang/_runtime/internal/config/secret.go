package config

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"syscall"
)

// developmentSecret is the deployment's JWT secret outside production when
// none is set: made once and appended to the .env file at path, so that
// every process of the deployment (several servers, the CLI) signs and
// verifies with the same one. An exclusive lock on the file keeps
// processes that start together from making two.
func developmentSecret(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("JWT_SECRET: set it, or let the server write one into %s: %w", path, err)
	}
	defer f.Close() // and so unlock
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return nil, fmt.Errorf("JWT_SECRET: locking %s: %w", path, err)
	}
	vars, err := readDotEnv(path)
	if err != nil {
		return nil, err
	}
	if v := vars["JWT_SECRET"]; v != "" {
		return []byte(v), nil
	}
	content, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("JWT_SECRET: reading %s: %w", path, err)
	}
	raw := make([]byte, 48)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("JWT_SECRET: %w", err)
	}
	secret := base64.RawURLEncoding.EncodeToString(raw)
	line := "JWT_SECRET=" + secret + "\n"
	if len(content) > 0 && content[len(content)-1] != '\n' {
		line = "\n" + line
	}
	if _, err := f.WriteString(line); err != nil {
		return nil, fmt.Errorf("JWT_SECRET: writing %s: %w", path, err)
	}
	return []byte(secret), nil
}
