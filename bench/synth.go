// Package bench holds bgen's benchmarks: a generator of synthetic specs and
// benchmarks of the whole pipeline over them. Figures are measured here,
// never asserted in tests.
package bench

import (
	"fmt"
	"strings"
)

// Synthetic returns a spec with n entities. Each has six fields of mixed
// types and, from the second on, an optional belongsTo to the previous one,
// listed with filters and sorts so that every emitter has real work to do.
func Synthetic(n int) string {
	var b strings.Builder
	b.WriteString("package synth\n\nname: \"synth\"\n\nentities: {\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "\tItem%d: {\n", i)
		b.WriteString("\t\tfields: {\n")
		b.WriteString("\t\t\ttitle:    {type: \"string\", minLength: 1, maxLength: 120}\n")
		b.WriteString("\t\t\tquantity: {type: \"int\", min: 0, default: 0}\n")
		b.WriteString("\t\t\tprice:    {type: \"decimal\", precision: 10, scale: 2}\n")
		b.WriteString("\t\t\tactive:   {type: \"bool\", default: true}\n")
		b.WriteString("\t\t\tdueOn:    {type: \"date\", optional: true}\n")
		b.WriteString("\t\t\tkind:     {type: \"enum\", values: [\"a\", \"b\", \"c\"], default: \"a\"}\n")
		b.WriteString("\t\t}\n")
		filter := `["title", "quantity", "kind"]`
		if i > 1 {
			fmt.Fprintf(&b, "\t\trelations: previous: {belongsTo: \"Item%d\", optional: true, onDelete: \"setNull\"}\n", i-1)
			filter = `["title", "quantity", "kind", "previous"]`
		}
		fmt.Fprintf(&b, "\t\tlist: {filter: %s, sort: [\"title\", \"quantity\"], search: [\"title\"]}\n", filter)
		b.WriteString("\t}\n")
	}
	b.WriteString("}\n")
	return b.String()
}
