// Package naming is bgen's own word handling: splitting identifiers into
// words, joining them in each case style, initialisms, English plurals,
// per-target reserved words and escaping, and collision checks. It holds no
// package-level mutable state.
package naming

import (
	"strings"
	"unicode"
)

// Name is an identifier as a list of lower-case words: "BlogPost",
// "blogPost", "blog_post" and "blog-post" all become ["blog", "post"].
// Every case style is derived from the words, so a name is split once.
type Name struct {
	Words []string
}

// Split splits an identifier written in any of camelCase, PascalCase,
// snake_case or kebab-case (digits stay with the word before them;
// "HTTPServer" is ["http", "server"], "userID" is ["user", "id"], "tagIDs"
// is ["tag", "ids"]).
func Split(s string) Name {
	var words []string
	rs := []rune(s)
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush() // separators: _ - space . and anything else
			continue
		}
		if unicode.IsUpper(r) && len(cur) > 0 {
			prev := rs[i-1]
			switch {
			case unicode.IsLower(prev) || unicode.IsDigit(prev):
				// "userId", "utf8Name": a new word starts here.
				flush()
			case unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && !pluralS(rs, i+1):
				// "HTTPServer": the last upper-case letter of a run
				// starts the next word.
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return Name{Words: words}
}

// pluralS reports whether rs[i] is a lone "s" ending a word, as in "IDs"
// or "URLs": the plural of an initialism, not the start of a word.
func pluralS(rs []rune, i int) bool {
	return rs[i] == 's' && (i+1 == len(rs) || !unicode.IsLower(rs[i+1]))
}

// Pascal: "BlogPost". Initialisms are not upper-cased ("UserId").
func (n Name) Pascal() string {
	var b strings.Builder
	for _, w := range n.Words {
		b.WriteString(capitalize(w))
	}
	return b.String()
}

// Camel: "blogPost".
func (n Name) Camel() string {
	var b strings.Builder
	for i, w := range n.Words {
		if i == 0 {
			b.WriteString(w)
		} else {
			b.WriteString(capitalize(w))
		}
	}
	return b.String()
}

// Snake: "blog_post".
func (n Name) Snake() string { return strings.Join(n.Words, "_") }

// Kebab: "blog-post".
func (n Name) Kebab() string { return strings.Join(n.Words, "-") }

// ScreamingSnake: "BLOG_POST".
func (n Name) ScreamingSnake() string { return strings.ToUpper(n.Snake()) }

// GoExported: Go's exported form with initialisms ("UserID", "APIURL").
func (n Name) GoExported() string {
	var b strings.Builder
	for _, w := range n.Words {
		b.WriteString(goWord(w))
	}
	return b.String()
}

// GoUnexported: Go's unexported form with initialisms ("userID", "apiURL";
// "id" stays "id").
func (n Name) GoUnexported() string {
	var b strings.Builder
	for i, w := range n.Words {
		if i == 0 {
			b.WriteString(w)
		} else {
			b.WriteString(goWord(w))
		}
	}
	return b.String()
}

// Plural: the English plural of the last word ("category" -> "categories",
// "person" -> "people", "status" -> "statuses").
func (n Name) Plural() Name { return n.mapLast(pluralWord) }

// Singular: the inverse of Plural for the last word.
func (n Name) Singular() Name { return n.mapLast(singularWord) }

// String is the camelCase form.
func (n Name) String() string { return n.Camel() }

// IsZero reports whether n has no words.
func (n Name) IsZero() bool { return len(n.Words) == 0 }

// MarshalText makes a Name print as its camelCase form in `bgen ir`.
func (n Name) MarshalText() ([]byte, error) { return []byte(n.Camel()), nil }

func (n Name) mapLast(f func(string) string) Name {
	if len(n.Words) == 0 {
		return n
	}
	words := append([]string(nil), n.Words...)
	words[len(words)-1] = f(words[len(words)-1])
	return Name{Words: words}
}

func capitalize(w string) string {
	if w == "" {
		return w
	}
	rs := []rune(w)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

func goWord(w string) string {
	up := strings.ToUpper(w)
	if isInitialism(up) {
		return up
	}
	if stem := strings.TrimSuffix(up, "S"); stem != up && isInitialism(stem) {
		return stem + "s" // "ids" -> "IDs"
	}
	return capitalize(w)
}

// isInitialism reports whether the upper-case word is one of golint's
// common initialisms.
func isInitialism(up string) bool {
	switch up {
	case "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML",
		"HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC",
		"SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "UID",
		"UUID", "URI", "URL", "UTF8", "VM", "XML", "XMPP", "XSRF", "XSS":
		return true
	}
	return false
}
