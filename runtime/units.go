package runtime

import (
	"path"
	"strings"
)

// UnitDirs are the directories systemd loads system units from; a file
// in one of them, or in a "<unit>.d" directory below one, is a unit file or
// drop-in, whose change needs a daemon-reload.
var UnitDirs = []string{
	"/etc/systemd/system",
	"/run/systemd/system",
	"/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system",
	"/lib/systemd/system",
}

// UnitOfPath returns the unit a node path defines (/etc/systemd/system/
// containerd.service) or extends (/etc/systemd/system/containerd.service.d/
// 10-x.conf), or "" when the path is neither.
func UnitOfPath(p string) string {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	for _, d := range UnitDirs {
		if dir == d && validUnitName(base) {
			return base
		}
		if path.Dir(dir) == d && strings.HasSuffix(base, ".conf") {
			if u := strings.TrimSuffix(path.Base(dir), ".d"); u != path.Base(dir) && validUnitName(u) {
				return u
			}
		}
	}
	return ""
}
