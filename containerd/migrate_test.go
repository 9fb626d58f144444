package containerd_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	require.NoError(t, toml.Unmarshal(data, &doc))
	return doc
}

func at(t *testing.T, doc map[string]any, path ...string) any {
	t.Helper()
	var cur any = doc
	for _, p := range path {
		m, ok := cur.(map[string]any)
		require.True(t, ok, "%s is no table in %v", p, path)
		cur, ok = m[p]
		require.True(t, ok, "no %s in %v", p, path)
	}
	return cur
}

func absent(doc map[string]any, path ...string) bool {
	var cur any = doc
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return true
		}
		if cur, ok = m[p]; !ok {
			return true
		}
	}
	return false
}

// tables lists every table of a document that holds anything, by its path
// (containerd's dump leaves empty tables out).
func tables(doc map[string]any, prefix string, out map[string]bool) {
	for k, v := range doc {
		if m, ok := v.(map[string]any); ok && len(m) > 0 {
			p := prefix + "\x00" + k
			out[p] = true
			tables(m, p, out)
		}
	}
}

func TestMigrateV2MovesKeysLikeContainerd(t *testing.T) {
	c, err := containerd.Parse(readFile(t, "reference/containerd-1.6.20-default.toml"))
	require.NoError(t, err)

	v3, err := c.Migrate(3)
	require.NoError(t, err)
	assert.Equal(t, 3, v3.Version)
	assert.Equal(t, 2, c.Version, "Migrate does not change its receiver")
	out, err := v3.Render(v("2.2"))
	require.NoError(t, err)
	doc := decode(t, out)

	images := []string{"plugins", "io.containerd.cri.v1.images"}
	rt := []string{"plugins", "io.containerd.cri.v1.runtime"}
	assert.Equal(t, "registry.k8s.io/pause:3.6", at(t, doc, append(images, "pinned_images", "sandbox")...))
	assert.Equal(t, "node", at(t, doc, append(images, "image_decryption", "key_model")...))
	assert.Equal(t, true, at(t, doc, append(images, "disable_snapshot_annotations")...))
	assert.Equal(t, int64(10), at(t, doc, append(images, "stats_collect_period")...))
	assert.Equal(t, "overlayfs", at(t, doc, append(images, "snapshotter")...))
	assert.Equal(t, []any{"/opt/cni/bin"}, at(t, doc, append(rt, "cni", "bin_dirs")...))
	assert.Equal(t, int64(16384), at(t, doc, append(rt, "max_container_log_line_size")...))
	assert.Equal(t, "4h0m0s", at(t, doc, "plugins", "io.containerd.grpc.v1.cri", "stream_idle_timeout"))
	assert.Equal(t, "10s", at(t, doc, "plugins", "io.containerd.monitor.container.v1.restart", "interval"))
	assert.Equal(t, false, at(t, doc, "plugins", "io.containerd.monitor.task.v1.cgroups", "no_prometheus"))

	// What containerd 2.0 removed, where it asked for nothing, is dropped
	// rather than left for containerd to warn about.
	for _, gone := range [][]string{
		{"plugin_dir"},
		append(rt, "systemd_cgroup"),
		append(rt, "disable_cgroup"),
		append(rt, "containerd", "no_pivot"),
		append(rt, "containerd", "default_runtime"),
		append(rt, "containerd", "untrusted_workload_runtime"),
		append(rt, "containerd", "runtimes", "runc", "runtime_engine"),
		append(rt, "containerd", "runtimes", "runc", "runtime_root"),
		append(rt, "containerd", "runtimes", "runc", "options", "CriuPath"),
		{"plugins", "io.containerd.runtime.v1.linux"},
		{"plugins", "io.containerd.snapshotter.v1.aufs"},
		{"plugins", "io.containerd.runtime.v2.task", "sched_core"},
		{"plugins", "io.containerd.grpc.v1.cri", "sandbox_image"},
	} {
		assert.True(t, absent(doc, gone...), "%v must be gone", gone)
	}

	v4, err := c.Migrate(4)
	require.NoError(t, err)
	out, err = v4.Render(v("2.4"))
	require.NoError(t, err)
	doc = decode(t, out)
	assert.Equal(t, "/run/containerd/containerd.sock", at(t, doc, "plugins", "io.containerd.server.v1.grpc", "address"))
	assert.Equal(t, int64(16777216), at(t, doc, "plugins", "io.containerd.server.v1.grpc", "max_recv_message_size"))
	assert.Equal(t, "/run/containerd/containerd.sock.ttrpc", at(t, doc, "plugins", "io.containerd.server.v1.ttrpc", "address"))
	for _, gone := range []string{"grpc", "ttrpc", "metrics"} {
		assert.True(t, absent(doc, gone), "[%s] moved to a server plugin", gone)
	}
	assert.Equal(t, map[string]any{"format": "", "level": ""}, at(t, doc, "debug"))
}

// The seed migrated by kubenode puts every table where containerd 2.4.2's
// own `containerd config migrate` put it.
func TestMigrateMatchesContainerdsOwnMigration(t *testing.T) {
	seed, err := containerd.Parse(readFile(t, "testdata/seed-v2.toml"))
	require.NoError(t, err)
	runc := seed.Runtime.Runtimes["runc"]
	runc.Type = containerd.RuntimeTypeRuncV2
	seed.Runtime.Runtimes["runc"] = runc
	out, err := seed.Render(v("2.4.2"))
	require.NoError(t, err)

	theirs := map[string]bool{}
	tables(decode(t, readFile(t, "/work/shared/reference/containerd-2.4.2-migrated-from-seed-v2.toml")), "", theirs)
	ours := map[string]bool{}
	tables(decode(t, out), "", ours)
	for _, table := range slices.Sorted(maps.Keys(ours)) {
		assert.True(t, theirs[table], "containerd's migration has no table %s", strings.ReplaceAll(table, "\x00", "."))
	}
}

func TestMigrateDown(t *testing.T) {
	c := newConfig(t, "2.2")
	c.Version = 3
	down, err := c.Migrate(2)
	require.NoError(t, err, "without Extra a config has no layout to migrate")
	assert.Equal(t, 2, down.Version)

	c.Extra = map[string]any{"oom_score": int64(-500)}
	_, err = c.Migrate(2)
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "version")
	_, err = c.Migrate(5)
	fieldtest.RequireProblem(t, err, field.ErrNotSupported, "version")
}

// A removed key that asks for something survives migration, so Validate
// can refuse it instead of containerd silently dropping it.
func TestMigrateKeepsRemovedSettings(t *testing.T) {
	c, err := containerd.Parse([]byte(lines(`version = 2`,
		`[plugins."io.containerd.grpc.v1.cri"]`, `systemd_cgroup = true`,
		`[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]`, `runtime_type = "io.containerd.runtime.v1.linux"`, `runtime_root = "/run/runc"`)))
	require.NoError(t, err)
	_, err = c.Validate(v("2.2"))
	fieldtest.RequireProblem(t, err, field.ErrRemoved, v3Runtime+".systemd_cgroup")
	fieldtest.RequireProblem(t, err, field.ErrRemoved, runcKey(v3Runtime, "runtime_root"))
	fieldtest.RequireProblem(t, err, field.ErrRemoved, runcKey(v3Runtime, "runtime_type"))

	warnings, err := c.Validate(v("1.7"))
	require.NoError(t, err, "1.7 runs the v1 runtime with systemd_cgroup")
	fieldtest.RequireProblem(t, warnings.Err(), field.ErrDeprecated, v2CRI+".systemd_cgroup")
	fieldtest.RequireProblem(t, warnings.Err(), field.ErrDeprecated, runcKey(v2CRI, "runtime_root"))
}
