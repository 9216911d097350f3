package handler

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"bgenapp/internal/apierr"
)

// paramType says how a path or query parameter's text becomes the JSON
// a body would carry.
type paramType int

// Numbers and booleans travel as JSON literals, everything else as strings.
const (
	stringParam paramType = iota
	intParam
	numberParam
	boolParam
)

// numberSyntax is a JSON number.
var numberSyntax = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// queryObject reads a custom endpoint's query string as the JSON object
// its body would carry. A repeated or unknown parameter is a 400.
func queryObject(values url.Values, params map[string]paramType) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		vs := values[name]
		t, known := params[name]
		switch {
		case !known:
			return nil, apierr.BadRequest(fmt.Sprintf("unknown query parameter %q", name))
		case len(vs) != 1:
			return nil, apierr.BadRequest(fmt.Sprintf("query parameter %q is given more than once", name))
		}
		out[name] = rawParam(vs[0], t)
	}
	return out, nil
}

// rawParam is a path or query value as JSON: an int (-?[0-9]+, leading
// zeros dropped), a number or a boolean as its literal when the parameter
// has that type, anything else as a string, so that a malformed number
// fails the type check.
func rawParam(s string, t paramType) json.RawMessage {
	switch t {
	case intParam:
		if n, ok := new(big.Int).SetString(s, 10); ok && !strings.HasPrefix(s, "+") {
			return json.RawMessage(n.String())
		}
	case numberParam:
		if numberSyntax.MatchString(s) {
			return json.RawMessage(s)
		}
	case boolParam:
		if s == "true" || s == "false" {
			return json.RawMessage(s)
		}
	}
	b, _ := json.Marshal(s)
	return b
}
