// Package middleware holds the HTTP middleware every route runs through.
package middleware

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"bgenapp/internal/apierr"
	"bgenapp/internal/auth"
	"bgenapp/internal/model"
)

// Chain wraps h so that the first middleware runs first.
func Chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// validRequestID reports whether id matches ^[A-Za-z0-9._~-]{1,128}$.
func validRequestID(id string) bool {
	if len(id) == 0 || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '~' || c == '-') {
			return false
		}
	}
	return true
}

// RequestID keeps a well-formed X-Request-ID or makes a new one. The id
// is read back from the response header (the request's headers are left as
// the client sent them, which the limits count).
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !validRequestID(id) {
			id = string(model.NewUUID())
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r)
	})
}

// SecurityHeaders sets the headers every response carries.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// AccessLog writes one line per request: requestId, method, path (no
// query string), status and durationMs. Never headers or bodies.
func AccessLog(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("requestId", w.Header().Get("X-Request-ID")),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", sw.status),
				slog.Float64("durationMs", float64(time.Since(start).Microseconds())/1000))
		})
	}
}

// LogUnexpected writes the one line of an unexpected error (a panic value
// or an error): the request, the error's type and message, and the stack.
func LogUnexpected(log *slog.Logger, w http.ResponseWriter, r *http.Request, v any) {
	typ := v
	if err, ok := v.(error); ok {
		for next := errors.Unwrap(err); next != nil; next = errors.Unwrap(next) {
			typ = next
		}
	}
	log.LogAttrs(r.Context(), slog.LevelError, "unexpected error",
		slog.String("requestId", w.Header().Get("X-Request-ID")),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", http.StatusInternalServerError),
		slog.String("errorType", fmt.Sprintf("%T", typ)),
		slog.String("error", fmt.Sprint(v)),
		slog.String("stack", string(debug.Stack())))
}

// Recover turns a panic into a 500 problem.
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					LogUnexpected(log, w, r, v)
					apierr.Write(w, apierr.New(http.StatusInternalServerError, "an unexpected error occurred"))
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// The contract's request limits. The server's own MaxHeaderBytes is far
// larger, so that a client meets these, answered as problems, first.
const (
	MaxTargetBytes = 8192  // request target: path and query, as sent
	MaxHeaderBytes = 16384 // header fields: name and value of each, summed
)

// headerBytes sums the name and value lengths of every header field as
// sent: net/http moves Host and Transfer-Encoding out of r.Header.
func headerBytes(r *http.Request) int {
	n := 0
	if r.Host != "" {
		n += len("Host") + len(r.Host)
	}
	for _, te := range r.TransferEncoding {
		n += len("Transfer-Encoding") + len(te)
	}
	for name, values := range r.Header {
		for _, v := range values {
			n += len(name) + len(v)
		}
	}
	return n
}

// Limits answers 414 for a request target over MaxTargetBytes and 431 for
// header fields over MaxHeaderBytes.
func Limits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case len(r.RequestURI) > MaxTargetBytes:
			apierr.Write(w, apierr.New(http.StatusRequestURITooLong, fmt.Sprintf("the request target is longer than %d bytes", MaxTargetBytes)))
		case headerBytes(r) > MaxHeaderBytes:
			apierr.Write(w, apierr.New(http.StatusRequestHeaderFieldsTooLarge, fmt.Sprintf("the header fields are larger than %d bytes", MaxHeaderBytes)))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// RequestTimeout bounds the database work of one request, waits for a
// pooled connection included: past it the request is a 503.
const RequestTimeout = 30 * time.Second

// BodyTimeout bounds a body's arrival after the request's header: a body
// read that passes it is a 408.
const BodyTimeout = 30 * time.Second

// Detach runs the request to its end whatever the client's connection
// does, for at most RequestTimeout, and gives its body BodyTimeout to
// arrive. net/http cancels a request's context
// when the connection's read side closes, which a client that half-closes
// after sending (`nc -N`) does while it still waits for the answer. An
// abandoned request is not a server error.
func Detach(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength != 0 {
			_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(BodyTimeout))
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// CORS answers for the allowed origins only ("*": any).
func CORS(origins []string) func(http.Handler) http.Handler {
	anyOrigin := slices.Contains(origins, "*")
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			origin := r.Header.Get("Origin")
			if origin == "" || !(anyOrigin || slices.Contains(origins, origin)) {
				next.ServeHTTP(w, r)
				return
			}
			h := w.Header()
			h.Add("Vary", "Origin")
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Expose-Headers", "X-Request-ID, Location")
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				h.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE")
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-ID")
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Authenticate verifies a Bearer token, if any, and stores the result; the
// access rules of each operation decide what a missing or bad token means.
func Authenticate(tokens auth.Tokens) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := r.Header.Get("Authorization")
			if h == "" {
				// No credential reads as the zero Credential.
				next.ServeHTTP(w, r)
				return
			}
			c := auth.Credential{Present: true}
			if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
				if sub, err := tokens.Verify(strings.TrimSpace(token)); err == nil {
					c.Subject = sub
				}
			}
			next.ServeHTTP(w, r.WithContext(auth.WithCredential(r.Context(), c)))
		})
	}
}
