package harness

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/kubenode/kubenode/internal/testenv"
)

// CRIOVersion is the release of CRI-O that .ci/install.d/crio-daemon.sh
// builds.
const CRIOVersion = "1.34.0"

// CRIOPrograms are the programs a CRI-O node runs, by host path.
type CRIOPrograms struct {
	// CRIO and Pinns are built by .ci/install.d/crio-daemon.sh into
	// $KUBENODE_E2E_TOOLS/crio-1.34.0/.
	CRIO, Pinns string
	// Conmon and Runc are Debian's (.ci/install.d/crio-daemon.apt). CRI-O
	// 1.34 defaults to crun, which is not installed: a node's config must
	// name runc as the default runtime.
	Conmon, Runc string
}

// CRIOBinaries returns the CRI-O programs, or stops the test through
// Tool and testenv.Program when one is missing.
func CRIOBinaries(t testing.TB) CRIOPrograms {
	t.Helper()
	dir := "crio-" + CRIOVersion
	return CRIOPrograms{
		CRIO:   Tool(t, path.Join(dir, "crio")),
		Pinns:  Tool(t, path.Join(dir, "pinns")),
		Conmon: testenv.Program(t, "conmon"),
		Runc:   testenv.Program(t, "runc"),
	}
}

// CRIO is a CRI-O daemon the test started inside a Systemd's namespaces.
type CRIO struct {
	// Socket is the host path of its CRI socket
	// (/run/crio/crio.sock inside the namespace).
	Socket string
	// LogPath holds what crio printed.
	LogPath string

	daemon *nsDaemon
}

// crioDir is CRI-O's own state inside the namespace: a tmpfs, since
// containers/storage on the overlay root would stack overlay on overlay.
const crioDir = "/var/lib/kubenode-e2e/crio"

// StartCRIO starts crio inside s's namespaces, outside systemd's units,
// with a drop-in of its own in /etc/crio/crio.conf.d: storage (root,
// runroot) on a tmpfs, runc and conmon from Debian, pinns from the build,
// the cgroupfs driver, and the CRI socket at its default path. Whatever it
// writes elsewhere (its version files, /var/run/crio) lands in the
// namespace's overlay and is gone with it. It waits until the socket is
// there; a cleanup stops crio by PID.
func StartCRIO(t testing.TB, s *Systemd) *CRIO {
	t.Helper()
	progs := CRIOBinaries(t)
	crio := binaryInNamespace(t, s, progs.CRIO)
	pinns := binaryInNamespace(t, s, progs.Pinns)

	s.Run(t, "mkdir", "-p", crioDir)
	s.Run(t, "mount", "-t", "tmpfs", "-o", "mode=0700", "kubenode-e2e-crio", crioDir)
	conf := map[string]any{"crio": map[string]any{
		"root":           path.Join(crioDir, "root"),
		"runroot":        path.Join(crioDir, "runroot"),
		"storage_driver": "vfs",
		"runtime": map[string]any{
			"default_runtime": "runc",
			"cgroup_manager":  "cgroupfs",
			"conmon_cgroup":   "pod",
			"pinns_path":      pinns,
			"runtimes": map[string]any{"runc": map[string]any{
				"runtime_path": progs.Runc,
				"runtime_type": "oci",
				"monitor_path": progs.Conmon,
			}},
		},
	}}
	data, err := toml.Marshal(conf)
	if err != nil {
		t.Fatal(err)
	}
	dropin := s.Path("/etc/crio/crio.conf.d/00-kubenode-e2e.conf")
	if err := os.MkdirAll(filepath.Dir(dropin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dropin, data, 0o644); err != nil {
		t.Fatal(err)
	}

	d := startInNamespace(t, s, "crio", crio)
	c := &CRIO{Socket: s.Path("/run/crio/crio.sock"), LogPath: d.logPath, daemon: d}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := c.waitSocket(ctx); err != nil {
		t.Fatalf("crio in the systemd namespace: %v\n%s", err, d.log())
	}
	return c
}

// waitSocket polls until crio's socket is there or crio has ended.
func (c *CRIO) waitSocket(ctx context.Context) error {
	for {
		if c.daemon.exited() {
			return fmt.Errorf("crio exited")
		}
		if st, err := os.Stat(c.Socket); err == nil && st.Mode()&os.ModeSocket != 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("no socket %s: %w", c.Socket, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Endpoint is the CRI endpoint of crio for a client on the host.
func (c *CRIO) Endpoint() string { return "unix://" + c.Socket }
