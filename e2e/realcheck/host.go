package realcheck

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// containerdHostPaths are where a containerd left to its defaults writes on
// the host.
var containerdHostPaths = []string{
	"/var/lib/containerd", "/run/containerd", "/var/run/nri", "/run/nri",
	"/opt/containerd", "/etc/cni/net.d", "/opt/cni/bin",
}

// HostState is what exists under each host path a containerd could write.
type HostState map[string][]string

// ContainerdHostState lists what exists under each host path a containerd
// left to its defaults would write.
func ContainerdHostState() HostState {
	state := HostState{}
	for _, p := range containerdHostPaths {
		var entries []string
		_ = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err == nil {
				entries = append(entries, path)
			}
			return nil
		})
		state[p] = entries
	}
	return state
}

// RequireHostUntouched checks, after the daemons of a test stopped, that
// nothing landed on the host paths since before was taken. containerd 2.0
// to 2.2 always create the default state dir /run/containerd (empty) when
// --state is elsewhere, for the shims' sockets (cmd/containerd/server
// CreateTopLevelDirectories; 2.4 no longer does): an empty one is allowed,
// and removed. It counts as absent before too, since the tests of another
// package, run at the same time, may have made or removed it meanwhile.
func RequireHostUntouched(t testing.TB, before HostState) {
	t.Helper()
	after := ContainerdHostState()
	emptyState := []string{"/run/containerd"}
	if slices.Equal(after["/run/containerd"], emptyState) {
		_ = os.Remove("/run/containerd")
		after["/run/containerd"] = nil
	}
	if slices.Equal(before["/run/containerd"], emptyState) {
		before = maps.Clone(before)
		before["/run/containerd"] = nil
	}
	for _, p := range containerdHostPaths {
		require.Equal(t, before[p], after[p], "the test's containerd wrote under %s", p)
	}
}
