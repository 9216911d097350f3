package writer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// manifestVersion is the manifest format this bgen reads and writes.
const manifestVersion = 1

// manifest is DIR/.bgen/manifest.json: the hash of every file bgen owns,
// keyed by its path relative to DIR, and the schema snapshot of the build
// that wrote it.
type manifest struct {
	Version int               `json:"version"`
	Files   map[string]string `json:"files"`
	Schema  json.RawMessage   `json:"schema,omitempty"`
}

// readManifest returns the manifest of dir and its raw bytes; an empty
// manifest and nil when there is none.
func readManifest(dir string) (*manifest, []byte, error) {
	name := filepath.Join(dir, filepath.FromSlash(ManifestPath))
	raw, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return &manifest{Version: manifestVersion, Files: map[string]string{}}, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, nil, fmt.Errorf("%s: %v (delete it to start over, then bgen build --force)", name, err)
	}
	if m.Version != manifestVersion {
		return nil, nil, fmt.Errorf("%s: manifest version %d, this bgen reads version %d", name, m.Version, manifestVersion)
	}
	if m.Files == nil {
		m.Files = map[string]string{}
	}
	return &m, raw, nil
}

// ReadSchema returns the schema snapshot recorded by the last build into
// dir, or nil when there is no manifest or no snapshot.
func ReadSchema(dir string) (json.RawMessage, error) {
	m, _, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	return m.Schema, nil
}

// encodeManifest renders a manifest: indented, keys sorted, ending in a
// newline.
func encodeManifest(files map[string]string, schema any) ([]byte, error) {
	m := manifest{Version: manifestVersion, Files: files}
	if schema != nil {
		raw, err := json.Marshal(schema)
		if err != nil {
			return nil, fmt.Errorf("manifest schema: %v", err)
		}
		m.Schema = raw
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
