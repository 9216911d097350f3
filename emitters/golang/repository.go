package golang

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/naming"
)

func q(ident string) string { return naming.QuoteSQL(ident) }

// rawLit is s as a raw Go string literal when it can be one, so that SQL
// with quoted identifiers and regular expressions read as written.
func rawLit(s string) *jen.Statement {
	if strings.ContainsAny(s, "`\r") {
		return jen.Lit(s)
	}
	return jen.Op("`" + s + "`")
}

func ctxParam() jen.Code { return jen.Id("ctx").Qual("context", "Context") }

func (g *gen) txParam() jen.Code { return jen.Id("tx").Op("*").Qual(g.pkg("database"), "Tx") }

// returnErr is `if err != nil { return zero..., err }`.
func ifErr(zero ...jen.Code) jen.Code {
	return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(append(zero, jen.Err())...))
}

func (g *gen) repositories() {
	for _, e := range g.api.Entities {
		g.repository(e)
	}
}

func (g *gen) repository(e *ir.Entity) {
	f := g.newFile("repository")
	name := entityName(e)
	plural := exported(e.Plural)
	model := jen.Qual(g.pkg("model"), name)
	table := q(e.Table)
	var cols []string
	var scanArgs []jen.Code
	for _, fd := range e.Fields {
		cols = append(cols, q(fd.Column))
		scanArgs = append(scanArgs, jen.Op("&").Id("r").Dot(fieldName(fd)))
	}
	colsConst := e.Name.GoUnexported() + "Columns"
	f.Const().Id(colsConst).Op("=").Add(rawLit(strings.Join(cols, ", ")))

	f.Func().Id("scan"+name).Params(jen.Id("row").Id("rowScanner")).Params(model.Clone(), jen.Error()).Block(
		jen.Var().Id("r").Add(model.Clone()),
		jen.Err().Op(":=").Id("row").Dot("Scan").Call(scanArgs...),
		jen.Return(jen.Id("r"), jen.Err()),
	)

	f.Commentf("Get%s reads one row; found is false when there is none.", name)
	f.Func().Id("Get"+name).Params(ctxParam(), g.txParam(), jen.Id("id").Add(g.idType(e))).Params(jen.Id("row").Add(model.Clone()), jen.Id("found").Bool(), jen.Err().Error()).Block(
		jen.Return(jen.Id("getOne").Call(jen.Id("ctx"), jen.Id("tx"),
			jen.Lit("SELECT ").Op("+").Id(colsConst).Op("+").Add(rawLit(" FROM "+table+" WHERE "+q("id")+" = ?")),
			jen.Id("scan"+name), jen.Id("id"))),
	)

	f.Commentf("Get%sForUpdate reads one row and locks it until the transaction ends.", name)
	f.Func().Id("Get"+name+"ForUpdate").Params(ctxParam(), g.txParam(), jen.Id("id").Add(g.idType(e))).Params(jen.Id("row").Add(model.Clone()), jen.Id("found").Bool(), jen.Err().Error()).Block(
		jen.Return(jen.Id("getOne").Call(jen.Id("ctx"), jen.Id("tx"),
			jen.Lit("SELECT ").Op("+").Id(colsConst).Op("+").Add(rawLit(" FROM "+table+" WHERE "+q("id")+" = ?")).Op("+").Id("tx").Dot("ForUpdate").Call(),
			jen.Id("scan"+name), jen.Id("id"))),
	)

	f.Commentf("%sExists reports whether the row with id exists.", name)
	f.Func().Id(name+"Exists").Params(ctxParam(), g.txParam(), jen.Id("id").Add(g.idType(e))).Params(jen.Bool(), jen.Error()).Block(
		jen.Return(jen.Id("exists").Call(jen.Id("ctx"), jen.Id("tx"), jen.Lit(e.Table), jen.Id("id"))),
	)

	f.Commentf("List%s returns one page of rows and the total.", plural)
	f.Func().Id("List"+plural).Params(ctxParam(), g.txParam(), jen.Id("q").Id("ListQuery")).Params(jen.Index().Add(model.Clone()), jen.Int64(), jen.Error()).Block(
		jen.Return(jen.Id("listRows").Call(jen.Id("ctx"), jen.Id("tx"), jen.Lit(e.Table), jen.Id(colsConst), jen.Id("q"), jen.Id("scan"+name))),
	)

	// insert
	var insCols, insPh []string
	var insArgs []jen.Code
	for _, fd := range e.Fields {
		if fd.Kind == ir.KindID && e.IDType == ir.Int {
			continue
		}
		insCols = append(insCols, q(fd.Column))
		insPh = append(insPh, "?")
		insArgs = append(insArgs, jen.Id("r").Dot(fieldName(fd)))
	}
	insert := "INSERT INTO " + table + " (" + strings.Join(insCols, ", ") + ") VALUES (" + strings.Join(insPh, ", ") + ")"
	uniques := jen.Id(e.Name.GoUnexported() + "Uniques").Call()
	refs := jen.Id(e.Name.GoUnexported() + "Refs").Call()
	f.Commentf("Insert%s inserts r; a taken unique value is a 409.", name)
	var insBody []jen.Code
	if e.IDType == ir.Int {
		insBody = append(insBody,
			jen.Err().Op(":=").Id("tx").Dot("QueryRow").Call(append([]jen.Code{jen.Id("ctx"), rawLit(insert + " RETURNING " + q("id"))}, insArgs...)...).Dot("Scan").Call(jen.Op("&").Id("r").Dot("ID")))
	} else {
		insBody = append(insBody,
			jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("tx").Dot("Exec").Call(append([]jen.Code{jen.Id("ctx"), rawLit(insert)}, insArgs...)...))
	}
	insBody = append(insBody, jen.Return(jen.Id("writeError").Call(jen.Err(), uniques, refs)))
	f.Func().Id("Insert"+name).Params(ctxParam(), g.txParam(), jen.Id("r").Op("*").Add(model.Clone())).Error().Block(insBody...)

	// update
	var sets []string
	var updArgs []jen.Code
	for _, fd := range e.Fields {
		if fd.Kind == ir.KindID {
			continue
		}
		sets = append(sets, q(fd.Column)+" = ?")
		updArgs = append(updArgs, jen.Id("r").Dot(fieldName(fd)))
	}
	updArgs = append(updArgs, jen.Id("r").Dot("ID"))
	f.Commentf("Update%s writes every column of r; a taken unique value is a 409.", name)
	f.Func().Id("Update"+name).Params(ctxParam(), g.txParam(), jen.Id("r").Op("*").Add(model.Clone())).Error().Block(
		jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("tx").Dot("Exec").Call(append([]jen.Code{jen.Id("ctx"),
			rawLit("UPDATE " + table + " SET " + strings.Join(sets, ", ") + " WHERE " + q("id") + " = ?")}, updArgs...)...),
		jen.Return(jen.Id("writeError").Call(jen.Err(), uniques.Clone(), refs.Clone())),
	)

	f.Commentf("Delete%s deletes the row with id; a restrict reference to it is a 409.", name)
	f.Func().Id("Delete"+name).Params(ctxParam(), g.txParam(), jen.Id("id").Add(g.idType(e))).Error().Block(
		jen.Return(jen.Id("deleteRow").Call(jen.Id("ctx"), jen.Id("tx"), jen.Lit(e.Table), jen.Id("id"))),
	)

	if e.Owner != nil {
		f.Commentf("Owned%s limits q to the rows of owner.", plural)
		f.Func().Id("Owned"+plural).Params(jen.Id("q").Op("*").Id("ListQuery"), jen.Id("owner").Add(g.idType(e.Owner.Target))).Block(
			jen.Id("q").Dot("Where").Call(rawLit(q(e.Owner.Key.Column)+" = ?"), jen.Id("owner")),
		)
	}

	if a := g.api.Auth; a != nil && a.Entity == e {
		idn := exported(a.Identity.Ident)
		f.Commentf("Get%sBy%s reads the row with the given %s.", name, idn, a.Identity.Name)
		f.Func().Id("Get"+name+"By"+idn).Params(ctxParam(), g.txParam(), jen.Id("v").Add(g.baseType(e, a.Identity))).Params(jen.Id("row").Add(model.Clone()), jen.Id("found").Bool(), jen.Err().Error()).Block(
			jen.Return(jen.Id("getOne").Call(jen.Id("ctx"), jen.Id("tx"),
				jen.Lit("SELECT ").Op("+").Id(colsConst).Op("+").Add(rawLit(" FROM "+table+" WHERE "+q(a.Identity.Column)+" = ?")),
				jen.Id("scan"+name), jen.Id("v"))),
		)
	}

	for _, r := range e.Relations {
		g.relationQueries(f, e, r)
	}

	// list spec
	var filters []jen.Code
	for _, flt := range e.List.Filters {
		d := jen.Dict{
			jen.Id("Param"):  jen.Lit(flt.Param),
			jen.Id("Column"): jen.Lit(flt.Field.Column),
			jen.Id("Type"):   jen.Id(goTypes()[flt.Field.Type].list),
		}
		if len(flt.Ops) > 0 {
			d[jen.Id("Ops")] = strs(flt.Ops)
		}
		if flt.Field.Type == ir.Enum {
			d[jen.Id("Values")] = strs(flt.Field.Values)
		}
		if flt.Field.Type == ir.Decimal {
			d[jen.Id("Precision")] = jen.Lit(flt.Field.Precision)
			d[jen.Id("Scale")] = jen.Lit(flt.Field.Scale)
		}
		filters = append(filters, jen.Values(d))
	}
	var sorts []jen.Code
	for _, s := range e.List.Sort {
		d := jen.Dict{jen.Id("Name"): jen.Lit(s.Name), jen.Id("Column"): jen.Lit(s.Column), jen.Id("Type"): jen.Id(goTypes()[s.Type].list)}
		if s.Optional {
			d[jen.Id("Nullable")] = jen.True()
		}
		sorts = append(sorts, jen.Values(d))
	}
	var search []string
	for _, s := range e.List.Search {
		search = append(search, s.Column)
	}
	var defSort []jen.Code
	for _, k := range e.List.DefaultSort {
		d := jen.Dict{jen.Id("Name"): jen.Lit(k.Field)}
		if k.Desc {
			d[jen.Id("Desc")] = jen.True()
		}
		defSort = append(defSort, jen.Values(d))
	}
	spec := jen.Dict{
		jen.Id("Sort"):        jen.Index().Id("SortField").Values(sorts...),
		jen.Id("DefaultSort"): jen.Index().Id("SortTerm").Values(defSort...),
	}
	if len(filters) > 0 {
		spec[jen.Id("Filters")] = jen.Index().Id("Filter").Values(filters...)
	}
	if len(search) > 0 {
		spec[jen.Id("Search")] = strs(search)
	}
	f.Commentf("%sListSpec is what a list of %s accepts.", name, e.Plural.Camel())
	f.Func().Id(name + "ListSpec").Params().Id("ListSpec").Block(jen.Return(jen.Id("ListSpec").Values(spec)))

	var us []jen.Code
	for _, u := range e.Schema.Uniques {
		us = append(us, jen.Values(jen.Dict{jen.Id("Constraint"): jen.Lit(u.Name), jen.Id("Columns"): strs(u.Columns), jen.Id("Fields"): strs(u.Fields)}))
	}
	var rs []jen.Code
	for _, fd := range e.Fields {
		if fd.ForeignKey != "" {
			rs = append(rs, jen.Values(jen.Dict{jen.Id("Constraint"): jen.Lit(fd.ForeignKey), jen.Id("Field"): jen.Lit(fd.Name)}))
		}
	}
	f.Func().Id(e.Name.GoUnexported() + "Refs").Params().Index().Id("RefField").Block(jen.Return(jen.Index().Id("RefField").Values(rs...)))
	f.Func().Id(e.Name.GoUnexported() + "Uniques").Params().Index().Id("UniqueFields").Block(jen.Return(jen.Index().Id("UniqueFields").Values(us...)))

	g.goFile("internal/repository/"+e.Name.Snake()+".go", f)
}

func strs(vs []string) jen.Code {
	var c []jen.Code
	for _, v := range vs {
		c = append(c, jen.Lit(v))
	}
	return jen.Index().String().Values(c...)
}

// relationQueries writes the scopes and link statements of r.
func (g *gen) relationQueries(f *jen.File, e *ir.Entity, r *ir.Relation) {
	name := entityName(e) + exported(r.Ident)
	switch r.Kind {
	case ir.HasMany:
		f.Commentf("Scope%s limits q to the %s of one %s.", name, r.Name, e.Name.Camel())
		f.Func().Id("Scope"+name).Params(jen.Id("q").Op("*").Id("ListQuery"), jen.Id("id").Add(g.idType(e))).Block(
			jen.Id("q").Dot("Where").Call(rawLit(q(r.Inverse.Key.Column)+" = ?"), jen.Id("id")),
		)
	case ir.HasOne:
		t := r.Target
		f.Commentf("Get%s reads the %s of one %s.", name, r.Name, e.Name.Camel())
		f.Func().Id("Get"+name).Params(ctxParam(), g.txParam(), jen.Id("id").Add(g.idType(e))).Params(jen.Id("row").Qual(g.pkg("model"), entityName(t)), jen.Id("found").Bool(), jen.Err().Error()).Block(
			jen.Return(jen.Id("getOne").Call(jen.Id("ctx"), jen.Id("tx"),
				jen.Lit("SELECT ").Op("+").Id(t.Name.GoUnexported()+"Columns").Op("+").Add(rawLit(" FROM "+q(t.Table)+" WHERE "+q(r.Inverse.Key.Column)+" = ?")),
				jen.Id("scan"+entityName(t)), jen.Id("id"))),
		)
	case ir.ManyToMany:
		j := r.Join
		f.Commentf("Scope%s limits q to the %s linked to one %s.", name, r.Name, e.Name.Camel())
		f.Func().Id("Scope"+name).Params(jen.Id("q").Op("*").Id("ListQuery"), jen.Id("id").Add(g.idType(e))).Block(
			jen.Id("q").Dot("Where").Call(rawLit(q("id")+" IN (SELECT "+q(j.Right)+" FROM "+q(j.Table)+" WHERE "+q(j.Left)+" = ?)"), jen.Id("id")),
		)
		f.Commentf("Link%s links two rows; linking twice is no error.", name)
		f.Func().Id("Link"+name).Params(ctxParam(), g.txParam(), jen.Id("id").Add(g.idType(e)), jen.Id("other").Add(g.idType(r.Target))).Error().Block(
			jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("tx").Dot("Exec").Call(jen.Id("ctx"),
				rawLit("INSERT INTO "+q(j.Table)+" ("+q(j.Left)+", "+q(j.Right)+") VALUES (?, ?) ON CONFLICT DO NOTHING"), jen.Id("id"), jen.Id("other")),
			jen.Return(jen.Err()),
		)
		f.Commentf("Unlink%s removes a link; found is false when there was none.", name)
		f.Func().Id("Unlink"+name).Params(ctxParam(), g.txParam(), jen.Id("id").Add(g.idType(e)), jen.Id("other").Add(g.idType(r.Target))).Params(jen.Bool(), jen.Error()).Block(
			jen.Return(jen.Id("deleteWhere").Call(jen.Id("ctx"), jen.Id("tx"),
				rawLit("DELETE FROM "+q(j.Table)+" WHERE "+q(j.Left)+" = ? AND "+q(j.Right)+" = ?"), jen.Id("id"), jen.Id("other"))),
		)
	}
}
