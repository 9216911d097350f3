// Package naming is bgen's own word handling: splitting identifiers into
// words, joining them in each case style, initialisms, English plurals,
// per-target reserved words and escaping, and collision checks. It holds no
// package-level mutable state.
package naming

// Name is an identifier as a list of lower-case words: "BlogPost",
// "blogPost", "blog_post" and "blog-post" all become ["blog", "post"].
// Every case style is derived from the words, so a name is split once.
type Name struct {
	Words []string
}

// Split splits an identifier written in any of camelCase, PascalCase,
// snake_case or kebab-case (digits stay with the word before them;
// "HTTPServer" is ["http", "server"], "userID" is ["user", "id"]).
func Split(s string) Name { panic("naming: not implemented") }

// Pascal: "BlogPost". Initialisms are not upper-cased ("UserId").
func (n Name) Pascal() string { panic("naming: not implemented") }

// Camel: "blogPost".
func (n Name) Camel() string { panic("naming: not implemented") }

// Snake: "blog_post".
func (n Name) Snake() string { panic("naming: not implemented") }

// Kebab: "blog-post".
func (n Name) Kebab() string { panic("naming: not implemented") }

// ScreamingSnake: "BLOG_POST".
func (n Name) ScreamingSnake() string { panic("naming: not implemented") }

// GoExported: Go's exported form with initialisms ("UserID", "APIURL").
func (n Name) GoExported() string { panic("naming: not implemented") }

// GoUnexported: Go's unexported form with initialisms ("userID", "apiURL";
// "id" stays "id").
func (n Name) GoUnexported() string { panic("naming: not implemented") }

// Plural: the English plural of the last word ("category" -> "categories",
// "person" -> "people", "status" -> "statuses").
func (n Name) Plural() Name { panic("naming: not implemented") }

// Singular: the inverse of Plural for the last word.
func (n Name) Singular() Name { panic("naming: not implemented") }

// MarshalText makes a Name print as its camelCase form in `bgen ir`.
func (n Name) MarshalText() ([]byte, error) { return []byte(n.Camel()), nil }
