package inspecttest

import (
	"testing"
	"testing/fstest"
)

// A Change changes a node's files before a test inspects them: a table
// case's one difference from a clean node.
type Change func(t testing.TB, m fstest.MapFS)

// Editing is the Change that Edits a file of the node.
func Editing(nodePath, old, new string) Change {
	return func(t testing.TB, m fstest.MapFS) { Edit(t, m, nodePath, old, new) }
}

// Setting is the Change that Sets a file of the node.
func Setting(nodePath, content string) Change {
	return func(_ testing.TB, m fstest.MapFS) { Set(m, nodePath, content) }
}

// Changes is the Change that makes each of changes in turn.
func Changes(changes ...Change) Change {
	return func(t testing.TB, m fstest.MapFS) {
		for _, c := range changes {
			c(t, m)
		}
	}
}
