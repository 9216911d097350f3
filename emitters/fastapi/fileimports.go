package fastapi

import "strings"

// Each function below lists the imports one generated file uses.

func typeImports(im *imports, annotation string) {
	for _, part := range strings.FieldsFunc(annotation, func(r rune) bool { return r == ' ' || r == '|' || r == '[' || r == ']' }) {
		switch part {
		case "Decimal":
			im.add("decimal", "Decimal")
		case "date":
			im.add("datetime", "date")
		case "datetime":
			im.add("datetime", "datetime")
		case "uuid.UUID":
			im.add("uuid")
		case "JsonValue":
			im.add("pydantic", "JsonValue")
		case "UtcDateTime", "DecimalString":
			im.add("app.schemas.types", part)
		case "Sequence":
			im.add("collections.abc", "Sequence")
		}
	}
}

func modelImports(v *entity) []string {
	im := newImports()
	im.add("sqlalchemy.orm", "Mapped", "mapped_column")
	im.add("app.models.base", "Base")
	for _, f := range v.Fields {
		typeImports(im, f.PyType)
		m, n := saImport(f.SAType)
		im.add(m, n)
	}
	return im.lines()
}

func joinImports(tables []*joinTable) []string {
	im := newImports()
	for _, t := range tables {
		for _, c := range t.Columns {
			m, n := saImport(c.SAType)
			im.add(m, n)
		}
	}
	return im.lines()
}

func specImports(im *imports, fields []*field) {
	im.add("app.core.validation", "FieldSpec")
	for _, f := range fields {
		if strings.Contains(f.Spec, "re.compile(") {
			im.add("re")
		}
		if strings.Contains(f.Spec, "utc_now") {
			im.add("app.core.validation", "utc_now")
		}
		if strings.Contains(f.Spec, "parse_datetime(") {
			im.add("app.core.validation", "parse_datetime")
		}
		if strings.Contains(f.Spec, "uuid.") {
			im.add("uuid")
		}
		if strings.Contains(f.Spec, "Decimal(") {
			im.add("decimal", "Decimal")
		}
		if strings.Contains(f.Spec, "date.fromisoformat(") {
			im.add("datetime", "date")
		}
	}
}

func schemaImports(v *entity) []string {
	im := newImports()
	im.add("pydantic", "BaseModel", "ConfigDict")
	specImports(im, v.Fields)
	if v.HasList {
		im.add("app.core.listing", "ListSpec", "SortTerm")
		if len(v.Filters) > 0 {
			im.add("app.core.listing", "FilterSpec")
		}
	}
	for _, fs := range [][]*field{v.Read, v.CreateFields, v.UpdateFields} {
		for _, f := range fs {
			typeImports(im, f.SchemaType)
		}
	}
	for _, f := range v.Read {
		if f.Alias {
			im.add("pydantic", "Field")
		}
	}
	return im.lines()
}

func serviceImports(v *entity) []string {
	im := newImports()
	im.add("sqlalchemy", "ColumnElement")
	im.add("sqlalchemy.exc", "IntegrityError")
	im.add("sqlalchemy.ext.asyncio", "AsyncSession")
	im.add("app.core.listing", "ListQuery")
	im.add("app.core.problems", "FieldError", "invalid")
	im.add("app.core.validation", "with_defaults")
	im.add("app.hooks", v.Module+" as hooks")
	im.add("app.models."+v.Module, v.Class)
	im.add("app.repositories.base", "ReferenceSpec", "UniqueSpec", "reference_invalid", "referenced_conflict", "unique_conflict")
	im.add("app.repositories."+v.Module, v.Class+"Repository")
	im.add("app.schemas."+v.Module, "FIELDS", v.Class+"Create", v.Class+"Page", v.Class+"Read", v.Class+"Update")
	if v.HasList {
		im.add("app.schemas."+v.Module, "LIST")
	}
	if len(v.PasswordFields) > 0 {
		im.add("app.core.security", "hash_password")
	}
	if v.UUIDID {
		im.add("uuid")
	}
	if v.Timestamps {
		im.add("app.core.validation", "utc_now")
	}
	for _, r := range v.References {
		im.add("app.models."+r.TargetModule, r.TargetClass)
	}
	for _, r := range v.Relations {
		typeImports(im, r.Target.IDPy)
		if r.Kind == "hasOne" {
			im.add("sqlalchemy", "select")
			im.add("app.models."+r.Target.Module, r.Target.Class)
			continue
		}
		im.add("app.models."+r.Target.Module, r.Target.Class)
		im.add("app.repositories."+r.Target.Module, r.Target.Class+"Repository")
		im.add("app.schemas."+r.Target.Module, r.Target.Class+"Page", r.Target.Class+"Read")
		im.add("app.schemas", r.Target.Module+" as "+r.Target.Module+"_schema")
		if r.Kind == "manyToMany" {
			im.add("sqlalchemy", "select")
			im.add("app.models.associations", r.JoinVar)
		}
		if r.LinkRule != "" {
			im.add("sqlalchemy", "func", "insert", "delete")
		}
	}
	if v.UUIDID || v.IDOwnerPy == "uuid.UUID" {
		im.add("uuid")
	}
	return im.lines()
}

func routeImports(v *entity) []string {
	im := newImports()
	im.add("fastapi", "APIRouter")
	im.add("app.api.deps", "Grant", "Rule")
	im.add("app.core.params", "ROUTE_CHECKS")
	if v.PublicList || v.PublicGet {
		im.add("app.api.deps", "PUBLIC")
	}
	if (v.HasList && !v.PublicList) || (v.HasGet && !v.PublicGet) || v.HasCreate || v.HasUpdate || v.HasDelete {
		im.add("app.api.deps", "CallerDep", "authorize")
	}
	im.add("app.core.ids", v.IDParse)
	im.add("app.core.problems", "not_found")
	im.add("app.core.responses", "ModelResponse")
	im.add("app.dependencies", v.Class+"ServiceDep")
	im.add("app.models."+v.Module, v.Class)
	im.add("app.schemas."+v.Module, v.Class+"Read")
	im.add("app.services."+v.Module, v.Class+"Service")
	if v.HasList {
		im.add("fastapi", "Request")
		im.add("app.core.listing", "parse_list_query")
		im.add("app.schemas."+v.Module, "LIST")
	}
	if v.HasCreate || v.HasUpdate {
		im.add("fastapi", "Request")
		im.add("app.config", "MAX_BODY_BYTES")
		im.add("app.core.body", "read_json_object")
		im.add("app.core.validation", "validate_body")
		im.add("app.schemas."+v.Module, "FIELDS")
	}
	if v.HasCreate {
		im.add("app.schemas."+v.Module, "CREATE", v.Class+"Create")
		if v.OwnerKeyAttr != "" {
			im.add("app.core.problems", "unauthorized")
		}
	}
	if v.HasUpdate {
		im.add("app.schemas."+v.Module, "UPDATE", v.Class+"Update")
	}
	if v.HasDelete {
		im.add("starlette.responses", "Response")
	}
	for _, r := range v.Relations {
		switch r.Kind {
		case "hasOne":
			im.add("app.schemas."+r.Target.Module, r.Target.Class+"Read")
		default:
			im.add("fastapi", "Request")
			im.add("app.core.listing", "parse_list_query")
			im.add("app.schemas", r.Target.Module+" as "+r.Target.Module+"_schema")
		}
		if r.Public {
			im.add("app.api.deps", "PUBLIC")
		} else {
			im.add("app.api.deps", "CallerDep", "authorize")
		}
		if r.LinkRule != "" {
			im.add("app.api.deps", "CallerDep", "authorize")
			im.add("starlette.responses", "Response")
			im.add("app.core.ids", r.Target.IDParse)
		}
	}
	return im.lines()
}

func customSchemaImports(p *project) []string {
	im := newImports()
	im.add("pydantic", "BaseModel", "ConfigDict")
	for _, e := range p.Endpoints {
		specImports(im, e.Params)
		specImports(im, e.Query)
		specImports(im, e.Body)
		for _, f := range e.Inputs {
			typeImports(im, f.SchemaType)
		}
		for _, f := range e.ResponseFields {
			typeImports(im, f.SchemaType)
			if f.Alias {
				im.add("pydantic", "Field")
			}
		}
	}
	return im.lines()
}

func customRouteImports(p *project) []string {
	im := newImports()
	im.add("fastapi", "APIRouter", "Request")
	im.add("starlette.responses", "Response")
	im.add("app.api.deps", "CallerDep", "Rule", "authorize")
	im.add("app.core.params", "ROUTE_CHECKS", "validate_params")
	im.add("app.core.problems", "ProblemError")
	im.add("app.dependencies", "WriteSessionDep")
	for _, e := range p.Endpoints {
		im.add("app.custom", e.Func+" as "+e.Func+"_impl")
		im.add("app.schemas.custom", e.Class+"Input", e.Const+"_PARAMS", e.Const+"_QUERY")
		if e.HasBody {
			im.add("app.config", "MAX_BODY_BYTES")
			im.add("app.core.body", "read_json_object")
			im.add("app.core.validation", "validate_body")
			im.add("app.schemas.custom", e.Const+"_BODY")
		}
		if e.OwnerEntity != nil {
			im.add("app.core.problems", "not_found")
			im.add("app.models."+e.OwnerEntity.Module, e.OwnerEntity.Class)
		}
		switch e.Response {
		case "none":
		case "list":
			im.add("app.core.responses", "JSONResponse")
		default:
			im.add("app.core.responses", "ModelResponse")
		}
		if e.ResponseEntity != nil {
			im.add("app.schemas."+e.ResponseEntity.Module, e.ResponseEntity.Class+"Read")
		}
	}
	return im.lines()
}

func userEndpointImports(_ any, e *endpoint) []string {
	im := newImports()
	im.add("sqlalchemy.ext.asyncio", "AsyncSession")
	im.add("app.api.deps", "Caller")
	im.add("app.schemas.custom", e.Class+"Input")
	typeImports(im, e.ReturnType)
	switch e.Response {
	case "entity", "list":
		im.add("app.models."+e.ResponseEntity.Module, e.ResponseEntity.Class)
	case "fields":
		im.add("app.schemas.custom", e.Class+"Response")
	}
	return im.lines()
}

func mainImports(p *project) []string {
	im := newImports()
	im.add("argparse")
	im.add("asyncio")
	im.add("signal")
	im.add("sys")
	im.add("types", "FrameType")
	im.add("uvicorn")
	im.add("app.config", "Settings", "get_settings")
	im.add("app.db", "create_engine")
	im.add("app.migrations", "upgrade")
	if a := p.Auth; a != nil {
		im.add("app.core.body", "decode_json_object")
		im.add("app.core.problems", "TITLES", "ProblemError")
		im.add("app.core.responses", "render_json")
		im.add("app.core.validation", "validate_body")
		im.add("app.db", "create_sessionmaker")
		im.add("app.models."+a.Entity.Module, a.Entity.Class)
		im.add("app.schemas."+a.Entity.Module, "CREATE", "FIELDS", a.Entity.Class+"Create", a.Entity.Class+"Read")
		im.add("app.services."+a.Entity.Module, a.Entity.Class+"Service")
	}
	return im.lines()
}
