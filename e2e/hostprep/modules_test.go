package hostprep_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/testenv"
)

// fakeKernel is the kernel release of the fake module tree. depmod takes
// only a release that starts like a version ("Bad version passed" for
// "kubenode-fake").
const fakeKernel = "0.0.0-kubenode-fake"

// fakeBuiltin are the modules the fake tree says are built in: the ones a
// Kubernetes node loads, under the paths the kernel's modules.builtin
// gives them.
var fakeBuiltin = []string{"kernel/fs/overlayfs/overlay.ko", "kernel/net/bridge/br_netfilter.ko"}

// kmodTools are kmod's programs the module check runs.
type kmodTools struct{ modprobe, depmod string }

// findKmod finds modprobe and depmod (Debian's kmod), or stops the test
// through testenv.Missing.
func findKmod(t *testing.T) kmodTools {
	t.Helper()
	return kmodTools{modprobe: testenv.Program(t, "modprobe"), depmod: testenv.Program(t, "depmod")}
}

// moduleNames reads a modules-load.d(5) file: a module name per line;
// empty lines and lines starting with '#' or ';' are ignored.
func moduleNames(content string) []string {
	var names []string
	for _, l := range strings.Split(content, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' || l[0] == ';' {
			continue
		}
		names = append(names, l)
	}
	return names
}

// checkModulesDryRun resolves each name with `modprobe --dry-run` against
// a fake module tree (modules.builtin indexed by depmod under a temp dir),
// as systemd-modules-load would with the real one, and checks that a bogus
// name fails the same way. modprobe(8): --dry-run "does everything but
// actually insert or delete the modules (or run the install or remove
// commands)", and --dirname/--set-version make it read the temp dir's tree
// only. Nothing is loaded; /proc/modules, where the kernel has it, is
// compared to be sure.
func checkModulesDryRun(t *testing.T, kmod kmodTools, names []string) {
	t.Helper()
	loadedBefore := loadedModules(t)

	dir := t.TempDir()
	tree := filepath.Join(dir, "lib", "modules", fakeKernel)
	require.NoError(t, os.MkdirAll(tree, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(tree, "modules.builtin"), []byte(strings.Join(fakeBuiltin, "\n")+"\n"), 0o644))
	// Empty, so that depmod does not warn that they are missing.
	for _, f := range []string{"modules.order", "modules.builtin.modinfo"} {
		require.NoError(t, os.WriteFile(filepath.Join(tree, f), nil, 0o644))
	}
	run := func(argv ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).CombinedOutput()
		return string(out), err
	}
	out, err := run(kmod.depmod, "-b", dir, fakeKernel)
	require.NoError(t, err, "depmod: %s", out)

	dryRun := func(name string) (string, error) {
		return run(kmod.modprobe, "--dry-run", "--dirname", dir, "--set-version", fakeKernel, name)
	}
	require.NotEmpty(t, names)
	for _, n := range names {
		out, err := dryRun(n)
		assert.NoError(t, err, "modprobe --dry-run %s: %s", n, out)
	}
	out, err = dryRun("kubenode_no_such_module")
	assert.Error(t, err, "a name the tree does not have fails: %s", out)
	assert.Equal(t, loadedBefore, loadedModules(t), "no module was loaded")
}

// loadedModules is /proc/modules, "" on a kernel without loadable modules.
func loadedModules(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("/proc/modules")
	if os.IsNotExist(err) {
		return ""
	}
	require.NoError(t, err)
	return string(b)
}
