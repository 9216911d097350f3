// The builder: operations are described by an opDef, rendered with their
// security, error responses and operationId, and collected per path.

package openapi

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bgen-dev/bgen/ir"
)

// methodOrder is the order of operations inside a path item, as in Allow.
func methodOrder() []string { return []string{"GET", "POST", "PUT", "PATCH", "DELETE"} }

// problemResponse describes one error status the contract can produce.
type problemResponse struct {
	Name   string // components/responses key
	Title  string // RFC 9110 reason phrase
	Schema string // Problem or ValidationProblem
}

func problemResponses() map[int]problemResponse {
	return map[int]problemResponse{
		400: {"BadRequest", "Bad Request", "Problem"},
		401: {"Unauthorized", "Unauthorized", "Problem"},
		403: {"Forbidden", "Forbidden", "Problem"},
		404: {"NotFound", "Not Found", "Problem"},
		409: {"Conflict", "Conflict", "ValidationProblem"},
		413: {"ContentTooLarge", "Content Too Large", "Problem"},
		415: {"UnsupportedMediaType", "Unsupported Media Type", "Problem"},
		422: {"UnprocessableContent", "Unprocessable Content", "ValidationProblem"},
		501: {"NotImplemented", "Not Implemented", "Problem"},
		503: {"ServiceUnavailable", "Service Unavailable", "Problem"},
	}
}

// builder collects the paths of one document.
type builder struct {
	api       *ir.API
	pathOrder []string
	paths     map[string]map[string]*object // path -> method -> operation
	opIDs     map[string]bool
	customIDs []pendingID          // custom endpoints' operationIds, named last
	statuses  map[int]bool         // error statuses used, for components/responses
	pages     map[*ir.Entity]bool  // entities whose Page schema is used
	tags      []string             // tag names in first-use order
	tagDescs  map[string]string    // tag -> description
	listParam map[*ir.Entity][]any // memoised list parameters
}

func newBuilder(api *ir.API) *builder {
	return &builder{
		api:       api,
		paths:     map[string]map[string]*object{},
		opIDs:     map[string]bool{},
		statuses:  map[int]bool{},
		pages:     map[*ir.Entity]bool{},
		tagDescs:  map[string]string{},
		listParam: map[*ir.Entity][]any{},
	}
}

// pendingID is an operation whose operationId is chosen after every
// generated operation has its own.
type pendingID struct {
	op *object
	id string
}

// opDef is one operation before it is rendered.
type opDef struct {
	method, path string // path relative to the server root
	tag          string
	summary      string
	description  string
	id           string
	rules        []*ir.Rule // all must hold; protected if any is not public
	params       []any
	body         *object // request body schema; nil: none
	status       int     // success status
	success      *object // success response object
	errors       []int   // error statuses besides 401/403 and the body ones
	custom       bool    // a custom endpoint: yields its operationId on a clash
	listing      bool    // a list: an owner rule filters rather than refuses
}

func (b *builder) protected(rules []*ir.Rule) bool {
	if b.api.Auth == nil {
		return false
	}
	for _, r := range rules {
		if r != nil && !r.Public {
			return true
		}
	}
	return false
}

// forbids reports whether an authenticated caller can be refused with a
// 403: some rule can fail for them and it is not only an owner rule (a row
// that is not the caller's is a 404).
func (b *builder) forbids(rules []*ir.Rule) bool {
	if b.api.Auth == nil {
		return false
	}
	for _, r := range rules {
		if r != nil && !r.Public && !r.Authenticated && len(r.Roles) > 0 {
			return true
		}
	}
	return false
}

// ruleText says who a rule lets in.
func ruleText(r *ir.Rule) string {
	if r.Public {
		return "anyone"
	}
	var alts []string
	if r.Authenticated {
		alts = append(alts, "any authenticated caller")
	}
	if r.Owner {
		alts = append(alts, "the owner")
	}
	switch len(r.Roles) {
	case 0:
	case 1:
		alts = append(alts, "role "+r.Roles[0])
	default:
		alts = append(alts, "roles "+strings.Join(r.Roles, ", "))
	}
	return strings.Join(alts, " or ")
}

// accessText describes the access rules of an operation, "" without auth.
func (b *builder) accessText(rules []*ir.Rule, listing bool) string {
	if b.api.Auth == nil {
		return ""
	}
	var parts []string
	owner := false
	for _, r := range rules {
		if r == nil {
			continue
		}
		if t := ruleText(r); !slices.Contains(parts, t) {
			parts = append(parts, t)
		}
		owner = owner || r.Owner
	}
	if len(parts) == 0 {
		return ""
	}
	text := "Access: " + strings.Join(parts, "; and also ") + "."
	if listing && owner {
		text += " A caller who is only the owner sees their own rows."
	}
	return text
}

// uniqueID makes an operationId unique by a numeric suffix. Generated
// operations are named first (see nameCustomOps), so a custom endpoint
// that collides with one is the one renamed.
func (b *builder) uniqueID(id string) string {
	if !b.opIDs[id] {
		b.opIDs[id] = true
		return id
	}
	for n := 2; ; n++ {
		c := id + strconv.Itoa(n)
		if !b.opIDs[c] {
			b.opIDs[c] = true
			return c
		}
	}
}

// nameCustomOps gives the custom endpoints their operationIds, once every
// generated operation has its own.
func (b *builder) nameCustomOps() {
	for _, p := range b.customIDs {
		p.op.set("operationId", b.uniqueID(p.id))
	}
	b.customIDs = nil
}

func (b *builder) tag(name, description string) {
	if _, ok := b.tagDescs[name]; !ok {
		b.tags = append(b.tags, name)
		b.tagDescs[name] = description
	}
}

func (b *builder) add(d opDef) error {
	method := strings.ToUpper(d.method)
	byMethod, ok := b.paths[d.path]
	if !ok {
		byMethod = map[string]*object{}
		b.paths[d.path] = byMethod
		b.pathOrder = append(b.pathOrder, d.path)
	}
	if _, dup := byMethod[method]; dup {
		return fmt.Errorf("openapi: %s %s is routed twice", method, d.path)
	}

	op := newObject()
	if d.tag != "" {
		op.set("tags", []any{d.tag})
	}
	if d.summary != "" {
		op.set("summary", d.summary)
	}
	if desc := b.accessText(d.rules, d.listing); d.description != "" || desc != "" {
		op.set("description", strings.TrimSpace(d.description+" "+desc))
	}
	if d.custom {
		op.set("operationId", d.id)
		b.customIDs = append(b.customIDs, pendingID{op, d.id})
	} else {
		op.set("operationId", b.uniqueID(d.id))
	}

	errs := map[int]bool{}
	for _, s := range d.errors {
		errs[s] = true
	}
	if b.protected(d.rules) {
		op.set("security", []any{obj("bearerAuth", []any{})})
		errs[401] = true
		if b.forbids(d.rules) {
			errs[403] = true
		}
	}
	if len(d.params) > 0 {
		op.set("parameters", d.params)
	}
	if d.body != nil {
		op.set("requestBody", obj(
			"required", true,
			"content", obj("application/json", obj("schema", d.body)),
		))
		errs[400], errs[413], errs[415], errs[422] = true, true, true, true
	}

	responses := newObject()
	responses.set(strconv.Itoa(d.status), d.success)
	codes := make([]int, 0, len(errs))
	for c := range errs {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	known := problemResponses()
	for _, c := range codes {
		pr, ok := known[c]
		if !ok {
			return fmt.Errorf("openapi: no problem response for status %d", c)
		}
		b.statuses[c] = true
		responses.set(strconv.Itoa(c), obj("$ref", "#/components/responses/"+pr.Name))
	}
	responses.set("default", obj("$ref", "#/components/responses/Error"))
	op.set("responses", responses)

	byMethod[method] = op
	return nil
}

// pathsObject renders the paths in first-use order, the operations of each
// in the order GET, POST, PUT, PATCH, DELETE.
func (b *builder) pathsObject() *object {
	paths := newObject()
	for _, p := range b.pathOrder {
		item := newObject()
		for _, m := range methodOrder() {
			if op, ok := b.paths[p][m]; ok {
				item.set(strings.ToLower(m), op)
			}
		}
		paths.set(p, item)
	}
	return paths
}

func jsonContent(schema *object) *object {
	return obj("application/json", obj("schema", schema))
}

// requestIDHeader is the header every response carries.
func requestIDHeader() *object {
	return obj("$ref", "#/components/headers/X-Request-ID")
}

func okResponse(description string, schema *object) *object {
	return obj(
		"description", description,
		"headers", obj("X-Request-ID", requestIDHeader()),
		"content", jsonContent(schema),
	)
}

func noContent(description string) *object {
	return obj("description", description, "headers", obj("X-Request-ID", requestIDHeader()))
}

// createdResponse is a 201 with the resource of e and its Location,
// <basePath><entity path>/<id>.
func (b *builder) createdResponse(description string, e *ir.Entity) *object {
	location := "^" + regexp.QuoteMeta(b.full(e.Path)) + "/[^/]+$"
	return obj(
		"description", description,
		"headers", obj(
			"X-Request-ID", requestIDHeader(),
			"Location", obj(
				"description", "The path of the created resource.",
				"required", true,
				"schema", obj("type", "string", "pattern", location),
			),
		),
		"content", jsonContent(ref(e.Name.Pascal())),
	)
}

func pathParam(name string, schema *object) *object {
	return obj("name", name, "in", "path", "required", true, "schema", schema)
}

func queryParam(name, description string, required bool, schema *object) *object {
	p := obj("name", name, "in", "query")
	if description != "" {
		p.set("description", description)
	}
	if required {
		p.set("required", true)
	}
	p.set("schema", schema)
	return p
}

func words(n interface{ Kebab() string }) string {
	return strings.ReplaceAll(n.Kebab(), "-", " ")
}

func (b *builder) full(path string) string { return b.api.BasePath + path }
