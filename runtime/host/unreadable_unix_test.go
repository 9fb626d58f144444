//go:build unix

package host

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file that exists but is not safe to read leaves its fact unknown and
// is listed; nothing outside the root is read and nothing blocks.
func TestUnreadableFiles(t *testing.T) {
	outside := fakeRoot(t, map[string]string{
		"ip_forward": "1\n",
		"uid_map":    "0 0 4294967295\n",
	})
	dir := fakeRoot(t, map[string]string{
		"proc/sys/kernel/osrelease": strings.Repeat("6", MaxFileSize+1),
		"proc/self/":                "",
		"proc/sys/net/ipv4/":        "",
	})
	// A FIFO: opening it without O_NONBLOCK would wait for a writer.
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "proc/swaps"), 0o644))
	// A directory where a file belongs.
	require.NoError(t, os.Mkdir(filepath.Join(dir, "proc/modules"), 0o755))
	// Symbolic links out of the root, absolute and relative.
	require.NoError(t, os.Symlink(filepath.Join(outside, "ip_forward"), filepath.Join(dir, "proc/sys/net/ipv4/ip_forward")))
	require.NoError(t, os.Symlink("../../../"+filepath.Base(outside)+"/uid_map", filepath.Join(dir, "proc/self/uid_map")))

	f, err := Read(dir)
	require.NoError(t, err)
	assert.Equal(t, "", f.KernelRelease)
	assert.Equal(t, Swap{}, f.Swap)
	assert.Nil(t, f.Modules.Loaded)
	assert.Empty(t, f.Sysctls)
	assert.Equal(t, Unknown, f.UserNamespace)
	assert.ElementsMatch(t, []Unreadable{
		{"/proc/sys/kernel/osrelease", TooLarge},
		{"/proc/swaps", NotRegular},
		{"/proc/modules", NotRegular},
		{"/proc/sys/net/ipv4/ip_forward", CannotOpen},
		{"/proc/self/uid_map", CannotOpen},
	}, f.Unreadable)
}

// A symbolic link inside the root is followed, as /proc/self is on a node.
func TestSymlinkInsideRootFollowed(t *testing.T) {
	dir := fakeRoot(t, map[string]string{"proc/4242/uid_map": "0 0 4294967295\n"})
	require.NoError(t, os.Symlink("4242", filepath.Join(dir, "proc/self")))
	f, err := Read(dir)
	require.NoError(t, err)
	assert.Equal(t, No, f.UserNamespace)
	assert.Empty(t, f.Unreadable)
}

// A FIFO where a directory is listed is not opened for long either.
func TestFIFODirectory(t *testing.T) {
	dir := fakeRoot(t, map[string]string{"usr/lib/": "", "sys/fs/": ""})
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "usr/lib/systemd"), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "sys/fs/cgroup"), 0o644))
	f, err := Read(dir)
	require.NoError(t, err)
	assert.Equal(t, 0, f.SystemdVersion)
	assert.Equal(t, CgroupUnknown, f.Cgroup.Mode)
}
