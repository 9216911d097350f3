package conformance

import (
	"encoding/json"
	mrand "math/rand/v2"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// fuzzStrings are path, query and JSON string values that have broken
// servers: numbers past 64 bits or past float range, calendar days that do
// not exist, NUL, separators, very long text.
var fuzzStrings = []string{
	"", " ", "0", "-1", "1.5", "1e5", "1e400", "NaN", "Infinity", "-0",
	"9223372036854775808", "-9223372036854775809", "99999999999999999999999",
	"123456789012345678901234567890.12", "true", "null", "[]", "{}",
	"\x00", "a\x00b", "%00", "ü", "\u202e", strings.Repeat("a", 5000),
	"2020-13-45", "2020-02-30T00:00:00Z", "0000-01-01", "9999-12-31T23:59:59.999Z",
	"2020-01-01T00:00:00+14:00", "2020-01-01T24:00:00Z",
	"00000000-0000-0000-0000-000000000000", "ZZZZZZZZ-0000-0000-0000-000000000000",
	"1,2,3", ",", "..", "/", "\\", "'", "\"", "--", ";",
	// Dates and datetimes that leave 0001..9999 once converted to UTC.
	"9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00", "0000-01-01T00:00:00Z",
	"10000-01-01", "9999-12-31T23:59:59.9999Z",
	// Passwords past bcrypt's 72 bytes, in ASCII and in two-byte runes.
	strings.Repeat("p", 73), strings.Repeat("é", 37),
	// Search terms and in-lists past the contract's limits.
	strings.Repeat("q", 257), strings.TrimSuffix(strings.Repeat("7,", 101), ","),
	"+100", "01", "LIB@EXAMPLE.COM", "a\u00a0b@example.com", "a@example.com\u2028",
}

// fuzzJSON are JSON values of every kind, out-of-range numbers among them,
// sent as they are: json.Number keeps literals Go's float64 cannot.
var fuzzJSON = []any{
	nil, true, false, 0, -1, 1.5, json.Number("1e300"), json.Number("-1e300"),
	json.Number("1e400"), json.Number("9223372036854775808"),
	json.Number("-9223372036854775809"), json.Number("1606938044258990275541962092341162602522202993782792835301376"),
	"", strings.Repeat("x", 100000), []any{}, map[string]any{}, []any{1, 2},
	map[string]any{"a": 1}, map[string]any{"a\x00": "b"}, "0.1", "1e1000", "NaN",
	map[string]any{"n": json.Number("1e400")}, []any{json.Number("-1e400")},
	json.Number("0.99999999999999999999"), json.RawMessage(`{"a":1,"a":2}`),
	nested(64), nested(65), nested(5000),
}

// fuzzRawQuery are query string fragments sent without escaping: a
// malformed percent escape, a raw `;`, an empty sort.
var fuzzRawQuery = []string{"%zz", "x=%", "sort=", "a;b=1", "limit=%2", "%00=1"}

// nested is an array nested depth levels deep.
func nested(depth int) json.RawMessage {
	return json.RawMessage(strings.Repeat("[", depth) + strings.Repeat("]", depth))
}

// fuzzOp is one operation of the OpenAPI document.
type fuzzOp struct {
	method, path string
	query        []string
	fields       []string
}

// checkFuzz sends every operation of the OpenAPI document values drawn from
// fuzzStrings and fuzzJSON (a seeded generator: the same requests on every
// run) in its path, query and body, authenticated or not. Any answer but a
// 5xx holds here; the rules watched on every exchange (no5xx, openapi,
// headers) judge the answers.
func checkFuzz(s *Suite, t *testing.T) {
	ops, err := fuzzOps(s.Doc)
	if err != nil {
		t.Fatalf("the OpenAPI document: %v", err)
	}
	var token string
	if len(s.Users) > 0 {
		token = tok(s.Users[0])
	}
	rng := mrand.New(mrand.NewPCG(1, 2))
	pick := func() string { return fuzzStrings[rng.IntN(len(fuzzStrings))] }
	const perOp = 25
	for _, op := range ops {
		for range perOp {
			path := op.path
			for {
				open := strings.Index(path, "{")
				end := strings.Index(path, "}")
				if open < 0 || end < open {
					break
				}
				v := "1"
				if rng.IntN(10) < 6 {
					v = pick()
				}
				path = path[:open] + url.PathEscape(v) + path[end+1:]
			}
			q := url.Values{}
			for _, name := range op.query {
				if rng.IntN(10) < 3 {
					q.Set(name, pick())
				}
			}
			if rng.IntN(10) < 3 {
				q.Set([]string{"sort", "limit", "offset", "q", "x[gt]", "id[zz]"}[rng.IntN(6)], pick())
			}
			raw := q.Encode()
			if rng.IntN(10) < 1 {
				if raw != "" {
					raw += "&"
				}
				raw += fuzzRawQuery[rng.IntN(len(fuzzRawQuery))]
			}
			if raw != "" {
				path += "?" + raw
			}
			req := Req{Method: op.method, Path: path}
			if rng.IntN(10) < 9 {
				req.Token = token
			}
			if op.method == "POST" || op.method == "PUT" || op.method == "PATCH" {
				switch n := rng.IntN(20); {
				case n == 0:
					req.Body = fuzzJSON[rng.IntN(len(fuzzJSON))]
				case n == 1:
					raw := make([]byte, 50)
					for i := range raw {
						raw[i] = byte(rng.IntN(256))
					}
					req.Body = raw
				default:
					body := map[string]any{}
					for _, f := range op.fields {
						if rng.IntN(10) < 7 {
							if rng.IntN(2) == 0 {
								body[f] = pick()
							} else {
								body[f] = fuzzJSON[rng.IntN(len(fuzzJSON))]
							}
						}
					}
					req.Body = body
				}
			}
			if r := s.Client.Do(req); r.Status >= 500 && r.Status != 501 {
				t.Errorf("want no 5xx\n  %s", r)
			}
		}
	}
}

// fuzzOps lists the document's operations, sorted, with their query
// parameters and body fields.
func fuzzOps(doc []byte) ([]fuzzOp, error) {
	var d struct {
		Paths      map[string]map[string]json.RawMessage
		Components struct {
			Schemas    map[string]fuzzSchema
			Parameters map[string]fuzzParam
		}
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	var ops []fuzzOp
	for path, item := range d.Paths {
		for method, raw := range item {
			m := strings.ToUpper(method)
			if m != "GET" && m != "POST" && m != "PUT" && m != "PATCH" && m != "DELETE" {
				continue
			}
			var o struct {
				Parameters  []fuzzParam
				RequestBody struct {
					Content map[string]struct{ Schema fuzzSchema }
				}
			}
			if err := json.Unmarshal(raw, &o); err != nil {
				return nil, err
			}
			op := fuzzOp{method: m, path: path}
			for _, p := range o.Parameters {
				if p.Ref != "" {
					p = d.Components.Parameters[refName(p.Ref)]
				}
				if p.In == "query" {
					op.query = append(op.query, p.Name)
				}
			}
			schema := o.RequestBody.Content["application/json"].Schema
			if schema.Ref != "" {
				schema = d.Components.Schemas[refName(schema.Ref)]
			}
			for name := range schema.Properties {
				op.fields = append(op.fields, name)
			}
			sort.Strings(op.query)
			sort.Strings(op.fields)
			ops = append(ops, op)
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].path != ops[j].path {
			return ops[i].path < ops[j].path
		}
		return ops[i].method < ops[j].method
	})
	return ops, nil
}

type fuzzParam struct {
	Ref      string `json:"$ref"`
	Name, In string
}

type fuzzSchema struct {
	Ref        string `json:"$ref"`
	Properties map[string]json.RawMessage
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }
