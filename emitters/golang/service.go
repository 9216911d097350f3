package golang

import (
	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/ir"
)

// ruleCode is an ir.Rule as an auth.Rule literal.
func (g *gen) ruleCode(r ir.Rule) jen.Code {
	d := jen.Dict{}
	if r.Public {
		d[jen.Id("Public")] = jen.True()
	}
	if r.Authenticated {
		d[jen.Id("Authenticated")] = jen.True()
	}
	if r.Owner {
		d[jen.Id("Owner")] = jen.True()
	}
	if len(r.Roles) > 0 {
		d[jen.Id("Roles")] = strs(r.Roles)
	}
	return jen.Qual(g.pkg("auth"), "Rule").Values(d)
}

// inTx is `err = s.DB.InTx(ctx, func(tx *database.Tx) error { body })`.
func (g *gen) inTx(body ...jen.Code) jen.Code {
	return jen.Err().Op("=").Id("s").Dot("DB").Dot("InTx").Call(jen.Id("ctx"),
		jen.Func().Params(g.txParam()).Error().Block(body...))
}

// inRead is `err = s.DB.Read(ctx, func(tx *database.Tx) error { body })`:
// an operation that only reads runs without BEGIN and COMMIT.
func (g *gen) inRead(body ...jen.Code) jen.Code {
	return jen.Err().Op("=").Id("s").Dot("DB").Dot("Read").Call(jen.Id("ctx"),
		jen.Func().Params(g.txParam()).Error().Block(body...))
}

func (g *gen) repo(name string) *jen.Statement { return jen.Qual(g.pkg("repository"), name) }

func (g *gen) mdl(name string) *jen.Statement { return jen.Qual(g.pkg("model"), name) }

func (g *gen) services() {
	f := g.newFile("service")
	f.PackageComment("Package service holds the business logic: access rules, transactions and hooks.")
	f.Comment("Service holds what the business logic needs.")
	f.Type().Id("Service").Struct(
		jen.Id("DB").Op("*").Qual(g.pkg("database"), "DB"),
		jen.Id("Tokens").Qual(g.pkg("auth"), "Tokens"),
	)
	ttl := int64(86400)
	if g.api.Auth != nil {
		ttl = g.api.Auth.TokenTTLSeconds
	}
	f.Comment("TokenTTL is how long an access token lasts.")
	f.Const().Id("TokenTTL").Op("=").Lit(int(ttl)).Op("*").Qual("time", "Second")

	callerBody := []jen.Code{jen.Return(jen.Nil(), jen.Nil())}
	if a := g.api.Auth; a != nil {
		e := a.Entity
		// sub is the id exactly as it is written: lower-case, or canonical
		// decimal ("+1" and "01" are no subject).
		var parse []jen.Code
		if e.IDType == ir.UUID {
			parse = []jen.Code{
				jen.List(jen.Id("id"), jen.Id("ok")).Op(":=").Qual(g.pkg("validate"), "ParseUUID").Call(jen.Id("c").Dot("Subject")),
				jen.If(jen.Op("!").Id("ok").Op("||").String().Call(jen.Id("id")).Op("!=").Id("c").Dot("Subject")).Block(jen.Return(jen.Nil(), jen.Nil())),
			}
		} else {
			parse = []jen.Code{
				jen.List(jen.Id("id"), jen.Id("perr")).Op(":=").Qual("strconv", "ParseInt").Call(jen.Id("c").Dot("Subject"), jen.Lit(10), jen.Lit(64)),
				jen.If(jen.Id("perr").Op("!=").Nil().Op("||").Qual("strconv", "FormatInt").Call(jen.Id("id"), jen.Lit(10)).Op("!=").Id("c").Dot("Subject")).Block(jen.Return(jen.Nil(), jen.Nil())),
			}
		}
		role := jen.Lit("")
		if a.RoleField != nil {
			role = jen.String().Call(jen.Id("row").Dot(fieldName(a.RoleField)))
		}
		callerBody = append([]jen.Code{
			jen.Id("c").Op(":=").Qual(g.pkg("auth"), "CredentialFrom").Call(jen.Id("ctx")),
			jen.If(jen.Id("c").Dot("Subject").Op("==").Lit("")).Block(jen.Return(jen.Nil(), jen.Nil())),
		}, parse...)
		callerBody = append(callerBody[:len(callerBody):len(callerBody)],
			jen.List(jen.Id("row"), jen.Id("found"), jen.Err()).Op(":=").Add(g.repo("Get"+entityName(e))).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id")),
			jen.If(jen.Err().Op("!=").Nil().Op("||").Op("!").Id("found")).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Op("&").Qual(g.pkg("auth"), "Caller").Values(jen.Dict{
				jen.Id("ID"):   idString(e, jen.Id("row").Dot("ID")),
				jen.Id("Role"): role,
			}), jen.Nil()),
		)
		f.Comment("ownerKey is the caller's id as a key value.")
		conv := []jen.Code{jen.Return(g.mdl("UUID").Call(jen.Id("c").Dot("ID")))}
		if e.IDType != ir.UUID {
			conv = []jen.Code{
				jen.List(jen.Id("n"), jen.Id("_")).Op(":=").Qual("strconv", "ParseInt").Call(jen.Id("c").Dot("ID"), jen.Lit(10), jen.Lit(64)),
				jen.Return(jen.Id("n")),
			}
		}
		f.Func().Id("ownerKey").Params(jen.Id("c").Op("*").Qual(g.pkg("auth"), "Caller")).Add(g.idType(e)).Block(conv...)
	}
	f.Comment("caller reads the authenticated user, or nil without a valid token")
	f.Comment("or when the token's user no longer exists.")
	f.Func().Params(jen.Id("s").Op("*").Id("Service")).Id("caller").Params(ctxParam(), g.txParam()).Params(jen.Op("*").Qual(g.pkg("auth"), "Caller"), jen.Error()).Block(callerBody...)

	f.Comment("authorize checks rule; ownerOnly says the caller may see only their rows.")
	f.Func().Params(jen.Id("s").Op("*").Id("Service")).Id("authorize").Params(ctxParam(), g.txParam(), jen.Id("rule").Qual(g.pkg("auth"), "Rule")).Params(jen.Op("*").Qual(g.pkg("auth"), "Caller"), jen.Bool(), jen.Error()).Block(
		jen.List(jen.Id("caller"), jen.Err()).Op(":=").Id("s").Dot("caller").Call(jen.Id("ctx"), jen.Id("tx")),
		ifErr(jen.Nil(), jen.False()),
		jen.List(jen.Id("ownerOnly"), jen.Err()).Op(":=").Qual(g.pkg("auth"), "Check").Call(jen.Id("rule"), jen.Id("caller")),
		jen.Return(jen.Id("caller"), jen.Id("ownerOnly"), jen.Err()),
	)
	g.goFile("internal/service/service.go", f)

	for _, e := range g.api.Entities {
		g.service(e)
	}
	if g.api.Auth != nil {
		g.authService()
	}
}

func (g *gen) op(e *ir.Entity, k ir.OpKind) *ir.Operation {
	for _, o := range e.Operations {
		if o.Kind == k {
			return o
		}
	}
	return nil
}

func (g *gen) isAuthEntity(e *ir.Entity) bool { return g.api.Auth != nil && g.api.Auth.Entity == e }

// ownable reports whether rows of e can belong to a caller.
func (g *gen) ownable(e *ir.Entity) bool { return e.Owner != nil || g.isAuthEntity(e) }

// callerVar names the caller variable, or _ where e's rows have no owner.
func (g *gen) callerVar(e *ir.Entity) jen.Code {
	if g.ownable(e) {
		return jen.Id("caller")
	}
	return jen.Id("_")
}

// owned is a condition: row (of e) belongs to caller.
func (g *gen) owned(e *ir.Entity, row string) jen.Code {
	switch {
	case e.Owner != nil:
		key := jen.Id(row).Dot(fieldName(e.Owner.Key))
		if e.Owner.Key.Optional {
			return jen.Id(row).Dot(fieldName(e.Owner.Key)).Op("!=").Nil().Op("&&").Op("*").Add(key).Op("==").Id("ownerKey").Call(jen.Id("caller"))
		}
		return key.Op("==").Id("ownerKey").Call(jen.Id("caller"))
	case g.isAuthEntity(e):
		return jen.Id(row).Dot("ID").Op("==").Id("ownerKey").Call(jen.Id("caller"))
	}
	return jen.False()
}

// authorizeList is the access check of a list under rule: where rule has
// an owner alternative, the caller who meets only that one sees their rows.
// op is ":=" or "=" for err.
func (g *gen) authorizeList(e *ir.Entity, rule ir.Rule, op string) []jen.Code {
	call := jen.Id("s").Dot("authorize").Call(jen.Id("ctx"), jen.Id("tx"), g.ruleCode(rule))
	if !rule.Owner {
		return []jen.Code{jen.List(jen.Id("_"), jen.Id("_"), jen.Err()).Op(op).Add(call), ifErr()}
	}
	return []jen.Code{
		jen.List(g.callerVar(e), jen.Id("ownerOnly"), jen.Err()).Op(":=").Add(call),
		ifErr(),
		jen.If(jen.Id("ownerOnly")).Block(g.scopeOwner(e, "q")),
	}
}

// scopeOwner limits q (a repository.ListQuery variable) to the caller's rows.
func (g *gen) scopeOwner(e *ir.Entity, qv string) jen.Code {
	switch {
	case e.Owner != nil:
		return g.repo("Owned"+exported(e.Plural)).Call(jen.Op("&").Id(qv), jen.Id("ownerKey").Call(jen.Id("caller")))
	case g.isAuthEntity(e):
		return jen.Id(qv).Dot("Where").Call(rawLit(q("id")+" = ?"), jen.Id("ownerKey").Call(jen.Id("caller")))
	}
	return jen.Return(jen.Qual(g.pkg("apierr"), "Forbidden").Call())
}

func (g *gen) service(e *ir.Entity) {
	f := g.newFile("service")
	name := entityName(e)
	plural := exported(e.Plural)
	model := g.mdl(name)
	sv := func() *jen.Statement { return jen.Func().Params(jen.Id("s").Op("*").Id("Service")) }

	// load: read one row under rule; missing or not the caller's is a 404.
	f.Commentf("load%s reads the row with id under rule: missing, or not the caller's", name)
	f.Comment("where only the owner alternative holds, is a 404. With forUpdate the row")
	f.Comment("stays locked until the transaction ends, so concurrent updates serialise.")
	f.Add(sv()).Id("load"+name).Params(ctxParam(), g.txParam(), jen.Id("id").Add(g.idType(e)), jen.Id("rule").Qual(g.pkg("auth"), "Rule"), jen.Id("forUpdate").Bool()).Params(model.Clone(), jen.Error()).Block(
		jen.List(g.callerVar(e), jen.Id("ownerOnly"), jen.Err()).Op(":=").Id("s").Dot("authorize").Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("rule")),
		ifErr(model.Clone().Values()),
		jen.Id("get").Op(":=").Add(g.repo("Get"+name)),
		jen.If(jen.Id("forUpdate")).Block(jen.Id("get").Op("=").Add(g.repo("Get"+name+"ForUpdate"))),
		jen.List(jen.Id("row"), jen.Id("found"), jen.Err()).Op(":=").Id("get").Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id")),
		ifErr(model.Clone().Values()),
		jen.If(jen.Op("!").Id("found").Op("||").Id("ownerOnly").Op("&&").Op("!").Parens(g.owned(e, "row"))).Block(
			jen.Return(model.Clone().Values(), jen.Qual(g.pkg("apierr"), "NotFound").Call())),
		jen.Return(jen.Id("row"), jen.Nil()),
	)

	if o := g.op(e, ir.OpList); o != nil {
		f.Commentf("List%s returns one page of %s.", plural, e.Plural.Camel())
		f.Add(sv()).Id("List"+plural).Params(ctxParam(), jen.Id("q").Qual(g.pkg("repository"), "ListQuery")).Params(jen.Id("items").Index().Add(model.Clone()), jen.Id("total").Int64(), jen.Err().Error()).Block(
			g.inRead(append(g.authorizeList(e, o.Access, ":="),
				jen.List(jen.Id("items"), jen.Id("total"), jen.Err()).Op("=").Add(g.repo("List"+plural)).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("q")),
				jen.Return(jen.Err()),
			)...),
			jen.Return(),
		)
	}
	if o := g.op(e, ir.OpGet); o != nil {
		f.Commentf("Get%s returns one %s.", name, e.Name.Camel())
		f.Add(sv()).Id("Get"+name).Params(ctxParam(), jen.Id("id").Add(g.idType(e))).Params(jen.Id("row").Add(model.Clone()), jen.Err().Error()).Block(
			g.inRead(
				jen.List(jen.Id("row"), jen.Err()).Op("=").Id("s").Dot("load"+name).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id"), g.ruleCode(o.Access), jen.False()),
				jen.Return(jen.Err()),
			),
			jen.Return(),
		)
	}
	if o := g.op(e, ir.OpCreate); o != nil {
		cv := jen.Id("_")
		if e.Owner != nil {
			cv = jen.Id("caller")
		}
		body := []jen.Code{
			jen.List(cv, jen.Id("_"), jen.Err()).Op(":=").Id("s").Dot("authorize").Call(jen.Id("ctx"), jen.Id("tx"), g.ruleCode(o.Access)),
			ifErr(),
		}
		if e.Owner != nil {
			key := jen.Id("ownerKey").Call(jen.Id("caller"))
			if e.Owner.Key.Optional {
				key = jen.Op("&").Id("k")
				body = append(body, jen.If(jen.Id("caller").Op("==").Nil()).Block(jen.Return(jen.Qual(g.pkg("apierr"), "Unauthorized").Call(jen.Lit("authentication required")))),
					jen.Id("k").Op(":=").Id("ownerKey").Call(jen.Id("caller")))
			} else {
				body = append(body, jen.If(jen.Id("caller").Op("==").Nil()).Block(jen.Return(jen.Qual(g.pkg("apierr"), "Unauthorized").Call(jen.Lit("authentication required")))))
			}
			body = append(body, jen.Id("row").Dot(fieldName(e.Owner.Key)).Op("=").Add(key))
		}
		body = append(body, jen.Return(jen.Id("s").Dot("insert"+name).Call(jen.Id("ctx"), jen.Id("tx"), jen.Op("&").Id("row"))))
		f.Commentf("Create%s inserts row, a decoded create body.", name)
		f.Add(sv()).Id("Create"+name).Params(ctxParam(), jen.Id("row").Add(model.Clone())).Params(model.Clone(), jen.Error()).Block(
			jen.Err().Op(":=").Id("s").Dot("DB").Dot("InTx").Call(jen.Id("ctx"), jen.Func().Params(g.txParam()).Error().Block(body...)),
			jen.Return(jen.Id("row"), jen.Err()),
		)
	}
	if g.op(e, ir.OpCreate) != nil || g.isAuthEntity(e) {
		var ins []jen.Code
		if e.IDType == ir.UUID {
			ins = append(ins, jen.Id("row").Dot("ID").Op("=").Add(g.mdl("NewUUID")).Call())
		}
		if e.Timestamps {
			ins = append(ins, jen.Id("now").Op(":=").Add(g.mdl("Now")).Call(),
				jen.List(jen.Id("row").Dot("CreatedAt"), jen.Id("row").Dot("UpdatedAt")).Op("=").List(jen.Id("now"), jen.Id("now")))
		}
		ins = append(ins, g.hashPasswords(e, false)...)
		ins = append(ins,
			jen.If(jen.Err().Op(":=").Parens(jen.Qual(g.pkg("hooks"), name).Values()).Dot("BeforeCreate").Call(jen.Id("ctx"), jen.Id("row")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.If(jen.Err().Op(":=").Id("s").Dot("check"+name+"References").Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("row")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Return(g.repo("Insert"+name).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("row"))),
		)
		f.Commentf("insert%s fills in ids, timestamps and hashes and inserts row.", name)
		f.Add(sv()).Id("insert"+name).Params(ctxParam(), g.txParam(), jen.Id("row").Op("*").Add(model.Clone())).Error().Block(ins...)
	}
	if o := g.op(e, ir.OpUpdate); o != nil {
		body := []jen.Code{
			jen.List(jen.Id("row"), jen.Err()).Op("=").Id("s").Dot("load"+name).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id"), g.ruleCode(o.Access), jen.True()),
			ifErr(),
		}
		for _, fd := range e.Update {
			n := fieldName(fd)
			body = append(body, jen.If(jen.Id("p").Dot(n).Op("!=").Nil()).Block(jen.Id("row").Dot(n).Op("=").Op("*").Id("p").Dot(n)))
		}
		if e.Timestamps {
			body = append(body, jen.Id("row").Dot("UpdatedAt").Op("=").Add(g.mdl("Now")).Call())
		}
		body = append(body, g.hashPasswords(e, true)...)
		body = append(body,
			jen.If(jen.Err().Op(":=").Parens(jen.Qual(g.pkg("hooks"), name).Values()).Dot("BeforeUpdate").Call(jen.Id("ctx"), jen.Op("&").Id("row")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.If(jen.Err().Op(":=").Id("s").Dot("check"+name+"References").Call(jen.Id("ctx"), jen.Id("tx"), jen.Op("&").Id("row")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Return(g.repo("Update"+name).Call(jen.Id("ctx"), jen.Id("tx"), jen.Op("&").Id("row"))),
		)
		f.Commentf("Update%s applies p to the row with id.", name)
		f.Add(sv()).Id("Update"+name).Params(ctxParam(), jen.Id("id").Add(g.idType(e)), jen.Id("p").Add(g.mdl(name+"Patch"))).Params(jen.Id("row").Add(model.Clone()), jen.Err().Error()).Block(
			g.inTx(body...), jen.Return(),
		)
	}
	if o := g.op(e, ir.OpDelete); o != nil {
		f.Commentf("Delete%s deletes the row with id.", name)
		f.Add(sv()).Id("Delete"+name).Params(ctxParam(), jen.Id("id").Add(g.idType(e))).Error().Block(
			jen.Return(jen.Id("s").Dot("DB").Dot("InTx").Call(jen.Id("ctx"), jen.Func().Params(g.txParam()).Error().Block(
				jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("s").Dot("load"+name).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id"), g.ruleCode(o.Access), jen.True()),
				ifErr(),
				jen.If(jen.Err().Op(":=").Parens(jen.Qual(g.pkg("hooks"), name).Values()).Dot("BeforeDelete").Call(jen.Id("ctx"), jen.Id("row")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Return(g.repo("Delete"+name).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id"))),
			))),
		)
	}

	// references
	var refs []jen.Code
	for _, r := range e.Relations {
		if r.Kind != ir.BelongsTo {
			continue
		}
		key := jen.Id("row").Dot(fieldName(r.Key))
		check := []jen.Code{
			jen.List(jen.Id("ok"), jen.Err()).Op(":=").Add(g.repo(entityName(r.Target)+"Exists")).Call(jen.Id("ctx"), jen.Id("tx"), jen.Op("*").Add(key.Clone())),
			ifErr(),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Qual(g.pkg("apierr"), "FieldError").Values(jen.Dict{
				jen.Id("Field"): jen.Lit(r.Key.Name), jen.Id("Code"): jen.Lit("reference"), jen.Id("Message"): jen.Lit("does not exist"),
			}))),
		}
		if r.Key.Optional {
			refs = append(refs, jen.If(key.Clone().Op("!=").Nil()).Block(check...))
		} else {
			check[0] = jen.List(jen.Id("ok"), jen.Err()).Op(":=").Add(g.repo(entityName(r.Target)+"Exists")).Call(jen.Id("ctx"), jen.Id("tx"), key.Clone())
			refs = append(refs, jen.Block(check...))
		}
	}
	if len(refs) > 0 {
		refs = append([]jen.Code{jen.Var().Id("errs").Index().Qual(g.pkg("apierr"), "FieldError")}, refs...)
		refs = append(refs, jen.If(jen.Len(jen.Id("errs")).Op(">").Lit(0)).Block(jen.Return(jen.Qual(g.pkg("apierr"), "Invalid").Call(jen.Id("errs")))))
	} else {
		refs = append(refs, jen.Id("_").Op("=").Id("row"))
	}
	refs = append(refs, jen.Return(jen.Nil()))
	if g.op(e, ir.OpCreate) != nil || g.op(e, ir.OpUpdate) != nil || g.isAuthEntity(e) {
		f.Commentf("check%sReferences is a 422 `reference` for each belongsTo whose row is missing.", name)
		f.Add(sv()).Id("check"+name+"References").Params(ctxParam(), g.txParam(), jen.Id("row").Op("*").Add(model.Clone())).Error().Block(refs...)
	}

	for _, r := range e.Relations {
		g.relationService(f, e, r)
	}
	g.goFile("internal/service/"+e.Name.Snake()+".go", f)
}

// hashPasswords replaces password fields of row with their bcrypt hash.
func (g *gen) hashPasswords(e *ir.Entity, onlyPatched bool) []jen.Code {
	var out []jen.Code
	for _, fd := range e.Fields {
		if fd.Type != ir.Password {
			continue
		}
		n := fieldName(fd)
		hash := []jen.Code{
			jen.List(jen.Id("h"), jen.Err()).Op(":=").Qual(g.pkg("auth"), "HashPassword").Call(jen.Id("row").Dot(n)),
			ifErr(),
			jen.Id("row").Dot(n).Op("=").Id("h"),
		}
		if fd.Optional {
			hash = []jen.Code{
				jen.List(jen.Id("h"), jen.Err()).Op(":=").Qual(g.pkg("auth"), "HashPassword").Call(jen.Op("*").Id("row").Dot(n)),
				ifErr(),
				jen.Id("row").Dot(n).Op("=").Op("&").Id("h"),
			}
		}
		cond := jen.Id("p").Dot(n).Op("!=").Nil()
		if fd.Optional {
			cond = cond.Op("&&").Op("*").Id("p").Dot(n).Op("!=").Nil()
		}
		switch {
		case onlyPatched && !inSet(e.Update, fd):
			continue
		case onlyPatched:
			out = append(out, jen.If(cond).Block(hash...))
		case fd.Optional:
			out = append(out, jen.If(jen.Id("row").Dot(n).Op("!=").Nil()).Block(hash...))
		default:
			out = append(out, jen.Block(hash...))
		}
	}
	return out
}

func inSet(fs []*ir.Field, f *ir.Field) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

func (g *gen) relationService(f *jen.File, e *ir.Entity, r *ir.Relation) {
	if r.Readable() {
		g.relationRead(f, e, r)
	}
	if r.Linkable() {
		g.relationLink(f, e, r)
	}
}

// relationRead is the service of reading r's sub-resource.
func (g *gen) relationRead(f *jen.File, e *ir.Entity, r *ir.Relation) {
	name := relationName(r)
	t := r.Target
	tmodel := g.mdl(entityName(t))
	sv := jen.Func().Params(jen.Id("s").Op("*").Id("Service"))
	loadParent := []jen.Code{
		jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("s").Dot("load"+entityName(e)).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id"), g.ruleCode(*r.ParentAccess), jen.False()),
		ifErr(),
	}
	switch r.Kind {
	case ir.HasMany, ir.ManyToMany:
		body := append(loadParent, g.authorizeList(t, *r.TargetAccess, "=")...)
		body = append(body,
			g.repo("Scope"+name).Call(jen.Op("&").Id("q"), jen.Id("id")),
			jen.List(jen.Id("items"), jen.Id("total"), jen.Err()).Op("=").Add(g.repo("List"+exported(t.Plural))).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("q")),
			jen.Return(jen.Err()),
		)
		f.Commentf("List%s returns one page of the %s of one %s.", name, r.Name, e.Name.Camel())
		f.Add(sv).Id("List"+name).Params(ctxParam(), jen.Id("id").Add(g.idType(e)), jen.Id("q").Qual(g.pkg("repository"), "ListQuery")).Params(jen.Id("items").Index().Add(tmodel), jen.Id("total").Int64(), jen.Err().Error()).Block(
			g.inRead(body...), jen.Return(),
		)
	case ir.HasOne:
		call := jen.Id("s").Dot("authorize").Call(jen.Id("ctx"), jen.Id("tx"), g.ruleCode(*r.TargetAccess))
		notFound := jen.Op("!").Id("found")
		auth := jen.List(jen.Id("_"), jen.Id("_"), jen.Err()).Op("=").Add(call)
		if r.TargetAccess.Owner {
			auth = jen.List(g.callerVar(t), jen.Id("ownerOnly"), jen.Err()).Op(":=").Add(call)
			notFound = notFound.Op("||").Id("ownerOnly").Op("&&").Op("!").Parens(g.owned(t, "row"))
		}
		body := append(loadParent,
			auth,
			ifErr(),
			jen.Var().Id("found").Bool(),
			jen.List(jen.Id("row"), jen.Id("found"), jen.Err()).Op("=").Add(g.repo("Get"+name)).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id")),
			ifErr(),
			jen.If(notFound).Block(jen.Return(jen.Qual(g.pkg("apierr"), "NotFound").Call())),
			jen.Return(jen.Nil()),
		)
		f.Commentf("Get%s returns the %s of one %s.", name, r.Name, e.Name.Camel())
		f.Add(sv).Id("Get"+name).Params(ctxParam(), jen.Id("id").Add(g.idType(e))).Params(jen.Id("row").Add(tmodel), jen.Err().Error()).Block(
			g.inRead(body...), jen.Return(),
		)
	}
}

// relationLink is the service of linking and unlinking r's targets.
func (g *gen) relationLink(f *jen.File, e *ir.Entity, r *ir.Relation) {
	name := relationName(r)
	t := r.Target
	sv := jen.Func().Params(jen.Id("s").Op("*").Id("Service"))
	{
		loadLink := jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("s").Dot("load"+entityName(e)).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id"), g.ruleCode(*r.LinkAccess), jen.False()).Line().Add(ifErr())
		f.Commentf("Link%s links one %s to one %s.", name, e.Name.Camel(), t.Name.Camel())
		f.Add(sv.Clone()).Id("Link"+name).Params(ctxParam(), jen.Id("id").Add(g.idType(e)), jen.Id("other").Add(g.idType(t))).Error().Block(
			jen.Return(jen.Id("s").Dot("DB").Dot("InTx").Call(jen.Id("ctx"), jen.Func().Params(g.txParam()).Error().Block(
				loadLink,
				jen.List(jen.Id("ok"), jen.Err()).Op(":=").Add(g.repo(entityName(t)+"Exists")).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("other")),
				ifErr(),
				jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Qual(g.pkg("apierr"), "NotFound").Call())),
				jen.Return(g.repo("Link"+name).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id"), jen.Id("other"))),
			))),
		)
		f.Commentf("Unlink%s removes the link of one %s to one %s.", name, e.Name.Camel(), t.Name.Camel())
		f.Add(sv.Clone()).Id("Unlink"+name).Params(ctxParam(), jen.Id("id").Add(g.idType(e)), jen.Id("other").Add(g.idType(t))).Error().Block(
			jen.Return(jen.Id("s").Dot("DB").Dot("InTx").Call(jen.Id("ctx"), jen.Func().Params(g.txParam()).Error().Block(
				loadLink,
				jen.List(jen.Id("found"), jen.Err()).Op(":=").Add(g.repo("Unlink"+name)).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("id"), jen.Id("other")),
				ifErr(),
				jen.If(jen.Op("!").Id("found")).Block(jen.Return(jen.Qual(g.pkg("apierr"), "NotFound").Call())),
				jen.Return(jen.Nil()),
			))),
		)
	}
}

func (g *gen) authService() {
	a := g.api.Auth
	e := a.Entity
	name := entityName(e)
	model := g.mdl(name)
	f := g.newFile("service")
	sv := func() *jen.Statement { return jen.Func().Params(jen.Id("s").Op("*").Id("Service")) }

	f.Commentf("Register inserts a %s from a decoded register or create-user body.", e.Name.Camel())
	f.Add(sv()).Id("Register").Params(ctxParam(), jen.Id("row").Add(model.Clone())).Params(model.Clone(), jen.Error()).Block(
		jen.Err().Op(":=").Id("s").Dot("DB").Dot("InTx").Call(jen.Id("ctx"), jen.Func().Params(g.txParam()).Error().Block(
			jen.Return(jen.Id("s").Dot("insert"+name).Call(jen.Id("ctx"), jen.Id("tx"), jen.Op("&").Id("row"))),
		)),
		jen.Return(jen.Id("row"), jen.Err()),
	)

	role := jen.Lit("")
	if a.RoleField != nil {
		role = jen.String().Call(jen.Id("row").Dot(fieldName(a.RoleField)))
	}
	f.Comment("Login checks the credentials and returns an access token. A wrong")
	f.Comment("identity and a wrong password cost the same and fail the same.")
	f.Add(sv()).Id("Login").Params(ctxParam(), jen.List(jen.Id("identity"), jen.Id("password")).String()).Params(jen.Id("token").String(), jen.Err().Error()).Block(
		g.inRead(
			jen.List(jen.Id("row"), jen.Id("found"), jen.Err()).Op(":=").Add(g.repo("Get"+name+"By"+exported(a.Identity.Ident))).Call(jen.Id("ctx"), jen.Id("tx"), g.baseType(e, a.Identity).Call(jen.Id("identity"))),
			ifErr(),
			jen.Id("hash").Op(":=").Lit(""),
			jen.If(jen.Id("found")).Block(jen.Id("hash").Op("=").Id("row").Dot(fieldName(a.Password))),
			jen.If(jen.Op("!").Qual(g.pkg("auth"), "CheckPassword").Call(jen.Id("hash"), jen.Id("password"))).Block(
				jen.Return(jen.Qual(g.pkg("apierr"), "Unauthorized").Call(jen.Lit("wrong "+a.Identity.Name+" or password")))),
			jen.List(jen.Id("token"), jen.Err()).Op("=").Id("s").Dot("Tokens").Dot("Issue").Call(idString(e, jen.Id("row").Dot("ID")), role),
			jen.Return(jen.Err()),
		),
		jen.Return(),
	)

	f.Comment("Me returns the caller's own row.")
	f.Add(sv()).Id("Me").Params(ctxParam()).Params(jen.Id("row").Add(model.Clone()), jen.Err().Error()).Block(
		g.inRead(
			jen.List(jen.Id("caller"), jen.Id("_"), jen.Err()).Op(":=").Id("s").Dot("authorize").Call(jen.Id("ctx"), jen.Id("tx"), g.ruleCode(ir.Rule{Authenticated: true})),
			ifErr(),
			jen.Var().Id("found").Bool(),
			jen.List(jen.Id("row"), jen.Id("found"), jen.Err()).Op("=").Add(g.repo("Get"+name)).Call(jen.Id("ctx"), jen.Id("tx"), jen.Id("ownerKey").Call(jen.Id("caller"))),
			ifErr(),
			jen.If(jen.Op("!").Id("found")).Block(jen.Return(jen.Qual(g.pkg("apierr"), "Unauthorized").Call(jen.Lit("authentication required")))),
			jen.Return(jen.Nil()),
		),
		jen.Return(),
	)
	g.goFile("internal/service/auth.go", f)
}
