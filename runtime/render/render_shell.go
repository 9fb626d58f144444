package render

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/kubenode/kubenode/runtime"
)

// shellDelimiter is the here-document delimiter; a number is added until no
// line of the content equals it.
const shellDelimiter = "KUBENODE_EOF"

// Shell renders the plan as a POSIX sh script that writes the tree
// [github.com/kubenode/kubenode/runtime/apply.Apply] writes and takes the
// same unit steps: `sh script` on the node, `ROOT=dir sh script` for an
// unbooted root. Every path is checked by Apply's rules, then artifacts
// are downloaded, verified and their entries checked, all before any file
// is written. The script keeps no backup and stops at the first failure;
// see the package documentation, "Shell script" and "Artifacts".
func Shell(p *runtime.Plan, opts ...Option) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	units := renderUnits(p)
	restartVar := map[string]string{}
	var b bytes.Buffer
	b.WriteString("#!/bin/sh\n")
	if len(p.Artifacts) > 0 {
		fmt.Fprintf(&b, "# Written by kubenode: %d files, %d release artifacts, %d groups, %d unit actions.\n", len(p.Files), len(p.Artifacts), len(p.Groups), len(p.Units))
	} else {
		fmt.Fprintf(&b, "# Written by kubenode: %d files, %d groups, %d unit actions.\n", len(p.Files), len(p.Groups), len(p.Units))
	}
	b.WriteString("# Run it as root: sh this-script (the node), or ROOT=/path/to/root sh this-script.\n")
	b.WriteString(shellPrelude)
	writeShellChecks(&b, p, p.Artifacts)
	b.WriteString("\nreload=0\n")
	for i, u := range units {
		restartVar[u.name] = "restart_" + strconv.Itoa(i)
		fmt.Fprintf(&b, "%s=0 # %s\n", restartVar[u.name], u.name)
	}
	if len(p.Artifacts) > 0 {
		writeShellFetch(&b, p.Artifacts, settingsOf(opts))
	}
	if len(p.Groups) > 0 {
		b.WriteString("\n")
	}
	for _, g := range p.Groups {
		fmt.Fprintf(&b, "add_group %s\n", shellQuote(g))
	}
	for i, f := range p.Files {
		if bytes.IndexByte(f.Content, 0) >= 0 {
			return nil, fmt.Errorf("shell: %s: content holds a NUL byte, which sh cannot carry", f.Path)
		}
		fmt.Fprintf(&b, "\nbegin %s\n", shellQuote(f.Path))
		writeShellContent(&b, f.Content)
		fmt.Fprintf(&b, "install_file %s %s %s %s\n", shellQuote(f.Path), shellQuote(fmt.Sprintf("%04o", uint32(f.Mode.Perm()))),
			shellQuote(f.OwnerName()), shellQuote(f.GroupName()))
		var sets []string
		if runtime.UnitOfPath(f.Path) != "" {
			sets = append(sets, "reload=1")
		}
		for _, u := range units {
			for _, fi := range u.files {
				if fi == i {
					sets = append(sets, restartVar[u.name]+"=1")
				}
			}
		}
		if len(sets) > 0 {
			fmt.Fprintf(&b, "if [ \"$changed\" = 1 ]; then %s; fi\n", strings.Join(sets, "; "))
		}
	}
	writeShellInstall(&b, p.Artifacts, restartVar)
	writeShellUnits(&b, p, units, restartVar)
	return b.Bytes(), nil
}

// writeShellContent fills "$new" with content.
func writeShellContent(b *bytes.Buffer, content []byte) {
	if len(content) == 0 {
		b.WriteString(": >\"$new\"\n")
		return
	}
	if content[len(content)-1] != '\n' {
		fmt.Fprintf(b, "printf '%%s' %s >\"$new\"\n", shellQuote(string(content)))
		return
	}
	delim := hereDocDelimiter(content)
	fmt.Fprintf(b, "cat >\"$new\" <<'%s'\n", delim)
	b.Write(content)
	b.WriteString(delim + "\n")
}

// hereDocDelimiter returns a delimiter no line of content equals.
func hereDocDelimiter(content []byte) string {
	lines := map[string]bool{}
	for _, l := range strings.Split(string(content), "\n") {
		lines[l] = true
	}
	d := shellDelimiter
	for n := 1; lines[d]; n++ {
		d = shellDelimiter + "_" + strconv.Itoa(n)
	}
	return d
}

// writeShellUnits writes the systemctl steps, run only when ROOT is /.
func writeShellUnits(b *bytes.Buffer, p *runtime.Plan, units []*renderUnit, restartVar map[string]string) {
	if len(units) == 0 && !hasUnitFile(p) {
		return
	}
	b.WriteString("\n# systemd, only on the running system.\nif [ -z \"$R\" ]; then\n")
	b.WriteString("\tif [ \"$reload\" = 1 ]; then systemctl daemon-reload; fi\n")
	done := map[string]bool{}
	for _, a := range p.Units {
		u, v := shellQuote(a.Unit), restartVar[a.Unit]
		switch {
		case a.Action == runtime.ActionEnable:
			fmt.Fprintf(b, "\tsystemctl enable %s\n", u)
		case done[a.Unit]:
		case a.Action == runtime.ActionStart:
			fmt.Fprintf(b, "\tif [ \"$%s\" = 1 ]; then systemctl restart %s; else systemctl start %s; fi\n", v, u, u)
		case a.Action == runtime.ActionRestart:
			fmt.Fprintf(b, "\tif [ \"$%s\" = 1 ]; then systemctl restart %s; fi\n", v, u)
		}
		if a.Action != runtime.ActionEnable {
			done[a.Unit] = true
		}
	}
	for _, u := range units {
		if !u.inPlan {
			q := shellQuote(u.name)
			fmt.Fprintf(b, "\tif [ \"$%s\" = 1 ] && systemctl is-active --quiet %s; then systemctl restart %s; fi\n", restartVar[u.name], q, q)
		}
	}
	// An image root is not booted: its units are enabled by their [Install]
	// links, as systemctl --root makes them, and nothing starts.
	var enable []string
	for _, a := range p.Units {
		if a.Action == runtime.ActionEnable {
			enable = append(enable, shellQuote(a.Unit))
		}
	}
	if len(enable) > 0 {
		b.WriteString("elif command -v systemctl >/dev/null 2>&1; then\n")
		fmt.Fprintf(b, "\tsystemctl --root=\"$R\" enable %s\n", strings.Join(enable, " "))
		b.WriteString("else\n\techo \"warning: no systemctl here: the units of $ROOT are not enabled\" >&2\n")
	}
	b.WriteString("fi\n")
}

// shellQuote quotes one word for sh: inside single quotes nothing is
// special, so the word is closed, an escaped quote added and the word
// reopened for each single quote it holds.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
