// Package lower builds the IR (package ir) from a validated spec.Spec.
package lower

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"cuelang.org/go/cue/token"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
	"github.com/bgen-dev/bgen/spec"
)

// Lower builds the IR from a validated spec: every default applied, every
// derived fact computed. It does not validate (spec.Validate does), but odd
// input gives an error, never a panic.
func Lower(s *spec.Spec) (*ir.API, error) {
	if s == nil {
		return nil, errors.New("ir: nil spec")
	}
	l := &lowerer{s: s, byName: map[string]*ir.Entity{}}
	api := l.lowerAPI()
	l.api = api

	// Entity shells first, so that relations can point at any entity.
	for _, se := range s.Entities {
		if se == nil {
			return nil, errors.New("ir: nil entity")
		}
		e := l.lowerEntityShell(se)
		if _, dup := l.byName[se.Name]; dup {
			l.errf("entities.%s: defined twice", se.Name)
			continue
		}
		l.byName[se.Name] = e
		api.Entities = append(api.Entities, e)
		l.specOf = append(l.specOf, se)
	}
	if len(api.Entities) == 0 {
		l.errf("entities: at least one entity is required")
	}
	for i, e := range api.Entities {
		l.lowerFieldsAndRelations(e, l.specOf[i])
	}
	for i, e := range api.Entities {
		l.checkNames(e)
		l.resolveInverses(e, l.specOf[i])
	}
	for _, e := range api.Entities {
		l.pairManyToMany(e)
	}
	if s.Auth != nil {
		api.Auth = l.lowerAuthShell(s.Auth)
	}
	for i, e := range api.Entities {
		l.lowerOwner(e, l.specOf[i])
		l.lowerBodies(e)
		l.lowerOperations(e, l.specOf[i])
		l.lowerList(e, l.specOf[i])
		l.lowerComposite(e, l.specOf[i])
	}
	for _, e := range api.Entities {
		l.lowerRelationAccess(e)
	}
	if api.Auth != nil {
		l.finishAuth(api.Auth)
	}
	for _, se := range s.Endpoints {
		if se == nil {
			l.errf("endpoints: nil endpoint")
			continue
		}
		if ep := l.lowerEndpoint(se); ep != nil {
			api.Endpoints = append(api.Endpoints, ep)
		}
	}
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	api.Routes = Routes(api)
	api.Tables = l.lowerTables()
	l.checkTables(api.Tables)
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	return api, nil
}

// lowerer carries the state of one Lower call.
type lowerer struct {
	s      *spec.Spec
	api    *ir.API
	byName map[string]*ir.Entity
	specOf []*spec.Entity // parallel to api.Entities
	errs   []error
}

// pos is p as "file:line:col" with the file relative to the directory of
// the spec's first file (the spec's own directory), so that a position does
// not depend on where the spec was loaded from; "" for an invalid p.
func (l *lowerer) pos(p token.Pos) string {
	if !p.IsValid() {
		return ""
	}
	name := p.Filename()
	if l.s.Pos.IsValid() && filepath.IsAbs(name) {
		if rel, err := filepath.Rel(filepath.Dir(l.s.Pos.Filename()), name); err == nil {
			name = filepath.ToSlash(rel)
		}
	}
	return fmt.Sprintf("%s:%d:%d", name, p.Line(), p.Column())
}

func (l *lowerer) errf(format string, args ...any) {
	l.errs = append(l.errs, fmt.Errorf("ir: "+format, args...))
}

func (l *lowerer) lowerAPI() *ir.API {
	s := l.s
	api := &ir.API{
		Name:         s.Name,
		Title:        s.Title,
		Version:      s.Version,
		Description:  s.Description,
		Targets:      append([]string(nil), s.Targets...),
		BasePath:     ir.DefaultBasePath,
		DefaultLimit: ir.DefaultPageLimit,
		MaxLimit:     ir.DefaultPageMaxLimit,
		CORSOrigins:  append([]string(nil), s.API.CORSOrigins...),
		MaxBodyBytes: ir.DefaultMaxBodyBytes,
	}
	if api.Title == "" {
		api.Title = s.Name
	}
	if api.Version == "" {
		api.Version = ir.DefaultVersion
	}
	if len(api.Targets) == 0 {
		api.Targets = ir.DefaultTargets()
	}
	if s.API.BasePath != nil {
		api.BasePath = strings.TrimRight(*s.API.BasePath, "/")
		if api.BasePath != "" && !strings.HasPrefix(api.BasePath, "/") {
			api.BasePath = "/" + api.BasePath
		}
	}
	if s.API.DefaultLimit != nil {
		api.DefaultLimit = *s.API.DefaultLimit
	}
	if s.API.MaxLimit != nil {
		api.MaxLimit = *s.API.MaxLimit
	}
	if s.API.MaxBodyBytes != nil {
		api.MaxBodyBytes = *s.API.MaxBodyBytes
	}
	return api
}

func (l *lowerer) lowerEntityShell(se *spec.Entity) *ir.Entity {
	name := naming.Split(se.Name)
	e := &ir.Entity{
		Name:        name,
		Plural:      name.Plural(),
		Description: se.Description,
		IDType:      ir.Int,
		Table:       se.Table,
		Path:        se.Path,
		Timestamps:  true,
		RenamedFrom: se.RenamedFrom,
		Pos:         l.pos(se.Pos),
	}
	switch se.ID {
	case "", "int":
	case "uuid":
		e.IDType = ir.UUID
	default:
		l.errf("entities.%s.id: unknown id type %q", se.Name, se.ID)
	}
	if e.Table == "" {
		e.Table = e.Plural.Snake()
	}
	if e.Path == "" {
		e.Path = "/" + e.Plural.Kebab()
	} else {
		e.Path = "/" + strings.Trim(e.Path, "/")
	}
	if se.Timestamps != nil {
		e.Timestamps = *se.Timestamps
	}
	return e
}

func parseTTL(s string) (int64, error) {
	if s == "" {
		return int64(ir.DefaultTokenTTL / time.Second), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d < time.Second {
		return 0, fmt.Errorf("tokenTTL %q is shorter than a second", s)
	}
	return int64(d / time.Second), nil
}
