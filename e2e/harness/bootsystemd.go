package harness

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kubenode/kubenode/internal/testenv"
)

// TestTarget is the target the namespaced systemd boots into: a target of
// the test's own with no dependencies, so that boot reaches neither
// sysinit.target nor anything else the node's own units pull in.
const TestTarget = "kubenode-test.target"

// maskedUnits are masked in the namespaced systemd's root because they act
// on the kernel or devices the host shares with it (sysctls, modules,
// binfmt, udev, the clock, the root filesystem). A unit started in the
// namespace pulls in sysinit.target, and these would run. AllowSysctl
// alone takes systemd-sysctl.service off the list; systemd-modules-load
// stays masked always, since modules are never per namespace.
var maskedUnits = []string{
	"systemd-udevd.service", "systemd-udevd-control.socket", "systemd-udevd-kernel.socket",
	"systemd-udev-trigger.service", "systemd-udev-settle.service",
	"systemd-sysctl.service", "systemd-modules-load.service", "systemd-binfmt.service",
	"proc-sys-fs-binfmt_misc.automount", "systemd-timesyncd.service",
	"systemd-fsck-root.service", "systemd-remount-fs.service",
	"systemd-tmpfiles-setup-dev.service", "systemd-random-seed.service",
	"systemd-hwdb-update.service", "systemd-firstboot.service",
}

// Systemd is a real systemd running as PID 1 of its own PID, mount, UTS,
// IPC and cgroup namespaces, on a root of its own: an overlay of the
// host's / whose upper layer is a tmpfs, with /dev and /sys bound from the
// host, a fresh /proc, tmpfs on /run and /tmp, cgroup hierarchies rooted at
// cgroups of its own, and every unit that would touch the shared kernel
// masked. Whatever it or its services write lands in the tmpfs and is gone
// when it stops; the host's /tmp, /etc, /var and /run are never touched.
type Systemd struct {
	// PID is systemd's PID in the host's PID namespace.
	PID int
	// LogPath holds what systemd printed.
	LogPath string

	// ownNetwork is OwnNetwork's: Command enters the network namespace too.
	ownNetwork bool
	cgroups    []string
	done       chan struct{}
	err        error
}

// BootOption changes the namespaces BootSystemd builds.
type BootOption func(*bootOptions)

type bootOptions struct {
	ownNetwork, allowSysctl bool
}

// OwnNetwork gives systemd a network namespace of its own (unshare --net):
// its loopback and, since net.* sysctls are per network namespace, its own
// /proc/sys/net. Command and Run enter it too.
func OwnNetwork() BootOption { return func(o *bootOptions) { o.ownNetwork = true } }

// AllowSysctl leaves systemd-sysctl.service unmasked, so that a test can
// apply a sysctl.d file by restarting it, and empties every other source
// systemd-sysctl reads (sysctl.d(5): /etc/sysctl.d, /run/sysctl.d,
// /usr/local/lib/sysctl.d, /usr/lib/sysctl.d, /lib/sysctl.d, and
// /etc/sysctl.conf, which Debian links in) in the namespace's root before
// systemd starts: the distribution's files set kernel.* and fs.* keys,
// which are not per namespace and would change the host. Only what the
// test writes is read, and the test must hold it to net.* keys. The
// deletions are whiteouts in the overlay's tmpfs layer; the host's files
// stay. BootSystemd refuses it without OwnNetwork.
func AllowSysctl() BootOption { return func(o *bootOptions) { o.allowSysctl = true } }

// sysctlSources are the files and directories systemd-sysctl reads
// (systemd-sysctl.service(8), sysctl.d(5)); /lib/sysctl.d is the same as
// /usr/lib/sysctl.d on a merged /usr and listed for a split one.
var sysctlSources = []string{
	"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
	"/usr/lib/sysctl.d", "/lib/sysctl.d", "/etc/sysctl.conf",
}

// BootSystemd boots /lib/systemd/systemd in new namespaces (see Systemd)
// into TestTarget and waits until it reports running; opts add to the
// namespaces (OwnNetwork, AllowSysctl). It needs root, unshare, nsenter and
// overlayfs; without them it stops the test through testenv.Missing. A
// cleanup kills systemd by its PID with SIGKILL (which ends every process
// of its PID namespace and with them its mounts) and removes its cgroups.
func BootSystemd(t testing.TB, opts ...BootOption) *Systemd {
	t.Helper()
	var o bootOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.allowSysctl && !o.ownNetwork {
		t.Fatalf("harness: AllowSysctl needs OwnNetwork: systemd-sysctl in the host's network namespace would set the host's sysctls")
		return nil
	}
	testenv.RequireRoot(t)
	for _, p := range []string{"unshare", "nsenter", "mount", "pivot_root"} {
		testenv.Program(t, p)
	}
	const systemdBin = "/lib/systemd/systemd"
	if _, err := os.Stat(systemdBin); err != nil {
		testenv.Missing(t, "%s is not installed (apt-get install systemd)", systemdBin)
	}
	if !filesystemKnown("overlay") {
		testenv.Missing(t, "the kernel has no overlay filesystem")
	}
	mounts, err := cgroupMounts()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	work := filepath.Join(dir, "root")
	if err := os.Mkdir(work, 0o700); err != nil {
		t.Fatal(err)
	}
	s := &Systemd{LogPath: filepath.Join(dir, "systemd.log"), ownNetwork: o.ownNetwork, done: make(chan struct{})}
	t.Cleanup(s.stop)
	name := fmt.Sprintf("kubenode-test-%d-%d", os.Getpid(), time.Now().UnixNano())
	for _, m := range mounts {
		cg, err := makeCgroup(m, name)
		if err != nil {
			t.Fatalf("cgroup for the test systemd: %v", err)
		}
		s.cgroups = append(s.cgroups, cg)
	}
	script := filepath.Join(dir, "boot.sh")
	if err := os.WriteFile(script, []byte(bootScript(work, mounts, s.cgroups, o)), 0o700); err != nil {
		t.Fatal(err)
	}
	logFile, err := os.Create(s.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan error, 1)
	go func() {
		// Pdeathsig follows the thread that started the process: keep it
		// until the process ends, so systemd dies with the test.
		goruntime.LockOSThread()
		cmd := exec.Command("/bin/sh", script, "stage1")
		cmd.Stdout, cmd.Stderr = logFile, logFile
		cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "container=kubenode-test"}
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWPID | syscall.CLONE_NEWUTS | syscall.CLONE_NEWIPC,
			Setpgid:    true,
			Pdeathsig:  syscall.SIGKILL,
		}
		if err := cmd.Start(); err != nil {
			started <- err
			close(s.done)
			return
		}
		s.PID = cmd.Process.Pid
		started <- nil
		s.err = cmd.Wait()
		logFile.Close()
		close(s.done)
	}()
	if err := <-started; err != nil {
		t.Fatalf("boot systemd: %v", err)
	}
	if err := s.waitRunning(90 * time.Second); err != nil {
		t.Fatalf("systemd in its namespace did not come up: %v\n%s", err, s.Log())
	}
	if o.ownNetwork {
		if err := s.checkOwnNetwork(); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// checkOwnNetwork makes sure that systemd, and what Command runs, are in a
// network namespace other than the test's, before a test writes a net.*
// sysctl there.
func (s *Systemd) checkOwnNetwork() error {
	host, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		return err
	}
	ns, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", s.PID))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := s.Command(ctx, "readlink", "/proc/self/ns/net").Output()
	if err != nil {
		return fmt.Errorf("network namespace of a command in the systemd namespace: %w", err)
	}
	if cmd := strings.TrimSpace(string(out)); ns == host || cmd != ns {
		return fmt.Errorf("OwnNetwork: host %s, systemd %s, a command inside %s", host, ns, cmd)
	}
	return nil
}

// Path returns where a path of the namespace's root is seen from the host.
func (s *Systemd) Path(p string) string {
	return filepath.Join(fmt.Sprintf("/proc/%d/root", s.PID), p)
}

// Command runs argv inside the namespaces (nsenter -t PID -m -p -u -i -C,
// and -n with OwnNetwork): systemctl, journalctl and D-Bus clients must,
// since systemd drops a peer whose PID it cannot see.
func (s *Systemd) Command(ctx context.Context, argv ...string) *exec.Cmd {
	args := []string{"-t", fmt.Sprint(s.PID), "-m", "-p", "-u", "-i", "-C"}
	if s.ownNetwork {
		args = append(args, "-n")
	}
	args = append(append(args, "--"), argv...)
	return exec.CommandContext(ctx, "nsenter", args...)
}

// Run runs argv inside the namespaces and returns its combined output,
// failing the test when it fails.
func (s *Systemd) Run(t testing.TB, argv ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := s.Command(ctx, argv...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s (in the systemd namespace): %v\n%s", strings.Join(argv, " "), err, out)
	}
	return string(out)
}

// testBinaryDir is where RunTestBinary puts the test binary in the
// namespace's root.
const testBinaryDir = "/usr/local/libexec/kubenode-e2e"

// RunTestBinary runs the running test binary inside the namespaces, with
// env added to this process's environment, and returns its standard output,
// failing the test (with its standard error) when it fails. A D-Bus client
// of the namespaced systemd must run inside its PID namespace, so a test
// binary whose TestMain turns into such a client when env says so is how a
// test drives that systemd with the library's own code. The binary is
// copied into the namespace's root on first use, since after pivot_root the
// host's temp dirs are not there.
func (s *Systemd) RunTestBinary(t testing.TB, env []string, args ...string) []byte {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := path.Join(testBinaryDir, filepath.Base(self))
	if _, err := os.Stat(s.Path(bin)); err != nil {
		if err := copyExecutable(self, s.Path(bin)); err != nil {
			t.Fatalf("copy the test binary into the systemd namespace: %v", err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := s.Command(ctx, append([]string{bin}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v (in the systemd namespace, with %v): %v\n%s\nstdout: %s", bin, args, env, err, stderr.Bytes(), out)
	}
	return out
}

// copyExecutable copies the file from to to, mode 0755, making to's
// directory.
func copyExecutable(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o755)
}

// CatConfig runs `systemd-analyze cat-config DIR` inside the namespaces,
// which prints every file the program reading DIR (sysctl.d,
// modules-load.d, ...) would read, each after a "# PATH" line, and returns
// each file's content by path. A file's trailing blank lines are dropped.
func (s *Systemd) CatConfig(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	var file string
	var lines []string
	flush := func() {
		if file != "" {
			files[file] = strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
		}
	}
	for _, l := range strings.Split(s.Run(t, "systemd-analyze", "cat-config", dir), "\n") {
		// A header is "# " and an absolute path; a comment line of a
		// file has words after "# ", not a path.
		if p, ok := strings.CutPrefix(l, "# "); ok && strings.HasPrefix(p, "/") && !strings.ContainsAny(p, " \t") {
			flush()
			file, lines = p, nil
			continue
		}
		lines = append(lines, l)
	}
	flush()
	return files
}

// Log returns what systemd printed.
func (s *Systemd) Log() string {
	b, _ := os.ReadFile(s.LogPath)
	return string(b)
}

// Exited reports whether systemd has ended.
func (s *Systemd) Exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// waitRunning polls `systemctl is-system-running` until it prints running
// or degraded.
func (s *Systemd) waitRunning(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last string
	for time.Now().Before(deadline) {
		if s.Exited() {
			return fmt.Errorf("systemd exited: %v", s.err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		out, _ := s.Command(ctx, "systemctl", "is-system-running").CombinedOutput()
		cancel()
		last = strings.TrimSpace(string(out))
		if last == "running" || last == "degraded" {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("is-system-running: %q after %s", last, timeout)
}

// stop kills systemd by its PID, which ends its PID namespace, waits for
// it, and removes its cgroups.
func (s *Systemd) stop() {
	if s.PID > 0 && !s.Exited() {
		_ = syscall.Kill(s.PID, syscall.SIGKILL)
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
		}
	}
	for _, cg := range s.cgroups {
		removeCgroup(cg)
	}
}

// cgroupMount is one cgroup hierarchy mounted under /sys/fs/cgroup.
type cgroupMount struct {
	// rel is the mount point under /sys/fs/cgroup ("" for a cgroup2-only
	// host, "cpu", "systemd", "unified" for a hybrid one).
	rel    string
	fstype string
	// opts are the mount options that name the hierarchy.
	opts string
}

// cgroupMounts reads the host's cgroup hierarchies from mountinfo.
func cgroupMounts() ([]cgroupMount, error) {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	controllers := map[string]bool{}
	if b, err := os.ReadFile("/proc/cgroups"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) > 0 && !strings.HasPrefix(f[0], "#") {
				controllers[f[0]] = true
			}
		}
	}
	var out []cgroupMount
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		if !ok {
			continue
		}
		f, g := strings.Fields(pre), strings.Fields(post)
		if len(f) < 5 || len(g) < 3 || (g[0] != "cgroup" && g[0] != "cgroup2") || f[3] != "/" {
			continue
		}
		mp := f[4]
		if mp != "/sys/fs/cgroup" && !strings.HasPrefix(mp, "/sys/fs/cgroup/") {
			continue
		}
		var opts []string
		hasController := false
		for _, o := range strings.Split(g[2], ",") {
			if o == "rw" || o == "ro" {
				continue
			}
			hasController = hasController || controllers[o]
			opts = append(opts, o)
		}
		if g[0] == "cgroup" && !hasController {
			opts = append([]string{"none"}, opts...)
		}
		out = append(out, cgroupMount{rel: strings.TrimPrefix(strings.TrimPrefix(mp, "/sys/fs/cgroup"), "/"), fstype: g[0], opts: strings.Join(opts, ",")})
	}
	if len(out) == 0 {
		return nil, errors.New("no cgroup hierarchy under /sys/fs/cgroup")
	}
	return out, sc.Err()
}

// makeCgroup creates the test systemd's cgroup in one hierarchy.
func makeCgroup(m cgroupMount, name string) (string, error) {
	parent := filepath.Join("/sys/fs/cgroup", m.rel)
	dir := filepath.Join(parent, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", err
	}
	// A v1 cpuset cgroup takes no task before it has CPUs and memory nodes.
	for _, f := range []string{"cpuset.cpus", "cpuset.mems"} {
		if b, err := os.ReadFile(filepath.Join(parent, f)); err == nil && m.fstype == "cgroup" {
			if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
				return dir, err
			}
		}
	}
	return dir, nil
}

// removeCgroup removes a cgroup and the ones systemd made below it,
// deepest first, retrying while the killed processes leave.
func removeCgroup(dir string) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		var dirs []string
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				dirs = append(dirs, p)
			}
			return nil
		})
		slices.Reverse(dirs)
		var failed bool
		for _, d := range dirs {
			if err := os.Remove(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
				failed = true
			}
		}
		if !failed || time.Now().After(deadline) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func filesystemKnown(name string) bool {
	b, err := os.ReadFile("/proc/filesystems")
	if err != nil {
		return false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[len(f)-1] == name {
			return true
		}
	}
	return false
}

// bootScript is run by /bin/sh as PID 1 of the new namespaces. stage1
// makes every mount private (nothing leaks to the host), moves itself into
// the test's cgroups and enters a new cgroup namespace rooted there (and,
// with OwnNetwork, a new network namespace); stage2 builds the root and
// execs systemd as the same PID 1.
func bootScript(work string, mounts []cgroupMount, cgroups []string, o bootOptions) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("set -eu")
	w(`if [ "$1" = stage1 ]; then`)
	w("\tmount --make-rprivate /")
	for _, cg := range cgroups {
		w("\techo 0 >%s", quote(filepath.Join(cg, "cgroup.procs")))
	}
	if o.ownNetwork {
		w(`	exec unshare --cgroup --net /bin/sh "$0" stage2`)
	} else {
		w(`	exec unshare --cgroup /bin/sh "$0" stage2`)
	}
	w("fi")
	w("W=%s", quote(work))
	w("M=$W/merged")
	w(`mount -t tmpfs -o mode=0755 kubenode-test "$W"`)
	w(`mkdir "$W/upper" "$W/work" "$M"`)
	w(`mount -t overlay overlay -o "lowerdir=/,upperdir=$W/upper,workdir=$W/work" "$M"`)
	w(`mount --rbind /dev "$M/dev"`)
	w(`mount --rbind /sys "$M/sys"`)
	w(`mount -t proc proc "$M/proc"`)
	w(`mount -t tmpfs -o mode=0755 tmpfs "$M/run"`)
	w(`mount -t tmpfs -o mode=1777 tmpfs "$M/tmp"`)
	// Cgroup hierarchies mounted from inside the cgroup namespace show the
	// test's cgroup as their root, so systemd manages its own subtree.
	tmpfsDone := false
	for _, m := range mounts {
		if m.rel != "" && !tmpfsDone {
			w(`mount -t tmpfs -o mode=0755 cgroup "$M/sys/fs/cgroup"`)
			tmpfsDone = true
		}
		p := `"$M/sys/fs/cgroup"`
		if m.rel != "" {
			p = `"$M/sys/fs/cgroup/"` + quote(m.rel)
			w("mkdir -p %s", p)
		}
		w("mount -t %s -o %s %s %s", m.fstype, quote(m.opts), m.fstype, p)
	}
	w(`: >"$M/etc/fstab"`)
	w(`mkdir -p "$M/etc/systemd/system"`)
	w(`printf '[Unit]\nDescription=kubenode e2e target\n' >"$M/etc/systemd/system/%s"`, TestTarget)
	for _, u := range maskedUnits {
		if o.allowSysctl && u == "systemd-sysctl.service" {
			continue
		}
		w(`ln -sf /dev/null "$M/etc/systemd/system/%s"`, u)
	}
	w(`mkdir "$M/.oldroot"`)
	w(`cd "$M"`)
	w("pivot_root . .oldroot")
	w("umount -l /.oldroot")
	w("rmdir /.oldroot")
	if o.allowSysctl {
		// After pivot_root, where none of these paths (not even through
		// an absolute symlink such as /lib) leads to the host's files:
		// the deletions are whiteouts in the overlay's tmpfs layer.
		for _, p := range sysctlSources {
			w(`if [ -d %[1]s ]; then find %[1]s -mindepth 1 -delete; else rm -f %[1]s; fi`, quote(p))
		}
	}
	w("exec /lib/systemd/systemd --system --unit=%s --log-target=console", TestTarget)
	return b.String()
}

// quote quotes one word for sh.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
