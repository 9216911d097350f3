package writer

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func lines(n int, f func(i int) string) []byte {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(f(i) + "\n")
	}
	return []byte(b.String())
}

func TestDiff(t *testing.T) {
	plain := func(i int) string { return fmt.Sprintf("line %d", i) }
	for _, tc := range []struct {
		name     string
		old, new []byte
		want     string
	}{
		{"equal", []byte("a\n"), []byte("a\n"), ""},
		{"from empty", nil, []byte("a\nb\n"), "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to empty", []byte("a\n"), nil, "--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n"},
		{"newline", []byte("a"), []byte("a\n"), "--- a\n+++ b\n\\ the files differ in their final newline\n"},
		{
			"two hunks",
			lines(20, plain),
			lines(20, func(i int) string {
				if i == 2 || i == 18 {
					return "changed"
				}
				return plain(i)
			}),
			"--- a\n+++ b\n" +
				"@@ -1,5 +1,5 @@\n line 1\n-line 2\n+changed\n line 3\n line 4\n line 5\n" +
				"@@ -15,6 +15,6 @@\n line 15\n line 16\n line 17\n-line 18\n+changed\n line 19\n line 20\n",
		},
		{
			"close changes share a hunk",
			lines(10, plain),
			lines(10, func(i int) string {
				if i == 3 || i == 8 {
					return "x"
				}
				return plain(i)
			}),
			"--- a\n+++ b\n@@ -1,10 +1,10 @@\n line 1\n line 2\n-line 3\n+x\n line 4\n line 5\n line 6\n line 7\n-line 8\n+x\n line 9\n line 10\n",
		},
		{
			"insertion",
			[]byte("a\nb\nc\n"),
			[]byte("a\nb\nnew\nc\n"),
			"--- a\n+++ b\n@@ -1,3 +1,4 @@\n a\n b\n+new\n c\n",
		},
	} {
		if got := Diff("a", "b", tc.old, tc.new); got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
	}
}

func TestDiffCapped(t *testing.T) {
	got := Diff("a", "b", lines(500, func(i int) string { return fmt.Sprint("old ", i) }),
		lines(500, func(i int) string { return fmt.Sprint("new ", i) }))
	if n := strings.Count(got, "\n"); n > maxDiffLines+5 {
		t.Errorf("diff has %d lines, want at most about %d", n, maxDiffLines)
	}
	if !strings.HasSuffix(got, "... (diff truncated)\n") {
		t.Errorf("capped diff does not say so:\n%s", got)
	}
	// Big files with a big changed middle still come back quickly.
	big := Diff("a", "b", lines(5000, func(i int) string { return fmt.Sprint("old ", i) }),
		lines(5000, func(i int) string { return fmt.Sprint("new ", i) }))
	if !strings.Contains(big, "-old 1\n") {
		t.Errorf("big diff:\n%s", big)
	}
}

func TestDiffLongLines(t *testing.T) {
	long := strings.Repeat("é", 300)
	got := Diff("a", "b", []byte(long+"\n"), []byte(long+"x\n"))
	for _, l := range strings.Split(got, "\n") {
		if len(l) > maxDiffLineLen+10 {
			t.Errorf("line of %d bytes in the diff", len(l))
		}
	}
	if !strings.Contains(got, " ...\n") || !utf8.ValidString(got) {
		t.Errorf("diff:\n%s", got)
	}
	if n := strings.Count(Diff("a", "b", lines(100, func(i int) string { return fmt.Sprint("old ", i) }), nil), "truncated"); n != 1 {
		t.Errorf("truncation said %d times", n)
	}
}
