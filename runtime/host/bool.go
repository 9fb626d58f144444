package host

// Bool is a yes/no fact that may be unknown. Its zero value is [Unknown],
// so a fact nobody could read stays unknown without a pointer, and it
// prints and marshals as a word, which keeps plans and golden files
// readable.
type Bool string

// The three values of a [Bool].
const (
	// Unknown says the fact could not be read: its file is missing (an
	// image root has no /proc), unreadable, or says too little.
	Unknown Bool = ""
	// Yes says the fact holds.
	Yes Bool = "yes"
	// No says the fact does not hold.
	No Bool = "no"
)

// boolOf turns a known bool into a Bool.
func boolOf(v bool) Bool {
	if v {
		return Yes
	}
	return No
}

// String prints "yes", "no" or "unknown".
func (b Bool) String() string {
	if b == Unknown {
		return "unknown"
	}
	return string(b)
}
