// Package bytetable builds the tables kubenode's one-pass checks read a
// byte at a time through: a check that looks every byte of every path,
// name and flag of a node up in a table answers with one load where a
// condition would take several comparisons or a search of a string.
package bytetable

// Of returns the table of in: entry c is in(c), for each of the 256 byte
// values.
func Of(in func(c byte) bool) (t [256]bool) {
	for c := range 256 {
		t[c] = in(byte(c))
	}
	return t
}
