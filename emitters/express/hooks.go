package express

import (
	"fmt"
	"strings"

	"github.com/bgen-dev/bgen/emitters/prisma"
	"github.com/bgen-dev/bgen/emitters/ts"
	"github.com/bgen-dev/bgen/ir"
)

// The user's hooks: one user-owned file per entity (src/hooks/<entity>.hooks.ts)
// holding an object of optional functions the generated handlers call
// inside the request's transaction, as the other targets' hooks are
// called (each entity's service imports its hooks); and the row types
// they see (src/models/<entity>.ts).

// hooksVar is the exported hooks object of e's hooks file.
func hooksVar(e *ir.Entity) string { return e.Name.Camel() + "Hooks" }

// modelFile is src/models/<entity>.ts: e's row as the services and hooks
// see it, every field in its wire form (int as bigint, decimal, date and
// datetime as canonical strings), nullable where the database column is;
// and e's description, from which the runtime stores, reads and lists it.
func modelFile(e *ir.Entity, models []*prisma.Model) string {
	var b strings.Builder
	fmt.Fprintf(&b, "/** One row of %s in its wire form, as the services and hooks see it. */\n", e.Name.Pascal())
	fmt.Fprintf(&b, "export interface %s {\n", e.Name.Pascal())
	for _, f := range e.Fields {
		if f.Type == ir.Password {
			continue
		}
		t := []string{ts.Type(f.Type)}
		if f.Type == ir.Enum {
			t = nil
			for _, v := range f.Values {
				t = append(t, ts.Quote(v))
			}
		}
		if f.Optional && f.Type != ir.JSON {
			t = append(t, "null")
		}
		b.WriteString(ts.PrintIndented(1, func() any { return ts.Docs{propName(f.Name) + ": ", ts.Union(t), ";"} }) + "\n")
	}
	b.WriteString("}\n\n")
	var im ts.Imports
	b.WriteString(entityMeta(&im, e, models))
	return ts.Header + "\n" + im.String() + "\n" + b.String()
}

// propName is a property name: bare when it is an identifier, else quoted.
func propName(s string) string {
	for i, r := range s {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return ts.Str(s)
		}
	}
	return s
}

// hooksFile is e's hooks file, written once: the user's from then on.
func hooksFile(e *ir.Entity) string {
	name := e.Name.Pascal()
	return fmt.Sprintf(`// Your code: bgen wrote this file once and will not touch it again.
//
// Hooks around %[1]s writes. The generated service (src/services/%[2]s.service.ts)
// calls each hook you define here inside the request's transaction (ctx.tx):
//
//   beforeCreate(ctx, row)  before the new row is inserted; change row to change it
//   afterCreate(ctx, row)   after it is inserted, before the commit
//   beforeUpdate(ctx, row)  before the changed row is written; change row to change it
//   afterUpdate(ctx, row)   after it is written, before the commit
//   beforeDelete(ctx, row)  before the row is deleted
//   afterDelete(ctx, row)   after it is deleted, before the commit
//
// Throw an HttpError (src/runtime/problem.ts) to refuse the write with
// that status; the transaction rolls back. For example:
//
//   beforeCreate: (ctx, row) => { ...; return Promise.resolve(); },

import type { Hooks } from "../hooks.js";
import type { %[1]s } from "../models/%[2]s.js";

export const %[3]s: Hooks<%[1]s> = {};
`, name, e.Name.Kebab(), hooksVar(e))
}
