// Package openapi emits the OpenAPI 3.1 document of an API: every route
// the targets serve, and no other, with schemas strict enough that the
// conformance suite can check real responses against them.
package openapi

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
)

// Document returns the OpenAPI 3.1 document, as indented JSON ending in a
// newline. Every target serves exactly these bytes at /openapi.json.
func Document(api *ir.API) ([]byte, error) {
	doc, err := build(api)
	if err != nil {
		return nil, err
	}
	data, err := encode(doc)
	if err != nil {
		return nil, err
	}
	if !json.Valid(data) {
		return nil, fmt.Errorf("openapi: the document is not valid JSON (a bug in bgen)")
	}
	return data, nil
}

// New returns the openapi target, whose only file is openapi.json.
func New() emitters.Emitter { return emitter{} }

type emitter struct{}

func (emitter) Name() string { return "openapi" }

func (emitter) Emit(api *ir.API) ([]emitters.File, error) {
	data, err := Document(api)
	if err != nil {
		return nil, err
	}
	return []emitters.File{{Path: "openapi.json", Data: data, Owner: emitters.Bgen}}, nil
}

func build(api *ir.API) (*object, error) {
	if api == nil {
		return nil, fmt.Errorf("openapi: no API")
	}
	b := newBuilder(api)
	for _, e := range api.Entities { // entity tags first, in spec order
		b.tag(e.Name.Pascal(), e.Description)
	}
	for _, rt := range api.Routes {
		if err := b.route(rt); err != nil {
			return nil, err
		}
	}
	b.nameCustomOps()

	components, err := b.components()
	if err != nil {
		return nil, err
	}

	info := obj("title", api.Title, "version", api.Version)
	if api.Title == "" {
		info.set("title", api.Name)
	}
	if api.Version == "" {
		info.set("version", "0.1.0")
	}
	if api.Description != "" {
		info.set("description", api.Description)
	}

	doc := obj("openapi", "3.1.0", "info", info)
	var tags []any
	for _, t := range b.tags {
		tag := obj("name", t)
		if d := b.tagDescs[t]; d != "" {
			tag.set("description", d)
		}
		tags = append(tags, tag)
	}
	doc.set("tags", tags)
	doc.set("paths", b.pathsObject())
	doc.set("components", components)
	return doc, nil
}

// components holds the schemas in a fixed order: per entity E, ECreate,
// EUpdate, EPage; then auth, custom endpoints, and the shared ones.
func (b *builder) components() (*object, error) {
	api := b.api
	schemas := newObject()
	var clash []string
	put := func(name string, s *object) {
		if schemas.has(name) {
			clash = append(clash, name)
			return
		}
		schemas.set(name, s)
	}
	for _, e := range api.Entities {
		name := e.Name.Pascal()
		put(name, readSchema(e))
		for _, op := range e.Operations {
			switch op.Kind {
			case ir.OpCreate:
				put(name+"Create", objectSchema(e.Create, modeCreate, false, nil))
			case ir.OpUpdate:
				put(name+"Update", objectSchema(e.Update, modeUpdate, false, nil))
			}
		}
		if b.pages[e] {
			put(name+"Page", pageSchema(api, e))
		}
	}
	if a := api.Auth; a != nil {
		put(a.Entity.Name.Pascal()+"Register", objectSchema(a.Register, modeCreate, false, nil))
		put("LoginRequest", loginSchema(a))
		put("Token", tokenSchema(a))
	}
	for _, ep := range api.Endpoints {
		if ep.Body != nil {
			put(ep.Ident.Pascal()+"Request", objectSchema(ep.Body, modeCreate, false, nil))
		}
		if ep.Response == ir.ResponseFields {
			put(ep.Ident.Pascal()+"Response", objectSchema(ep.ResponseFields, modeRead, true, nil))
		}
	}
	put("Health", healthSchema())
	put("Problem", problemSchema(false))
	put("ValidationProblem", problemSchema(true))
	put("FieldError", fieldErrorSchema())
	if len(clash) > 0 {
		return nil, fmt.Errorf("openapi: schema names used twice: %v (rename the entity or endpoint)", clash)
	}

	responses := newObject()
	statuses := make([]int, 0, len(b.statuses))
	for s := range b.statuses {
		statuses = append(statuses, s)
	}
	sort.Ints(statuses)
	known := problemResponses()
	for _, s := range statuses {
		pr := known[s]
		headers := obj("X-Request-ID", requestIDHeader())
		if s == 401 {
			headers.set("WWW-Authenticate", obj(
				"description", "Always Bearer.",
				"required", true,
				"schema", obj("type", "string", "enum", []any{"Bearer"}),
			))
		}
		r := obj("description", pr.Title, "headers", headers)
		// The status and title of each response are fixed (RFC 9110 reason
		// phrases, docs/conventions.md), so a target that answers a 404
		// titled "Not found" fails validation.
		schema := obj(
			"allOf", []any{ref(pr.Schema)},
			"properties", obj(
				"status", obj("const", s),
				"title", obj("const", pr.Title),
			),
		)
		r.set("content", obj("application/problem+json", obj("schema", schema)))
		responses.set(pr.Name, r)
	}
	responses.set("Error", obj(
		"description", "Unexpected error",
		"headers", obj("X-Request-ID", requestIDHeader()),
		"content", obj("application/problem+json", obj("schema", ref("Problem"))),
	))

	c := obj("schemas", schemas, "responses", responses)
	c.set("headers", obj("X-Request-ID", obj(
		"description", "The request's own id, if it sent a valid one, else a new UUID.",
		"required", true,
		"schema", obj("type", "string", "pattern", "^[A-Za-z0-9._~-]{1,128}$"),
	)))
	c.set("parameters", obj(
		"limit", obj("name", "limit", "in", "query", "description", "Page size.",
			"schema", obj("type", "integer", "minimum", 1, "maximum", api.MaxLimit, "default", api.DefaultLimit)),
		"offset", obj("name", "offset", "in", "query", "description", "Items to skip.",
			"schema", obj("type", "integer", "minimum", 0, "default", 0)),
	))
	if api.Auth != nil {
		c.set("securitySchemes", obj("bearerAuth", obj(
			"type", "http", "scheme", "bearer", "bearerFormat", "JWT",
		)))
	}
	return c, nil
}
