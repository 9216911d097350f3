package sample

import (
	mrand "math/rand/v2"
	"regexp/syntax"
	"strings"
	"unicode"

	"github.com/bgen-dev/bgen/ir"
)

// inf stands for an unbounded length.
const inf = 1 << 30

// fromPattern makes a random string of f's pattern that fitsString
// accepts (lengths, the type's format). It picks a length first and then
// builds a string of exactly that length, so tight lengths are met
// without luck.
func fromPattern(f *ir.Field, r *mrand.Rand) (string, bool) {
	re, err := syntax.Parse(f.Pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	re = free(re.Simplify())
	lo, hi := minLen(re), maxLen(re)
	if f.MinLength != nil {
		lo = max(lo, *f.MinLength)
	}
	if f.MaxLength != nil {
		hi = min(hi, *f.MaxLength)
	}
	if f.Type == ir.Password {
		hi = min(hi, MaxPasswordBytes)
	}
	if lo > hi {
		return "", false
	}
	// Prefer 8 to 16 characters where the rules allow: long enough to be
	// distinct from run to run.
	from := max(lo, min(hi, 8))
	to := min(hi, from+8)
	for attempt := range 200 {
		l := from + r.IntN(to-from+1)
		if attempt >= 100 {
			l = lo + r.IntN(min(hi, lo+64)-lo+1) // anything the rules allow
		}
		s, built := build(re, l, r)
		if built && fitsString(f, s) {
			return s, true
		}
	}
	return "", false
}

// free surrounds an unanchored pattern with [0-9a-z]* where it is
// unanchored: "@corp\.example$" matches more than "@corp.example".
func free(re *syntax.Regexp) *syntax.Regexp {
	any := func() *syntax.Regexp {
		return &syntax.Regexp{Op: syntax.OpStar, Sub: []*syntax.Regexp{{Op: syntax.OpCharClass, Rune: []rune{'0', '9', 'a', 'z'}}}}
	}
	var subs []*syntax.Regexp
	if !anchored(re, 0) {
		subs = append(subs, any())
	}
	subs = append(subs, re)
	if !anchored(re, 1) {
		subs = append(subs, any())
	}
	if len(subs) == 1 {
		return re
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Sub: subs}
}

// anchored reports whether every match of re starts (end 0) or ends (end
// 1) at an anchor.
func anchored(re *syntax.Regexp, end int) bool {
	switch re.Op {
	case syntax.OpBeginText, syntax.OpBeginLine:
		return end == 0
	case syntax.OpEndText, syntax.OpEndLine:
		return end == 1
	case syntax.OpCapture:
		return anchored(re.Sub[0], end)
	case syntax.OpConcat:
		if len(re.Sub) == 0 {
			return false
		}
		if end == 0 {
			return anchored(re.Sub[0], end)
		}
		return anchored(re.Sub[len(re.Sub)-1], end)
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !anchored(s, end) {
				return false
			}
		}
		return true
	}
	return false
}

// minLen and maxLen are the shortest and longest lengths (in runes) of the
// strings re matches; inf when unbounded.
func minLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpNoMatch:
		return inf
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return minLen(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		return 0
	case syntax.OpRepeat:
		return mul(re.Min, minLen(re.Sub[0]))
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n = add(n, minLen(s))
		}
		return n
	case syntax.OpAlternate:
		n := inf
		for _, s := range re.Sub {
			n = min(n, minLen(s))
		}
		return n
	}
	return 0 // empty match, anchors, word boundaries
}

func maxLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpNoMatch:
		return -1
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpQuest:
		return maxLen(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		if maxLen(re.Sub[0]) == 0 {
			return 0
		}
		return inf
	case syntax.OpRepeat:
		m := maxLen(re.Sub[0])
		if m == 0 {
			return 0
		}
		if re.Max < 0 {
			return inf
		}
		return mul(re.Max, m)
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n = add(n, maxLen(s))
		}
		return n
	case syntax.OpAlternate:
		n := -1
		for _, s := range re.Sub {
			n = max(n, maxLen(s))
		}
		return n
	}
	return 0
}

func add(a, b int) int { return min(a+b, inf) }

func mul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a >= inf/b {
		return inf
	}
	return a * b
}

// build makes a string of exactly l runes that re matches (anchors and
// word boundaries aside: the caller checks the result).
func build(re *syntax.Regexp, l int, r *mrand.Rand) (string, bool) {
	if l < minLen(re) || l > maxLen(re) {
		return "", false
	}
	switch re.Op {
	case syntax.OpLiteral:
		return string(re.Rune), true
	case syntax.OpCharClass:
		return string(pickRune(re.Rune, r)), true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return string(rune('a' + r.IntN(26))), true
	case syntax.OpCapture:
		return build(re.Sub[0], l, r)
	case syntax.OpConcat:
		return buildSeq(re.Sub, l, r)
	case syntax.OpAlternate:
		var fit []*syntax.Regexp
		for _, s := range re.Sub {
			if minLen(s) <= l && l <= maxLen(s) {
				fit = append(fit, s)
			}
		}
		if len(fit) == 0 {
			return "", false
		}
		return build(fit[r.IntN(len(fit))], l, r)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, inf
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
			if hi < 0 {
				hi = inf
			}
		}
		sub := re.Sub[0]
		smin, smax := minLen(sub), maxLen(sub)
		if l == 0 {
			return "", lo == 0 || smin == 0
		}
		if smax == 0 {
			return "", false
		}
		kmin, kmax := lo, hi
		if smax < inf {
			kmin = max(kmin, (l+smax-1)/smax)
		}
		if smin > 0 {
			kmax = min(kmax, l/smin)
		} else {
			kmax = min(kmax, max(kmin, l))
		}
		if kmin > kmax {
			return "", false
		}
		k := kmin + r.IntN(kmax-kmin+1)
		subs := make([]*syntax.Regexp, k)
		for i := range subs {
			subs[i] = sub
		}
		return buildSeq(subs, l, r)
	}
	return "", l == 0 // empty match, anchors, word boundaries
}

// buildSeq splits l among subs at random, within what each can match.
func buildSeq(subs []*syntax.Regexp, l int, r *mrand.Rand) (string, bool) {
	restMin, restMax := make([]int, len(subs)+1), make([]int, len(subs)+1)
	for i := len(subs) - 1; i >= 0; i-- {
		restMin[i] = add(restMin[i+1], minLen(subs[i]))
		restMax[i] = add(restMax[i+1], maxLen(subs[i]))
	}
	var b strings.Builder
	left := l
	for i, s := range subs {
		lo := max(minLen(s), left-restMax[i+1])
		hi := min(maxLen(s), left-restMin[i+1])
		if lo > hi {
			return "", false
		}
		n := lo + r.IntN(hi-lo+1)
		part, ok := build(s, n, r)
		if !ok {
			return "", false
		}
		b.WriteString(part)
		left -= n
	}
	return b.String(), left == 0
}

// pickRune picks a rune of a class: a lower-case letter or digit when the
// class has one, so that values sort the same under any collation; else an
// upper-case letter; else a printable, non-space character, ASCII first.
func pickRune(ranges []rune, r *mrand.Rand) rune {
	for _, tier := range [][][2]rune{{{'0', '9'}, {'a', 'z'}}, {{'A', 'Z'}}, {{'!', '~'}}, {{0xa1, 0x1fff}}} {
		var pool []rune
		for i := 0; i+1 < len(ranges); i += 2 {
			for _, want := range tier {
				for c := max(ranges[i], want[0]); c <= min(ranges[i+1], want[1]); c++ {
					if unicode.IsPrint(c) && !unicode.IsSpace(c) {
						pool = append(pool, c)
					}
				}
			}
		}
		if len(pool) > 0 {
			return pool[r.IntN(len(pool))]
		}
	}
	return 'a'
}
