// Package auth issues and verifies tokens, hashes passwords and decides
// access rules.
package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"bgenapp/internal/apierr"
)

// Tokens signs and verifies HS256 JWTs.
type Tokens struct {
	Secret []byte
	TTL    time.Duration
}

// Issue returns a token for subject, with role when role is not "".
func (t Tokens) Issue(subject, role string) (string, error) {
	now := time.Now()
	claims := jwt.MapClaims{"sub": subject, "iat": now.Unix(), "exp": now.Add(t.TTL).Unix()}
	if role != "" {
		claims["role"] = role
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.Secret)
}

// Verify returns the subject of a valid HS256 token: sub a string, exp an
// integer (seconds) in the future, iat and nbf, when present, integers
// not in the future. No leeway.
func (t Tokens) Verify(token string) (string, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return t.Secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithJSONNumber(), jwt.WithoutClaimsValidation())
	if err != nil {
		return "", err
	}
	now := time.Now().Unix()
	if exp, ok := intClaim(claims, "exp"); !ok || exp <= now {
		return "", errors.New("token has no integer exp in the future")
	}
	for _, name := range []string{"iat", "nbf"} {
		if _, present := claims[name]; !present {
			continue
		}
		if v, ok := intClaim(claims, name); !ok || v > now {
			return "", fmt.Errorf("token's %s is not an integer in the past", name)
		}
	}
	sub, ok := claims["sub"].(string)
	if !ok || sub == "" {
		return "", errors.New("token has no subject")
	}
	return sub, nil
}

// intClaim reads a claim written as a JSON integer within 64 bits: not a
// string, not 1e300, not 1.5.
func intClaim(claims jwt.MapClaims, name string) (int64, bool) {
	n, ok := claims[name].(json.Number)
	if !ok {
		return 0, false
	}
	v, err := n.Int64()
	return v, err == nil
}

// HashPassword returns a bcrypt hash, cost 10.
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), 10)
	return string(h), err
}

// dummyHash keeps a failed login as slow as a successful one.
const dummyHash = "$2a$10$17ap31QcmNiVT6QYJuWXHeCt55Ofn0INYjO6rXgcz2wEm.30OEdKm"

// CheckPassword reports whether password matches hash; with hash "" it
// does the same work and fails.
func CheckPassword(hash, password string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword([]byte(dummyHash), []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// Credential is what the request carried: no token, a bad one, or a
// verified subject.
type Credential struct {
	Present bool
	Subject string // "" when the token is missing or invalid
}

type credentialKey struct{}

// WithCredential stores c in ctx.
func WithCredential(ctx context.Context, c Credential) context.Context {
	return context.WithValue(ctx, credentialKey{}, c)
}

// CredentialFrom reads the request's credential.
func CredentialFrom(ctx context.Context) Credential {
	c, _ := ctx.Value(credentialKey{}).(Credential)
	return c
}

// Caller is the authenticated user, read from the database.
type Caller struct {
	ID   string
	Role string
}

// Rule is an operation's access rule: any alternative grants access.
type Rule struct {
	Public, Authenticated, Owner bool
	Roles                        []string
}

// Check decides rule for caller (nil: not authenticated). ownerOnly says
// that only the owner alternative holds: the caller sees only their rows.
func Check(rule Rule, caller *Caller) (ownerOnly bool, err error) {
	if rule.Public {
		return false, nil
	}
	if caller == nil {
		return false, apierr.Unauthorized("authentication required")
	}
	if rule.Authenticated || slices.Contains(rule.Roles, caller.Role) {
		return false, nil
	}
	if rule.Owner {
		return true, nil
	}
	return false, apierr.Forbidden()
}
