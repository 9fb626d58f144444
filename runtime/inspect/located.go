package inspect

import "github.com/kubenode/kubenode/runtime/field"

// Located is a value and where the node sets it. File "" means nothing on
// the node sets it and Value is the program's default.
type Located struct {
	// Value is the effective value.
	Value string
	// File is the node path of the file that sets it, or "".
	File string
	// Path is the key in File, or nil for the file as a whole.
	Path *field.Path
}

// Where names the place for a message: "FILE: PATH", "FILE" or "its
// default".
func (v Located) Where() string {
	switch {
	case v.File == "":
		return "its default"
	case v.Path == nil:
		return v.File
	}
	return v.File + ": " + DisplayPath(v.Path)
}

// At returns the file and path to report a problem of v at; a value the
// node does not set is reported on the fallback file as a whole.
func (v Located) At(fallback string) (string, *field.Path) {
	if v.File == "" {
		return fallback, nil
	}
	return v.File, v.Path
}
