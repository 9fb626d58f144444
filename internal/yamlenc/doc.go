// Package yamlenc writes YAML byte for byte as sigs.k8s.io/yaml does
// (encoding/json, then JSONToYAML), without its JSON text and the parse of
// it: [Marshal] for any value, [PrunedObject] and [EncodeObject] for a
// config file that leaves out what nobody set ([PrunedDocument] for the
// same object kept as the marshaller takes it: no map, no sort, no copy
// between the walk and the encoder), [Encode] for a value already decoded
// from JSON.
//
// # Walk
//
// JSONToYAML parses the JSON text with go.yaml.in/yaml/v2 and marshals what
// it read with the same package. Marshal and PrunedObject skip the text
// and the parse, the slow half: they walk the Go value as encoding/json
// would (json tags, omitempty, omitzero, embedded structs, nil as null,
// []byte as base64, invalid UTF-8 as U+FFFD) and hand the marshaller the
// values its parser would have produced from that text — objects as
// key-value lists in the marshaller's key order (see sortYAMLKeys), arrays
// as lists, and each number as the int, int64, uint64 or float64 the
// parser resolves from the number's text. What a struct's tags say is
// worked out once per type. A value with an encoder of its own (a
// MarshalJSON or MarshalText, json.Number) and the few shapes the walk
// does not follow (see opaqueStruct) go through encoding/json itself and
// are read back from its text, so every value is written as
// sigs.k8s.io/yaml writes it.
//
// Skipping the parse also skips its one misreading of JSON: a raw U+0085
// (NEL) in a string, which YAML takes for a line break (JSONToYAML folds it
// to a space in a value and fails on it in a key), is kept.
//
// # Pruning
//
// PrunedObject leaves out what encoding/json writes for a zero value of
// the type: at the top, and in the fields reached from there through
// structs only, a value equal to what the zero value of the whole has at
// the same place ("0s" durations, empty nested structs, "" for a field
// without omitempty); everywhere, nulls, and objects and lists left empty.
// Below a pointer, an interface or a map nothing is compared with a zero,
// so a value set through a pointer (false, 0, "") stays, and the elements
// of a list are written as they are. This is [PruneJSON] applied to the
// decoded encoding of the value and of its type's zero value, without
// either encoding.
//
// # Key order
//
// The marshaller sorts a map's keys as Go hands them over, in random order,
// with a comparison that is not transitive when a digit and a letter meet
// at one position ("10" < "1a" < "9" < "10"): for such keys its output, and
// so sigs.k8s.io/yaml's, changes from run to run. Here the keys are first
// put in byte order, then stably sorted by the natural order, so the result
// depends on the keys alone; wherever the natural order is consistent, it
// is the one the marshaller writes.
package yamlenc
