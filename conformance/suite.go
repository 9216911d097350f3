package conformance

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/bgen-dev/bgen/ir"
)

// Suite is one run's state: the API, the server and what the suite knows.
type Suite struct {
	API    *ir.API
	Doc    []byte // the OpenAPI document bgen wrote
	docErr error
	Gen    *Gen
	Model  *Model
	Client *Client
	Server *server
	Env    []string
	Dir    string
	Target Target

	// Users: one per role (made with create-user), then plain users made
	// over HTTP with register. Empty without auth.
	Users []*User

	mu      sync.Mutex
	parents map[string]map[string]any // pooled parent rows per entity
	others  map[string]*User          // users made for one row each, by id
}

// User is a caller the suite can log in as.
type User struct {
	Role     string // "" without a role field
	ID       any
	Identity string
	Password string
	Token    string
	Row      map[string]any
	Raw      []byte // the resource as create-user printed it
	Plain    bool   // registered over HTTP
}

// tok returns u's token, or "" for the anonymous caller.
func tok(u *User) string {
	if u == nil {
		return ""
	}
	return u.Token
}

func (u *User) String() string {
	if u == nil {
		return "anonymous"
	}
	if u.Plain {
		return "registered user (" + u.Role + ")"
	}
	return "role " + u.Role
}

// do sends a request as u.
func (s *Suite) do(u *User, method, path string, body any) *Resp {
	return s.Client.Do(Req{Method: method, Path: path, Body: body, Token: tok(u)})
}

func (s *Suite) base() string { return s.API.BasePath }

func (s *Suite) collection(e *ir.Entity) string { return s.API.BasePath + e.Path }

func (s *Suite) item(e *ir.Entity, id any) string {
	return s.API.BasePath + e.Path + "/" + url.PathEscape(idKey(id))
}

func hasOp(e *ir.Entity, k ir.OpKind) *ir.Operation {
	for _, op := range e.Operations {
		if op.Kind == k {
			return op
		}
	}
	return nil
}

// track applies a successful write to the model.
func (s *Suite) track(r *Resp) {
	if r.Status < 200 || r.Status >= 300 {
		return
	}
	p, _, _ := strings.Cut(r.Path, "?")
	if s.API.Auth != nil && r.Method == "POST" && p == s.base()+"/auth/register" && r.Status == 201 {
		if o := r.Obj(); o != nil {
			s.Model.Put(s.API.Auth.Entity, o)
		}
		return
	}
	for _, e := range s.API.Entities {
		col := s.collection(e)
		if p == col && r.Method == "POST" && r.Status == 201 {
			if o := r.Obj(); o != nil {
				s.Model.Put(e, o)
			}
			return
		}
		if rest, ok := strings.CutPrefix(p, col+"/"); ok && !strings.Contains(rest, "/") {
			id, _ := url.PathUnescape(rest)
			switch {
			case r.Method == "PATCH" && r.Status == 200:
				if o := r.Obj(); o != nil {
					s.Model.Put(e, o)
				}
			case r.Method == "DELETE" && r.Status == 204:
				if row := s.Model.Row(e, id); row != nil {
					s.Model.Delete(e, row["id"])
				}
			}
			return
		}
		for _, rel := range e.Relations {
			if rel.Kind != ir.ManyToMany || rel.Path == "" {
				continue
			}
			prefix, suffix, _ := strings.Cut(s.base()+rel.Path, "{id}")
			rest, ok := strings.CutPrefix(p, prefix)
			if !ok {
				continue
			}
			parent, rest, ok := strings.Cut(rest, "/")
			if !ok || "/"+rest == suffix {
				continue
			}
			tail, ok := strings.CutPrefix("/"+rest, suffix+"/")
			if !ok || strings.Contains(tail, "/") {
				continue
			}
			pid, _ := url.PathUnescape(parent)
			tid, _ := url.PathUnescape(tail)
			if r.Method == "PUT" && r.Status == 204 {
				s.Model.Link(rel, pid, tid, true)
			}
			if r.Method == "DELETE" && r.Status == 204 {
				s.Model.Link(rel, pid, tid, false)
			}
		}
	}
}

// allowsFully reports whether u meets r through an alternative other than
// "owner" (so it sees and may touch every row).
func allowsFully(r ir.Rule, u *User) bool {
	if r.Public {
		return true
	}
	if u == nil {
		return false
	}
	if r.Authenticated {
		return true
	}
	for _, role := range r.Roles {
		if u.Role == role {
			return true
		}
	}
	return false
}

// caller returns a caller that meets every rule fully, users first.
func (s *Suite) caller(rules ...ir.Rule) (*User, bool) {
	cands := append([]*User(nil), s.Users...)
	cands = append(cands, nil)
	for _, u := range cands {
		ok := true
		for _, r := range rules {
			if !allowsFully(r, u) {
				ok = false
			}
		}
		if ok {
			return u, true
		}
	}
	return nil, false
}

// plain returns the i-th user made with register, or nil.
func (s *Suite) plain(i int) *User {
	for _, u := range s.Users {
		if u.Plain {
			if i == 0 {
				return u
			}
			i--
		}
	}
	return nil
}

// creator picks who creates rows of e: a full caller of the create rule,
// or any registered user when only "owner" is allowed.
func (s *Suite) creator(e *ir.Entity) (*User, bool) {
	op := hasOp(e, ir.OpCreate)
	if op == nil {
		return nil, false
	}
	if e.Owner != nil && ownerKeyUnique(e) {
		return nil, true // a fresh user per row, see createRow
	}
	if u, ok := s.caller(op.Access); ok {
		return u, true
	}
	if op.Access.Owner && s.plain(0) != nil {
		return s.plain(0), true
	}
	return nil, false
}

// ownerKeyUnique reports whether each owner may hold at most one row of e.
func ownerKeyUnique(e *ir.Entity) bool {
	if e.Owner == nil {
		return false
	}
	return keyUnique(e.Owner)
}

func keyUnique(rel *ir.Relation) bool {
	if rel.Key != nil && rel.Key.Unique {
		return true
	}
	if rel.Inverse != nil && rel.Inverse.Kind == ir.HasOne {
		return true
	}
	for _, u := range rel.Entity.Unique {
		if len(u) == 1 && u[0] == rel.Key {
			return true
		}
	}
	return false
}

// body returns a valid create body for e: every create field with a value,
// foreign keys only where required (pointing at existing rows), then the
// overrides (a nil override removes the field).
func (s *Suite) body(t *testing.T, e *ir.Entity, over map[string]any) map[string]any {
	b := map[string]any{}
	for _, f := range e.Create {
		if _, ok := over[f.Name]; ok {
			continue
		}
		if f.Kind == ir.KindForeignKey {
			if f.Optional || f.Relation == nil {
				continue
			}
			b[f.Name] = s.parentFor(t, f.Relation)["id"]
			continue
		}
		b[f.Name] = s.Gen.Valid(f)
	}
	for k, v := range over {
		if v == nil {
			delete(b, k)
			continue
		}
		b[k] = v
	}
	return b
}

// parentFor returns a row rel may point at: a fresh one when the key is
// unique, else a pooled one.
func (s *Suite) parentFor(t *testing.T, rel *ir.Relation) map[string]any {
	target := rel.Target
	if auth := s.API.Auth; auth != nil && target == auth.Entity && !keyUnique(rel) {
		if u := s.plain(0); u != nil && u.Row != nil {
			return u.Row
		}
	}
	if !keyUnique(rel) {
		s.mu.Lock()
		row := s.parents[entName(target)]
		s.mu.Unlock()
		if row != nil && s.Model.Row(target, row["id"]) != nil {
			return row
		}
	}
	var row map[string]any
	if auth := s.API.Auth; auth != nil && target == auth.Entity {
		u := s.register(t)
		row = u.Row
	} else {
		row = s.createRow(t, target, nil)
	}
	if !keyUnique(rel) {
		s.mu.Lock()
		if s.parents == nil {
			s.parents = map[string]map[string]any{}
		}
		s.parents[entName(target)] = row
		s.mu.Unlock()
	}
	return row
}

// createRow creates a row of e through the API and fails the test if that
// does not work.
func (s *Suite) createRow(t *testing.T, e *ir.Entity, over map[string]any) map[string]any {
	t.Helper()
	u, ok := s.creator(e)
	if !ok {
		t.Fatalf("no caller can create %s", entName(e))
	}
	if e.Owner != nil && ownerKeyUnique(e) {
		u = s.register(t)
	}
	return s.createAs(t, e, u, over)
}

// createAs creates a row of e as u.
func (s *Suite) createAs(t *testing.T, e *ir.Entity, u *User, over map[string]any) map[string]any {
	t.Helper()
	b := s.body(t, e, over)
	r := s.do(u, "POST", s.collection(e), b)
	if r.Status != 201 {
		t.Fatalf("setting up a %s row as %s failed:\n  %s", entName(e), u, r)
	}
	o := r.Obj()
	if o == nil {
		t.Fatalf("create %s: body is not an object:\n  %s", entName(e), r)
	}
	return o
}

// ownerOf returns the id of the owner of row (the row itself for the auth
// entity), or nil.
func (s *Suite) ownerOf(e *ir.Entity, row map[string]any) any {
	if s.API.Auth != nil && e == s.API.Auth.Entity {
		return row["id"]
	}
	if e.Owner != nil && e.Owner.Key != nil {
		return row[e.Owner.Key.Name]
	}
	return nil
}

// register makes a new plain user over HTTP and logs them in.
func (s *Suite) register(t *testing.T) *User {
	t.Helper()
	u, err := s.registerUser()
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	if s.others == nil {
		s.others = map[string]*User{}
	}
	s.others[idKey(u.ID)] = u
	s.mu.Unlock()
	return u
}

// userByID returns the known user with id, or nil.
func (s *Suite) userByID(id any) *User {
	for _, u := range s.Users {
		if idKey(u.ID) == idKey(id) {
			return u
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.others[idKey(id)]
}

// actor returns who may perform op on row: a full caller, else the row's
// owner when the rule allows owners.
func (s *Suite) actor(e *ir.Entity, k ir.OpKind, row map[string]any) (*User, bool) {
	op := hasOp(e, k)
	if op == nil {
		return nil, false
	}
	if u, ok := s.caller(op.Access); ok {
		return u, true
	}
	if op.Access.Owner && row != nil {
		if u := s.userByID(s.ownerOf(e, row)); u != nil {
			return u, true
		}
	}
	return nil, false
}

func (s *Suite) registerUser() (*User, error) {
	auth := s.API.Auth
	b := map[string]any{}
	for _, f := range auth.Register {
		if f.Kind == ir.KindForeignKey {
			continue
		}
		b[f.Name] = s.Gen.Valid(f)
	}
	r := s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/register", Body: b})
	if r.Status != 201 {
		return nil, fmt.Errorf("register failed:\n  %s", r)
	}
	row := r.Obj()
	u := &User{ID: row["id"], Identity: fmt.Sprint(b[auth.Identity.Name]), Password: fmt.Sprint(b[auth.Password.Name]), Row: row, Plain: true}
	if auth.RoleField != nil {
		u.Role, _ = row[auth.RoleField.Name].(string)
	}
	if err := s.login(u); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Suite) login(u *User) error {
	auth := s.API.Auth
	r := s.Client.Do(Req{Method: "POST", Path: s.base() + "/auth/login", Body: map[string]any{auth.Identity.Name: u.Identity, auth.Password.Name: u.Password}})
	if r.Status != 200 {
		return fmt.Errorf("login of %s failed:\n  %s", u, r)
	}
	tk, _ := r.Obj()["accessToken"].(string)
	if tk == "" {
		return fmt.Errorf("login gave no accessToken:\n  %s", r)
	}
	u.Token = tk
	return nil
}

// createRoleUsers runs create-user once per role (once without roles).
func (s *Suite) createRoleUsers() error {
	auth := s.API.Auth
	if auth == nil {
		return nil
	}
	roles := auth.Roles
	if auth.RoleField == nil {
		roles = []string{""}
	}
	for _, role := range roles {
		b := map[string]any{}
		for _, f := range auth.Entity.Create {
			if f.Kind == ir.KindForeignKey {
				continue
			}
			b[f.Name] = s.Gen.Valid(f)
		}
		if auth.RoleField != nil {
			b[auth.RoleField.Name] = role
		}
		js, _ := json.Marshal(b)
		argv := append(append([]string(nil), s.Target.CreateUser...), string(js))
		stdout, stderr, err := runSplit(s.Dir, s.Env, argv...)
		if err != nil {
			return fmt.Errorf("%s: %v\nstdout: %s\nstderr: %s", strings.Join(argv, " "), err, stdout, stderr)
		}
		row, raw := lastJSONObjectRaw(stdout)
		if row == nil || row["id"] == nil {
			return fmt.Errorf("create-user printed no resource with an id:\nstdout: %s\nstderr: %s", stdout, stderr)
		}
		s.Model.Put(auth.Entity, row)
		s.Users = append(s.Users, &User{Role: role, ID: row["id"], Identity: fmt.Sprint(b[auth.Identity.Name]), Password: fmt.Sprint(b[auth.Password.Name]), Row: row, Raw: raw})
	}
	return nil
}

// lastJSONObject finds the created resource in create-user's stdout: the
// whole output as one JSON object, or else its last line that is one.
func lastJSONObject(out string) map[string]any {
	m, _ := lastJSONObjectRaw(out)
	return m
}

func lastJSONObjectRaw(out string) (map[string]any, []byte) {
	dec := func(s string) map[string]any {
		var m map[string]any
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		if d.Decode(&m) != nil || d.More() {
			return nil
		}
		return m
	}
	if m := dec(out); m != nil {
		return m, []byte(strings.TrimSpace(out))
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if m := dec(lines[i]); m != nil && m["id"] != nil {
			return m, []byte(lines[i])
		}
	}
	return nil, nil
}

// loginUsers logs the role users in and registers two plain users.
func (s *Suite) loginUsers() error {
	if s.API.Auth == nil {
		return nil
	}
	for _, u := range s.Users {
		if err := s.login(u); err != nil {
			return err
		}
	}
	for range 2 {
		u, err := s.registerUser()
		if err != nil {
			return err
		}
		s.Users = append(s.Users, u)
	}
	return nil
}
