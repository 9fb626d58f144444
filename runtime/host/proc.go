package host

import (
	"path"
	"slices"
	"strconv"
	"strings"
)

// line returns the trimmed content of a one-line file such as a sysctl,
// "" when it is missing or unread.
func (r *reader) line(name string) string {
	data, ok := r.file(name)
	if !ok {
		return ""
	}
	return strings.TrimSpace(string(data))
}

// sysctls reads each of SysctlNames from /proc/sys.
func (r *reader) sysctls() map[string]string {
	m := map[string]string{}
	for _, name := range SysctlNames() {
		if data, ok := r.file("proc/sys/" + strings.ReplaceAll(name, ".", "/")); ok {
			m[name] = strings.TrimSpace(string(data))
		}
	}
	return m
}

// swap reads /proc/swaps.
func (r *reader) swap() Swap {
	data, ok := r.file("proc/swaps")
	if !ok {
		return Swap{}
	}
	devices := parseSwaps(string(data))
	return Swap{On: boolOf(len(devices) > 0), Devices: devices}
}

// parseSwaps returns the first column of each entry of /proc/swaps after
// its "Filename Type Size Used Priority" header.
func parseSwaps(s string) []string {
	devices := []string{}
	for i, l := range strings.Split(s, "\n") {
		fields := strings.Fields(l)
		if len(fields) == 0 || i == 0 && fields[0] == "Filename" {
			continue
		}
		devices = append(devices, fields[0])
	}
	return devices
}

// modules reads /proc/modules and, when the kernel release is known, its
// modules.builtin.
func (r *reader) modules(release string) Modules {
	var m Modules
	if data, ok := r.file("proc/modules"); ok {
		m.Loaded = parseModules(string(data))
	}
	// A release of "." or ".." or with a '/' would name another directory.
	if release == "" || release == "." || release == ".." || strings.Contains(release, "/") {
		return m
	}
	for _, dir := range []string{"lib/modules/", "usr/lib/modules/"} {
		if data, ok := r.file(dir + release + "/modules.builtin"); ok {
			m.Builtin = parseBuiltin(string(data))
			break
		}
	}
	return m
}

// parseModules returns the first column of each line of /proc/modules,
// sorted.
func parseModules(s string) []string {
	names := []string{}
	for l := range strings.Lines(s) {
		if fields := strings.Fields(l); len(fields) > 0 {
			names = append(names, fields[0])
		}
	}
	return sortedSet(names)
}

// parseBuiltin returns the module names of modules.builtin, whose lines
// are paths like kernel/net/bridge/br_netfilter.ko, sorted.
func parseBuiltin(s string) []string {
	names := []string{}
	for l := range strings.Lines(s) {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		name, _, _ := strings.Cut(path.Base(l), ".ko")
		names = append(names, moduleName(name))
	}
	return sortedSet(names)
}

// parseOOMScoreAdj reads /proc/self/oom_score_adj: a number from -1000
// to 1000.
func parseOOMScoreAdj(s string) (*int, bool) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < -1000 || v > 1000 {
		return nil, false
	}
	return &v, true
}

// capSysResource is the capability that allows lowering oom_score_adj.
const capSysResource = 24

// parseCapSysResource reads whether the CapEff line of /proc/self/status
// holds CAP_SYS_RESOURCE; false when there is no such line or it is not
// hexadecimal.
func parseCapSysResource(s string) (Bool, bool) {
	for l := range strings.Lines(s) {
		v, ok := strings.CutPrefix(l, "CapEff:")
		if !ok {
			continue
		}
		caps, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
		if err != nil {
			return Unknown, false
		}
		return boolOf(caps&(1<<capSysResource) != 0), true
	}
	return Unknown, false
}

// mayLower decides LowerOOMScoreAdj from the capability and the user
// namespace (see its doc).
func mayLower(capable, userns Bool) Bool {
	switch {
	case capable == No || userns == Yes:
		return No
	case capable == Yes && userns == No:
		return Yes
	}
	return Unknown
}

// parseUIDMap is No for the initial user namespace's identity map
// "0 0 4294967295" and Yes for any other map, including an empty one (a
// new namespace not mapped yet); false when a line is not three numbers.
func parseUIDMap(s string) (Bool, bool) {
	var lines [][]string
	for l := range strings.Lines(s) {
		fields := strings.Fields(l)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 3 {
			return Unknown, false
		}
		for _, f := range fields {
			if _, err := strconv.ParseUint(f, 10, 32); err != nil {
				return Unknown, false
			}
		}
		lines = append(lines, fields)
	}
	identity := len(lines) == 1 && slices.Equal(lines[0], []string{"0", "0", "4294967295"})
	return boolOf(!identity), true
}

// sortedSet sorts names and drops repeats.
func sortedSet(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}
