package conformance

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bgen-dev/bgen/ir"
)

// forge signs claims as an HS256 JWT with secret.
func forge(claims map[string]any, secret string) string {
	enc := base64.RawURLEncoding
	h := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	c, _ := json.Marshal(claims)
	p := enc.EncodeToString(c)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(h + "." + p))
	return h + "." + p + "." + enc.EncodeToString(m.Sum(nil))
}

// claimsOf decodes a JWT's payload without checking it.
func claimsOf(tok string) map[string]any {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil
	}
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	if d.Decode(&m) != nil {
		return nil
	}
	return m
}

func needAuth(s *Suite, t *testing.T) *ir.Auth {
	t.Helper()
	if s.API.Auth == nil {
		t.Skip("the spec has no auth block")
	}
	return s.API.Auth
}

func checkRegister(s *Suite, t *testing.T) {
	auth := needAuth(s, t)
	e := auth.Entity
	path := s.base() + "/auth/register"
	regBody := func() map[string]any {
		b := map[string]any{}
		for _, f := range auth.Register {
			if f.Kind != ir.KindForeignKey {
				b[f.Name] = s.Gen.Valid(f)
			}
		}
		return b
	}
	t.Run("created", func(t *testing.T) {
		b := regBody()
		r := s.Client.Do(Req{Method: "POST", Path: path, Body: b})
		if !status(t, r, 201) {
			return
		}
		jsonOK(t, r)
		row := r.Obj()
		checkResource(t, e, r.Body, r)
		checkSent(t, e, b, row, r)
		if loc := r.Header.Get("Location"); loc != s.item(e, row["id"]) {
			t.Errorf("Location %q, want %q", loc, s.item(e, row["id"]))
		}
		if rf := auth.RoleField; rf != nil && rf.Default != nil && row[rf.Name] != rf.Default.Value {
			t.Errorf("role %v, want the default %v", row[rf.Name], rf.Default.Value)
		}
	})
	t.Run("taken identity", func(t *testing.T) {
		b := regBody()
		b[auth.Identity.Name] = s.Users[0].Identity
		fieldErrors(t, s.Client.Do(Req{Method: "POST", Path: path, Body: b}), 409, FieldErr{auth.Identity.Name, "unique"})
	})
	// The role field is not part of the register body (ir.Auth.Register is
	// the create body minus the role field). The contract's rule for a
	// field of the resource that a body does not take is "readOnly" (id,
	// timestamps, readOnly fields and the owner key are all such fields);
	// "unknown" is for names the resource does not have. So: readOnly.
	if rf := auth.RoleField; rf != nil {
		t.Run("role not allowed", func(t *testing.T) {
			b := regBody()
			b[rf.Name] = auth.Roles[len(auth.Roles)-1]
			fieldErrors(t, s.Client.Do(Req{Method: "POST", Path: path, Body: b}), 422, FieldErr{rf.Name, "readOnly"})
		})
	}
	t.Run("validated like create", func(t *testing.T) {
		b := regBody()
		b[auth.Identity.Name] = 5
		delete(b, auth.Password.Name)
		var want []FieldErr
		for _, f := range auth.Register {
			if f == auth.Identity {
				want = append(want, FieldErr{f.Name, "type"})
			}
			if f == auth.Password {
				want = append(want, FieldErr{f.Name, "required"})
			}
		}
		fieldErrors(t, s.Client.Do(Req{Method: "POST", Path: path, Body: b}), 422, want...)
		if ml := auth.Password.MinLength; ml != nil && *ml > 0 {
			b := regBody()
			b[auth.Password.Name] = strings.Repeat("x", *ml-1)
			fieldErrors(t, s.Client.Do(Req{Method: "POST", Path: path, Body: b}), 422, FieldErr{auth.Password.Name, "minLength"})
		}
	})
	t.Run("password stored hashed", func(t *testing.T) {
		u := s.register(t)
		if strings.Contains(mustJSON(u.Row), u.Password) {
			t.Errorf("the password is in the resource: %s", mustJSON(u.Row))
		}
	})
}

func checkLogin(s *Suite, t *testing.T) {
	auth := needAuth(s, t)
	path := s.base() + "/auth/login"
	u := s.Users[0]
	login := func(id, pw any) *Resp {
		return s.Client.Do(Req{Method: "POST", Path: path, Body: map[string]any{auth.Identity.Name: id, auth.Password.Name: pw}})
	}
	t.Run("ok", func(t *testing.T) {
		r := login(u.Identity, u.Password)
		if !status(t, r, 200) {
			return
		}
		jsonOK(t, r)
		o := r.Obj()
		keys, _ := keyOrder(r.Body)
		if joinStrs(keys) != "accessToken,tokenType,expiresIn" {
			t.Errorf("keys %v, want accessToken,tokenType,expiresIn", keys)
		}
		if o["tokenType"] != "bearer" {
			t.Errorf("tokenType %v, want bearer", o["tokenType"])
		}
		if fmt.Sprint(o["expiresIn"]) != fmt.Sprint(auth.TokenTTLSeconds) {
			t.Errorf("expiresIn %v, want %d", o["expiresIn"], auth.TokenTTLSeconds)
		}
		tk, _ := o["accessToken"].(string)
		c := claimsOf(tk)
		if c == nil {
			t.Fatalf("accessToken is not a JWT: %q", tk)
		}
		if c["sub"] != idKey(u.ID) {
			t.Errorf("sub %v (%T), want the id as a string %q", c["sub"], c["sub"], idKey(u.ID))
		}
		iatN, ok1 := c["iat"].(json.Number)
		expN, ok2 := c["exp"].(json.Number)
		iat, err1 := iatN.Int64()
		exp, err2 := expN.Int64()
		if !ok1 || !ok2 || err1 != nil || err2 != nil {
			t.Errorf("iat %v and exp %v must be integers", c["iat"], c["exp"])
		} else {
			if exp-iat != auth.TokenTTLSeconds {
				t.Errorf("exp - iat = %d, want %d", exp-iat, auth.TokenTTLSeconds)
			}
			if d := time.Since(time.Unix(iat, 0)); d < -5*time.Second || d > time.Minute {
				t.Errorf("iat %d is not now", iat)
			}
		}
		if auth.RoleField != nil {
			if c["role"] != u.Role {
				t.Errorf("role claim %v, want %q", c["role"], u.Role)
			}
		} else if _, ok := c["role"]; ok {
			t.Errorf("role claim without a roleField")
		}
		h, _ := base64.RawURLEncoding.DecodeString(strings.Split(tk, ".")[0])
		if !strings.Contains(string(h), `"HS256"`) {
			t.Errorf("token header %s, want alg HS256", h)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		problem(t, login(u.Identity, u.Password+"x"), 401)
	})
	t.Run("unknown identity", func(t *testing.T) {
		problem(t, login("nobody-"+s.Gen.tag+"@example.com", u.Password), 401)
	})
	t.Run("same work for unknown identity", func(t *testing.T) {
		// A wrong identity must cost about as much as a wrong password (a
		// bcrypt comparison), so identities cannot be probed by timing.
		// Load on the machine only adds time, so the fastest of several
		// alternating tries is each case's cost; a second round must agree
		// before the check fails.
		fastest := func() (wrong, unknown time.Duration) {
			wrong, unknown = time.Hour, time.Hour
			for range 9 {
				start := time.Now()
				login(u.Identity, u.Password+"x")
				wrong = min(wrong, time.Since(start))
				start = time.Now()
				login("nobody-"+s.Gen.tag+"@example.com", u.Password)
				unknown = min(unknown, time.Since(start))
			}
			return wrong, unknown
		}
		cheap := func(wrong, unknown time.Duration) bool {
			return wrong > 15*time.Millisecond && unknown*4 < wrong
		}
		if wrong, unknown := fastest(); cheap(wrong, unknown) {
			if wrong2, unknown2 := fastest(); cheap(wrong2, unknown2) {
				t.Errorf("login with an unknown identity takes %v, with a wrong password %v: not the same amount of work", unknown2, wrong2)
			}
		}
	})
}

func checkMe(s *Suite, t *testing.T) {
	auth := needAuth(s, t)
	path := s.base() + "/auth/me"
	for _, u := range s.Users {
		r := s.do(u, "GET", path, nil)
		if status(t, r, 200) {
			jsonOK(t, r)
			checkResource(t, auth.Entity, r.Body, r)
			if idKey(r.Obj()["id"]) != idKey(u.ID) {
				t.Errorf("/auth/me as %s: id %v, want %v", u, r.Obj()["id"], u.ID)
			}
		}
	}
	problem(t, s.Client.Do(Req{Method: "GET", Path: path}), 401)
}

func checkTokens(s *Suite, t *testing.T) {
	auth := needAuth(s, t)
	path := s.base() + "/auth/me"
	u := s.Users[0]
	now := time.Now().Unix()
	claims := validClaims(auth, u, now)
	with := func(h string) *Resp {
		return s.Client.Do(Req{Method: "GET", Path: path, Header: map[string]string{"Authorization": h}})
	}
	t.Run("forged with the secret works", func(t *testing.T) {
		r := with("Bearer " + forge(claims(nil), JWTSecret))
		if status(t, r, 200) && idKey(r.Obj()["id"]) != idKey(u.ID) {
			t.Errorf("wrong user\n  %s", r)
		}
	})
	bad := map[string]string{
		"missing":          "",
		"not bearer":       "Basic " + base64.StdEncoding.EncodeToString([]byte("a:b")),
		"garbage":          "Bearer not.a.token",
		"wrong secret":     "Bearer " + forge(claims(nil), JWTSecret+"x"),
		"expired":          "Bearer " + forge(claims(func(c map[string]any) { c["iat"] = now - 7200; c["exp"] = now - 60 }), JWTSecret),
		"expired just now": "Bearer " + forge(claims(func(c map[string]any) { c["iat"] = now - 600; c["exp"] = now - 2 }), JWTSecret),
		"no exp":           "Bearer " + forge(claims(func(c map[string]any) { delete(c, "exp") }), JWTSecret),
		"no sub":           "Bearer " + forge(claims(func(c map[string]any) { delete(c, "sub") }), JWTSecret),
		"unknown subject":  "Bearer " + forge(claims(func(c map[string]any) { c["sub"] = idKey(missingID(auth.Entity)) }), JWTSecret),
		"alg none":         "Bearer " + noneToken(claims(nil)),
	}
	for name, h := range bad {
		t.Run(name, func(t *testing.T) {
			problem(t, with(h), 401)
		})
	}
	t.Run("deleted user", func(t *testing.T) {
		d := hasOp(auth.Entity, ir.OpDelete)
		if d == nil {
			t.Skip("users cannot be deleted")
		}
		victim := s.register(t)
		du, ok := s.caller(d.Access)
		if !ok {
			du = victim
		}
		if !status(t, s.do(du, "DELETE", s.item(auth.Entity, victim.ID), nil), 204) {
			return
		}
		problem(t, s.do(victim, "GET", path, nil), 401)
	})
	// The role is read from the database, not trusted from the token.
	if auth.RoleField != nil && len(auth.Roles) > 1 {
		t.Run("role claim not trusted", func(t *testing.T) {
			plain := s.plain(0)
			for _, e := range s.API.Entities {
				op := hasOp(e, ir.OpList)
				if op == nil || allowsFully(op.Access, plain) || op.Access.Owner || len(op.Access.Roles) == 0 {
					continue
				}
				c := claims(nil)
				c["sub"] = idKey(plain.ID)
				c["role"] = op.Access.Roles[0]
				r := s.Client.Do(Req{Method: "GET", Path: s.collection(e), Token: forge(c, JWTSecret)})
				problem(t, r, 403)
				return
			}
			t.Skip("no list operation limited to a role")
		})
	}
}

// noneToken is an unsigned token with alg "none".
func noneToken(claims map[string]any) string {
	enc := base64.RawURLEncoding
	c, _ := json.Marshal(claims)
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(c) + "."
}

// validClaims returns the claims of a valid token for u, issued at now (in
// Unix seconds) and expiring 10 minutes later, changed by mod when mod is
// not nil.
func validClaims(auth *ir.Auth, u *User, now int64) func(mod func(map[string]any)) map[string]any {
	return func(mod func(map[string]any)) map[string]any {
		c := map[string]any{"sub": idKey(u.ID), "iat": now, "exp": now + 600}
		if auth.RoleField != nil {
			c["role"] = u.Role
		}
		if mod != nil {
			mod(c)
		}
		return c
	}
}
