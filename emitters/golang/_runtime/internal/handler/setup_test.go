package handler

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"bgenapp/internal/auth"
	"bgenapp/internal/database"
	"bgenapp/internal/service"
)

// newTestServer serves the API on a fresh, migrated SQLite database.
func newTestServer(t *testing.T) (*httptest.Server, *service.Service) {
	t.Helper()
	db, err := database.Open("sqlite:///" + filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	svc := &service.Service{DB: db, Tokens: auth.Tokens{Secret: []byte("a test secret of at least 32 bytes!"), TTL: time.Hour}}
	srv := httptest.NewServer(New(svc, slog.New(slog.NewJSONHandler(io.Discard, nil)), nil, []byte("{}\n")))
	t.Cleanup(func() {
		srv.Close()
		_ = db.Close()
	})
	return srv, svc
}

// call sends a request and decodes the JSON answer, if any.
func call(t *testing.T, srv *httptest.Server, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = bytes.NewBufferString(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if len(data) > 0 {
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %s", method, path, data)
		}
	}
	return resp.StatusCode, out
}

// expect fails the test unless status is want.
func expect(t *testing.T, what string, status, want int, body map[string]any) {
	t.Helper()
	if status != want {
		t.Fatalf("%s: status %d, want %d; body %v", what, status, want, body)
	}
}

// idPath is the id of a resource as it appears in a path.
func idPath(body map[string]any) string {
	b, _ := json.Marshal(body["id"])
	return string(bytes.Trim(b, `"`))
}

// errorCodes lists the field/code pairs of a problem body.
func errorCodes(body map[string]any) []string {
	var codes []string
	errs, _ := body["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		codes = append(codes, m["field"].(string)+":"+m["code"].(string))
	}
	return codes
}
