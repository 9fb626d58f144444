package tomltree

import (
	"bytes"

	"github.com/pelletier/go-toml/v2"
)

// Encode writes doc (a Tree or a struct go-toml encodes) as containerd's
// files are written: go-toml with every table indented below its parent.
// config.toml and hosts.toml share it, so a typed document and the tree it
// stands for go through the same encoder settings.
func Encode(doc any) ([]byte, error) {
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).SetIndentTables(true).Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
