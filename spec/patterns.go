package spec

import (
	"fmt"
	"regexp"
	"strings"
)

// checkPattern compiles a field's pattern with Go's regexp and makes sure
// it stays inside the subset that RE2 (Go), Python's re and JavaScript read
// the same way, so every target validates the same strings.
func checkPattern(p string) (*regexp.Regexp, error) {
	if construct := unportable(p); construct != "" {
		return nil, fmt.Errorf("pattern %q uses %s, which not every target supports (the pattern must work in Go, Python and JavaScript)", p, construct)
	}
	re, err := regexp.Compile(p)
	if err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "error parsing regexp: ")
		return nil, fmt.Errorf("pattern %q does not compile: %s", p, msg)
	}
	return re, nil
}

// unportable names the first construct of p outside the common subset, or
// returns "".
func unportable(p string) string {
	inClass := false
	for i := 0; i < len(p); i++ {
		ch := p[i]
		rest := p[i:]
		switch {
		case ch == '\\':
			if i+1 >= len(p) {
				return ""
			}
			next := p[i+1]
			switch {
			case next >= '1' && next <= '9':
				return "a backreference (\\" + string(next) + ")"
			case next == 'k' && strings.HasPrefix(p[i+2:], "<"):
				return "a named backreference (\\k<...>)"
			case next == 'A' || next == 'z' || next == 'Z':
				return "the anchor \\" + string(next) + " (use ^ and $)"
			case next == 'p' || next == 'P':
				return "a Unicode class (\\" + string(next) + ")"
			case next == 'Q' || next == 'E':
				return "quoting with \\Q...\\E"
			case next == 'x' && strings.HasPrefix(p[i+2:], "{"):
				return "a braced hex escape (\\x{...})"
			case next == 'C':
				return "\\C (any byte)"
			}
			i++ // skip the escaped character
		case inClass:
			if strings.HasPrefix(rest, "[:") {
				return "a POSIX class ([[:name:]])"
			}
			if ch == ']' {
				inClass = false
			}
		case ch == '[':
			inClass = true
			// A ']' right after '[' or '[^' is a literal in Go and Python
			// but closes an empty class in JavaScript.
			j := i + 1
			if j < len(p) && p[j] == '^' {
				j++
			}
			if j < len(p) && p[j] == ']' {
				return "a ] first in a character class (escape it as \\])"
			}
			i = j - 1
		case strings.HasPrefix(rest, "(?"):
			switch {
			case strings.HasPrefix(rest, "(?:"):
			case strings.HasPrefix(rest, "(?="), strings.HasPrefix(rest, "(?!"):
				return "a lookahead (" + rest[:3] + ")"
			case strings.HasPrefix(rest, "(?<="), strings.HasPrefix(rest, "(?<!"):
				return "a lookbehind (" + rest[:4] + ")"
			case strings.HasPrefix(rest, "(?P"), strings.HasPrefix(rest, "(?<"), strings.HasPrefix(rest, "(?'"):
				return "a named group (" + rest[:3] + "...)"
			case strings.HasPrefix(rest, "(?>"):
				return "an atomic group ((?>...))"
			default:
				return "inline flags ((?flags))"
			}
		case strings.HasPrefix(rest, "{,"):
			return "a {,n} repeat (Python reads it as {0,n}, Go and JavaScript as text)"
		case (ch == '+') && i > 0 && isQuantifierEnd(p, i-1):
			return "a possessive quantifier (" + p[i-1:i+1] + ")"
		}
	}
	return ""
}

// isQuantifierEnd reports whether p[i] ends a quantifier (*, +, ?, {n,m}),
// not counting an escaped character.
func isQuantifierEnd(p string, i int) bool {
	if i > 0 && p[i-1] == '\\' {
		return false
	}
	switch p[i] {
	case '*', '+', '?', '}':
		return true
	}
	return false
}
