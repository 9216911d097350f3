package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/targets"
	"github.com/bgen-dev/bgen/ir"
)

// failing is an emitter that always fails.
type failing struct{ name string }

func (f failing) Name() string { return f.name }

func (f failing) Emit(*ir.API) ([]emitters.File, error) {
	return nil, errors.New(f.name + " failed")
}

// TestEmitIsSequentialEmit holds the concurrent Emit to what running the
// emitters one after the other gives: the same files, byte for byte, in
// the order of the emitters, with each error at its emitter's place, and
// the IR unchanged (emitters only read it). Run it with -race too.
func TestEmitIsSequentialEmit(t *testing.T) {
	for _, example := range []string{"blog", "shop"} {
		t.Run(example, func(t *testing.T) {
			api, err := Compile([]string{filepath.Join("..", "..", "examples", example, "api.cue")})
			if err != nil {
				t.Fatal(err)
			}
			before, err := json.Marshal(api)
			if err != nil {
				t.Fatal(err)
			}
			ems := targets.All()
			ems = append(ems[:1:1], append([]emitters.Emitter{failing{"broken"}}, ems[1:]...)...)
			got := Emit(api, ems)
			if len(got) != len(ems) {
				t.Fatalf("got %d results for %d emitters", len(got), len(ems))
			}
			for i, em := range ems {
				r := got[i]
				if r.Name != em.Name() {
					t.Errorf("result %d is %q, want %q", i, r.Name, em.Name())
				}
				files, err := em.Emit(api)
				if (err == nil) != (r.Err == nil) || (err != nil && err.Error() != r.Err.Error()) {
					t.Errorf("%s: error %v, want %v", em.Name(), r.Err, err)
				}
				if len(files) != len(r.Files) {
					t.Errorf("%s: %d files, want %d", em.Name(), len(r.Files), len(files))
					continue
				}
				for j, f := range files {
					if g := r.Files[j]; g.Path != f.Path || g.Owner != f.Owner || !bytes.Equal(g.Data, f.Data) {
						t.Errorf("%s: file %d is %s, want %s (or its bytes differ)", em.Name(), j, g.Path, f.Path)
					}
				}
			}
			if got[1].Err == nil || len(got[0].Files) == 0 || len(got[2].Files) == 0 {
				t.Errorf("a failing emitter must not hide the others' results: %+v", got[1])
			}
			after, err := json.Marshal(api)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("emitting changed the IR")
			}
		})
	}
}
