// Package writer is the only code of bgen that touches the output
// directory. Plan compares what the emitters produced with what is on disk
// and in the manifest (DIR/.bgen/manifest.json) and computes every change;
// Apply then writes only the files whose bytes changed, removes the files
// bgen owned and no longer generates, and leaves user-owned files alone;
// Check reports the differences without writing.
//
// Layout: the files of target T live under DIR/T/; the schema's history,
// one snapshot per migration step, under DIR/.bgen/schema/ (snapshot.go).
// The manifest records the sha256 of every file bgen owns, keyed "T/path"
// (frozen files apart, under "frozen", with the hash of the bytes bgen
// wrote), and the database schema of the last build. A plan only looks at
// the targets it was given: manifest entries of other targets are kept as
// they are. A target given with no files is planned as empty, so every
// file bgen owned there is removed (its user-owned and frozen files stay).
//
// Frozen files (emitters.Frozen: migration steps, snapshots) are written
// when missing and otherwise kept as they are, whatever bgen would render
// now; they are never removed, and Check only requires them to exist. A
// frozen file the manifest lists as an ordinary owned file (an older bgen
// wrote it, rewriting it on every build) is planned like one this time:
// rewritten if bgen renders other bytes, unless it was edited by hand.
//
// User files are written when missing and never overwritten. The manifest
// remembers the stub bgen wrote ("user"), so that one no longer generated
// (the hooks of a renamed entity) is removed while it is untouched, and
// kept, and reported (Orphans), once edited.
package writer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
)

// ManifestPath is the manifest's path relative to the output directory.
const ManifestPath = ".bgen/manifest.json"

// action is what Apply does with one generated file.
type action int

const (
	actNone  action = iota // same bytes and mode on disk, or a user file that exists
	actWrite               // create or overwrite
	actChmod               // same bytes, other mode
)

// entry is one generated file and its state on disk.
type entry struct {
	target string // "" for a snapshot of the history
	key    string // "target/path" (".bgen/schema/name.json"), relative to the output directory
	file   emitters.File
	mode   fs.FileMode

	exists     bool
	disk       []byte
	diskMode   fs.FileMode
	inManifest bool
	// conflict says why the file may not be overwritten without force:
	// "hand-edited" (its hash differs from the manifest) or "not owned"
	// (it exists, differs and bgen never recorded it).
	conflict string
	act      action
	// folderInTheWay: a folder is where the file goes.
	folderInTheWay bool
	// recorded is what the manifest records for a frozen or user file:
	// the hash of the bytes bgen wrote ("" for a user file bgen did not
	// write and that differs from what it would write: not recorded).
	recorded string
}

// removal is a file bgen owned (it is in the manifest) and no longer
// generates.
type removal struct {
	target   string
	key      string
	exists   bool
	disk     []byte
	conflict string // "hand-edited" when its hash differs from the manifest
}

// Plan is every change a build would make to one output directory.
type Plan struct {
	dir         string
	newSteps    []string // snapshots written by this plan, by path
	orphans     []string // user files no longer generated, edited: kept
	targets     []string // the planned targets, sorted
	entries     []*entry // sorted by key
	removals    []*removal
	oldManifest []byte // nil when there is none
	newManifest []byte
}

// TargetSummary counts what Apply did for one target.
type TargetSummary struct {
	Target    string
	Written   int // files created or rewritten (or whose mode changed)
	Unchanged int // files left as they were, user-owned files included
	Removed   int // owned files no longer generated, deleted
}

// Summary is what Apply did, one element per target, sorted by target.
type Summary []TargetSummary

// ConflictError is returned by Apply without force when owned files were
// edited by hand (or files bgen does not own would be overwritten). Nothing
// was written.
type ConflictError struct {
	Files []Conflict
}

// Conflict is one file Apply refused to overwrite or delete.
type Conflict struct {
	Path   string // relative to the output directory, slash-separated
	Reason string
}

func (e *ConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "nothing written: %d file(s) were edited by hand or not written by bgen (--force overwrites or removes them):", len(e.Files))
	for _, c := range e.Files {
		fmt.Fprintf(&b, "\n\t%s (%s)", c.Path, c.Reason)
	}
	return b.String()
}

// State is what a build records besides the targets' files.
type State struct {
	// Schema is recorded in the manifest as JSON (nil: none).
	Schema any
	// History is the schema's history (ir.API.Migrations): each step's
	// snapshot is a frozen file under SchemaDir.
	History []*ir.Migration
}

// NewPlan computes the plan for writing out (target name -> its files) and
// the state into dir. It reads the disk but writes nothing.
func NewPlan(dir string, out map[string][]emitters.File, state State) (*Plan, error) {
	schema := state.Schema
	p := &Plan{dir: dir}
	for t := range out {
		if err := validTarget(t); err != nil {
			return nil, err
		}
		p.targets = append(p.targets, t)
	}
	sort.Strings(p.targets)

	old, oldRaw, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	p.oldManifest = oldRaw

	generated := map[string]emitters.Owner{} // key -> owner
	for _, t := range p.targets {
		if err := validFiles(t, out[t]); err != nil {
			return nil, err
		}
		for _, f := range out[t] {
			e, err := p.planFile(t, t+"/"+f.Path, f, old)
			if err != nil {
				return nil, err
			}
			p.entries = append(p.entries, e)
			generated[e.key] = f.Owner
		}
	}
	snaps, err := Snapshots(state.History)
	if err != nil {
		return nil, err
	}
	for _, f := range snaps {
		e, err := p.planFile("", f.Path, f, old)
		if err != nil {
			return nil, err
		}
		if !e.exists {
			p.newSteps = append(p.newSteps, e.key)
		}
		p.entries = append(p.entries, e)
		generated[e.key] = f.Owner
	}
	sort.Slice(p.entries, func(i, j int) bool { return p.entries[i].key < p.entries[j].key })

	planned := func(key string) bool {
		t, _, _ := strings.Cut(key, "/")
		_, ok := out[t]
		return ok
	}
	files := map[string]string{}
	for _, key := range sortedKeys(old.Files) {
		if !planned(key) {
			files[key] = old.Files[key] // another target's files: kept as they are
			continue
		}
		if _, ok := generated[key]; ok {
			continue // still generated: recorded below if bgen owns it
		}
		r, err := p.planRemoval(key, old.Files[key])
		if err != nil {
			return nil, err
		}
		p.removals = append(p.removals, r)
	}
	// User files bgen wrote and no longer generates: removed while they
	// are as bgen wrote them (the stub of an entity renamed or dropped),
	// else kept and reported (Orphans).
	users := map[string]string{}
	for _, key := range sortedKeys(old.User) {
		if t, _, _ := strings.Cut(key, "/"); len(out[t]) == 0 {
			// Another target's, or one no longer built: its user files
			// stay, stubs too.
			users[key] = old.User[key]
			continue
		}
		if _, ok := generated[key]; ok {
			continue
		}
		r, err := p.planRemoval(key, old.User[key])
		if err != nil {
			return nil, err
		}
		switch {
		case !r.exists:
		case r.conflict != "":
			p.orphans = append(p.orphans, key)
			users[key] = old.User[key]
		default:
			p.removals = append(p.removals, r)
		}
	}
	// Frozen files are history: their entries stay, generated or not,
	// whatever the plan's targets.
	frozen := map[string]string{}
	for key, h := range old.Frozen {
		frozen[key] = h
	}
	for _, e := range p.entries {
		switch e.file.Owner {
		case emitters.Bgen:
			files[e.key] = hash(e.file.Data)
			delete(frozen, e.key)
		case emitters.Frozen:
			frozen[e.key] = e.recorded
		case emitters.User:
			delete(frozen, e.key)
			if e.recorded != "" {
				users[e.key] = e.recorded
			}
		}
	}
	if err := p.checkFoldersInTheWay(); err != nil {
		return nil, err
	}
	p.newManifest, err = encodeManifest(manifest{Files: files, Frozen: frozen, User: users}, schema)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Plan) planFile(target, key string, f emitters.File, old *manifest) (*entry, error) {
	e := &entry{target: target, key: key, file: f, mode: fileMode(f)}
	if f.Owner == emitters.Frozen || f.Owner == emitters.User {
		// Until it is written, what it will be; once written, what bgen
		// wrote (set below when it is kept).
		e.recorded = hash(f.Data)
	}
	full := p.abs(e.key)
	info, err := os.Lstat(full)
	switch {
	case notExist(err):
		e.act = actWrite
		_, e.inManifest = old.Files[e.key]
		return e, nil
	case err != nil:
		return nil, err
	case info.IsDir():
		// Fine if the folder holds only files bgen removes: checked by
		// checkFoldersInTheWay once the removals are known.
		e.act = actWrite
		e.folderInTheWay = true
		return e, nil
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s: exists and is not a regular file", full)
	}
	e.exists = true
	e.diskMode = info.Mode().Perm()
	if e.disk, err = os.ReadFile(full); err != nil {
		return nil, err
	}
	if e.file.Owner == emitters.User {
		// Written once, never overwritten. What bgen wrote stays recorded
		// (its stub, which a later build may remove once it is no longer
		// generated and still untouched).
		if h, ok := old.User[e.key]; ok {
			e.recorded = h
		} else if string(e.disk) != string(f.Data) {
			e.recorded = ""
		}
		return e, nil
	}
	oldHash, inManifest := old.Files[e.key]
	if e.file.Owner == emitters.Frozen && !inManifest {
		// History: kept as it is.
		e.act = actNone
		if h, ok := old.Frozen[e.key]; ok {
			e.recorded = h
		} else {
			e.recorded = hash(e.disk)
		}
		return e, nil
	}
	e.inManifest = inManifest
	switch {
	case string(e.disk) == string(f.Data) && e.diskMode == e.mode:
		e.act = actNone
	case string(e.disk) == string(f.Data):
		e.act = actChmod
	default:
		e.act = actWrite
		if !inManifest {
			e.conflict = "not written by bgen"
		} else if hash(e.disk) != oldHash {
			e.conflict = "hand-edited"
		}
	}
	return e, nil
}

func (p *Plan) planRemoval(key, oldHash string) (*removal, error) {
	t, _, _ := strings.Cut(key, "/")
	r := &removal{target: t, key: key}
	if err := validKey(key); err != nil {
		return nil, fmt.Errorf("%s: bad entry %q: %v", filepath.Join(p.dir, ManifestPath), key, err)
	}
	full := p.abs(key)
	info, err := os.Lstat(full)
	switch {
	case notExist(err):
		return r, nil
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return r, nil // not ours any more: leave it
	}
	r.exists = true
	if r.disk, err = os.ReadFile(full); err != nil {
		return nil, err
	}
	if hash(r.disk) != oldHash {
		r.conflict = "hand-edited"
	}
	return r, nil
}

// checkFoldersInTheWay fails when a file is to be written where a folder
// is that holds anything but files this plan removes.
func (p *Plan) checkFoldersInTheWay() error {
	removed := map[string]bool{}
	for _, r := range p.removals {
		removed[r.key] = true
	}
	for _, e := range p.entries {
		if !e.folderInTheWay {
			continue
		}
		err := filepath.WalkDir(p.abs(e.key), func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(p.dir, name)
			if err != nil {
				return err
			}
			if !removed[filepath.ToSlash(rel)] {
				return fmt.Errorf("%s: is a folder holding %s, which bgen does not remove", p.abs(e.key), name)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Orphans lists the user-owned files bgen wrote and no longer generates
// (an entity's hooks, once it is renamed or dropped) that were edited, so
// are kept: the user moves their code and deletes them. Untouched ones
// are removed like bgen's own files.
func (p *Plan) Orphans() []string { return p.orphans }

// NewSteps lists the snapshots this plan writes (new migration steps),
// by path relative to the output directory.
func (p *Plan) NewSteps() []string { return p.newSteps }

// Conflicts lists the files Apply refuses to touch without force.
func (p *Plan) Conflicts() []Conflict {
	var out []Conflict
	for _, e := range p.entries {
		if e.conflict != "" {
			out = append(out, Conflict{Path: e.key, Reason: e.conflict})
		}
	}
	for _, r := range p.removals {
		if r.exists && r.conflict != "" {
			out = append(out, Conflict{Path: r.key, Reason: r.conflict + ", no longer generated"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Apply carries out the plan. Without force it writes nothing at all and
// returns a *ConflictError when an owned file was edited by hand or a file
// bgen does not own would be overwritten. The manifest is written last.
func (p *Plan) Apply(force bool) (Summary, error) {
	if c := p.Conflicts(); len(c) > 0 && !force {
		return nil, &ConflictError{Files: c}
	}
	sums := map[string]*TargetSummary{}
	for _, t := range p.targets {
		sums[t] = &TargetSummary{Target: t}
	}
	// Removals first: a removed file may be in the way of a new folder.
	for _, r := range p.removals {
		if !r.exists {
			continue
		}
		if err := os.Remove(p.abs(r.key)); err != nil {
			return nil, err
		}
		sums[r.target].Removed++
		if err := p.removeEmptyDirs(path.Dir(r.key)); err != nil {
			return nil, err
		}
	}
	for _, e := range p.entries {
		s := sums[e.target]
		if s == nil {
			s = &TargetSummary{} // a snapshot: counted by NewSteps, not in a target
		}
		switch e.act {
		case actNone:
			s.Unchanged++
		case actChmod:
			if err := os.Chmod(p.abs(e.key), e.mode); err != nil {
				return nil, err
			}
			s.Written++
		case actWrite:
			if err := writeFileAtomic(p.abs(e.key), e.file.Data, e.mode); err != nil {
				return nil, err
			}
			s.Written++
		}
	}
	if string(p.oldManifest) != string(p.newManifest) {
		if err := writeFileAtomic(p.abs(ManifestPath), p.newManifest, 0o644); err != nil {
			return nil, err
		}
	}
	var out Summary
	for _, t := range p.targets {
		out = append(out, *sums[t])
	}
	return out, nil
}

// removeEmptyDirs removes dir (relative to the output directory) and its
// parents while they are empty, never the output directory itself.
func (p *Plan) removeEmptyDirs(dir string) error {
	for ; dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		ents, err := os.ReadDir(p.abs(dir))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if len(ents) > 0 {
			return nil
		}
		if err := os.Remove(p.abs(dir)); err != nil {
			return err
		}
	}
	return nil
}

func (p *Plan) abs(key string) string { return filepath.Join(p.dir, filepath.FromSlash(key)) }

// notExist reports whether err says a path does not exist, also when one
// of its folders is a file (which the plan removes first).
func notExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

func fileMode(f emitters.File) fs.FileMode {
	if f.Mode == 0 {
		return 0o644
	}
	return fs.FileMode(f.Mode).Perm()
}

func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
