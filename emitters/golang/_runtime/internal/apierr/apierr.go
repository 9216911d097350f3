// Package apierr writes RFC 9457 problem details.
package apierr

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// FieldError is one failing field of a 409 or 422.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Problem is a problem details body; it is also an error.
type Problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail"`
	Errors []FieldError `json:"errors,omitempty"`
	// Allow is sent as the Allow header of a 405.
	Allow string `json:"-"`
	// Challenge adds WWW-Authenticate: Bearer (401).
	Challenge bool `json:"-"`
}

func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// New returns a problem without field errors.
func New(status int, detail string) *Problem {
	return &Problem{Type: "about:blank", Title: Title(status), Status: status, Detail: detail}
}

// maxFieldErrors is how many entries a problem's errors lists at most.
const maxFieldErrors = 100

// Invalid is a 422 listing the failing fields, the first maxFieldErrors
// of them; its detail counts them all.
func Invalid(errs []FieldError) *Problem {
	p := New(http.StatusUnprocessableEntity, countDetail(len(errs)))
	p.Errors = errs[:min(len(errs), maxFieldErrors)]
	return p
}

// Conflict is a 409 listing the conflicting fields.
func Conflict(detail string, errs []FieldError) *Problem {
	p := New(http.StatusConflict, detail)
	p.Errors = errs
	return p
}

// NotFound is a 404.
func NotFound() *Problem { return New(http.StatusNotFound, "the resource does not exist") }

// Unauthorized is a 401 with the Bearer challenge.
func Unauthorized(detail string) *Problem {
	p := New(http.StatusUnauthorized, detail)
	p.Challenge = true
	return p
}

// Forbidden is a 403.
func Forbidden() *Problem { return New(http.StatusForbidden, "you may not do this") }

// BadRequest is a 400.
func BadRequest(detail string) *Problem { return New(http.StatusBadRequest, detail) }

func countDetail(n int) string {
	if n == 1 {
		return "1 field is invalid"
	}
	return fmt.Sprintf("%d fields are invalid", n)
}

// Title is the RFC 9110 reason phrase of status.
func Title(status int) string {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return "Content Too Large"
	case http.StatusRequestURITooLong:
		return "URI Too Long"
	case http.StatusUnprocessableEntity:
		return "Unprocessable Content"
	}
	return http.StatusText(status)
}

// From turns any error into a problem; errors that are not problems are a
// 500 whose body says nothing about their cause.
func From(err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	return New(http.StatusInternalServerError, "an unexpected error occurred")
}

// Write sends p.
func Write(w http.ResponseWriter, p *Problem) {
	if p.Allow != "" {
		w.Header().Set("Allow", p.Allow)
	}
	if p.Challenge {
		w.Header().Set("WWW-Authenticate", "Bearer")
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
