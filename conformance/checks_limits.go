package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/ir"
)

// The request limits of docs/contract.md.
const (
	maxTargetBytes = 8192
	maxHeaderBytes = 16384
)

// expectContinue asks the server to refuse a body before it is sent.
var expectContinue = map[string]string{"Expect": "100-continue"}

// rawHeader is one header field line, sent as it is.
type rawHeader struct{ name, value string }

// rawExchange sends one request, byte for byte as given, on a connection of
// its own (Connection: close) and reads the answer. Unlike Client.Do it lets
// a check size the request target and header fields to the byte. Header
// fields are sent in order: Host first, then header, then Connection.
func (s *Suite) rawExchange(t *testing.T, method, target string, header []rawHeader, body []byte) *Resp {
	t.Helper()
	r, _ := s.rawSend(t, method, target, header, body)
	return r
}

// rawSend is rawExchange that also returns every byte the server sent after
// the answer (a HEAD answer's header is all there should be).
func (s *Suite) rawSend(t *testing.T, method, target string, header []rawHeader, body []byte) (*Resp, []byte) {
	t.Helper()
	r := &Resp{Method: method, Path: clip(target, 200), ReqBody: body}
	u, err := url.Parse(s.Client.Base)
	if err != nil {
		t.Fatal(err)
	}
	var req bytes.Buffer
	fmt.Fprintf(&req, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, target, u.Host)
	for _, h := range header {
		fmt.Fprintf(&req, "%s: %s\r\n", h.name, h.value)
	}
	if body != nil {
		fmt.Fprintf(&req, "Content-Length: %d\r\n", len(body))
	}
	req.WriteString("Connection: close\r\n\r\n")
	req.Write(body)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		r.Err = err
		return r, nil
	}
	defer conn.Close()
	// A bound for a server that never answers, not a timing assert.
	_ = conn.SetDeadline(time.Now().Add(2 * time.Minute))
	// The answer may come before the server reads the whole request: write
	// and read at once, and ignore a write cut short by the server's close.
	go func() { _, _ = conn.Write(req.Bytes()) }()
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, &http.Request{Method: method})
	if err != nil {
		r.Err = err
		return r, nil
	}
	defer resp.Body.Close()
	r.Status, r.Header = resp.StatusCode, resp.Header
	if r.Body, r.Err = io.ReadAll(resp.Body); r.Err != nil {
		return r, nil
	}
	rest, err := io.ReadAll(br)
	if err != nil {
		r.Err = err
	}
	return r, rest
}

// sentHeaderBytes is what the contract counts of header: the name and value
// lengths of every field, the Host and Connection fields rawExchange adds
// included.
func (s *Suite) sentHeaderBytes(header []rawHeader, body []byte) int {
	u, _ := url.Parse(s.Client.Base)
	n := len("Host") + len(u.Host) + len("Connection") + len("close")
	if body != nil {
		n += len("Content-Length") + len(fmt.Sprint(len(body)))
	}
	for _, h := range header {
		n += len(h.name) + len(h.value)
	}
	return n
}

// contractHeaders checks the headers every answer carries, which rules on
// Client.Do exchanges watch; raw exchanges are checked here.
func contractHeaders(t *testing.T, r *Resp) {
	t.Helper()
	if r.Err != nil {
		t.Errorf("%s", r)
		return
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
		if got := r.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q\n  %s", k, got, v, r)
		}
	}
	if id := r.Header.Get("X-Request-ID"); !requestIDRe.MatchString(id) {
		t.Errorf("X-Request-ID = %q\n  %s", id, r)
	}
}

// checkLimits holds each request limit of docs/contract.md just under and
// just over its boundary; every answer is the contract's, headers included.
func checkLimits(s *Suite, t *testing.T) {
	for name, prefix := range map[string]string{
		"request target":              s.base() + "/no-such-things/",
		"request target with a query": s.base() + "/no-such-things?x=",
	} {
		t.Run(name, func(t *testing.T) {
			for _, n := range []int{maxTargetBytes, maxTargetBytes + 1} {
				r := s.rawExchange(t, "GET", prefix+strings.Repeat("a", n-len(prefix)), nil, nil)
				contractHeaders(t, r)
				want := 404
				if n > maxTargetBytes {
					want = 414
				}
				problem(t, r, want)
			}
		})
	}
	t.Run("one large header field", func(t *testing.T) {
		for _, n := range []int{maxHeaderBytes, maxHeaderBytes + 1} {
			pad := n - s.sentHeaderBytes([]rawHeader{{"X-Pad", ""}}, nil)
			r := s.rawExchange(t, "GET", "/health", []rawHeader{{"X-Pad", strings.Repeat("a", pad)}}, nil)
			contractHeaders(t, r)
			if n > maxHeaderBytes {
				problem(t, r, 431)
			} else {
				status(t, r, 200)
			}
		}
	})
	t.Run("many header fields", func(t *testing.T) {
		for _, n := range []int{maxHeaderBytes, maxHeaderBytes + 1} {
			header := make([]rawHeader, 64)
			for i := range header {
				header[i] = rawHeader{fmt.Sprintf("X-Pad-%02d", i), ""}
			}
			pad := n - s.sentHeaderBytes(header, nil)
			for i := range header {
				share := pad / len(header)
				if i < pad%len(header) {
					share++
				}
				header[i].value = strings.Repeat("b", share)
			}
			r := s.rawExchange(t, "GET", "/health", header, nil)
			contractHeaders(t, r)
			if n > maxHeaderBytes {
				problem(t, r, 431)
			} else {
				status(t, r, 200)
			}
		}
	})
	t.Run("body", func(t *testing.T) {
		e, u := s.firstCreatable(t)
		raw, err := json.Marshal(s.body(t, e, nil))
		if err != nil {
			t.Fatal(err)
		}
		limit := int(s.API.MaxBodyBytes)
		if len(raw) > limit {
			t.Skip("maxBodyBytes is smaller than a body")
		}
		// Spaces are JSON whitespace: the body stays valid at any size.
		exactly := append([]byte("{"+strings.Repeat(" ", limit-len(raw))), raw[1:]...)
		status(t, s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: exactly, Token: tok(u)}), 201)
		over := append([]byte("{"+strings.Repeat(" ", limit+1-len(raw))), raw[1:]...)
		problem(t, s.Client.Do(Req{Method: "POST", Path: s.collection(e), Body: over, Token: tok(u), Header: expectContinue}), 413)
	})
}

// checkHalfClose sends requests on connections whose client closes its
// sending side right after the request (as `nc -N` does) and still reads:
// the client waits for its answer, which must be the usual one, never a
// 5xx for a "canceled" request.
func checkHalfClose(s *Suite, t *testing.T) {
	paths := []string{"/health"}
	for _, e := range s.API.Entities {
		if op := hasOp(e, ir.OpList); op != nil && allowsFully(op.Access, nil) {
			paths = append(paths, s.collection(e))
		}
	}
	u, err := url.Parse(s.Client.Base)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		for range 5 {
			conn, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			_ = conn.SetDeadline(time.Now().Add(2 * time.Minute))
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, u.Host)
			_ = conn.(*net.TCPConn).CloseWrite()
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Errorf("GET %s, then half-close: %v", path, err)
			} else {
				body, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != 200 {
					t.Errorf("GET %s, then half-close: %d %s, want 200", path, resp.StatusCode, clip(string(body), 300))
				}
			}
			conn.Close()
		}
	}
}

// checkInFlight holds the shutdown contract: a request in flight when the
// server gets SIGTERM is answered, the server then exits 0, and the write
// it acknowledged is there after a restart. The request is held in flight
// by Expect: 100-continue; its body goes once the server has stopped
// accepting connections, so no timing decides the outcome.
func checkInFlight(s *Suite, t *testing.T) {
	e, u := s.firstCreatable(t)
	raw, err := json.Marshal(s.body(t, e, nil))
	if err != nil {
		t.Fatal(err)
	}
	side, stop, err := s.sideServer(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	base, err := url.Parse(side.Client.Base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", base.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Minute))
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", s.collection(e), base.Host, len(raw))
	if u != nil {
		fmt.Fprintf(conn, "Authorization: Bearer %s\r\n", tok(u))
	}
	// 100 Continue comes once the handler reads the body: the request is
	// then in flight, whatever the scheduling.
	fmt.Fprintf(conn, "Expect: 100-continue\r\nConnection: close\r\n\r\n")
	br := bufio.NewReader(conn)
	if interim, err := http.ReadResponse(br, nil); err != nil || interim.StatusCode != 100 {
		t.Fatalf("want 100 Continue to Expect: 100-continue, got %v %v", interim, err)
	}
	side.Client.HTTP.CloseIdleConnections()
	if err := side.Server.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Shutdown has begun once a new connection is refused.
	refused := false
	for range 600 {
		c, err := net.DialTimeout("tcp", base.Host, time.Second)
		if err != nil {
			refused = true
			break
		}
		c.Close()
		time.Sleep(50 * time.Millisecond)
	}
	if !refused {
		t.Fatal("the server still accepts connections 30 s after SIGTERM")
	}
	if _, err := conn.Write(raw); err != nil {
		t.Fatalf("the body of an in-flight request could not be sent after SIGTERM: %v", err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("an in-flight request got no answer after SIGTERM: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 {
		t.Fatalf("an in-flight create after SIGTERM: %d %s, want 201", resp.StatusCode, clip(string(body), 300))
	}
	select {
	case <-side.Server.done:
		if side.Server.err != nil {
			t.Errorf("after SIGTERM the server exited with %v, want status 0", side.Server.err)
		}
	case <-time.After(60 * time.Second):
		t.Errorf("the server is still running 60 s after SIGTERM, with nothing in flight")
	}
	// The row is the suite's model's too, as every write of Client.Do is.
	s.track(&Resp{Method: "POST", Path: s.collection(e), Status: resp.StatusCode, Body: body})
	var created map[string]any
	if err := json.Unmarshal(body, &created); err != nil {
		t.Fatalf("the created resource: %v", err)
	}
	if op := hasOp(e, ir.OpGet); op != nil {
		if reader, ok := s.actor(e, ir.OpGet, created); ok {
			status(t, s.do(reader, "GET", s.item(e, created["id"]), nil), 200)
		}
	}
}

// checkSlowHeader opens a connection that sends part of a request line and
// then nothing: the server must close it (after its 10 s header timeout),
// not hold it open. The bound waited for is far longer than the timeout.
// The server's behaviour does not depend on the database: SQLite runs only.
func checkSlowHeader(s *Suite, t *testing.T) {
	if s.databaseKind() != "sqlite" {
		t.Skip("SQLite runs only")
	}
	u, err := url.Parse(s.Client.Base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /health HT")); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Minute))
	rest, err := io.ReadAll(conn)
	var timeout net.Error
	if errors.As(err, &timeout) && timeout.Timeout() {
		t.Fatal("a connection that sent part of a request line is still open after 2 minutes")
	}
	// The server library may say why before it closes (net/http: a plain 400).
	if len(rest) > 0 && !bytes.HasPrefix(rest, []byte("HTTP/1.1 408")) && !bytes.HasPrefix(rest, []byte("HTTP/1.1 400")) {
		t.Errorf("a stalled request head got %q, want the connection closed (or a 400 or 408 first)", clip(string(rest), 200))
	}
}
