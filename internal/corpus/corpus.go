// Package corpus makes the inputs on which kubenode's tests hold a fast
// check to the slower one it stands in for (a byte table to the condition
// it was built from, a one-pass check to a regular expression or to the
// rules it skips): every byte value in a few places, and random strings
// over an alphabet chosen to reach each rule.
package corpus

import (
	"math/rand/v2"
	"strings"
)

// EveryByte returns, for each of the 256 byte values, the strings shape
// makes of the one-byte string holding it.
func EveryByte(shape func(b string) []string) []string {
	var out []string
	for c := range 256 {
		out = append(out, shape(string([]byte{byte(c)}))...)
	}
	return out
}

// Random returns n strings of up to maxLen characters of alphabet, drawn
// from r.
func Random(r *rand.Rand, alphabet string, n, maxLen int) []string {
	runes := []rune(alphabet)
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range r.IntN(maxLen + 1) {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		out[i] = b.String()
	}
	return out
}
