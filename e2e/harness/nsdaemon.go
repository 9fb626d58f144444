package harness

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// nsDaemon is a program the test started inside a Systemd's namespaces
// through nsenter, outside systemd's units, and stops by its PID.
type nsDaemon struct {
	// pgid is nsenter's PID (host PID namespace), the process group of
	// nsenter and of the program it forked.
	pgid    int
	logPath string
	done    chan struct{}
}

// startInNamespace starts argv inside s's namespaces (Systemd.Command),
// its output going to a log file in a host temp dir, in a process group of
// its own. nsenter forks the program (entering a PID namespace needs a
// fork) and forwards no signal, so the cleanup signals the whole group,
// nsenter and program, by its PID: SIGTERM, then SIGKILL after 20 seconds.
func startInNamespace(t testing.TB, s *Systemd, name string, argv ...string) *nsDaemon {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := s.Command(context.Background(), argv...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("start %s in the systemd namespace: %v", name, err)
	}
	d := &nsDaemon{pgid: cmd.Process.Pid, logPath: logPath, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(d.done)
	}()
	t.Cleanup(d.stop)
	return d
}

// exited reports whether nsenter, and so the program, has ended.
func (d *nsDaemon) exited() bool {
	select {
	case <-d.done:
		return true
	default:
		return false
	}
}

// log returns the last lines the program printed.
func (d *nsDaemon) log() string {
	b, _ := os.ReadFile(d.logPath)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	return strings.Join(lines, "\n")
}

// stop signals the process group and waits until none of it is left.
func (d *nsDaemon) stop() {
	_ = syscall.Kill(-d.pgid, syscall.SIGTERM)
	if !d.waitGone(20 * time.Second) {
		_ = syscall.Kill(-d.pgid, syscall.SIGKILL)
		d.waitGone(10 * time.Second)
	}
	<-d.done
}

// waitGone polls until no process of the group is left.
func (d *nsDaemon) waitGone(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if err := syscall.Kill(-d.pgid, 0); errors.Is(err, syscall.ESRCH) {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}
