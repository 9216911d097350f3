package golang

import (
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/emitters"
)

func TestGroupImports(t *testing.T) {
	src := "package p\n\nimport (\n\t\"blog/internal/model\"\n\t\"context\"\n\tjwt \"github.com/golang-jwt/jwt/v5\"\n\t\"blog\"\n)\n"
	want := "package p\n\nimport (\n\t\"context\"\n\n\tjwt \"github.com/golang-jwt/jwt/v5\"\n\n\t\"blog/internal/model\"\n\t\"blog\"\n)\n"
	if got := string(groupImports([]byte(src), "blog")); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestFilesFollowTheSpec checks what each example does and does not get.
func TestFilesFollowTheSpec(t *testing.T) {
	paths := func(files []emitters.File) map[string]emitters.File {
		m := map[string]emitters.File{}
		for _, f := range files {
			m[f.Path] = f
		}
		return m
	}
	blog, shop := paths(emit(t, "blog")), paths(emit(t, "shop"))
	for _, p := range []string{"internal/handler/params.go", "internal/custom/custom.go", "internal/handler/endpoints.go"} {
		if _, ok := blog[p]; ok {
			t.Errorf("blog has no custom endpoints but got %s", p)
		}
		if _, ok := shop[p]; !ok {
			t.Errorf("shop lacks %s", p)
		}
	}
	if f := shop["internal/custom/cancel_order.go"]; f.Owner != emitters.User {
		t.Errorf("custom endpoint body is not user-owned: %+v", f.Path)
	}
	if f := blog["internal/hooks/post.go"]; f.Owner != emitters.User {
		t.Errorf("hooks are not user-owned")
	}
	ids := string(blog["internal/handler/ids.go"].Data)
	if !strings.Contains(ids, "parseIntID") || strings.Contains(ids, "parseUUIDID") {
		t.Errorf("blog (int ids only) id parsers:\n%s", ids)
	}
	if f, ok := blog["go.sum"]; !ok || f.Owner != emitters.Bgen {
		t.Error("go.sum is not emitted: the project must build without `go mod tidy`")
	}
	for _, d := range []string{"postgres", "sqlite"} {
		sql := string(shop["migrations/"+d+"/00001_initial.sql"].Data)
		if !strings.Contains(sql, "-- +goose Up") || !strings.Contains(sql, "-- +goose Down") || !strings.Contains(sql, `"product_labels"`) {
			t.Errorf("%s migration:\n%s", d, sql)
		}
	}
	mod := string(shop["go.mod"].Data)
	for _, want := range []string{"module shop\n", "go 1.26.0\n", "modernc.org/sqlite v", "github.com/jackc/pgx/v5 v", "github.com/pressly/goose/v3 v", "golang.org/x/crypto v", "github.com/golang-jwt/jwt/v5 v"} {
		if !strings.Contains(mod, want) {
			t.Errorf("go.mod lacks %q:\n%s", want, mod)
		}
	}
}
