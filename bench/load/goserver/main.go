// Command goserver is the hand-written baseline for the Go load benchmark:
// plain net/http, database/sql and modernc.org/sqlite serving three of the
// blog's endpoints on the tables the generated blog creates. It has its own
// go.mod so modernc stays out of bgen's module. See ../go.sh.
package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"log"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

const timeLayout = "2006-01-02T15:04:05.000Z"

type post struct {
	ID        int64   `json:"id"`
	Title     string  `json:"title"`
	Body      string  `json:"body"`
	Status    string  `json:"status"`
	Views     int64   `json:"views"`
	Slug      string  `json:"slug"`
	Summary   *string `json:"summary"`
	AuthorID  int64   `json:"authorId"`
	CreatedAt string  `json:"createdAt"`
	UpdatedAt string  `json:"updatedAt"`
}

type tag struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
}

const postColumns = `id, title, body, status, views, slug, summary, author_id, created_at, updated_at`

var tagName = regexp.MustCompile(`^[a-z0-9-]+$`)

type server struct {
	db     *sql.DB
	secret []byte
}

func main() {
	path := strings.TrimPrefix(os.Getenv("DATABASE_URL"), "sqlite:///")
	if path == "" {
		log.Fatal("DATABASE_URL=sqlite:////abs/path.db is required")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		log.Fatal(err)
	}
	// One connection, as the generated server does: writers never meet
	// SQLITE_BUSY.
	db.SetMaxOpenConns(1)
	s := &server{db: db, secret: []byte(os.Getenv("JWT_SECRET"))}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/posts/{id}", s.getPost)
	mux.HandleFunc("GET /api/posts", s.listPosts)
	mux.HandleFunc("POST /api/tags", s.createTag)

	host, port := os.Getenv("HOST"), os.Getenv("PORT")
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = "8001"
	}
	srv := &http.Server{Addr: net.JoinHostPort(host, port), Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func scanPost(row interface{ Scan(...any) error }) (post, error) {
	var p post
	err := row.Scan(&p.ID, &p.Title, &p.Body, &p.Status, &p.Views, &p.Slug, &p.Summary, &p.AuthorID, &p.CreatedAt, &p.UpdatedAt)
	return p, err
}

func (s *server) getPost(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, http.StatusNotFound, "not found")
		return
	}
	p, err := scanPost(s.db.QueryRowContext(r.Context(), `SELECT `+postColumns+` FROM posts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		writeError(w, http.StatusNotFound, "not found")
		return
	}
	if err != nil {
		log.Print(err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *server) listPosts(w http.ResponseWriter, r *http.Request) {
	limit, offset := 20, 0
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeError(w, http.StatusBadRequest, "limit must be 1..100")
			return
		}
		limit = n
	}
	if v := r.URL.Query().Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "offset must be >= 0")
			return
		}
		offset = n
	}
	ctx := r.Context()
	var total int64
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts`).Scan(&total); err != nil {
		log.Print(err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+postColumns+` FROM posts ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		log.Print(err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	defer rows.Close()
	items := make([]post, 0, limit)
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			log.Print(err)
			writeError(w, http.StatusInternalServerError, "internal error")
			return
		}
		items = append(items, p)
	}
	if err := rows.Err(); err != nil {
		log.Print(err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total, "limit": limit, "offset": offset})
}

// authenticated verifies the bearer token the generated server issued
// (HS256, same JWT_SECRET).
func (s *server) authenticated(r *http.Request) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	t, err := jwt.Parse(token, func(*jwt.Token) (any, error) { return s.secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		return false
	}
	sub, err := t.Claims.GetSubject()
	return err == nil && sub != ""
}

func (s *server) createTag(w http.ResponseWriter, r *http.Request) {
	if !s.authenticated(r) {
		writeError(w, http.StatusUnauthorized, "authentication required")
		return
	}
	var in struct {
		Name string `json:"name"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON")
		return
	}
	if n := len([]rune(in.Name)); n < 1 || n > 50 || !tagName.MatchString(in.Name) {
		writeError(w, http.StatusUnprocessableEntity, "name must match ^[a-z0-9-]+$, 1..50 characters")
		return
	}
	now := time.Now().UTC().Format(timeLayout)
	t := tag{Name: in.Name, CreatedAt: now, UpdatedAt: now}
	err := s.db.QueryRowContext(r.Context(), `INSERT INTO tags (name, created_at, updated_at) VALUES (?, ?, ?) RETURNING id`, t.Name, now, now).Scan(&t.ID)
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE {
		writeError(w, http.StatusConflict, "name already exists")
		return
	}
	if err != nil {
		log.Print(err)
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Location", "/api/tags/"+strconv.FormatInt(t.ID, 10))
	writeJSON(w, http.StatusCreated, t)
}
