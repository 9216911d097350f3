package ir

import "time"

// Defaults of docs/spec.md that Lower applies.
const (
	DefaultVersion      = "0.1.0"
	DefaultBasePath     = "/api"
	DefaultPageLimit    = 20
	DefaultPageMaxLimit = 100
	DefaultMaxBodyBytes = 1 << 20
	DefaultTokenTTL     = 24 * time.Hour
	DefaultStringMax    = 255
	DefaultEmailMax     = 254
	DefaultPrecision    = 18
	DefaultScale        = 2
)

// DefaultTargets are the targets built when a spec names none.
func DefaultTargets() []string { return []string{"fastapi", "express", "nestjs", "go"} }
