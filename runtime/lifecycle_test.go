package runtime_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/runtime"
)

func TestLifecycle(t *testing.T) {
	v := runtime.MustParseVersion
	tests := []struct {
		name string
		l    runtime.Lifecycle
		at   string
		// known, added, removed, deprecated are the wanted KnownIn,
		// AddedAfter, RemovedIn and DeprecatedIn.
		known, added, removed, deprecated bool
	}{
		{name: "always", at: "1.24", known: true},
		{name: "before since", l: runtime.Lifecycle{Since: v("1.28")}, at: "1.27.9", added: true},
		{name: "at since", l: runtime.Lifecycle{Since: v("1.28")}, at: "1.28", known: true},
		{name: "patch of since", l: runtime.Lifecycle{Since: v("1.28")}, at: "1.28.3", known: true},
		{name: "before removed", l: runtime.Lifecycle{Removed: v("2.0")}, at: "1.7.27", known: true},
		{name: "at removed", l: runtime.Lifecycle{Removed: v("2.0")}, at: "2.0", removed: true},
		{name: "after removed", l: runtime.Lifecycle{Removed: v("2.0")}, at: "2.4.2", removed: true},
		{name: "within span", l: runtime.Lifecycle{Since: v("1.26"), Removed: v("1.27")}, at: "1.26.5", known: true},
		{name: "past span", l: runtime.Lifecycle{Since: v("1.26"), Removed: v("1.27")}, at: "1.27", removed: true},
		{name: "before deprecated", l: runtime.Lifecycle{Deprecated: v("1.6.29")}, at: "1.6.28", known: true},
		{name: "at patch deprecation", l: runtime.Lifecycle{Deprecated: v("1.6.29")}, at: "1.6.29", known: true, deprecated: true},
		{name: "deprecated until removed", l: runtime.Lifecycle{Deprecated: v("2.2"), Removed: v("2.4")}, at: "2.3", known: true, deprecated: true},
		{name: "removed is not deprecated", l: runtime.Lifecycle{Deprecated: v("2.2"), Removed: v("2.4")}, at: "2.4", removed: true},
		{name: "deprecated on creation", l: runtime.Lifecycle{Since: v("1.31"), Deprecated: v("1.31")}, at: "1.31", known: true, deprecated: true},
		{name: "not yet known is not deprecated", l: runtime.Lifecycle{Since: v("1.31"), Deprecated: v("1.31")}, at: "1.30", added: true},
		{name: "deprecated before undeprecation", l: runtime.Lifecycle{Deprecated: v("1.23"), Undeprecated: v("1.30")}, at: "1.29.6", known: true, deprecated: true},
		{name: "undeprecated", l: runtime.Lifecycle{Deprecated: v("1.23"), Undeprecated: v("1.30")}, at: "1.30", known: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := v(tt.at)
			assert.Equal(t, tt.known, tt.l.KnownIn(at), "KnownIn")
			assert.Equal(t, tt.added, tt.l.AddedAfter(at), "AddedAfter")
			assert.Equal(t, tt.removed, tt.l.RemovedIn(at), "RemovedIn")
			assert.Equal(t, tt.deprecated, tt.l.DeprecatedIn(at), "DeprecatedIn")
		})
	}
}
