package conformance

import (
	"encoding/json"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"testing"
)

// reasons are the problem titles of docs/conventions.md.
var reasons = map[int]string{
	400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
	405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 413: "Content Too Large",
	414: "URI Too Long", 431: "Request Header Fields Too Large",
	415: "Unsupported Media Type", 422: "Unprocessable Content",
	500: "Internal Server Error", 501: "Not Implemented", 503: "Service Unavailable",
}

// status checks the status code and reports the exchange if it differs.
func status(t *testing.T, r *Resp, want int) bool {
	t.Helper()
	if r.Status != want {
		t.Errorf("want status %d\n  %s", want, r)
		return false
	}
	return true
}

func mediaType(r *Resp) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt
}

// jsonOK checks a success body's media type.
func jsonOK(t *testing.T, r *Resp) {
	t.Helper()
	if mt := mediaType(r); mt != "application/json" {
		t.Errorf("Content-Type %q, want application/json; charset=utf-8\n  %s", r.Header.Get("Content-Type"), r)
	}
}

// problem checks status and an RFC 9457 body; it returns the body.
func problem(t *testing.T, r *Resp, want int) map[string]any {
	t.Helper()
	if !status(t, r, want) {
		return nil
	}
	if mt := mediaType(r); mt != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json\n  %s", r.Header.Get("Content-Type"), r)
	}
	o := r.Obj()
	if o == nil {
		t.Errorf("problem body is not a JSON object\n  %s", r)
		return nil
	}
	if o["type"] != "about:blank" {
		t.Errorf("problem type %v, want about:blank\n  %s", o["type"], r)
	}
	if o["title"] != reasons[want] {
		t.Errorf("problem title %v, want %q\n  %s", o["title"], reasons[want], r)
	}
	if n, _ := o["status"].(json.Number); n.String() != fmt.Sprint(want) {
		t.Errorf("problem status %v, want %d\n  %s", o["status"], want, r)
	}
	if _, ok := o["detail"].(string); !ok {
		t.Errorf("problem has no string detail\n  %s", r)
	}
	_, hasErrors := o["errors"]
	if (want == 409 || want == 422) && !hasErrors {
		t.Errorf("%d problem without errors\n  %s", want, r)
	}
	if want == 401 && r.Header.Get("WWW-Authenticate") != "Bearer" {
		t.Errorf("401 with WWW-Authenticate %q, want \"Bearer\"\n  %s", r.Header.Get("WWW-Authenticate"), r)
	}
	return o
}

// FieldErr is one expected entry of a problem's errors.
type FieldErr struct{ Field, Code string }

func (f FieldErr) String() string { return f.Field + ":" + f.Code }

// fieldErrors checks a 409/422 problem's errors: exactly want, in order.
func fieldErrors(t *testing.T, r *Resp, st int, want ...FieldErr) {
	t.Helper()
	o := problem(t, r, st)
	if o == nil {
		return
	}
	arr, _ := o["errors"].([]any)
	var got []FieldErr
	for _, e := range arr {
		m, _ := e.(map[string]any)
		f, _ := m["field"].(string)
		c, _ := m["code"].(string)
		if _, ok := m["message"].(string); !ok {
			t.Errorf("error entry without a message: %v", m)
		}
		got = append(got, FieldErr{f, c})
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("errors %v, want %v\n  %s", got, want, r)
	}
	if st == 422 {
		wantDetail := fmt.Sprintf("%d fields are invalid", len(want))
		if len(want) == 1 {
			wantDetail = "1 field is invalid"
		}
		if o["detail"] != wantDetail {
			t.Errorf("detail %q, want %q\n  %s", o["detail"], wantDetail, r)
		}
	}
}

var (
	datetimeRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`)
	dateRe     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	uuidRe     = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	uuid4Re    = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

func decimalRe(scale int) *regexp.Regexp {
	if scale == 0 {
		return regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	}
	return regexp.MustCompile(fmt.Sprintf(`^-?(0|[1-9][0-9]*)\.[0-9]{%d}$`, scale))
}

// sameJSON compares two values as JSON.
func sameJSON(a, b any) bool {
	x, _ := json.Marshal(norm(a))
	y, _ := json.Marshal(norm(b))
	return string(x) == string(y)
}

// norm turns json.Number into float64 and ints into float64 for comparison.
func norm(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			m[k] = norm(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = norm(e)
		}
		return out
	}
	return v
}

func joinStrs(xs []string) string { return strings.Join(xs, ",") }
