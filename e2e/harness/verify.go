package harness

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-systemd/v22/unit"

	"github.com/kubenode/kubenode/runtime"

	"github.com/kubenode/kubenode/internal/testenv"
)

// unitDirs are the directories systemd loads units from, most specific
// first.
var unitDirs = []string{"/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"}

// stubDir holds the stub units the harness adds; stubExec is the one stub
// program every stub service runs.
const (
	stubDir  = "/usr/lib/systemd/system"
	stubExec = "/usr/libexec/kubenode-stub"
)

// VerifyUnits writes files (a plan's, or any node files) into a fresh root
// and runs `systemd-analyze verify --man=no --generators=no --root=ROOT` on
// every unit among them, and on the unit behind every drop-in. It adds only
// what a unit may legitimately expect from the rest of the node: a stub
// sysinit.target, a stub executable at each Exec path the files do not
// provide, and a stub unit for each Requires=, BindsTo=, Requisite= or
// Service= target they do not provide. The test fails on a non-zero exit and
// on any output at all, since systemd reports many problems (an unknown key,
// a bad value) with exit status 0.
func VerifyUnits(t testing.TB, files []runtime.File) {
	t.Helper()
	out, err := VerifyUnitsOutput(t, files)
	if err != nil || out != "" {
		t.Fatalf("systemd-analyze verify refused the units (err %v):\n%s", err, out)
	}
}

// VerifyUnitsOutput is VerifyUnits returning what systemd-analyze printed and
// its error instead of failing, for tests that expect a refusal.
func VerifyUnitsOutput(t testing.TB, files []runtime.File) (string, error) {
	t.Helper()
	analyze := testenv.Program(t, "systemd-analyze")
	root := t.TempDir()
	var targets []string
	for _, f := range files {
		if err := writeUnder(root, f.Path, f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
		if u := unitBehind(f.Path); u != "" {
			targets = append(targets, u)
		}
	}
	targets = dedupe(targets)
	if len(targets) == 0 {
		t.Fatal("VerifyUnits: no unit file or drop-in among the files")
	}
	if err := addStubs(root, files, targets); err != nil {
		t.Fatal(err)
	}
	args := []string{"verify", "--man=no", "--generators=no", "--root=" + root}
	for _, u := range targets {
		args = append(args, unitPath(root, u))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, analyze, args...)
	cmd.Dir = root
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	return strings.TrimSpace(buf.String()), err
}

// unitBehind returns the unit a node path is, or the unit a drop-in under
// it extends, or "" for any other file.
func unitBehind(p string) string {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	for _, d := range unitDirs {
		if dir == d && isUnitName(base) {
			return base
		}
		if path.Dir(dir) == d && strings.HasSuffix(dir, ".d") && strings.HasSuffix(base, ".conf") {
			return strings.TrimSuffix(path.Base(dir), ".d")
		}
	}
	return ""
}

func isUnitName(name string) bool {
	switch path.Ext(name) {
	case ".service", ".socket", ".target", ".mount", ".timer", ".path", ".slice":
		return true
	}
	return false
}

// unitPath returns where a unit's file is under root, creating a stub for a
// unit that only drop-ins name.
func unitPath(root, name string) string {
	for _, d := range unitDirs {
		p := filepath.Join(root, d, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join(root, stubDir, name)
}

func addStubs(root string, files []runtime.File, targets []string) error {
	if err := writeUnder(root, stubExec, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		return err
	}
	needed := map[string]bool{"sysinit.target": true}
	for _, u := range targets {
		needed[u] = true
	}
	execs := map[string]bool{}
	for _, f := range files {
		if unitBehind(f.Path) == "" {
			continue
		}
		opts, err := unit.DeserializeOptions(bytes.NewReader(f.Content))
		if err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		for _, o := range opts {
			switch {
			case strings.HasPrefix(o.Name, "Exec"):
				if p := execPath(o.Value); p != "" {
					execs[p] = true
				}
			case o.Name == "Requires" || o.Name == "BindsTo" || o.Name == "Requisite" || (o.Section == "Socket" && o.Name == "Service"):
				for _, n := range strings.Fields(o.Value) {
					needed[n] = true
				}
			}
		}
	}
	for p := range execs {
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			if err := writeUnder(root, p, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
				return err
			}
		}
	}
	for _, n := range slices.Sorted(maps.Keys(needed)) {
		if _, err := os.Stat(unitPath(root, n)); err == nil {
			continue
		}
		if err := writeUnder(root, path.Join(stubDir, n), stubUnit(n), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// stubUnit is the smallest valid unit of a name's kind.
func stubUnit(name string) []byte {
	switch path.Ext(name) {
	case ".service":
		return []byte("[Unit]\nDescription=stub\n\n[Service]\nExecStart=" + stubExec + "\n")
	case ".socket":
		return []byte("[Unit]\nDescription=stub\n\n[Socket]\nListenStream=/run/kubenode-stub/" + name + "\n")
	default:
		return []byte("[Unit]\nDescription=stub\n")
	}
}

// execPath returns the program of an Exec line: the first word after
// systemd's prefix characters, when it is an absolute path.
func execPath(v string) string {
	v = strings.TrimLeft(strings.TrimSpace(v), "-@:+!")
	fields := strings.Fields(v)
	if len(fields) == 0 {
		return ""
	}
	p := strings.Trim(fields[0], `"'`)
	if !strings.HasPrefix(p, "/") {
		return ""
	}
	return p
}

func writeUnder(root, p string, content []byte, mode os.FileMode) error {
	full := filepath.Join(root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, content, mode)
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
