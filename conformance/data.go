package conformance

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"os"
	"strconv"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/sample"
)

// Gen makes field values for the checks: valid ones, distinct on every
// call for unique fields and tagged with this run's tag, and invalid ones
// for each validation code. The values come from package ir/sample, the
// generator the emitters' own tests use too.
type Gen struct {
	seed uint64
	tag  string // distinguishes this run's values
	gen  *sample.Gen
}

// newGen seeds the generator from BGEN_CONFORMANCE_SEED when it is set
// (each run logs its seed, so a failure can be replayed), else at random.
func newGen() *Gen {
	var seed [8]byte
	_, _ = rand.Read(seed[:])
	s := new(big.Int).SetBytes(seed[:]).Uint64()
	if v, err := strconv.ParseUint(os.Getenv("BGEN_CONFORMANCE_SEED"), 10, 64); err == nil {
		s = v
	}
	tag := fmt.Sprintf("%04x", s%0xffff)
	return &Gen{seed: s, tag: tag, gen: sample.New(s, tag)}
}

// Valid returns a valid value for f, distinct from earlier ones where the
// type allows (see sample.Gen.Valid).
func (g *Gen) Valid(f *ir.Field) any {
	v, _ := g.gen.Valid(f)
	return v
}

// Invalid is one bad value with the code it must be reported with.
type Invalid = sample.Invalid

// Invalids returns bad values for f, each with its expected code, following
// the order of checks in docs/conventions.md (type, enum, format, min, max,
// minLength, maxLength, pattern).
func (g *Gen) Invalids(f *ir.Field) []Invalid { return sample.Invalids(f) }

// fits reports whether a string value satisfies the field's string rules.
func fits(f *ir.Field, s string) bool { return sample.Fits(f, s) }

// fitLength pads or cuts s to the field's length rules.
func fitLength(f *ir.Field, s string, pad rune) string { return sample.FitLength(f, s, pad) }

// newUUID returns a random lower-case v4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
