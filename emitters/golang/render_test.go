package golang

import (
	"fmt"
	"go/format"
	"strings"
	"testing"

	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/emitters"
)

// TestRendererKeepsOrderAndFirstError checks the concurrent renderer
// against rendering the files one by one: the same bytes, in the order
// the files were added, and of several broken files always the first.
func TestRendererKeepsOrderAndFirstError(t *testing.T) {
	file := func(i int, broken bool) *jen.File {
		f := jen.NewFilePathName("m/internal/p", "p")
		f.ImportName("m/internal/model", "model")
		f.Func().Id(fmt.Sprintf("F%d", i)).Params().String().Block(
			jen.Return(jen.Qual("strings", "ToUpper").Call(jen.Qual("m/internal/model", "Name"))),
		)
		if broken {
			f.Op("}") // not Go: gofmt fails
		}
		return f
	}
	r := newRenderer("m")
	for i := range 40 {
		r.add(fmt.Sprintf("f%02d.go", i), file(i, false), emitters.Bgen)
	}
	files, err := r.wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 40 {
		t.Fatalf("got %d files, want 40", len(files))
	}
	for i, f := range files {
		want, err := render(file(i, false), "m")
		if err != nil {
			t.Fatal(err)
		}
		if f.Path != fmt.Sprintf("f%02d.go", i) || string(f.Data) != string(want) || f.Owner != emitters.Bgen {
			t.Errorf("file %d: %s\n%s", i, f.Path, f.Data)
		}
		if gofmt, err := format.Source(f.Data); err != nil || string(gofmt) != string(f.Data) {
			t.Errorf("%s is not gofmt'd (%v)", f.Path, err)
		}
	}
	if !strings.Contains(string(files[0].Data), "\"strings\"\n\n\t\"m/internal/model\"") {
		t.Errorf("imports not grouped:\n%s", files[0].Data)
	}

	for range 5 {
		r := newRenderer("m")
		for i := range 20 {
			r.add(fmt.Sprintf("f%02d.go", i), file(i, i == 7 || i == 13), emitters.Bgen)
		}
		if _, err := r.wait(); err == nil || !strings.HasPrefix(err.Error(), "go: f07.go: ") {
			t.Fatalf("error %v, want the one of f07.go", err)
		}
	}

	r = newRenderer("m") // stopped without waiting, as on an early return
	r.add("f.go", file(0, false), emitters.Bgen)
	r.stop()
	r.stop()
}
