package jsontree

import (
	"bytes"
	"encoding/json"
)

// Decode decodes a JSON object keeping numbers exact (json.Number).
func Decode(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}
