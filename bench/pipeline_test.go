package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/internal/targets"
)

// BenchmarkPipeline runs what `bgen build` runs before writing files (spec
// loading, validation, lowering, then every implemented emitter at once
// through pipeline.Emit) over synthetic specs of growing size:
//
//	go test ./bench -run '^$' -bench Pipeline -benchmem
func BenchmarkPipeline(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "api.cue")
			if err := os.WriteFile(path, []byte(Synthetic(n)), 0o644); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				api, err := pipeline.Compile([]string{path})
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range pipeline.Emit(api, targets.All()) {
					if r.Err != nil {
						b.Fatalf("%s: %v", r.Name, r.Err)
					}
				}
			}
		})
	}
}

// TestSyntheticCompiles keeps the generator honest: every size it is
// benchmarked at must be a valid spec that every emitter accepts.
func TestSyntheticCompiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api.cue")
	if err := os.WriteFile(path, []byte(Synthetic(12)), 0o644); err != nil {
		t.Fatal(err)
	}
	api, err := pipeline.Compile([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(api.Entities); got != 12 {
		t.Fatalf("got %d entities, want 12", got)
	}
	for _, e := range targets.All() {
		if _, err := e.Emit(api); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
}
