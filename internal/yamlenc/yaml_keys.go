package yamlenc

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v2"
)

// sortYAMLKeys puts a map's keys in the order go.yaml.in/yaml/v2 writes
// them: a "natural" order in which a run of digits compares by its number
// ("a9" before "a10") and a letter comes after any other character, made
// deterministic (see the package documentation, "Key order").
func sortYAMLKeys(keys []string) {
	slices.Sort(keys)
	slices.SortStableFunc(keys, compareYAMLKeys)
}

// sortItems puts an object's items in the order sortYAMLKeys puts their
// keys.
func sortItems(items yaml.MapSlice) {
	slices.SortFunc(items, func(a, b yaml.MapItem) int { return strings.Compare(a.Key.(string), b.Key.(string)) })
	slices.SortStableFunc(items, func(a, b yaml.MapItem) int { return compareYAMLKeys(a.Key.(string), b.Key.(string)) })
}

// sortedKeys are m's keys in the marshaller's order (see sortYAMLKeys).
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortYAMLKeys(keys)
	return keys
}

// compareYAMLKeys compares two keys in the natural order of sortYAMLKeys.
func compareYAMLKeys(a, b string) int {
	ar, br := []rune(a), []rune(b)
	for i := 0; i < len(ar) && i < len(br); i++ {
		if ar[i] == br[i] {
			continue
		}
		al, bl := unicode.IsLetter(ar[i]), unicode.IsLetter(br[i])
		switch {
		case al && bl:
			return cmp.Compare(ar[i], br[i])
		case al:
			return 1
		case bl:
			return -1
		}
		// Neither is a letter: compare the numbers the digit runs
		// through position i spell (none when it holds no digit), then
		// the runs' lengths, then the runes.
		start := i
		for start > 0 && isDigit(ar[start-1]) {
			start--
		}
		an, bn := digitRun(ar, start, i), digitRun(br, start, i)
		if c := compareNumbers(an, bn); c != 0 {
			return c
		}
		if len(an) != len(bn) {
			return cmp.Compare(len(an), len(bn))
		}
		return cmp.Compare(ar[i], br[i])
	}
	return cmp.Compare(len(ar), len(br))
}

// digitRun is the run of ASCII digits of r that begins at start, provided
// it reaches past i; it is empty when r[i] is not a digit.
func digitRun(r []rune, start, i int) string {
	if !isDigit(r[i]) {
		return ""
	}
	end := i
	for end < len(r) && isDigit(r[end]) {
		end++
	}
	return string(r[start:end])
}

// compareNumbers compares two runs of decimal digits by the numbers they
// spell, of any length; the empty run is zero.
func compareNumbers(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return cmp.Compare(len(a), len(b))
	}
	return strings.Compare(a, b)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
