package imports

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kubenode/kubenode/internal/tomltree"
)

func TestMerge(t *testing.T) {
	set := func() *Set {
		return &Set{Files: []string{"/main.toml", "/imp.toml"}, Docs: []tomltree.Tree{{
			"version":          int64(2),
			"root":             "/data",
			"disabled_plugins": []any{"a"},
			"timeouts":         tomltree.Tree{"x": "1s"},
			"plugins": tomltree.Tree{"cri": tomltree.Tree{
				"sandbox_image": "p:1",
				"cni":           tomltree.Tree{"bin_dirs": []any{"/a"}},
			}},
		}, {
			"root":             "",
			"disabled_plugins": []any{"a", "b"},
			"timeouts":         tomltree.Tree{"y": "2s"},
			"plugins":          tomltree.Tree{"cri": tomltree.Tree{"cni": tomltree.Tree{"bin_dirs": []any{"/b"}}}},
		}}}
	}
	// containerd 2.x merges a plugin table key by key, replacing lists.
	s := set()
	deep := s.Merge(false)
	assert.Equal(t, "/data", deep["root"], "an empty top-level value replaces nothing")
	assert.Equal(t, []any{"a", "b"}, deep["disabled_plugins"])
	assert.Equal(t, tomltree.Tree{"x": "1s", "y": "2s"}, deep["timeouts"])
	assert.Equal(t, tomltree.Tree{"sandbox_image": "p:1", "cni": tomltree.Tree{"bin_dirs": []any{"/b"}}},
		deep["plugins"].(tomltree.Tree)["cri"])
	assert.Equal(t, "/imp.toml", s.FileOf(tomltree.Key{"plugins", "cri", "cni", "bin_dirs"}.Path()))
	assert.Equal(t, "/main.toml", s.FileOf(tomltree.Key{"plugins", "cri", "sandbox_image"}.Path()))
	// containerd 1.x replaces it whole.
	flat := set().Merge(true)
	assert.Equal(t, tomltree.Tree{"cni": tomltree.Tree{"bin_dirs": []any{"/b"}}}, flat["plugins"].(tomltree.Tree)["cri"])
}
