package plansample

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Tree describes what a plan wrote under dir, the same whoever wrote it
// (Apply, a rendered script, a tar): every entry's type, mode, numeric
// owner and content, leaving out the root itself, the apply lock, Apply's
// backups and the download cache, which the writers keep differently.
func Tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	return walk(t, dir, func(r string, fi fs.FileInfo, content []byte) (string, bool) {
		if r == "." || r == "run" || strings.HasPrefix(r, "run/") || r == "var" ||
			strings.HasPrefix(r, "var/backups") || strings.HasPrefix(r, "var/cache") {
			return "", false
		}
		entry := fi.Mode().String() + " " + owner(fi)
		if fi.Mode().IsRegular() {
			entry += " " + describe(content)
		}
		return entry, true
	})
}

// Snapshot describes every entry under dir with all that a write changes:
// type, mode, numeric owner, modification time, inode and content, so "left
// exactly as it was" can be checked.
func Snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	return walk(t, dir, func(_ string, fi fs.FileInfo, content []byte) (string, bool) {
		entry := fi.Mode().String() + " " + owner(fi) + " " + fi.ModTime().Format(time.RFC3339Nano) + " ino " + strconv.FormatUint(fi.Sys().(*syscall.Stat_t).Ino, 10)
		if fi.Mode().IsRegular() {
			entry += " " + describe(content)
		}
		return entry, true
	})
}

// Inodes maps each regular file under dir but the download cache to its
// inode: a file written again, even with the same content, gets a new one.
func Inodes(t testing.TB, dir string) map[string]uint64 {
	t.Helper()
	return walk(t, dir, func(r string, fi fs.FileInfo, _ []byte) (uint64, bool) {
		if !fi.Mode().IsRegular() || strings.HasPrefix(r, "var/cache/") {
			return 0, false
		}
		return fi.Sys().(*syscall.Stat_t).Ino, true
	})
}

// walk maps the entries under dir, by their path relative to it, to what
// entry makes of them and the content of regular files; an entry that
// entry refuses is left out.
func walk[V any](t testing.TB, dir string, entry func(rel string, fi fs.FileInfo, content []byte) (V, bool)) map[string]V {
	t.Helper()
	out := map[string]V{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		var content []byte
		if fi.Mode().IsRegular() {
			if content, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		r, _ := filepath.Rel(dir, p)
		if v, ok := entry(r, fi, content); ok {
			out[r] = v
		}
		return nil
	}))
	return out
}

// describe is a file's content, or for a file too large to print in a
// failure (a release binary), its SHA-256.
func describe(content []byte) string {
	if len(content) <= 4096 {
		return string(content)
	}
	sum := sha256.Sum256(content)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// owner prints a file's numeric owner and group.
func owner(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "?"
	}
	return strconv.Itoa(int(st.Uid)) + ":" + strconv.Itoa(int(st.Gid))
}
