package host

import (
	"strconv"
	"strings"
)

// systemdLibPrefix starts the name of the library every systemd binary
// links, which carries systemd's version: libsystemd-shared-252.so
// (Debian 12), libsystemd-shared-256.11-1.fc41.so (Fedora).
const systemdLibPrefix = "libsystemd-shared-"

// systemdVersion reads systemd's version from the name of its shared
// library, in the directories distributions put it: /usr/lib/systemd,
// /usr/lib64/systemd, /usr/lib/<multiarch triplet>/systemd (Ubuntu 24.04)
// and /lib/systemd (a root without merged /usr). The highest version found
// wins; 0 when none. Nothing is run: the root may be an image, and the
// binary's own --version would need executing it.
func (r *reader) systemdVersion() int {
	dirs := []string{"usr/lib/systemd", "usr/lib64/systemd", "lib/systemd"}
	for _, name := range r.dirNames("usr/lib") {
		// A multiarch triplet: x86_64-linux-gnu, aarch64-linux-gnu.
		if strings.Contains(name, "-linux-") {
			dirs = append(dirs, "usr/lib/"+name+"/systemd")
		}
	}
	best := 0
	for _, dir := range dirs {
		for _, name := range r.dirNames(dir) {
			if v := libVersion(name); v > best {
				best = v
			}
		}
	}
	return best
}

// libVersion returns the version in a libsystemd-shared file name, 0 for
// any other name.
func libVersion(name string) int {
	rest, ok := strings.CutPrefix(name, systemdLibPrefix)
	if !ok || !strings.HasSuffix(rest, ".so") {
		return 0
	}
	end := strings.IndexFunc(rest, func(c rune) bool { return c < '0' || c > '9' })
	v, err := strconv.Atoi(rest[:max(end, 0)])
	if err != nil {
		return 0
	}
	return v
}
