// Package jsontree reads JSON objects held as encoding/json decodes them
// with UseNumber (map[string]any, []any, string, json.Number, bool and
// nil), measured against the Go type they go into. The kubelet package
// uses it to read its KubeletConfiguration file: [UnknownKeys] finds the
// keys the kubelet's strict decoder refuses.
package jsontree
