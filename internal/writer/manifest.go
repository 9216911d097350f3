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

// manifestVersion is the manifest format this bgen writes. Version 1 (no
// frozen files) is read too; a bgen that reads only version 1 refuses a
// version 2 manifest rather than rewrite its migrations.
const manifestVersion = 2

// manifest is DIR/.bgen/manifest.json: the hash of every file bgen owns,
// keyed by its path relative to DIR; of every frozen file (migration
// steps, the history's snapshots) and every user file bgen wrote (its
// stub), the hash of the bytes bgen wrote; and the database schema of the
// build that wrote it.
type manifest struct {
	Version int               `json:"version"`
	Files   map[string]string `json:"files"`
	Frozen  map[string]string `json:"frozen,omitempty"`
	User    map[string]string `json:"user,omitempty"`
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
	if m.Version != 1 && m.Version != manifestVersion {
		return nil, nil, fmt.Errorf("%s: manifest version %d, this bgen reads versions 1 and %d", name, m.Version, manifestVersion)
	}
	if m.Files == nil {
		m.Files = map[string]string{}
	}
	for key := range m.Frozen {
		if err := validFrozenKey(key); err != nil {
			return nil, nil, fmt.Errorf("%s: bad entry %q: %v", name, key, err)
		}
	}
	for key := range m.User {
		if err := validKey(key); err != nil {
			return nil, nil, fmt.Errorf("%s: bad entry %q: %v", name, key, err)
		}
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
func encodeManifest(m manifest, schema any) ([]byte, error) {
	m.Version = manifestVersion
	if len(m.Frozen) == 0 {
		m.Frozen = nil
	}
	if len(m.User) == 0 {
		m.User = nil
	}
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
