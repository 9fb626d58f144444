package hostiletree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kubenode/kubenode/runtime"
)

// Snapshot describes every entry under dir without following a link or
// opening anything but a regular file: type, mode, owner, modification
// time, inode, a link's target and a regular file's content. Two equal
// snapshots of the outside directory mean nothing there changed.
func Snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st, _ := fi.Sys().(*syscall.Stat_t)
		entry := fmt.Sprintf("%s %d:%d %s ino %d", fi.Mode(), st.Uid, st.Gid, fi.ModTime().UTC().Format("2006-01-02T15:04:05.999999999"), st.Ino)
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			entry += " -> " + target
		case fi.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += " " + string(data)
		}
		r, _ := filepath.Rel(dir, p)
		out[r] = entry
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", dir, err)
	}
	return out
}

// Nodes describes what is at each of the plan's file and member paths
// under root, reached as Apply reaches them (through os.Root: a link
// inside the root is followed, one leaving it is not), without opening
// anything but a regular file: "absent", "unreachable", "regular <mode>
// <content>", or the type.
func Nodes(t testing.TB, root string, p *runtime.Plan) map[string]string {
	t.Helper()
	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatalf("open root: %v", err)
	}
	defer r.Close()
	out := map[string]string{}
	for _, np := range paths(p) {
		name := filepath.FromSlash(np[1:])
		fi, err := r.Lstat(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			out[np] = "absent"
		case err != nil:
			out[np] = "unreachable"
		case fi.Mode().IsRegular():
			data, err := r.ReadFile(name)
			if err != nil {
				t.Fatalf("read %s: %v", np, err)
			}
			out[np] = regular(fi.Mode().Perm(), data)
		default:
			out[np] = fi.Mode().Type().String()
		}
	}
	return out
}

// Want is what Nodes says of a root the plan was written to, the
// archive's member being memberBody.
func Want(p *runtime.Plan, memberBody string) map[string]string {
	out := map[string]string{}
	for _, f := range p.Files {
		out[f.Path] = regular(f.Mode.Perm(), f.Content)
	}
	for _, a := range p.Artifacts {
		for _, m := range a.Members {
			out[m.Path] = regular(m.Mode.Perm(), []byte(memberBody))
		}
	}
	return out
}

func regular(mode fs.FileMode, content []byte) string {
	return fmt.Sprintf("regular %04o %q", uint32(mode), content)
}

// paths are the plan's file and member paths.
func paths(p *runtime.Plan) []string {
	var out []string
	for _, f := range p.Files {
		out = append(out, f.Path)
	}
	for _, a := range p.Artifacts {
		for _, m := range a.Members {
			out = append(out, m.Path)
		}
	}
	return out
}

// RequireWhole fails the test unless every path holds, after a write,
// either exactly what it held before or exactly what the plan wants; with
// complete set, only what the plan wants.
func RequireWhole(t testing.TB, before, after, want map[string]string, complete bool) {
	t.Helper()
	for p, got := range after {
		switch {
		case got == want[p]:
		case complete:
			t.Errorf("%s: the write succeeded but it holds %s, not %s", p, got, want[p])
		case got != before[p]:
			t.Errorf("%s: neither old nor new: %s (before: %s)", p, got, before[p])
		}
	}
}

// Names lists every entry under root, links not followed.
func Names(t testing.TB, root string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(r)] = true
		return nil
	})
	if err != nil {
		t.Fatalf("list %s: %v", root, err)
	}
	return out
}

// RequireNoTempLeft fails the test if an entry that was not under root
// before is named like a writer's temp file or work directory (".name.kubenode-…",
// ".unpack.…"): a writer removes its own, however it ends.
func RequireNoTempLeft(t testing.TB, before, after map[string]bool) {
	t.Helper()
	for p := range after {
		base := p[strings.LastIndex(p, "/")+1:]
		if !before[p] && strings.HasPrefix(base, ".") && (strings.Contains(base, ".kubenode-") || strings.HasPrefix(base, ".unpack.")) {
			t.Errorf("left behind: %s", p)
		}
	}
}

// Within runs fn and returns its error, failing the test if fn has not
// returned after guard. It catches a writer blocked for good (on a FIFO);
// guard sits far above any real run, so it is not a timing assertion. A
// hung fn is left running.
func Within(t testing.TB, guard time.Duration, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(guard):
		t.Fatalf("did not return within %s", guard)
		return nil
	}
}
