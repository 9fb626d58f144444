package render

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/kubenode/kubenode/runtime"
)

// shellPrelude defines what every script uses. It is constant: every value
// of the plan reaches the script through shellQuote.
const shellPrelude = `set -eu
umask 022
ROOT=${ROOT:-/}
# R is ROOT without trailing slashes: "$R/etc/x" is /etc/x under ROOT, and R
# is empty exactly when ROOT is the running system's /.
R=${ROOT%/}
case $R in *[!/]*) ;; *) R= ;; esac

die() {
	printf 'kubenode: %s\n' "$*" >&2
	exit 1
}

# id_of FILE NAME prints the numeric ID of NAME in FILE under ROOT
# (/etc/passwd or /etc/group); root is 0.
id_of() {
	if [ "$2" = root ]; then
		echo 0
		return 0
	fi
	awk -F: -v n="$2" '$1 == n { print $3; f = 1; exit } END { exit !f }' "$R$1" 2>/dev/null ||
		die "no $2 in $ROOT$1"
}

# end_line FILE ends FILE's last line when it lacks a newline.
end_line() {
	if [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ]; then echo >>"$1"; fi
}

# add_group NAME creates a system group unless ROOT has it: groupadd on the
# running system, otherwise a line in ROOT's /etc/group (and /etc/gshadow
# when there is one) with the highest free GID from 999 down to 100.
add_group() {
	if [ -z "$R" ]; then
		getent group "$1" >/dev/null || groupadd --system "$1"
		return 0
	fi
	mkdir -p "$R/etc"
	if [ -f "$R/etc/group" ] && awk -F: -v n="$1" '$1 == n { f = 1 } END { exit !f }' "$R/etc/group"; then
		return 0
	fi
	[ -f "$R/etc/group" ] || : >"$R/etc/group"
	gid=$(awk -F: '{ used[$3] = 1 } END { for (g = 999; g >= 100; g--) if (!(g in used)) { print g; exit } exit 1 }' "$R/etc/group") ||
		die "no free system GID for group $1"
	end_line "$R/etc/group"
	printf '%s:x:%s:\n' "$1" "$gid" >>"$R/etc/group"
	if [ -f "$R/etc/gshadow" ]; then
		end_line "$R/etc/gshadow"
		printf '%s:!::\n' "$1" >>"$R/etc/gshadow"
	fi
}

# begin PATH makes PATH's directory and sets new to the temp file beside
# PATH that the next command fills.
begin() {
	[ ! -L "$R$1" ] || die "$ROOT$1 is a symbolic link"
	[ ! -d "$R$1" ] || die "$ROOT$1 is a directory"
	mkdir -p "$R$(dirname "$1")"
	new="$R$(dirname "$1")/.$(basename "$1").kubenode-new"
}

# install_file PATH MODE OWNER GROUP gives the temp file its mode (and, as
# root, its owner), then moves it over PATH unless PATH holds the same
# bytes already. It sets changed to 1 when PATH's content changed.
install_file() {
	chmod "$2" "$new"
	if [ "$(id -u)" = 0 ]; then
		uid=$(id_of /etc/passwd "$3")
		gid=$(id_of /etc/group "$4")
		chown "$uid:$gid" "$new"
	fi
	if [ -f "$R$1" ] && cmp -s "$new" "$R$1"; then
		# Same bytes: keep the file, only correct its mode and owner.
		changed=0
		rm -f "$new"
		chmod "$2" "$R$1"
		if [ "$(id -u)" = 0 ]; then chown "$uid:$gid" "$R$1"; fi
	else
		changed=1
		mv -f "$new" "$R$1"
	fi
}
`

// shellDelimiter is the here-document delimiter; a number is added until no
// line of the content equals it.
const shellDelimiter = "KUBENODE_EOF"

// Shell renders the plan as a POSIX sh script that writes the tree
// [github.com/kubenode/kubenode/runtime/apply.Apply] writes and takes the
// same unit steps: `sh script` on the node, `ROOT=dir sh script` for an
// unbooted root. Artifacts are downloaded and verified before any file is
// written. The script keeps no backup and stops at the first failure; see
// the package documentation, "Shell script" and "Artifacts".
func Shell(p *runtime.Plan) ([]byte, error) {
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
	b.WriteString("\nreload=0\n")
	for i, u := range units {
		restartVar[u.name] = "restart_" + strconv.Itoa(i)
		fmt.Fprintf(&b, "%s=0 # %s\n", restartVar[u.name], u.name)
	}
	if len(p.Artifacts) > 0 {
		writeShellFetch(&b, p.Artifacts)
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
	b.WriteString("fi\n")
}

// shellQuote quotes one word for sh: inside single quotes nothing is
// special, so the word is closed, an escaped quote added and the word
// reopened for each single quote it holds.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
