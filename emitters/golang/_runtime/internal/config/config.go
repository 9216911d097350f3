// Package config reads the settings from the environment and a .env file.
package config

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
)

// Config is the server's settings.
type Config struct {
	Host        string
	Port        int
	DatabaseURL string
	AppEnv      string
	LogLevel    slog.Level
	JWTSecret   []byte
	CORSOrigins []string
	AutoMigrate bool
}

// Load reads the settings. Variables already in the environment win over
// the .env file. The error names the variable at fault.
func Load() (Config, error) {
	env, err := readDotEnv(".env")
	if err != nil {
		return Config{}, err
	}
	get := func(name, def string) string {
		if v, ok := os.LookupEnv(name); ok {
			return v
		}
		if v, ok := env[name]; ok {
			return v
		}
		return def
	}
	c := Config{
		Host:        get("HOST", "0.0.0.0"),
		DatabaseURL: get("DATABASE_URL", "sqlite:///./app.db"),
		AppEnv:      get("APP_ENV", "development"),
	}
	switch c.AppEnv {
	case "development", "test", "production":
	default:
		return Config{}, fmt.Errorf("APP_ENV must be development, test or production, not %q", c.AppEnv)
	}
	port, err := strconv.Atoi(get("PORT", "8000"))
	if err != nil || port < 0 || port > 65535 {
		return Config{}, errors.New("PORT must be a port number")
	}
	c.Port = port
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", "info"))); err != nil {
		return Config{}, errors.New("LOG_LEVEL must be debug, info, warn or error")
	}
	secret := get("JWT_SECRET", "")
	switch {
	case secret == "" && c.AppEnv == "production":
		return Config{}, errors.New("JWT_SECRET is required in production")
	case len(secret) < 32 && c.AppEnv == "production":
		return Config{}, errors.New("JWT_SECRET must be at least 32 bytes in production")
	case secret == "":
		if c.JWTSecret, err = developmentSecret(".env"); err != nil {
			return Config{}, err
		}
	default:
		c.JWTSecret = []byte(secret)
	}
	c.CORSOrigins = specCORSOrigins()
	if v := get("CORS_ORIGINS", ""); v != "" {
		c.CORSOrigins = nil
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				c.CORSOrigins = append(c.CORSOrigins, o)
			}
		}
	}
	auto := get("AUTO_MIGRATE", strconv.FormatBool(c.AppEnv != "production"))
	if c.AutoMigrate, err = strconv.ParseBool(auto); err != nil {
		return Config{}, errors.New("AUTO_MIGRATE must be true or false")
	}
	if c.DatabaseURL == "" {
		return Config{}, errors.New("DATABASE_URL must not be empty")
	}
	return c, nil
}

// Addr is the listen address.
func (c Config) Addr() string { return fmt.Sprintf("%s:%d", c.Host, c.Port) }

// readDotEnv parses KEY=VALUE lines; a missing file is no error.
func readDotEnv(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf(".env: %w", err)
	}
	defer f.Close()
	vars := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			value = value[1 : len(value)-1]
		}
		vars[strings.TrimSpace(key)] = value
	}
	return vars, sc.Err()
}
