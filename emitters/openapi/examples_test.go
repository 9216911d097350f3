package openapi

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/ir"
)

func compileExample(t *testing.T, name string) *ir.API {
	t.Helper()
	api, err := pipeline.Compile([]string{filepath.Join("..", "..", "examples", name, "api.cue")})
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return api
}

func TestExamples(t *testing.T) {
	for _, name := range []string{"blog", "shop"} {
		t.Run(name, func(t *testing.T) {
			checkAPI(t, compileExample(t, name))
		})
	}
}

func TestExampleBlog(t *testing.T) {
	api := compileExample(t, "blog")
	data, doc, v := checkAPI(t, api)
	_ = data
	_ = doc
	_ = v
	_ = strings.Contains
}
