package golang

import (
	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/ir"
)

func (g *gen) models() {
	doc := g.newFile("model")
	doc.PackageComment("Package model holds the entities' structs and enums.")
	g.goFile("internal/model/doc.go", doc)
	for _, e := range g.api.Entities {
		f := g.newFile("model")
		name := entityName(e)
		for _, fd := range e.Fields {
			if fd.Type != ir.Enum {
				continue
			}
			t := enumType(e, fd)
			f.Commentf("%s is a value of %s.%s.", t, name, fd.Name)
			f.Type().Id(t).String()
			var consts []jen.Code
			for _, v := range fd.Values {
				consts = append(consts, jen.Id(enumConst(e, fd, v)).Id(t).Op("=").Lit(v))
			}
			f.Comment("The values of " + t + ".")
			f.Const().Defs(consts...)
		}
		var fields []jen.Code
		for _, fd := range e.Fields {
			tag := fd.Name
			if fd.Type == ir.Password {
				tag = "-"
			}
			fields = append(fields, jen.Id(fieldName(fd)).Add(g.modelType(e, fd)).Tag(map[string]string{"json": tag}))
		}
		desc := e.Description
		if desc == "" {
			desc = "is a row of " + e.Table + "."
		} else {
			desc = "is " + desc
		}
		f.Commentf("%s %s", name, desc)
		f.Type().Id(name).Struct(fields...)

		var patch []jen.Code
		for _, fd := range e.Update {
			patch = append(patch, jen.Id(fieldName(fd)).Op("*").Add(g.modelType(e, fd)))
		}
		f.Commentf("%sPatch is a partial update: nil fields are left as they are.", name)
		f.Type().Id(name + "Patch").Struct(patch...)
		g.goFile("internal/model/"+e.Name.Snake()+".go", f)
	}
}

// modelType is the type of f in e's struct: ids and keys take their
// entity's id type.
func (g *gen) modelType(e *ir.Entity, f *ir.Field) *jen.Statement {
	switch {
	case f.Kind == ir.KindID:
		return g.idType(e)
	case f.Kind == ir.KindForeignKey:
		t := g.idType(f.Relation.Target)
		if f.Optional {
			return jen.Op("*").Add(t)
		}
		return t
	}
	return g.fieldType(e, f)
}
