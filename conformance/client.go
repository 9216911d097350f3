package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	validator "github.com/pb33f/libopenapi-validator"
)

// Resp is one exchange with the server under test.
type Resp struct {
	Method, Path string // Path includes the query string
	ReqBody      []byte
	Status       int
	Header       http.Header
	Body         []byte
	Err          error // transport error; Status is 0
}

// String shows the exchange for failure messages.
func (r *Resp) String() string {
	req := r.Method + " " + r.Path
	if len(r.ReqBody) > 0 {
		req += " " + clip(string(r.ReqBody), 400)
	}
	if r.Err != nil {
		return req + "\n    -> transport error: " + r.Err.Error()
	}
	return fmt.Sprintf("%s\n    -> %d %s %s", req, r.Status, r.Header.Get("Content-Type"), clip(string(r.Body), 600))
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + fmt.Sprintf("...(%d bytes)", len(s))
	}
	return s
}

// Obj decodes the body as a JSON object (numbers as json.Number), or nil.
func (r *Resp) Obj() map[string]any {
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(r.Body))
	d.UseNumber()
	if d.Decode(&m) != nil {
		return nil
	}
	return m
}

// Items returns the items of a list envelope.
func (r *Resp) Items() []map[string]any {
	m := r.Obj()
	if m == nil {
		return nil
	}
	arr, _ := m["items"].([]any)
	var out []map[string]any
	for _, it := range arr {
		if o, ok := it.(map[string]any); ok {
			out = append(out, o)
		}
	}
	return out
}

// Req is one request to send.
type Req struct {
	Method, Path string
	// Body: nil sends none; []byte is sent as is; anything else as JSON.
	Body        any
	Token       string
	ContentType string // default application/json when there is a body
	Header      map[string]string
	Chunked     bool
}

// Client talks to the server under test and watches every exchange for the
// rules that hold on every response (no 5xx, security headers, request id,
// OpenAPI conformance).
type Client struct {
	Base string
	HTTP *http.Client

	mu        sync.Mutex
	validator validator.Validator
	docPaths  []*regexp.Regexp
	watch     watchLog
	onResp    func(*Resp)
}

// watchLog is what the always-on rules found.
type watchLog struct {
	count        int
	validated    int // responses held to the OpenAPI document
	serverErrors []string
	openapi      []string
	security     []string
	requestID    []string
}

var requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._~-]{1,128}$`)

// Do sends one request and returns the exchange.
func (c *Client) Do(q Req) *Resp {
	var body []byte
	switch b := q.Body.(type) {
	case nil:
	case []byte:
		body = b
	case string:
		body = []byte(b)
	default:
		var err error
		body, err = json.Marshal(b)
		if err != nil {
			panic(err)
		}
	}
	r := &Resp{Method: q.Method, Path: q.Path, ReqBody: body}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
		if q.Chunked {
			rd = io.MultiReader(bytes.NewReader(body))
		}
	}
	hr, err := http.NewRequest(q.Method, c.Base+q.Path, rd)
	if err != nil {
		r.Err = err
		return r
	}
	if body != nil {
		ct := q.ContentType
		if ct == "" {
			ct = "application/json"
		}
		if ct != "-" {
			hr.Header.Set("Content-Type", ct)
		}
		if q.Chunked {
			hr.ContentLength = -1
		}
	}
	if q.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+q.Token)
	}
	for k, v := range q.Header {
		hr.Header.Set(k, v)
	}
	resp, err := c.HTTP.Do(hr)
	if err != nil {
		r.Err = err
		c.mu.Lock()
		c.watch.serverErrors = append(c.watch.serverErrors, r.String())
		c.mu.Unlock()
		return r
	}
	r.Status = resp.StatusCode
	r.Header = resp.Header
	r.Body, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		r.Err = err
	}
	c.observe(hr, body, r)
	if c.onResp != nil {
		c.onResp(r)
	}
	return r
}

// observe applies the rules that hold for every response.
func (c *Client) observe(hr *http.Request, reqBody []byte, r *Resp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.watch.count++
	if r.Status >= 500 && !(r.Status == 501) && !(r.Status == 503 && strings.HasPrefix(r.Path, "/ready")) {
		c.watch.serverErrors = append(c.watch.serverErrors, r.String())
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
		if got := r.Header.Get(k); got != v {
			c.watch.security = append(c.watch.security, fmt.Sprintf("%s: %s = %q, want %q", r.Method+" "+r.Path, k, got, v))
		}
	}
	if id := r.Header.Get("X-Request-ID"); !requestIDRe.MatchString(id) {
		c.watch.requestID = append(c.watch.requestID, fmt.Sprintf("%s %s: X-Request-ID = %q", r.Method, r.Path, id))
	}
	if c.validator == nil || r.Err != nil || !c.documented(hr.URL.Path) {
		return
	}
	if r.Status == 405 || r.Status == 413 || r.Status == 415 {
		// The method or the body never reached a documented operation.
		return
	}
	vreq, _ := http.NewRequest(hr.Method, hr.URL.String(), bytes.NewReader(reqBody))
	vreq.Header = hr.Header.Clone()
	vresp := &http.Response{
		StatusCode: r.Status,
		Header:     r.Header.Clone(),
		Body:       io.NopCloser(bytes.NewReader(r.Body)),
		Request:    vreq,
	}
	c.watch.validated++
	ok, errs := c.validator.ValidateHttpResponse(vreq, vresp)
	if ok {
		return
	}
	var msgs []string
	for _, e := range errs {
		if e.ValidationType == "path" {
			// The method and path are not a documented operation (a 405
			// or 404 answer): there is no response schema to hold it to.
			continue
		}
		m := e.Message
		if e.Reason != "" && e.Reason != e.Message {
			m += ": " + e.Reason
		}
		for _, f := range e.SchemaValidationErrors {
			m += "; " + f.Error()
		}
		msgs = append(msgs, m)
	}
	if len(msgs) == 0 {
		return
	}
	sort.Strings(msgs)
	c.watch.openapi = append(c.watch.openapi, fmt.Sprintf("%s\n    openapi: %s", r.String(), strings.Join(msgs, " | ")))
}

// documented reports whether path matches a path of the OpenAPI document.
func (c *Client) documented(path string) bool {
	for _, re := range c.docPaths {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

// pathPattern turns "/api/posts/{id}" into a regexp of one segment per
// parameter.
func pathPattern(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i, seg := range strings.Split(p, "/") {
		if i > 0 {
			b.WriteString("/")
		}
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			b.WriteString("[^/]+")
		} else {
			b.WriteString(regexp.QuoteMeta(seg))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// newHTTPClient makes a client that never follows redirects.
// newHTTPClient is the suite's client. Its bounds are for servers that
// hang, never timing asserts: generous on a loaded 2-core machine.
// Pooled connections are dropped after 2 s idle, before any server's idle
// timeout (uvicorn's is 5 s) can close one under a request that reuses it:
// Go retries only idempotent requests on such a connection.
func newHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
		Transport: &http.Transport{
			MaxIdleConnsPerHost:   16,
			IdleConnTimeout:       2 * time.Second,
			DisableCompression:    true,
			ExpectContinueTimeout: time.Minute,
		},
	}
}

// query encodes ordered key/value pairs as "?k=v&k2=v2".
func query(kv ...string) string {
	if len(kv) == 0 {
		return ""
	}
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, url.QueryEscape(kv[i])+"="+url.QueryEscape(kv[i+1]))
	}
	return "?" + strings.Join(parts, "&")
}

// keyOrder returns the top-level keys of a JSON object in document order.
func keyOrder(raw []byte) ([]string, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	if t != json.Delim('{') {
		return nil, fmt.Errorf("not an object")
	}
	var keys []string
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := d.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}
