package host

import (
	"slices"
	"strings"
	"testing"
)

// The parsers of /proc files take anything without panicking, return
// sorted lists where they promise to, and nothing they read can add a line
// to the facts' text.
func FuzzParse(f *testing.F) {
	f.Add(rootMount + tmpfsTop + v1Memory + unified2)
	f.Add(procCgroups)
	f.Add(swapsHeader + "/dev/sda2 partition 2097148 0 -3\n")
	f.Add(procModules)
	f.Add(modulesBuiltin)
	f.Add(identityMap)
	f.Add(status("000001fffeffffff"))
	f.Add("libsystemd-shared-256.11-1.fc41.so")
	f.Fuzz(func(t *testing.T, s string) {
		if m, ok := parseMountinfo(s); ok {
			_ = m.mode()
		}
		if names, ok := parseProcCgroups(s); ok && !slices.IsSorted(names) {
			t.Fatalf("controllers not sorted: %q", names)
		}
		devices := parseSwaps(s)
		for _, l := range [][]string{parseModules(s), parseBuiltin(s)} {
			if !slices.IsSorted(l) {
				t.Fatalf("modules not sorted: %q", l)
			}
		}
		_, _ = parseUIDMap(s)
		_, _ = parseCapSysResource(s)
		if v, ok := parseOOMScoreAdj(s); ok && (*v < -1000 || *v > 1000) {
			t.Fatalf("oom_score_adj %d of %q", *v, s)
		}
		if v := libVersion(s); v < 0 {
			t.Fatalf("version %d of %q", v, s)
		}
		facts := &Facts{
			KernelRelease: s,
			Cgroup:        Cgroup{Mode: CgroupMode(s), Controllers: []string{s}},
			Swap:          Swap{On: Bool(s), Devices: devices},
			Sysctls:       map[string]string{SysctlIPForward: s},
		}
		if n := strings.Count(facts.String(), "\n"); n != 17 {
			t.Fatalf("%d lines in\n%s", n, facts)
		}
	})
}
