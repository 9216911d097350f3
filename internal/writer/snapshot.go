package writer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/ir"
)

// SchemaDir is the folder of the schema's history, relative to the output
// directory: one snapshot per migration step, DIR/.bgen/schema/<Name>.json,
// written once with the build that planned the step and never rewritten
// (emitters.Frozen). The history belongs to the output directory, not to
// a target: every target renders every step, so a target built later gets
// the whole history.
const SchemaDir = ".bgen/schema"

// snapshotFormat is the snapshot format this bgen reads and writes.
const snapshotFormat = 1

// snapshotFile is one step's file: ir.Migration without From, which is the
// step before's To. Field names are the IR's, as `bgen ir` prints them.
type snapshotFile struct {
	Format  int
	Version int
	Name    string
	Summary string
	Changes []*ir.Change
	To      []*ir.Table
}

// SnapshotPath is the path of step m's snapshot, relative to the output
// directory.
func SnapshotPath(m *ir.Migration) string { return SchemaDir + "/" + m.Name + ".json" }

// EncodeSnapshot renders step m's snapshot: indented JSON, ending in a
// newline.
func EncodeSnapshot(m *ir.Migration) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(snapshotFile{Format: snapshotFormat, Version: m.Version, Name: m.Name, Summary: m.Summary, Changes: m.Changes, To: m.To})
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %v", m.Name, err)
	}
	return b.Bytes(), nil
}

// DecodeSnapshot reads one snapshot; From is left nil.
func DecodeSnapshot(data []byte) (*ir.Migration, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var s snapshotFile
	if err := dec.Decode(&s); err != nil {
		return nil, err
	}
	if s.Format != snapshotFormat {
		return nil, fmt.Errorf("snapshot format %d, this bgen reads format %d", s.Format, snapshotFormat)
	}
	if s.Version < 1 || s.Name == "" {
		return nil, fmt.Errorf("snapshot without a version or name")
	}
	for _, t := range s.To {
		if t == nil {
			return nil, fmt.Errorf("snapshot %s: a null table", s.Name)
		}
		for _, c := range t.Columns {
			if c == nil {
				return nil, fmt.Errorf("snapshot %s: table %s: a null column", s.Name, t.Name)
			}
			if c.Default != nil {
				v, err := defaultValue(c, c.Default.Value)
				if err != nil {
					return nil, fmt.Errorf("snapshot %s: %s.%s: default: %v", s.Name, t.Name, c.Name, err)
				}
				c.Default.Value = v
			}
		}
	}
	return &ir.Migration{Version: s.Version, Name: s.Name, Summary: s.Summary, To: s.To, Changes: s.Changes}, nil
}

// defaultValue gives a decoded default the Go type the lowering gives it
// (ir.Default.Value): int64 for int columns, float64 for float columns,
// and inside json values int64 for integers and float64 for other numbers.
func defaultValue(c *ir.Column, v any) (any, error) {
	n, ok := v.(json.Number)
	switch {
	case ok && c.Type == ir.Int:
		return n.Int64()
	case ok && c.Type == ir.Float:
		return n.Float64()
	case c.Type == ir.JSON:
		return jsonValue(v)
	case ok:
		return nil, fmt.Errorf("a number for a %s column", c.Type)
	}
	return v, nil
}

func jsonValue(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(x.String(), 10, 64); err == nil {
			return i, nil
		}
		return x.Float64()
	case []any:
		for i := range x {
			e, err := jsonValue(x[i])
			if err != nil {
				return nil, err
			}
			x[i] = e
		}
	case map[string]any:
		for k := range x {
			e, err := jsonValue(x[k])
			if err != nil {
				return nil, err
			}
			x[k] = e
		}
	}
	return v, nil
}

// Snapshots are the files of the history's snapshots, for a plan
// (State.History): paths relative to the output directory, Frozen.
func Snapshots(history []*ir.Migration) ([]emitters.File, error) {
	files := make([]emitters.File, 0, len(history))
	for _, m := range history {
		data, err := EncodeSnapshot(m)
		if err != nil {
			return nil, err
		}
		files = append(files, emitters.File{Path: SnapshotPath(m), Data: data, Owner: emitters.Frozen})
	}
	return files, nil
}

// ReadHistory returns the schema's history kept in dir (DIR/.bgen/schema),
// oldest first, each step's From set to the step before's To; nil when
// there is none (a new directory, or one an older bgen built: its history
// starts with the next build). Steps must be numbered 1, 2, ... without a
// gap, each in the file its name gives.
func ReadHistory(dir string) ([]*ir.Migration, error) {
	folder := filepath.Join(dir, filepath.FromSlash(SchemaDir))
	ents, err := os.ReadDir(folder)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var steps []*ir.Migration
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || path.Ext(name) != ".json" {
			continue // a folder, a temporary file of an interrupted write, not a snapshot
		}
		full := filepath.Join(folder, name)
		data, err := os.ReadFile(full)
		if err != nil {
			return nil, err
		}
		m, err := DecodeSnapshot(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", full, err)
		}
		if m.Name+".json" != name {
			return nil, fmt.Errorf("%s: holds step %s", full, m.Name)
		}
		steps = append(steps, m)
	}
	sort.Slice(steps, func(i, j int) bool { return steps[i].Version < steps[j].Version })
	for i, m := range steps {
		if m.Version != i+1 {
			return nil, fmt.Errorf("%s: step %d is missing (found %s); the history must be complete", folder, i+1, m.Name)
		}
		if i > 0 {
			m.From = steps[i-1].To
		}
	}
	return steps, nil
}
