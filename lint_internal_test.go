package kubenode

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNodeFSFollowsLinksInsideTheRoot(t *testing.T) {
	n := nodeFS{fsys: fstest.MapFS{
		"usr/lib/systemd/system/a.service": {Data: []byte("a")},
		"lib":                              {Data: []byte("usr/lib"), Mode: fs.ModeSymlink},
		"etc/systemd/system/b.service":     {Data: []byte("/lib/systemd/system/a.service"), Mode: fs.ModeSymlink},
		"etc/systemd/system/c.service":     {Data: []byte("../../../usr/lib/systemd/system/a.service"), Mode: fs.ModeSymlink},
		"etc/systemd/system/d.service":     {Data: []byte("/dev/null"), Mode: fs.ModeSymlink},
		"etc/loop":                         {Data: []byte("/etc/loop"), Mode: fs.ModeSymlink},
		"etc/up":                           {Data: []byte("../../../../usr/lib/systemd/system/a.service"), Mode: fs.ModeSymlink},
	}}
	for _, p := range []string{"/lib/systemd/system/a.service", "/etc/systemd/system/b.service", "/etc/systemd/system/c.service", "/etc/up"} {
		data, err := n.read(p)
		require.NoError(t, err, p)
		assert.Equal(t, "a", string(data), p)
	}
	_, err := n.read("/etc/systemd/system/d.service")
	assert.ErrorIs(t, err, errMasked)
	assert.True(t, n.exists("/etc/systemd/system/d.service"), "a masked unit is there")
	_, err = n.read("/etc/loop")
	assert.Error(t, err)
	_, err = n.read("/etc/none")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Equal(t, []string{"/lib/systemd/system/a.service"}, n.glob("/lib/systemd/system/*.service"))
}

func TestExpandCommandAsSystemd(t *testing.T) {
	env := map[string]envVar{
		"ARGS":  {value: " --a=1   --b=2 ", file: "/env"},
		"ONE":   {value: "x y", file: "/env2"},
		"EMPTY": {value: "", file: "/env"},
	}
	got := expandCommand([]string{"/bin/k", "$ARGS", "$UNSET", "$EMPTY", "--c=${ONE}", "${UNSET}", "$$HOME", "--d=$ARGS"}, env, "/unit")
	assert.Equal(t, []word{
		{"/bin/k", "/unit"},
		{"--a=1", "/env"}, {"--b=2", "/env"},
		{"--c=x y", "/env2"},
		{"", "/unit"},
		{"$HOME", "/unit"},
		{"--d=$ARGS", "/unit"},
	}, got)
}

func TestMergeContainerdImports(t *testing.T) {
	main := func() map[string]any {
		return map[string]any{
			"version":          int64(2),
			"disabled_plugins": []any{"a"},
			"timeouts":         map[string]any{"x": "1s"},
			"plugins": map[string]any{"cri": map[string]any{
				"sandbox_image": "p:1",
				"cni":           map[string]any{"bin_dirs": []any{"/a"}},
			}},
		}
	}
	imp := map[string]any{
		"disabled_plugins": []any{"a", "b"},
		"timeouts":         map[string]any{"y": "2s"},
		"plugins":          map[string]any{"cri": map[string]any{"cni": map[string]any{"bin_dirs": []any{"/b"}}}},
	}
	// containerd 2.x merges a plugin table key by key, replacing lists.
	deep := mergeContainerd(main(), imp, true)
	assert.Equal(t, []any{"a", "b"}, deep["disabled_plugins"])
	assert.Equal(t, map[string]any{"x": "1s", "y": "2s"}, deep["timeouts"])
	assert.Equal(t, map[string]any{"sandbox_image": "p:1", "cni": map[string]any{"bin_dirs": []any{"/b"}}},
		deep["plugins"].(map[string]any)["cri"])
	// containerd 1.x replaces it whole.
	flat := mergeContainerd(main(), imp, false)
	assert.Equal(t, map[string]any{"cni": map[string]any{"bin_dirs": []any{"/b"}}}, flat["plugins"].(map[string]any)["cri"])
}

func TestStronglyConnected(t *testing.T) {
	edges := []orderEdge{{from: "a", to: "b"}, {from: "b", to: "c"}, {from: "c", to: "b"}, {from: "d", to: "a"}}
	assert.Equal(t, [][]string{{"b", "c"}, {"a"}, {"d"}}, stronglyConnected([]string{"a", "b", "c", "d"}, edges))
	in := map[string]bool{"b": true, "c": true}
	assert.Equal(t, []string{"c", "b"}, cyclePath("c", "b", edges, in))
}
