// Package jsontree reads and trims JSON objects held as encoding/json
// decodes them with UseNumber (map[string]any, []any, string, json.Number,
// bool and nil), measured against the Go type they come from or go into.
// The kubelet package uses it for its KubeletConfiguration file: [Prune]
// drops what the plain encoder prints for fields nobody set, and
// [UnknownKeys] finds the keys the kubelet's strict decoder refuses.
package jsontree
