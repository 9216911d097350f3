package conformance

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Report collects one outcome per rule and column ("shop/fastapi/sqlite").
type Report struct {
	mu      sync.Mutex
	rules   []string
	columns []string
	cells   map[[2]string]string
}

// NewReport returns an empty report.
func NewReport() *Report { return &Report{cells: map[[2]string]string{}} }

// Record stores the outcome of t as the cell of rule and column.
func (r *Report) Record(rule, column string, t *testing.T) {
	out := "pass"
	switch {
	case t.Failed():
		out = "FAIL"
	case t.Skipped():
		out = "skip"
	}
	r.Set(rule, column, out)
}

// Set stores a cell.
func (r *Report) Set(rule, column, outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !contains(r.rules, rule) {
		r.rules = append(r.rules, rule)
	}
	if !contains(r.columns, column) {
		r.columns = append(r.columns, column)
	}
	r.cells[[2]string{rule, column}] = outcome
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Empty reports whether nothing was recorded.
func (r *Report) Empty() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.cells) == 0
}

// Write prints the table: one row per rule, one column per run.
func (r *Report) Write(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cols := append([]string(nil), r.columns...)
	sort.Strings(cols)
	width := len("rule")
	for _, rule := range r.rules {
		width = max(width, len(rule))
	}
	fmt.Fprintf(w, "%-*s", width, "rule")
	for _, c := range cols {
		fmt.Fprintf(w, "  %-*s", max(len(c), 4), c)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, strings.Repeat("-", width+len(cols)*2+sumLen(cols)))
	totals := map[string]int{}
	for _, rule := range r.rules {
		fmt.Fprintf(w, "%-*s", width, rule)
		for _, c := range cols {
			cell := r.cells[[2]string{rule, c}]
			if cell == "" {
				cell = "-"
			}
			totals[cell]++
			fmt.Fprintf(w, "  %-*s", max(len(c), 4), cell)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "conformance: %d passed, %d failed, %d skipped\n", totals["pass"], totals["FAIL"], totals["skip"])
}

func sumLen(xs []string) int {
	n := 0
	for _, x := range xs {
		n += max(len(x), 4)
	}
	return n
}
