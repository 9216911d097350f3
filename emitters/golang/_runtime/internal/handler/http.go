package handler

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"

	"bgenapp/internal/apierr"
	"bgenapp/internal/auth"
	"bgenapp/internal/database"
	"bgenapp/internal/middleware"
	"bgenapp/internal/service"
)

// Handler serves the API's routes.
type Handler struct {
	svc          *service.Service
	log          *slog.Logger
	maxBodyBytes int64
	openAPI      []byte
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		apierr.Write(w, apierr.From(err))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// fail writes err as a problem; unexpected errors are logged, never shown.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if database.Unavailable(err) {
		h.log.LogAttrs(r.Context(), slog.LevelWarn, "database unavailable",
			slog.String("requestId", w.Header().Get("X-Request-ID")),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", http.StatusServiceUnavailable),
			slog.String("error", err.Error()))
		w.Header().Set("Retry-After", "1")
		apierr.Write(w, apierr.New(http.StatusServiceUnavailable, "the database is unavailable; retry later"))
		return
	}
	p := apierr.From(err)
	if p.Status == http.StatusInternalServerError {
		middleware.LogUnexpected(h.log, w, r, err)
	}
	apierr.Write(w, p)
}

// maxDepth is how deeply a JSON body may nest arrays and objects, the body
// object counted.
const maxDepth = 64

// readObject reads a JSON object body whole: 415 for another media type,
// 413 over the size limit, 408 when it stops arriving before the
// connection's read deadline, 400 for anything but an object.
func (h *Handler) readObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return nil, apierr.New(http.StatusUnsupportedMediaType, "the body must be application/json")
	}
	if r.ContentLength > h.maxBodyBytes {
		return nil, apierr.New(http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", h.maxBodyBytes))
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, apierr.New(http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", h.maxBodyBytes))
	case errors.Is(err, os.ErrDeadlineExceeded):
		return nil, apierr.New(http.StatusRequestTimeout, "the body did not arrive in time")
	case err != nil:
		return nil, apierr.BadRequest("the body could not be read")
	}
	return decodeObject(data)
}

// decodeObject reads data as one JSON object that nests at most maxDepth
// levels.
func decodeObject(data []byte) (map[string]json.RawMessage, error) {
	if depth(data) > maxDepth {
		return nil, apierr.BadRequest(fmt.Sprintf("the body nests arrays and objects deeper than %d levels", maxDepth))
	}
	var body map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) || dec.Decode(&body) != nil || dec.More() {
		return nil, apierr.BadRequest("the body must be a JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, apierr.BadRequest("the body must be a JSON object")
	}
	return body, nil
}

// depth is how deeply data nests arrays and objects, brackets inside
// strings skipped; data need not be valid JSON.
func depth(data []byte) int {
	level, deepest, inString := 0, 0, false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case inString && c == '\\':
			i++ // the escaped character
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			level++
			deepest = max(deepest, level)
		case c == '}' || c == ']':
			level--
		}
	}
	return deepest
}

// unknownFields adds an `unknown` error for each name of body outside
// known, sorted by code point.
func unknownFields(body map[string]json.RawMessage, known []string) []apierr.FieldError {
	var names []string
	for name := range body {
		if !slices.Contains(known, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	errs := make([]apierr.FieldError, 0, len(names))
	for _, name := range names {
		errs = append(errs, apierr.FieldError{Field: name, Code: "unknown", Message: "is not a known field"})
	}
	return errs
}

// router registers method patterns and answers 405 (with Allow) for the
// other methods of a routed path, and 404 for unknown paths.
type router struct {
	mux     *http.ServeMux
	methods map[string][]string
	paths   []string
}

func newRouter() *router {
	return &router{mux: http.NewServeMux(), methods: map[string][]string{}}
}

func (rt *router) handle(method, path string, h http.HandlerFunc) {
	if _, ok := rt.methods[path]; !ok {
		rt.paths = append(rt.paths, path)
	}
	rt.methods[path] = append(rt.methods[path], method)
	rt.mux.HandleFunc(method+" "+path, h)
}

func (rt *router) handler() http.Handler {
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	notAllowed := make(map[string]http.HandlerFunc, len(rt.paths))
	for _, pattern := range rt.paths {
		var allow []string
		for _, m := range methods {
			if !slices.Contains(rt.methods[pattern], m) {
				continue
			}
			allow = append(allow, m)
			if m == "GET" {
				// ServeMux answers HEAD with the GET handler.
				allow = append(allow, "HEAD")
			}
		}
		p := apierr.New(http.StatusMethodNotAllowed, "the method is not allowed on this path")
		p.Allow = strings.Join(allow, ", ")
		notAllowed[pattern] = func(w http.ResponseWriter, r *http.Request) { apierr.Write(w, p) }
		// One pattern per missing method, not a method-less pattern: that
		// would conflict with the method patterns of a less specific
		// path (GET /posts/featured beside PATCH /posts/{id}), and PATCH
		// /posts/featured is a 405, not an update of post "featured".
		for _, m := range methods {
			if !slices.Contains(allow, m) {
				rt.mux.HandleFunc(m+" "+pattern, notAllowed[pattern])
			}
		}
	}
	notFound := func(w http.ResponseWriter, r *http.Request) {
		apierr.Write(w, apierr.New(http.StatusNotFound, "no route matches this path"))
	}
	// Other methods (OPTIONS, TRACE, ...) end here: a routed path gets 405
	// with the methods of its most specific pattern.
	rt.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if pattern, ok := rt.match(r.URL.Path); ok {
			notAllowed[pattern](w, r)
			return
		}
		notFound(w, r)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		// ServeMux would redirect a path that is not clean ("//", "/./",
		// a trailing slash), and would keep an encoded slash inside one
		// segment; no route has such a path, so they are a 404.
		case p != "/" && p != path.Clean(p), strings.Contains(strings.ToLower(r.URL.RawPath), "%2f"):
			notFound(w, r)
		case !wellFormedQuery(r.URL.RawQuery):
			apierr.Write(w, apierr.BadRequest("the query string is malformed"))
		default:
			rt.mux.ServeHTTP(w, r)
		}
	})
}

// wellFormedQuery reports whether every percent escape of a query string is
// valid and no parameter is split by ";" (which url.Query would drop).
func wellFormedQuery(raw string) bool {
	_, err := url.ParseQuery(raw)
	return err == nil
}

// match returns the routed path pattern that matches urlPath with the
// fewest wildcards: the most specific one, since spec validation allows
// only overlaps where one pattern is more specific.
func (rt *router) match(urlPath string) (string, bool) {
	segs := strings.Split(urlPath, "/")
	best, bestWild := "", -1
	for _, pattern := range rt.paths {
		psegs := strings.Split(pattern, "/")
		if len(psegs) != len(segs) {
			continue
		}
		wild := 0
		for i, ps := range psegs {
			if strings.HasPrefix(ps, "{") {
				wild++
			} else if ps != segs[i] {
				wild = -1
				break
			}
		}
		if wild >= 0 && (bestWild < 0 || wild < bestWild) {
			best, bestWild = pattern, wild
		}
	}
	return best, bestWild >= 0
}

func (h *Handler) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (h *Handler) ready(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.DB.PingContext(r.Context()); err != nil {
		apierr.Write(w, apierr.New(http.StatusServiceUnavailable, "the database does not answer"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (h *Handler) openAPIDocument(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(h.openAPI)
}

func ptr[T any](v T) *T { return &v }

// requireCredential answers 401 early on a protected operation that came
// without a valid token, before its body is read.
func requireCredential(w http.ResponseWriter, r *http.Request) bool {
	if auth.CredentialFrom(r.Context()).Subject == "" {
		apierr.Write(w, apierr.Unauthorized("authentication required"))
		return false
	}
	return true
}
