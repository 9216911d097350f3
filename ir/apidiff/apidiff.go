// Package apidiff compares two versions of an API, as lowered IRs, and
// says what breaks: for API clients (Compare: removed routes, narrowed
// request fields, tightened access, ...) and for the database
// (CompareDatabase: the destructive steps ir/migrate plans between the two
// schemas). Report gathers both and renders them as text, JSON and
// Markdown for `bgen diff`.
//
// It is pure: IR in, findings out; no disk, no network.
//
// What clients see is compared, not how the spec spells it: a route is its
// method and path (path parameters' names are not on the wire, so
// /posts/{id} and /posts/{postId} are one route), a field is its JSON name
// (a field with renamedFrom is, for a client, a field removed and one
// added), an entity is matched by name or renamedFrom.
package apidiff

import (
	"slices"

	"github.com/bgen-dev/bgen/ir"
)

// Severity says whether a change breaks clients (or data).
type Severity string

const (
	Breaking    Severity = "breaking"
	NonBreaking Severity = "non-breaking"
)

// Kind is what changed.
type Kind string

// The kinds of API findings. Each is always of one severity, except
// default-changed and response-changed (see their comments).
const (
	RouteRemoved     Kind = "route-removed"      // breaking: a relation, link, auth, endpoint or system route is gone
	RouteAdded       Kind = "route-added"        // non-breaking
	OperationRemoved Kind = "operation-removed"  // breaking: a CRUD operation of an entity is gone
	OperationAdded   Kind = "operation-added"    // non-breaking
	StatusChanged    Kind = "status-changed"     // breaking: a route's success status
	AccessTightened  Kind = "access-tightened"   // breaking: some caller allowed before is refused now
	AccessLoosened   Kind = "access-loosened"    // non-breaking: every caller allowed before still is, and more are
	PathParamChanged Kind = "path-param-changed" // breaking: a path parameter's type

	RequestFieldRemoved  Kind = "request-field-removed"  // breaking: a request that still sends it gets 422
	RequestFieldAdded    Kind = "request-field-added"    // non-breaking: a new optional request field
	RequestFieldRequired Kind = "request-field-required" // breaking: a new required field, or one that became required
	RequestFieldOptional Kind = "request-field-optional" // non-breaking: a required field that may now be omitted

	ResponseFieldRemoved     Kind = "response-field-removed"      // breaking
	ResponseFieldAdded       Kind = "response-field-added"        // non-breaking
	ResponseFieldNullable    Kind = "response-field-nullable"     // breaking: the field may now be null
	ResponseFieldNonNullable Kind = "response-field-non-nullable" // non-breaking: the field is never null now
	ResponseChanged          Kind = "response-changed"            // breaking: what a custom endpoint answers with

	TypeChanged        Kind = "type-changed"        // breaking: a field's type, in requests or responses
	ConstraintNarrowed Kind = "constraint-narrowed" // breaking: a request accepted before is rejected now
	ConstraintWidened  Kind = "constraint-widened"  // non-breaking: every request accepted before still is
	DefaultChanged     Kind = "default-changed"     // non-breaking: a default value, a list's default sort or page size

	ListOptionRemoved Kind = "list-option-removed" // breaking: a filter, filter operator, sort field or search field of a list
	ListOptionAdded   Kind = "list-option-added"   // non-breaking
)

// Finding is one difference between the two APIs.
type Finding struct {
	Severity Severity `json:"severity"`
	Kind     Kind     `json:"kind"`
	// Subject is what the finding concerns: a route ("DELETE
	// /api/tags/{id}"), an entity's field ("Post.title"), a custom
	// endpoint's field ("publishPost.notify"), or an API setting
	// ("api.pagination.maxLimit").
	Subject string `json:"subject"`
	// In says where a field finding applies, in this order: create,
	// update, register, login (request bodies of an entity), path, query,
	// body (a custom endpoint's request), response. Empty for routes and
	// settings.
	In      []string `json:"in,omitempty"`
	Message string   `json:"message"`
}

// contexts orders Finding.In.
var contexts = []string{"create", "update", "register", "login", "path", "query", "body", "response"}

// Compare returns what changed from old to new for API clients: breaking
// findings first, then non-breaking ones; within each, routes (in old's
// route order for removed ones, then new's), then entities' fields and
// lists (in new's spec order), then custom endpoints, then API settings.
// The order depends on the two APIs only.
func Compare(old, new *ir.API) []Finding {
	d := &differ{old: old, new: new}
	d.routes()
	d.entities()
	d.endpoints()
	d.settings()
	out := d.merged()
	slices.SortStableFunc(out, func(a, b Finding) int {
		return rank(a.Severity) - rank(b.Severity)
	})
	return out
}

func rank(s Severity) int {
	if s == Breaking {
		return 0
	}
	return 1
}

// HasBreaking reports whether any finding is breaking.
func HasBreaking(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Breaking {
			return true
		}
	}
	return false
}

// differ collects raw findings, one per context; merged joins those that
// differ only by context.
type differ struct {
	old, new *ir.API
	raw      []Finding
}

func (d *differ) add(sev Severity, kind Kind, subject, in, msg string) {
	f := Finding{Severity: sev, Kind: kind, Subject: subject, Message: msg}
	if in != "" {
		f.In = []string{in}
	}
	d.raw = append(d.raw, f)
}

// merged returns the raw findings with those that differ only by context
// made one, at the place of the first, their contexts in contexts' order.
func (d *differ) merged() []Finding {
	type key struct {
		sev              Severity
		kind             Kind
		subject, message string
	}
	at := map[key]int{}
	var out []Finding
	for _, f := range d.raw {
		k := key{f.Severity, f.Kind, f.Subject, f.Message}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, f)
			continue
		}
		for _, c := range f.In {
			if !slices.Contains(out[i].In, c) {
				out[i].In = append(out[i].In, c)
			}
		}
	}
	for i := range out {
		slices.SortFunc(out[i].In, func(a, b string) int {
			return slices.Index(contexts, a) - slices.Index(contexts, b)
		})
	}
	return out
}
