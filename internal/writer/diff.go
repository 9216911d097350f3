package writer

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// diffContext is the number of unchanged lines shown around a change.
const diffContext = 3

// maxDiffLines caps the lines of one file's diff; check output is a hint
// of what changed, not a patch.
const maxDiffLines = 40

// maxDiffLineLen caps the bytes shown of one line.
const maxDiffLineLen = 200

// maxLCSCells bounds the work of the line alignment. Beyond it the changed
// middle of the two files is shown as one removal and one addition.
const maxLCSCells = 4 << 20

type opKind byte

const (
	opEqual opKind = ' '
	opDel   opKind = '-'
	opIns   opKind = '+'
)

type lineOp struct {
	kind opKind
	a, b int // line indexes in old and new (of the line, or where it would go)
}

// Diff returns a short unified-style diff from old to new, labelled with
// the two names; "" when the contents are equal.
func Diff(oldName, newName string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	ops := alignLines(a, b)

	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	lines := 0
hunks:
	for _, h := range hunks(ops) {
		first := ops[h[0]]
		na, nb := 0, 0
		for _, op := range ops[h[0]:h[1]] {
			if op.kind != opIns {
				na++
			}
			if op.kind != opDel {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(first.a, na), hunkRange(first.b, nb))
		for _, op := range ops[h[0]:h[1]] {
			if lines >= maxDiffLines {
				out.WriteString("... (diff truncated)\n")
				break hunks
			}
			line := ""
			if op.kind == opIns {
				line = b[op.b]
			} else {
				line = a[op.a]
			}
			out.WriteByte(byte(op.kind))
			out.WriteString(clip(line))
			out.WriteByte('\n')
			lines++
		}
	}
	if noNewline(old) != noNewline(new) {
		out.WriteString("\\ the files differ in their final newline\n")
	}
	return out.String()
}

// clip shortens a line longer than maxDiffLineLen.
func clip(line string) string {
	if len(line) <= maxDiffLineLen {
		return line
	}
	cut := maxDiffLineLen
	for cut > 0 && !utf8.RuneStart(line[cut]) {
		cut--
	}
	return line[:cut] + " ..."
}

func noNewline(b []byte) bool { return len(b) > 0 && b[len(b)-1] != '\n' }

// hunkRange formats a unified diff range: start is 0-based, the output
// 1-based (or the line before an empty range).
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// alignLines returns the edit script from a to b: the common prefix and
// suffix are kept as they are and the middle is aligned by a longest
// common subsequence when small enough.
func alignLines(a, b []string) []lineOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []lineOp
	for i := 0; i < pre; i++ {
		ops = append(ops, lineOp{opEqual, i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) <= maxLCSCells {
		ops = append(ops, lcsOps(ma, mb, pre)...)
	} else {
		for i := range ma {
			ops = append(ops, lineOp{opDel, pre + i, pre})
		}
		for j := range mb {
			ops = append(ops, lineOp{opIns, pre + len(ma), pre + j})
		}
	}
	for k := 0; k < suf; k++ {
		ops = append(ops, lineOp{opEqual, len(a) - suf + k, len(b) - suf + k})
	}
	return ops
}

func lcsOps(a, b []string, off int) []lineOp {
	n, m := len(a), len(b)
	// l[i][j] is the LCS length of a[i:] and b[j:].
	l := make([]int32, (n+1)*(m+1))
	at := func(i, j int) *int32 { return &l[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				*at(i, j) = *at(i+1, j+1) + 1
			} else {
				*at(i, j) = max(*at(i+1, j), *at(i, j+1))
			}
		}
	}
	var ops []lineOp
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, lineOp{opEqual, off + i, off + j})
			i++
			j++
		case j < m && (i == n || *at(i, j+1) > *at(i+1, j)):
			ops = append(ops, lineOp{opIns, off + i, off + j})
			j++
		default:
			ops = append(ops, lineOp{opDel, off + i, off + j})
			i++
		}
	}
	return ops
}

// hunks groups the changes of ops with their context: each element is a
// half-open range of ops. Changes whose contexts touch share a hunk.
func hunks(ops []lineOp) [][2]int {
	var out [][2]int
	for i, op := range ops {
		if op.kind == opEqual {
			continue
		}
		start, stop := max(0, i-diffContext), min(len(ops), i+1+diffContext)
		if n := len(out); n > 0 && start <= out[n-1][1] {
			out[n-1][1] = stop
			continue
		}
		out = append(out, [2]int{start, stop})
	}
	return out
}
