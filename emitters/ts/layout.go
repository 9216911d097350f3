package ts

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// The layout of generated TypeScript: prettier's doc printer (groups,
// indents, lines, conditional groups) and the parts of its JavaScript
// printer that generated code reaches (calls with a hugged last argument,
// member chains, assignments, arrays, objects, imports), so that a
// generated file is written as prettier, with the project's
// .prettierrc.json (its defaults: 80 columns), would write it and
// npm run format:check leaves it alone.
//
// Generators build an Expr (Raw, Lit, Arr, Obj, Call, Member, ...) or a
// Doc and lay a statement out with Print.

// Expr is an expression: one of Raw, Lit, Arr, Obj, BrokenObj, Call,
// Member, Prefix, Binary, Ternary, Arrow, or a Doc of its own (Verbatim).
type Expr any

type (
	Raw string // printed as is: a name, a number or bigint literal, "new RegExp"
	Lit string // a string literal
	Arr []Expr
	Obj []Prop
	// BrokenObj is an object literal written across lines (prettier keeps
	// it so).
	BrokenObj []Prop
	Prop      struct {
		Key string
		Val Expr // nil: shorthand
	}
	Call struct {
		Callee Expr
		Args   []Expr
	}
	Member struct {
		Recv Expr
		Name string
	}
	// Prefix is `Op X`: an await or a unary operator (Op holds the
	// space, "await ", "!").
	Prefix struct {
		Op string
		X  Expr
	}
	// Binary is `L Op R`.
	Binary struct {
		L  Expr
		Op string
		R  Expr
	}
	// Ternary is `Test ? Then : Else`.
	Ternary struct{ Test, Then, Else Expr }
	// Arrow is `Params => Body`, Body an expression.
	Arrow struct {
		Params string
		Body   Expr
	}
)

func CallOf(callee Expr, args ...Expr) Expr { return Call{callee, args} }

func Method(recv Expr, name string, args ...Expr) Expr {
	return Call{Member{recv, name}, args}
}

var identRE = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// PropKey is an object key as prettier writes it (quoteProps as-needed):
// bare when it is an identifier or a simple number, else quoted.
func PropKey(k string) string {
	if identRE.MatchString(k) || simpleNumberRE.MatchString(k) {
		return k
	}
	return Quote(k)
}

var simpleNumberRE = regexp.MustCompile(`^(?:0|[1-9][0-9]*)$`)

// Quote is a string literal as prettier writes it: double quotes, unless
// the text holds more double quotes than single ones.
func Quote(s string) string {
	lit := Str(s)
	if strings.Count(s, `"`) <= strings.Count(s, "'") {
		return lit
	}
	body := lit[1 : len(lit)-1]
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '\\' && i+1 < len(body) && body[i+1] == '"':
			b.WriteByte('"')
			i++
		case c == '\\' && i+1 < len(body):
			b.WriteByte(c)
			b.WriteByte(body[i+1])
			i++
		case c == '\'':
			b.WriteString(`\'`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// Verbatim is an expression whose doc is given: what the expression
// types do not cover (an arrow function, a template literal, a binary
// expression).
type Verbatim struct{ Doc any }

// --- layout: prettier's algorithm (its doc printer and the parts of its
// JavaScript printer these files reach: calls with a hugged last
// argument, member chains, assignments, arrays and objects) ---

const PrintWidth = 80

type (
	Docs    []any // concatenation
	LineDoc struct{ soft, hard bool }
	// Indent indents its lines by two more spaces.
	Indent struct{ d any }
	// Group is printed flat if it fits, else broken; with states, it is
	// prettier's conditionalGroup.
	Group struct {
		d      any
		brk    bool
		states []any
		id     int
		obj    int // an object literal's number in its statement, from 1
	}
	IfBreak       struct{ brk, flat any }
	indentIfBreak struct {
		d  any
		id int
	}
	BreakParent struct{}
)

var (
	Line     = LineDoc{}
	Softline = LineDoc{soft: true}
	Hardline = Docs{LineDoc{hard: true}, BreakParent{}}
)

func group(d any, brk bool) *Group { return &Group{d: d, brk: brk} }

func Join(sep any, ds []any) Docs {
	var out Docs
	for i, d := range ds {
		if i > 0 {
			out = append(out, sep)
		}
		out = append(out, d)
	}
	return out
}

// WillBreak reports whether d holds a broken group or a forced line break.
func WillBreak(d any) bool {
	switch x := d.(type) {
	case Docs:
		for _, c := range x {
			if WillBreak(c) {
				return true
			}
		}
	case LineDoc:
		return x.hard
	case BreakParent:
		return true
	case Indent:
		return WillBreak(x.d)
	case indentIfBreak:
		return WillBreak(x.d)
	case IfBreak:
		return WillBreak(x.brk)
	case *Group:
		return x.brk || WillBreak(x.d)
	}
	return false
}

// ppPropagateBreaks breaks every group holding a forced break (not the
// conditional ones, which choose).
func ppPropagateBreaks(d any) {
	var stack []*Group
	breakTop := func() {
		if n := len(stack); n > 0 && stack[n-1].states == nil {
			stack[n-1].brk = true
		}
	}
	var walk func(any)
	walk = func(d any) {
		switch x := d.(type) {
		case Docs:
			for _, c := range x {
				walk(c)
			}
		case BreakParent:
			breakTop()
		case Indent:
			walk(x.d)
		case indentIfBreak:
			walk(x.d)
		case IfBreak:
			walk(x.brk)
			walk(x.flat)
		case *Group:
			stack = append(stack, x)
			if x.states != nil {
				for _, s := range x.states {
					walk(s)
				}
			} else {
				walk(x.d)
			}
			stack = stack[:len(stack)-1]
			if x.brk {
				breakTop()
			}
		}
	}
	walk(d)
}

const (
	ppModeBreak = iota
	ppModeFlat
)

type ppCmd struct {
	ind, mode int
	d         any
}

func ppTextWidth(s string) int { return len([]rune(s)) }

// ppFits reports whether next, then rest up to its first line break, fits
// in width.
func ppFits(next ppCmd, rest []ppCmd, width int, modes map[int]int) bool {
	restIdx := len(rest)
	stack := []ppCmd{next}
	for width >= 0 {
		if len(stack) == 0 {
			if restIdx == 0 {
				return true
			}
			restIdx--
			stack = append(stack, rest[restIdx])
			continue
		}
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch x := c.d.(type) {
		case string:
			width -= ppTextWidth(x)
		case Docs:
			for i := len(x) - 1; i >= 0; i-- {
				stack = append(stack, ppCmd{c.ind, c.mode, x[i]})
			}
		case Indent:
			stack = append(stack, ppCmd{c.ind, c.mode, x.d})
		case indentIfBreak:
			stack = append(stack, ppCmd{c.ind, c.mode, x.d})
		case IfBreak:
			if c.mode == ppModeBreak {
				stack = append(stack, ppCmd{c.ind, c.mode, x.brk})
			} else {
				stack = append(stack, ppCmd{c.ind, c.mode, x.flat})
			}
		case *Group:
			mode := c.mode
			if x.brk {
				mode = ppModeBreak
			}
			d := x.d
			if x.states != nil && mode == ppModeBreak {
				d = x.states[len(x.states)-1]
			}
			stack = append(stack, ppCmd{c.ind, mode, d})
		case LineDoc:
			if c.mode == ppModeBreak || x.hard {
				return true
			}
			if !x.soft {
				width--
			}
		}
	}
	return false
}

// ppLayout lays d out in printWidth columns.
var (
	ppMu sync.Mutex
	// ppObjects numbers the object literals of the statement being built;
	// ppForced holds those to write broken, ppBroken those written so.
	ppObjects          int
	ppForced, ppBroken map[int]bool
)

// Print lays out the statement build returns. prettier keeps an object
// literal broken where its source breaks it after "{"; so the layout is
// redone, with each object written broken forced so, until prettier,
// reading it, would write it the same.
func Print(build func() any) string {
	ppMu.Lock()
	defer ppMu.Unlock()
	ppForced = map[int]bool{}
	for {
		ppObjects = 0
		ppBroken = map[int]bool{}
		out := ppLayout(build())
		again := false
		for n := range ppBroken {
			if !ppForced[n] {
				ppForced[n] = true
				again = true
			}
		}
		if !again {
			return out
		}
	}
}

// arrayBreaks is prettier's rule for an array of more than one element
// that are all objects (or all arrays) of more than one entry: written
// broken, one element a line.
func arrayBreaks(a Arr) bool {
	if len(a) < 2 {
		return false
	}
	kind := -1
	for _, e := range a {
		k, n := -1, 0
		switch x := e.(type) {
		case Obj:
			k, n = 0, len(x)
		case BrokenObj:
			k, n = 0, len(x)
		case Arr:
			k, n = 1, len(x)
		}
		if k < 0 || n < 2 || (kind >= 0 && k != kind) {
			return false
		}
		kind = k
	}
	return true
}

// Flat is e on one line, however long (an expression inside text that
// is not laid out).
func Flat(e Expr) string {
	ppMu.Lock()
	defer ppMu.Unlock()
	ppForced = map[int]bool{}
	ppObjects = 0
	ppBroken = map[int]bool{}
	return ppLayoutWidth(ExprDoc(e), 1<<30)
}

// ValueExpr is a JSON-like value (what encoding/json reads or writes) as
// an expression.
func ValueExpr(v any) Expr {
	switch x := v.(type) {
	case string:
		return Lit(x)
	case []any:
		a := Arr{}
		for _, e := range x {
			a = append(a, ValueExpr(e))
		}
		return a
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := Obj{}
		for _, k := range keys {
			o = append(o, Prop{Key: k, Val: ValueExpr(x[k])})
		}
		return o
	}
	return Raw(Value(v))
}

func ppLayout(d any) string { return ppLayoutWidth(d, PrintWidth) }

func ppLayoutWidth(d any, width int) string {
	ppPropagateBreaks(d)
	var out strings.Builder
	pos := 0
	modes := map[int]int{}
	remeasure := false
	cmds := []ppCmd{{0, ppModeBreak, d}}
	for len(cmds) > 0 {
		c := cmds[len(cmds)-1]
		cmds = cmds[:len(cmds)-1]
		switch x := c.d.(type) {
		case nil:
		case string:
			out.WriteString(x)
			pos += ppTextWidth(x)
		case Docs:
			for i := len(x) - 1; i >= 0; i-- {
				cmds = append(cmds, ppCmd{c.ind, c.mode, x[i]})
			}
		case Indent:
			cmds = append(cmds, ppCmd{c.ind + 2, c.mode, x.d})
		case indentIfBreak:
			if modes[x.id] == ppModeBreak {
				cmds = append(cmds, ppCmd{c.ind + 2, c.mode, x.d})
			} else {
				cmds = append(cmds, ppCmd{c.ind, c.mode, x.d})
			}
		case IfBreak:
			if c.mode == ppModeBreak {
				cmds = append(cmds, ppCmd{c.ind, c.mode, x.brk})
			} else {
				cmds = append(cmds, ppCmd{c.ind, c.mode, x.flat})
			}
		case BreakParent:
		case *Group:
			if c.mode == ppModeFlat && !remeasure {
				mode := ppModeFlat
				if x.brk {
					mode = ppModeBreak
				}
				cmds = append(cmds, ppCmd{c.ind, mode, x.d})
			} else {
				remeasure = false
				next := ppCmd{c.ind, ppModeFlat, x.d}
				rem := width - pos
				switch {
				case !x.brk && ppFits(next, cmds, rem, modes):
					cmds = append(cmds, next)
				case x.states != nil:
					most := x.states[len(x.states)-1]
					if x.brk {
						cmds = append(cmds, ppCmd{c.ind, ppModeBreak, most})
						break
					}
					// The states between the first and the last are tried
					// flat; else the last, broken.
					chosen := ppCmd{c.ind, ppModeBreak, most}
					for i := 1; i < len(x.states)-1; i++ {
						if st := (ppCmd{c.ind, ppModeFlat, x.states[i]}); ppFits(st, cmds, rem, modes) {
							chosen = st
							break
						}
					}
					cmds = append(cmds, chosen)
				default:
					cmds = append(cmds, ppCmd{c.ind, ppModeBreak, x.d})
				}
			}
			if x.id != 0 {
				modes[x.id] = cmds[len(cmds)-1].mode
			}
			if x.obj != 0 && cmds[len(cmds)-1].mode == ppModeBreak {
				ppBroken[x.obj] = true
			}
		case LineDoc:
			if c.mode == ppModeFlat && !x.hard {
				if !x.soft {
					out.WriteString(" ")
					pos++
				}
				break
			}
			if c.mode == ppModeFlat {
				remeasure = true
			}
			s := strings.TrimRight(out.String(), " ")
			out.Reset()
			out.WriteString(s + "\n" + strings.Repeat(" ", c.ind))
			pos = c.ind
		}
	}
	return out.String()
}

var ppGroupIDs int

// ExprDoc is the doc of an expression, as prettier prints it.
func ExprDoc(n Expr) any {
	switch x := n.(type) {
	case Raw:
		return string(x)
	case Lit:
		return Quote(string(x))
	case Verbatim:
		return x.Doc
	case Arr:
		if len(x) == 0 {
			return "[]"
		}
		var els []any
		for _, e := range x {
			els = append(els, ExprDoc(e))
		}
		if arrayBreaks(x) {
			return group(Docs{"[", Indent{Docs{Softline, Join(Docs{",", Line}, els)}}, IfBreak{brk: ","}, Softline, "]"}, true)
		}
		return group(Docs{"[", Indent{Docs{Softline, Join(Docs{",", Line}, els)}}, IfBreak{brk: ","}, Softline, "]"}, false)
	case Obj:
		return object(x, false)
	case BrokenObj:
		return object(x, true)
	case Member:
		return Docs{ExprDoc(x.Recv), "." + x.Name}
	case Prefix:
		return Docs{x.Op, ExprDoc(x.X)}
	case Binary:
		return group(Docs{ExprDoc(x.L), " " + x.Op, Indent{Docs{Line, ExprDoc(x.R)}}}, false)
	case Ternary:
		// prettier aligns each branch two columns past its "? " or ": ".
		return group(Docs{ExprDoc(x.Test), Indent{Docs{Line, "? ", Indent{ExprDoc(x.Then)}, Line, ": ", Indent{ExprDoc(x.Else)}}}}, false)
	case Arrow:
		return arrowDoc(x.Params, ExprDoc(x.Body), false)
	case Call:
		if _, ok := x.Callee.(Member); ok {
			return ppMemberChain(x)
		}
		return Docs{ExprDoc(x.Callee), Args(x.Args)}
	}
	panic(fmt.Sprintf("ts: no doc for %T", n))
}

func object(props []Prop, broken bool) any {
	if len(props) == 0 {
		return "{}"
	}
	ppObjects++
	n := ppObjects
	var ps []any
	for _, p := range props {
		if p.Val == nil {
			ps = append(ps, p.Key)
		} else {
			ps = append(ps, Assign(PropKey(p.Key), ":", p.Val))
		}
	}
	return &Group{d: Docs{"{", Indent{Docs{Line, Join(Docs{",", Line}, ps)}}, IfBreak{brk: ","}, Line, "}"}, brk: broken || ppForced[n], obj: n}
}

// arrowDoc is an arrow function of body's doc; expanded, it is a hugged
// last argument, whose broken body is followed by a comma and a line
// break before the call's ")".
func arrowDoc(params string, body any, expanded bool) any {
	var tail any
	if expanded {
		tail = IfBreak{brk: Docs{",", Softline}}
	}
	return group(Docs{params, " =>", Indent{Docs{Line, body}}, tail}, false)
}

func ppHuggable(n Expr) bool {
	switch x := n.(type) {
	case Arrow:
		_, call := x.Body.(Call)
		return call
	case Arr:
		return len(x) > 0
	case Obj:
		return len(x) > 0
	case BrokenObj:
		return len(x) > 0
	}
	return false
}

// sameKind reports whether a and b are both arrays or both objects:
// prettier hugs neither of two last arguments of one kind.
func sameKind(a, b Expr) bool {
	kind := func(e Expr) int {
		switch e.(type) {
		case Arr:
			return 1
		case Obj, BrokenObj:
			return 2
		}
		return 0
	}
	return kind(a) != 0 && kind(a) == kind(b)
}

// Args is a call's arguments, the last one hugged if it is a non-empty
// object or array (unless the one before is of its kind) or an arrow
// function returning a call.
func Args(args []Expr) any {
	if len(args) == 0 {
		return "()"
	}
	var printed []any
	var arrowBody any // the body's doc of a last argument that is an arrow
	for i, a := range args {
		if x, ok := a.(Arrow); ok && i == len(args)-1 {
			arrowBody = ExprDoc(x.Body)
			printed = append(printed, arrowDoc(x.Params, arrowBody, false))
			continue
		}
		printed = append(printed, ExprDoc(a))
	}
	var withSeps []any
	for i, p := range printed {
		if i < len(printed)-1 {
			withSeps = append(withSeps, Docs{p, ",", Line})
		} else {
			withSeps = append(withSeps, p)
		}
	}
	allBroken := func() any {
		return group(Docs{"(", Indent{Docs{Line, Docs(withSeps), ","}}, Line, ")"}, true)
	}
	breaks := false
	for _, p := range printed {
		breaks = breaks || WillBreak(p)
	}
	if ppHuggable(args[len(args)-1]) && (len(args) < 2 || !sameKind(args[len(args)-2], args[len(args)-1])) {
		head := Docs(withSeps[:len(withSeps)-1])
		if WillBreak(head) {
			return allBroken()
		}
		last := printed[len(printed)-1]
		if arrowBody != nil {
			last = arrowDoc(args[len(args)-1].(Arrow).Params, arrowBody, true)
		}
		states := []any{
			Docs{"(", head, last, ")"},
			Docs{"(", head, group(last, true), ")"},
			allBroken(),
		}
		var bp any
		if breaks {
			bp = BreakParent{}
		}
		return Docs{bp, &Group{d: states[0], states: states}}
	}
	return group(Docs{"(", Indent{Docs{Softline, Docs(withSeps)}}, IfBreak{brk: ","}, Softline, ")"}, breaks)
}

// link is one step of a member chain: .name, or a call's arguments.
type link struct {
	name   string
	args   []Expr
	isCall bool
}

func flatten(n Expr) (Expr, []link) {
	switch x := n.(type) {
	case Call:
		if _, ok := x.Callee.(Member); ok {
			root, seq := flatten(x.Callee)
			return root, append(seq, link{args: x.Args, isCall: true})
		}
	case Member:
		root, seq := flatten(x.Recv)
		return root, append(seq, link{name: x.Name})
	}
	return n, nil
}

// chainGroups splits a member chain as prettier does: the head (the
// first node and the calls right after it), then one group per member
// and its calls.
func chainGroups(n Expr) (head Expr, groups [][]link) {
	root, seq := flatten(n)
	i := 0
	var first []link
	for i < len(seq) && seq[i].isCall {
		first = append(first, seq[i])
		i++
	}
	head = root
	for _, l := range first {
		head = Call{head, l.args}
	}
	for ; i < len(seq); i++ {
		if !seq[i].isCall || len(groups) == 0 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], seq[i])
	}
	return head, groups
}

func ppMemberChain(n Expr) any {
	head, groups := chainGroups(n)
	var printed []any
	printed = append(printed, ExprDoc(head))
	for _, g := range groups {
		var d Docs
		for _, l := range g {
			if l.isCall {
				d = append(d, Args(l.args))
			} else {
				d = append(d, "."+l.name)
			}
		}
		printed = append(printed, d)
	}
	oneLine := Docs(printed)
	if len(printed) <= 2 {
		return group(oneLine, false)
	}
	expanded := Docs{printed[0], Indent{Docs{Hardline, Join(Hardline, printed[1:])}}}
	for _, p := range printed[:len(printed)-1] {
		if WillBreak(p) {
			return &Group{d: expanded}
		}
	}
	var bp any
	if WillBreak(oneLine) {
		bp = BreakParent{}
	}
	states := []any{oneLine, expanded}
	return Docs{bp, &Group{d: oneLine, states: states}}
}

// ppShortArg is prettier's lone short argument.
func ppShortArg(n Expr) bool {
	switch x := n.(type) {
	case Raw:
		// A number literal is short whatever its length.
		digits := strings.TrimPrefix(string(x), "-")
		return (digits != "" && digits[0] >= '0' && digits[0] <= '9') || ppTextWidth(string(x)) <= PrintWidth/4
	case Lit:
		return ppTextWidth(Quote(string(x))) <= PrintWidth/4
	}
	return false
}

// ppPoorlyBreakable is prettier's poorly breakable member or call chain: a
// chain printed on one line whose calls have no argument or one short one.
func ppPoorlyBreakable(n Expr) bool {
	if _, ok := n.(Call); !ok {
		return false
	}
	if _, groups := chainGroups(n); len(groups) > 1 {
		return false
	}
	for {
		switch x := n.(type) {
		case Call:
			if len(x.Args) > 1 || (len(x.Args) == 1 && !ppShortArg(x.Args[0])) {
				return false
			}
			n = x.Callee
		case Member:
			n = x.Recv
		case Raw:
			return true
		default:
			return false
		}
	}
}

// Assign is `left op rhs` (a property, a declaration) in prettier's
// layouts: break after the operator for a string, a poorly breakable chain
// or a ternary on a binary test, else
// fluid (the right side stays on the line if its start fits).
func Assign(left, op string, rhs Expr) any {
	r := ExprDoc(rhs)
	_, lit := rhs.(Lit)
	if op == ":" && ppTextWidth(left) < 5 {
		// prettier does not break after a short key: too little to gain.
		return group(Docs{left, op, " ", r}, false)
	}
	breakAfter := lit || ppPoorlyBreakable(rhs)
	if t, ok := rhs.(Ternary); ok {
		// prettier breaks after the operator before a ternary whose test
		// is a binary expression.
		_, breakAfter = t.Test.(Binary)
	}
	if breakAfter {
		return group(Docs{left, op, group(Indent{Docs{Line, r}}, false)}, false)
	}
	ppGroupIDs++
	id := ppGroupIDs
	return group(Docs{left, op, &Group{d: Indent{Line}, id: id}, indentIfBreak{r, id}}, false)
}

func Decl(left string, rhs Expr) any { return Docs{Assign(left, " =", rhs), ";"} }

// OutputType is `left = z.output<typeof schema>;`, a fluid assignment
// whose type arguments break.
func OutputType(left, schema string) any {
	ppGroupIDs++
	id := ppGroupIDs
	rhs := group(Docs{"z.output<", Indent{Docs{Softline, "typeof " + schema}}, Softline, ">"}, false)
	return Docs{group(Docs{left, " =", &Group{d: Indent{Line}, id: id}, indentIfBreak{rhs, id}}, false), ";"}
}

func Import(names []Expr, from string) any { return ImportKw("import", names, from) }

// ImportKw is `kw { names } from "from";` (kw: import, import type,
// export, export type).
func ImportKw(kw string, names []Expr, from string) any {
	var ns []any
	for _, n := range names {
		ns = append(ns, ExprDoc(n))
	}
	if len(ns) == 1 {
		// prettier keeps a lone specifier on the line, however long.
		return Docs{kw + " { ", ns[0], " } from ", Str(from), ";"}
	}
	return group(Docs{kw + " {", Indent{Docs{Line, Join(Docs{",", Line}, ns)}}, IfBreak{brk: ","}, Line, "} from ", Str(from), ";"}, false)
}

func ExportFrom(kw, spec, from string) any {
	// prettier keeps a lone specifier on the line, however long.
	return kw + " { " + spec + " } from " + from + ";"
}

// PrintIndented is Print of d on lines indented by level two-space steps
// (d's first line too).
func PrintIndented(level int, build func() any) string {
	return Print(func() any {
		var d any = Docs{Hardline, build()}
		for range level {
			d = Indent{d}
		}
		return d
	})[1:]
}

// Union is a union type of members, broken one member a line (each
// after "| ") when it does not fit.
func Union(members []string) any {
	if len(members) == 1 {
		return members[0]
	}
	var ms []any
	for _, m := range members {
		ms = append(ms, m)
	}
	return group(Indent{Docs{Softline, IfBreak{brk: "| "}, Join(Docs{Line, "| "}, ms)}}, false)
}

var (
	numExpRE      = regexp.MustCompile(`^([+-]?[\d.]+e)(?:\+|(-))?0*(\d)`)
	numUselessExp = regexp.MustCompile(`^([+-]?[\d.]+)e[+-]?0+$`)
	numLeadingDot = regexp.MustCompile(`^([+-])?\.`)
	numTrailZeros = regexp.MustCompile(`(\.\d+?)0+(e|$)`)
	numTrailDot   = regexp.MustCompile(`\.(e|$)`)
)

// NumText is a decimal number literal as prettier writes it: lower case,
// no "+" or leading zeros in the exponent, no trailing zeros or dot.
func NumText(s string) string {
	s = strings.ToLower(s)
	s = numExpRE.ReplaceAllString(s, "${1}${2}${3}")
	s = numUselessExp.ReplaceAllString(s, "${1}")
	s = numLeadingDot.ReplaceAllString(s, "${1}0.")
	s = numTrailZeros.ReplaceAllString(s, "${1}${2}")
	return numTrailDot.ReplaceAllString(s, "${1}")
}

// Params is `head(params)tail` (a function's signature): the parameters
// on head's line if they fit, else one a line with a trailing comma.
func Params(head string, params []any, tail any) any {
	return group(Docs{head, "(", Indent{Docs{Softline, Join(Docs{",", Line}, params)}}, IfBreak{brk: ","}, Softline, ")", tail}, false)
}

// TypeArgs is `name<args>`, the arguments one a line when they do not fit.
func TypeArgs(name string, args []string) any {
	var as []any
	for _, a := range args {
		as = append(as, a)
	}
	// prettier writes no trailing comma after type arguments.
	return group(Docs{name, "<", Indent{Docs{Softline, Join(Docs{",", Line}, as)}}, Softline, ">"}, false)
}

// If is `if (test) then` with a statement, not a block, for then: on one
// line if it fits, else then on the next line, indented.
func If(test, then any) any {
	return group(Docs{"if (", group(Docs{Indent{Docs{Softline, test}}, Softline}, false), ")", Indent{Docs{Line, then}}}, false)
}

// Nest is d with its lines indented two more spaces.
func Nest(d any) any { return Indent{d} }

// ObjectTypeArg is `name<{ members }>`, a lone object type argument
// hugged: its members one a line, each ending in ";", when it does not
// fit.
func ObjectTypeArg(name string, members []string) any {
	var ms []any
	for _, m := range members {
		ms = append(ms, m)
	}
	return group(Docs{name + "<{", Indent{Docs{Line, Join(Docs{";", Line}, ms)}}, IfBreak{brk: ";"}, Line, "}>"}, false)
}
