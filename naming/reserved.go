package naming

import "strings"

// IsReserved reports whether word cannot be used as-is as an identifier in
// generated code of target: "python", "typescript", "go" or "sql". The
// check is exact for the case-sensitive languages and case-insensitive for
// SQL. An unknown target reserves nothing.
//
// The lists are deliberately generous: escaping a name that did not need it
// costs a trailing underscore in code (the wire name never changes), while
// missing one breaks the generated project.
func IsReserved(target, word string) bool {
	switch target {
	case "python":
		return pythonReserved(word)
	case "typescript":
		return tsReserved(word)
	case "go":
		return goReserved(word)
	case "sql":
		return sqlReserved(strings.ToLower(word))
	}
	return false
}

// EscapePython returns ident, with "_" appended when it is reserved in
// generated Python ("class" -> "class_", "type" -> "type_").
func EscapePython(ident string) string { return escape("python", ident) }

// EscapeTS returns ident, with "_" appended when it is reserved in
// generated TypeScript ("default" -> "default_").
func EscapeTS(ident string) string { return escape("typescript", ident) }

// EscapeGo returns ident, with "_" appended when it is reserved in
// generated Go ("type" -> "type_", "string" -> "string_").
func EscapeGo(ident string) string { return escape("go", ident) }

// QuoteSQL quotes ident for PostgreSQL and SQLite: "order", "user".
// Embedded double quotes are doubled.
func QuoteSQL(ident string) string {
	return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"`
}

func escape(target, ident string) string {
	if IsReserved(target, ident) {
		return ident + "_"
	}
	return ident
}

func pythonReserved(w string) bool {
	switch w {
	// keywords
	case "False", "None", "True", "and", "as", "assert", "async", "await",
		"break", "class", "continue", "def", "del", "elif", "else", "except",
		"finally", "for", "from", "global", "if", "import", "in", "is",
		"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
		"while", "with", "yield",
		// soft keywords
		"match", "case", "type", "_",
		// builtins that generated code uses or that shadow commonly
		"id", "list", "filter", "dict", "set", "str", "int", "float", "bool",
		"bytes", "object", "tuple", "map", "len", "min", "max", "sum", "range",
		"open", "print", "input", "format", "hash", "iter", "next", "any",
		"all", "vars", "dir", "help", "sorted", "reversed", "zip", "round",
		"abs", "super", "property", "callable", "compile", "exec", "eval",
		"globals", "locals", "isinstance", "issubclass", "getattr", "setattr",
		"hasattr", "delattr", "enumerate", "slice", "staticmethod",
		"classmethod", "repr", "self", "cls", "Exception",
		// names the generated modules import
		"date", "datetime", "time", "decimal", "uuid", "json", "enum",
		"field", "optional", "annotated", "literal", "typing",
		// pydantic BaseModel attributes
		"model_config", "model_fields", "model_computed_fields", "model_extra",
		"model_fields_set", "model_construct", "model_copy", "model_dump",
		"model_dump_json", "model_json_schema", "model_parametrized_name",
		"model_post_init", "model_rebuild", "model_validate",
		"model_validate_json", "model_validate_strings", "schema",
		"schema_json", "copy", "construct", "validate", "parse_obj",
		"parse_raw", "parse_file", "from_orm", "update_forward_refs",
		"fields", "fields_set",
		// SQLAlchemy declarative
		"metadata", "registry", "query", "session":
		return true
	}
	return false
}

func tsReserved(w string) bool {
	switch w {
	case "break", "case", "catch", "class", "const", "continue", "debugger",
		"default", "delete", "do", "else", "enum", "export", "extends",
		"false", "finally", "for", "function", "if", "import", "in",
		"instanceof", "new", "null", "return", "super", "switch", "this",
		"throw", "true", "try", "typeof", "var", "void", "while", "with",
		// strict mode and contextual
		"implements", "interface", "let", "package", "private", "protected",
		"public", "static", "yield", "await", "async", "arguments", "eval",
		"undefined", "NaN", "Infinity", "constructor", "prototype",
		// type names
		"any", "boolean", "number", "string", "symbol", "never", "unknown",
		"object", "bigint", "type", "declare", "namespace", "module",
		"require", "readonly", "keyof", "infer", "is", "as", "satisfies":
		return true
	}
	return false
}

func goReserved(w string) bool {
	switch w {
	// keywords
	case "break", "case", "chan", "const", "continue", "default", "defer",
		"else", "fallthrough", "for", "func", "go", "goto", "if", "import",
		"interface", "map", "package", "range", "return", "select", "struct",
		"switch", "type", "var",
		// predeclared identifiers
		"any", "bool", "byte", "comparable", "complex64", "complex128",
		"error", "float32", "float64", "int", "int8", "int16", "int32",
		"int64", "rune", "string", "uint", "uint8", "uint16", "uint32",
		"uint64", "uintptr", "true", "false", "iota", "nil", "append", "cap",
		"clear", "close", "complex", "copy", "delete", "imag", "len", "make",
		"max", "min", "new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

func sqlReserved(w string) bool {
	switch w {
	// PostgreSQL reserved key words (and SQL standard ones it enforces)
	case "all", "analyse", "analyze", "and", "any", "array", "as", "asc",
		"asymmetric", "authorization", "binary", "both", "case", "cast",
		"check", "collate", "collation", "column", "concurrently",
		"constraint", "create", "cross", "current_catalog", "current_date",
		"current_role", "current_schema", "current_time", "current_timestamp",
		"current_user", "default", "deferrable", "desc", "distinct", "do",
		"else", "end", "except", "false", "fetch", "for", "foreign", "freeze",
		"from", "full", "grant", "group", "having", "ilike", "in", "initially",
		"inner", "intersect", "into", "is", "isnull", "join", "lateral",
		"leading", "left", "like", "limit", "localtime", "localtimestamp",
		"natural", "not", "notnull", "null", "offset", "on", "only", "or",
		"order", "outer", "overlaps", "placing", "primary", "references",
		"returning", "right", "select", "session_user", "similar", "some",
		"symmetric", "system_user", "table", "tablesample", "then", "to",
		"trailing", "true", "union", "unique", "user", "using", "variadic",
		"verbose", "when", "where", "window", "with",
		// SQLite key words
		"abort", "action", "add", "after", "alter", "always", "attach",
		"autoincrement", "before", "begin", "between", "by", "cascade",
		"commit", "conflict", "current", "database", "deferred", "delete",
		"detach", "drop", "each", "escape", "exclude", "exclusive", "exists",
		"explain", "filter", "first", "following", "generated", "glob",
		"groups", "if", "ignore", "immediate", "index", "indexed", "insert",
		"instead", "key", "last", "match", "materialized", "no", "nothing",
		"nulls", "of", "others", "over", "partition", "plan", "pragma",
		"preceding", "query", "raise", "range", "recursive", "regexp",
		"reindex", "release", "rename", "replace", "restrict", "rollback",
		"row", "rows", "savepoint", "set", "temp", "temporary", "ties",
		"transaction", "trigger", "unbounded", "update", "vacuum", "values",
		"view", "virtual", "without":
		return true
	}
	return false
}

// Scope checks a set of names for collisions, as they would collide after
// case conversion: two names clash when they split into the same words
// ("authorId", "author_id" and "authorID" are one name). Owner says where a
// name comes from, for the error message ("field authorId", "relation
// author"). The zero Scope is not usable; call NewScope.
type Scope struct {
	owners map[string]string
}

// NewScope returns an empty scope.
func NewScope() *Scope { return &Scope{owners: map[string]string{}} }

// Add records name for owner. When a name with the same words was added
// before, it records nothing and returns that name's owner and false.
func (s *Scope) Add(name, owner string) (clash string, ok bool) {
	key := Split(name).Snake()
	if prev, found := s.owners[key]; found {
		return prev, false
	}
	s.owners[key] = owner
	return "", true
}

// Has reports whether a name with the same words as name was added.
func (s *Scope) Has(name string) bool {
	_, found := s.owners[Split(name).Snake()]
	return found
}
