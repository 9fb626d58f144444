package apply

import (
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"strings"
)

// tempMark and tempDigits make the names of Apply's temp files:
// ".<name>.kubenode-<12 lower-case hex digits>", beside the file they
// become. The digits are random, so a name cannot be guessed and planted
// ahead (the file is also created with O_EXCL).
const (
	tempMark   = ".kubenode-"
	tempDigits = 12
)

// tempName returns a new temp file name for name in dir.
func tempName(dir, name string) string {
	var rnd [tempDigits / 2]byte
	_, _ = rand.Read(rnd[:])
	return filepath.Join(dir, "."+name+tempMark+hex.EncodeToString(rnd[:]))
}

// isTempName reports whether a directory entry's name is one tempName
// makes, and so one only Apply writes.
func isTempName(name string) bool {
	rest, ok := strings.CutPrefix(name, ".")
	i := strings.LastIndex(rest, tempMark)
	if !ok || i <= 0 {
		return false
	}
	digits := rest[i+len(tempMark):]
	if len(digits) != tempDigits {
		return false
	}
	for _, c := range digits {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// removeStaleTemps removes, from every existing directory of the plan's
// files and binaries, the temp files an apply killed before its rename
// left behind: regular files named as tempName names them, nothing else.
// No other apply can be writing one, as this one holds the lock. A file
// that cannot be removed is left; it harms nothing.
func (a *applier) removeStaleTemps() {
	seen := map[string]bool{}
	var dirs []string
	for _, t := range a.targets {
		dirs = append(dirs, filepath.Dir(t.rel))
	}
	for _, m := range a.memberTargets() {
		dirs = append(dirs, filepath.Dir(m.rel))
	}
	for _, d := range dirs {
		if !seen[d] {
			seen[d] = true
			a.removeStaleIn(d)
		}
	}
}

// removeStaleIn removes the stale temp files of one directory, reading it
// a batch at a time (it may be large).
func (a *applier) removeStaleIn(dir string) {
	d, err := a.root.Open(dir)
	if err != nil {
		return // missing: this apply creates it
	}
	defer d.Close()
	for {
		entries, err := d.ReadDir(256)
		for _, e := range entries {
			if e.Type().IsRegular() && isTempName(e.Name()) {
				a.touchDir(dir) // a rollback puts its time back
				_ = a.root.Remove(filepath.Join(dir, e.Name()))
			}
		}
		if err != nil { // io.EOF at the end
			return
		}
	}
}
