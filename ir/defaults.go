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

// KnownTargets are the target names of docs/spec.md, in the fixed order
// used everywhere (flags, output folders, summaries, the conformance
// command table). internal/targets says which are implemented.
func KnownTargets() []string { return []string{"openapi", "fastapi", "express", "nestjs", "go"} }

// DefaultTargets are the targets built when a spec names none: every
// known target but openapi, which is always built.
func DefaultTargets() []string { return KnownTargets()[1:] }
