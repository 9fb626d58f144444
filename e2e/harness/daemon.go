package harness

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Daemon is a real program the test started and will stop by its PID.
type Daemon struct {
	Cmd     *exec.Cmd
	LogPath string
	done    chan struct{}
	err     error
}

// StartDaemon starts argv[0] with its arguments, its output going to a log
// file in a temp dir, in a process group of its own. A cleanup registered on
// t stops it by its PID (SIGTERM, then SIGKILL after 15 seconds) and waits
// for it, so no test leaves a daemon behind.
func StartDaemon(t testing.TB, argv []string, env []string) *Daemon {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), filepath.Base(argv[0])+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("start %s: %v", argv[0], err)
	}
	d := &Daemon{Cmd: cmd, LogPath: logPath, done: make(chan struct{})}
	go func() {
		d.err = cmd.Wait()
		logFile.Close()
		close(d.done)
	}()
	t.Cleanup(d.Stop)
	return d
}

// Stop ends the daemon by its PID and waits for it; calling it twice is fine.
func (d *Daemon) Stop() {
	select {
	case <-d.done:
		return
	default:
	}
	_ = d.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(15 * time.Second):
		_ = d.Cmd.Process.Kill()
		<-d.done
	}
}

// Exited reports whether the daemon has ended, and how.
func (d *Daemon) Exited() (bool, error) {
	select {
	case <-d.done:
		return true, d.err
	default:
		return false, nil
	}
}

// Log returns what the daemon has printed so far.
func (d *Daemon) Log() string {
	b, _ := os.ReadFile(d.LogPath)
	return string(b)
}

// WaitUntil polls check every 200ms until it returns nil, the daemon exits,
// or timeout passes; it returns the last error.
func (d *Daemon) WaitUntil(timeout time.Duration, check func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return nil
		}
		if exited, werr := d.Exited(); exited {
			return errors.Join(errors.New("daemon exited"), werr, err)
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}
