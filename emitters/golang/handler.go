package golang

import (
	"github.com/dave/jennifer/jen"

	"github.com/bgen-dev/bgen/ir"
)

// decoder builds the typed decoding of one request body.
type decoder struct {
	g        *gen
	f        *jen.File
	e        *ir.Entity // nil for endpoint bodies
	patterns map[string]bool
}

// patternVar declares (once) the compiled pattern of fd and names it.
func (d *decoder) patternVar(prefix string, fd *ir.Field) string {
	v := prefix + fieldName(fd) + "Pattern"
	if !d.patterns[v] {
		d.patterns[v] = true
		d.f.Var().Id(v).Op("=").Qual("regexp", "MustCompile").Call(rawLit(fd.Pattern))
	}
	return v
}

// check is the validator call for fd on raw, returning (v, ok).
func (d *decoder) check(prefix string, fd *ir.Field) jen.Code {
	val := func(name string) *jen.Statement { return jen.Qual(d.g.pkg("validate"), name) }
	args := []jen.Code{jen.Op("&").Id("errs"), jen.Lit(fd.Name), jen.Id("raw")}
	b := func() jen.Code {
		dd := jen.Dict{}
		if fd.Min != nil {
			dd[jen.Id("Min")] = jen.Lit(*fd.Min)
			dd[jen.Id("HasMin")] = jen.True()
		}
		if fd.Max != nil {
			dd[jen.Id("Max")] = jen.Lit(*fd.Max)
			dd[jen.Id("HasMax")] = jen.True()
		}
		return val("Bounds").Values(dd)
	}
	switch fd.Type {
	case ir.String, ir.Text, ir.Email, ir.URL, ir.Password:
		r := jen.Dict{}
		if fd.Type == ir.Email {
			r[jen.Id("Email")] = jen.True()
		}
		if fd.Type == ir.URL {
			r[jen.Id("URL")] = jen.True()
		}
		if fd.Type == ir.Password {
			r[jen.Id("MaxBytes")] = jen.Lit(72) // bcrypt reads no further
		}
		if fd.MinLength != nil && *fd.MinLength > 0 {
			r[jen.Id("MinLength")] = jen.Lit(*fd.MinLength)
		}
		if fd.MaxLength != nil {
			r[jen.Id("MaxLength")] = jen.Lit(*fd.MaxLength)
		}
		if fd.Pattern != "" {
			r[jen.Id("Pattern")] = jen.Id(d.patternVar(prefix, fd))
		}
		return val("String").Call(append(args, val("StringRule").Values(r))...)
	case ir.Enum:
		return val("Enum").Call(append(args, strs(fd.Values))...)
	case ir.Int:
		return val("Int").Call(append(args, b())...)
	case ir.Float:
		return val("Float").Call(append(args, b())...)
	case ir.Decimal:
		return val("Decimal").Call(append(args, jen.Lit(fd.Precision), jen.Lit(fd.Scale), b())...)
	case ir.Bool:
		return val("Bool").Call(args...)
	case ir.Date:
		return val("Date").Call(args...)
	case ir.DateTime:
		return val("DateTime").Call(args...)
	case ir.UUID:
		return val("UUID").Call(args...)
	}
	return val("JSON").Call(args...)
}

// conv turns the validator's v into fd's model type.
func (d *decoder) conv(fd *ir.Field) jen.Code {
	if fd.Type == ir.Enum && d.e != nil && fd.Kind == ir.KindField {
		return d.g.mdl(enumType(d.e, fd)).Call(jen.Id("v"))
	}
	return jen.Id("v")
}

// modelType of fd without optionality, for new(*T).
func (d *decoder) base(fd *ir.Field) jen.Code {
	t := d.g.modelType(d.e, fd)
	if fd.Optional {
		return d.g.modelType(d.e, &ir.Field{Kind: fd.Kind, Type: fd.Type, Relation: fd.Relation})
	}
	return t
}

func fieldErr(fd *ir.Field, code, msg string) jen.Code {
	return jen.Id("errs").Dot("Add").Call(jen.Lit(fd.Name), jen.Lit(code), jen.Lit(msg))
}

// field is the decoding of one allowed field into target (row or p).
func (d *decoder) field(prefix string, fd *ir.Field, target string, patch, required bool) jen.Code {
	dst := jen.Id(target).Dot(fieldName(fd))
	var set, null jen.Code
	switch {
	case patch && fd.Optional:
		set = dst.Clone().Op("=").Id("ptr").Call(jen.Id("ptr").Call(d.conv(fd)))
		null = dst.Clone().Op("=").New(jen.Op("*").Add(d.base(fd)))
	case patch:
		set = dst.Clone().Op("=").Id("ptr").Call(d.conv(fd))
		null = fieldErr(fd, "type", "must not be null")
	case fd.Optional:
		set = dst.Clone().Op("=").Id("ptr").Call(d.conv(fd))
		null = dst.Clone().Op("=").Nil()
	default:
		set = dst.Clone().Op("=").Add(d.conv(fd))
		null = fieldErr(fd, "type", "must not be null")
	}
	stmt := jen.If(jen.List(jen.Id("raw"), jen.Id("ok")).Op(":=").Id("body").Index(jen.Lit(fd.Name)), jen.Id("ok")).Block(
		jen.If(jen.Qual(d.g.pkg("validate"), "IsNull").Call(jen.Id("raw"))).Block(null).
			Else().If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(d.check(prefix, fd)), jen.Id("ok")).Block(set),
	)
	if required {
		stmt = stmt.Else().Block(fieldErr(fd, "required", "is required"))
	}
	return stmt
}

func present(fd *ir.Field, code, msg string) jen.Code {
	return jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("body").Index(jen.Lit(fd.Name)), jen.Id("ok")).Block(fieldErr(fd, code, msg))
}

func bodyParam() jen.Code {
	return jen.Id("body").Map(jen.String()).Qual("encoding/json", "RawMessage")
}

func (d *decoder) finish(target string) []jen.Code {
	var names []string
	for _, fd := range d.e.Fields {
		names = append(names, fd.Name)
	}
	return []jen.Code{
		jen.Id("errs").Op("=").Append(jen.Id("errs"), jen.Id("unknownFields").Call(jen.Id("body"), strs(names)).Op("...")),
		jen.If(jen.Len(jen.Id("errs")).Op(">").Lit(0)).Block(jen.Return(jen.Id(target), jen.Qual(d.g.pkg("apierr"), "Invalid").Call(jen.Index().Qual(d.g.pkg("apierr"), "FieldError").Call(jen.Id("errs"))))),
		jen.Return(jen.Id(target), jen.Nil()),
	}
}

// createDecoder writes fn: a create body with the fields of allowed.
func (d *decoder) createDecoder(fn, what string, allowed []*ir.Field) {
	g, e := d.g, d.e
	model := g.mdl(entityName(e))
	init := jen.Dict{}
	for _, fd := range e.Fields {
		if fd.Default == nil || fd.Kind == ir.KindTimestamp || fd.Kind == ir.KindID {
			continue
		}
		var v jen.Code
		switch fd.Default.Kind {
		case ir.DefaultNow:
			v = g.mdl("Now").Call()
		case ir.DefaultUUID:
			v = g.mdl("NewUUID").Call()
		default:
			v = g.literal(e, fd, fd.Default.Value)
		}
		if fd.Optional {
			v = jen.Id("ptr").Call(v)
		}
		init[jen.Id(fieldName(fd))] = v
	}
	body := []jen.Code{
		jen.Id("row").Op(":=").Add(model.Clone()).Values(init),
		jen.Var().Id("errs").Qual(g.pkg("validate"), "Errors"),
	}
	for _, fd := range e.Fields {
		switch {
		case inSet(allowed, fd):
			body = append(body, d.field(e.Name.GoUnexported(), fd, "row", false, fd.Required))
		default:
			body = append(body, present(fd, "readOnly", "is read-only"))
		}
	}
	body = append(body, d.finish("row")...)
	d.f.Commentf("%s validates a %s body; absent fields take their defaults.", fn, what)
	d.f.Func().Id(fn).Params(bodyParam()).Params(model.Clone(), jen.Error()).Block(body...)
}

func (d *decoder) updateDecoder() {
	g, e := d.g, d.e
	name := entityName(e)
	body := []jen.Code{
		jen.Var().Id("p").Add(g.mdl(name + "Patch")),
		jen.Var().Id("errs").Qual(g.pkg("validate"), "Errors"),
	}
	for _, fd := range e.Fields {
		switch {
		case inSet(e.Update, fd):
			body = append(body, d.field(e.Name.GoUnexported(), fd, "p", true, false))
		case inSet(e.Create, fd):
			body = append(body, present(fd, "immutable", "cannot be changed"))
		default:
			body = append(body, present(fd, "readOnly", "is read-only"))
		}
	}
	body = append(body, d.finish("p")...)
	d.f.Commentf("decode%sUpdate validates an update body.", name)
	d.f.Func().Id("decode"+name+"Update").Params(bodyParam()).Params(g.mdl(name+"Patch"), jen.Error()).Block(body...)
}
