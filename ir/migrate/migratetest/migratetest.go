// Package migratetest builds schemas from spec source for the tests of
// ir/migrate and of the emitters that render migrations: a base spec, and
// edits of it that make the next version.
package migratetest

import (
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/lower"
	"github.com/bgen-dev/bgen/spec"
)

// Base is a small blog: users, posts (an enum with a default, an int with
// a default, a unique slug, an optional string, an optional decimal, a
// cascading belongsTo, a composite index) and tags joined to posts.
const Base = `name: "blog"
entities: {
	User: {
		fields: {
			email: {type: "email", unique: true}
			name: {type: "string", maxLength: 100}
		}
	}
	Post: {
		fields: {
			title: {type: "string", maxLength: 200}
			status: {type: "enum", values: ["draft", "published"], default: "draft"}
			views: {type: "int", default: 0}
			slug: {type: "string", unique: true}
			summary: {type: "string", optional: true}
			price: {type: "decimal", precision: 10, scale: 2, optional: true}
		}
		relations: {
			author: {belongsTo: "User", onDelete: "cascade"}
			tags: {manyToMany: "Tag"}
		}
		indexes: [["author", "status"]]
	}
	Tag: {
		fields: name: {type: "string", unique: true}
	}
}
`

// Edit returns src with each pair of (old, new) strings replaced, once
// each; it panics when an old string is not in src exactly once.
func Edit(src string, pairs ...string) string {
	if len(pairs)%2 != 0 {
		panic("migratetest.Edit: odd number of strings")
	}
	for i := 0; i < len(pairs); i += 2 {
		if n := strings.Count(src, pairs[i]); n != 1 {
			panic(fmt.Sprintf("migratetest.Edit: %q occurs %d times", pairs[i], n))
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}

// Tables loads, validates and lowers src (as file "api.cue") and returns
// its schema.
func Tables(src string) ([]*ir.Table, error) {
	s, err := spec.LoadSource("api.cue", []byte(src))
	if err != nil {
		return nil, err
	}
	if err := spec.Validate(s); err != nil {
		return nil, err
	}
	api, err := lower.Lower(s)
	if err != nil {
		return nil, err
	}
	return api.Tables, nil
}
