// Package yamlenc writes YAML byte for byte as sigs.k8s.io/yaml does
// ([Marshal]: encoding/json, then JSONToYAML), without its text round trip.
//
// # Encode
//
// JSONToYAML parses the JSON text with go.yaml.in/yaml/v2 and marshals what
// it read with the same package. [Encode] skips the text and the parse, the
// slow half: it hands that marshaller the values its parser would have
// produced — objects as key-value lists in the marshaller's key order (see
// sortYAMLKeys), arrays as lists, and each number as the int, int64, uint64
// or float64 the parser resolves from the number's text.
//
// Skipping the parse also skips its one misreading of JSON: a raw U+0085
// (NEL) in a string, which YAML takes for a line break (JSONToYAML folds it
// to a space in a value and fails on it in a key), is kept.
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
