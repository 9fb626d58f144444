package host

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// String prints the facts as WriteTo does.
func (f *Facts) String() string {
	var b bytes.Buffer
	_, _ = f.WriteTo(&b)
	return b.String()
}

// WriteTo prints the facts one per line, "NAME: VALUE", in a fixed order
// and with every fact present ("unknown" when it is), so that two hosts
// compare line by line and the text can go in a golden file. A value that
// is empty or holds a control character is quoted (a list's item also
// when it holds a space), so no value adds a line. The module lists are
// long on a real host: it prints their length and whether each module a
// node needs is there.
func (f *Facts) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	put := func(name, value string) { fmt.Fprintf(&b, "%s: %s\n", name, value) }
	put("kernel release", text(f.KernelRelease, f.KernelRelease != ""))
	put("systemd version", text(strconv.Itoa(f.SystemdVersion), f.SystemdVersion != 0))
	// Typed values go through text too: a caller may have built the
	// Facts with anything in them.
	put("cgroup", text(f.Cgroup.Mode.String(), true))
	put("cgroup controllers", words(f.Cgroup.Controllers))
	put("swap", text(f.Swap.On.String(), true))
	put("swap devices", words(f.Swap.Devices))
	put("modules loaded", count(f.Modules.Loaded))
	put("modules built in", count(f.Modules.Builtin))
	for _, m := range []string{ModuleOverlay, ModuleBrNetfilter} {
		put("module "+m, f.Modules.Has(m).String())
	}
	for _, name := range SysctlNames() {
		v, ok := f.Sysctls[name]
		put("sysctl "+name, text(v, ok))
	}
	adj := 0
	if f.OOMScoreAdj != nil {
		adj = *f.OOMScoreAdj
	}
	put("oom_score_adj", text(strconv.Itoa(adj), f.OOMScoreAdj != nil))
	put("may lower oom_score_adj", text(f.LowerOOMScoreAdj.String(), true))
	put("user namespace", text(f.UserNamespace.String(), true))
	for _, u := range f.Unreadable {
		put("unreadable "+text(u.Path, true), text(string(u.Reason), true))
	}
	return b.WriteTo(w)
}

// text is s, quoted when it is empty or holds a character that is not
// printable (a newline, a tab), or "unknown" when it is not known.
func text(s string, known bool) string {
	if !known {
		return "unknown"
	}
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return strconv.Quote(s)
	}
	return s
}

// words prints a list space-separated, each item quoted by text or when
// it holds a space; "none" when empty, "unknown" when nil.
func words(list []string) string {
	switch {
	case list == nil:
		return "unknown"
	case len(list) == 0:
		return "none"
	}
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = text(v, true)
		if s[i] == v && strings.Contains(v, " ") {
			s[i] = strconv.Quote(v)
		}
	}
	return strings.Join(s, " ")
}

// count prints a list's length, "unknown" when nil.
func count(list []string) string {
	return text(strconv.Itoa(len(list)), list != nil)
}
