package writer

import (
	"fmt"
	"sort"

	"github.com/bgen-dev/bgen/emitters"
)

// ProblemKind says how the output directory differs from what a build
// would write.
type ProblemKind string

const (
	Missing    ProblemKind = "missing"     // generated, not on disk
	Stale      ProblemKind = "stale"       // on disk with other bytes (or mode)
	HandEdited ProblemKind = "hand-edited" // owned, changed since bgen wrote it
	NotOwned   ProblemKind = "not owned"   // on disk with other bytes, never written by bgen
	Extra      ProblemKind = "extra"       // owned by the manifest, no longer generated
)

// Problem is one difference between the output directory and a build.
type Problem struct {
	Path string // relative to the output directory, slash-separated
	Kind ProblemKind
	// Detail is a short explanation; Diff a unified-style diff from the
	// file on disk to the generated one, capped (may be "").
	Detail string
	Diff   string
}

func (p Problem) String() string {
	s := fmt.Sprintf("%s: %s", p.Path, p.Kind)
	if p.Detail != "" {
		s += " (" + p.Detail + ")"
	}
	return s
}

// Check lists every difference between the output directory and what
// Apply would leave there, for the planned targets. User-owned and frozen
// files are only required to exist (a frozen file an older bgen wrote as
// an ordinary one is compared, since the build rewrites it). Files neither
// generated nor in the manifest are not looked at. An empty result means
// a build would change nothing.
func (p *Plan) Check() []Problem {
	var out []Problem
	for _, e := range p.entries {
		switch {
		case !e.exists:
			out = append(out, Problem{Path: e.key, Kind: Missing})
		case e.file.Owner == emitters.User: // exists; its content is the user's
		case e.file.Owner == emitters.Frozen && e.act == actNone: // exists; history
		case e.act == actChmod:
			out = append(out, Problem{Path: e.key, Kind: Stale,
				Detail: fmt.Sprintf("mode %v, want %v", e.diskMode, e.mode)})
		case e.act == actWrite:
			kind := Stale
			switch e.conflict {
			case "hand-edited":
				kind = HandEdited
			case "not written by bgen":
				kind = NotOwned
			}
			out = append(out, Problem{Path: e.key, Kind: kind,
				Diff: Diff(e.key+" (on disk)", e.key+" (generated)", e.disk, e.file.Data)})
		}
	}
	for _, r := range p.removals {
		if !r.exists {
			continue
		}
		pr := Problem{Path: r.key, Kind: Extra, Detail: "no longer generated"}
		if r.conflict != "" {
			pr.Detail = "no longer generated, hand-edited"
		}
		out = append(out, pr)
	}
	if len(out) == 0 && string(p.oldManifest) != string(p.newManifest) {
		detail := "out of date"
		if p.oldManifest == nil {
			detail = "missing"
		}
		out = append(out, Problem{Path: ManifestPath, Kind: Stale, Detail: detail})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}
