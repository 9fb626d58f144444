package apply

import (
	"fmt"
	"strconv"
	"strings"
)

// The system group range of Debian's and RHEL's login.defs (SYS_GID_MIN,
// SYS_GID_MAX). Apply, and the shell script when ROOT is not /, give a new
// group the highest free GID in it.
const (
	SystemGIDMin = 100
	SystemGIDMax = 999
)

// idFile is /etc/passwd or /etc/group read as name -> numeric ID (the third
// field of each line).
type idFile map[string]int

// parseIDFile reads the colon-separated lines of /etc/passwd or /etc/group.
// Comments, blank lines and NIS "+"/"-" lines are ignored.
func parseIDFile(data []byte) idFile {
	ids := idFile{}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Split(line, ":")
		if len(fields) < 3 || fields[0] == "" || strings.HasPrefix(fields[0], "#") || strings.ContainsAny(fields[0][:1], "+-") {
			continue
		}
		id, err := strconv.Atoi(fields[2])
		if err != nil || id < 0 {
			continue
		}
		if _, dup := ids[fields[0]]; !dup {
			ids[fields[0]] = id
		}
	}
	return ids
}

// lookup resolves a user or group name; root (and the empty name) is 0 even
// when the root has no passwd or group file.
func (ids idFile) lookup(name string) (int, bool) {
	if name == "" || name == "root" {
		return 0, true
	}
	id, ok := ids[name]
	return id, ok
}

// freeSystemGID returns the highest GID of the system range that no group
// uses.
func (ids idFile) freeSystemGID() (int, error) {
	used := map[int]bool{}
	for _, id := range ids {
		used[id] = true
	}
	for gid := SystemGIDMax; gid >= SystemGIDMin; gid-- {
		if !used[gid] {
			return gid, nil
		}
	}
	return 0, fmt.Errorf("no free system GID in %d-%d", SystemGIDMin, SystemGIDMax)
}

// groupLine and gshadowLine are the entries groupadd --system writes for a
// group without members or password.
func groupLine(name string, gid int) string { return fmt.Sprintf("%s:x:%d:\n", name, gid) }
func gshadowLine(name string) string        { return name + ":!::\n" }

// appendLines adds lines to a passwd-style file, first ending its last line
// when it lacks a newline.
func appendLines(data []byte, lines string) []byte {
	out := append([]byte(nil), data...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return append(out, lines...)
}
