package render

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// ArtifactScriptPath is where the cloud-init, Ignition, tar and directory
// renderings put the script that installs a plan's artifacts
// ([ArtifactScript]); cloud-init runs it from runcmd, Ignition from a
// oneshot unit, and whoever ships a tar or directory runs it on the node.
const ArtifactScriptPath = "/var/lib/kubenode/install-artifacts.sh"

// shellArtifactPrelude defines what a script with artifacts uses. Like
// shellPrelude it is constant: values reach the script through shellQuote.
const shellArtifactPrelude = `
# fetch URL FILE [continue] downloads URL to FILE with curl or wget,
# whichever is installed; with a third argument it continues FILE.
fetch() {
	if command -v curl >/dev/null 2>&1; then
		if [ $# -gt 2 ]; then
			curl -fsSL --retry 3 -C - -o "$2" "$1"
		else
			curl -fsSL --retry 3 -o "$2" "$1"
		fi
	elif command -v wget >/dev/null 2>&1; then
		if [ $# -gt 2 ]; then
			wget -q -c -O "$2" "$1"
		else
			wget -q -O "$2" "$1"
		fi
	else
		die "neither curl nor wget is installed"
	fi
}

# sha256_ok FILE SHA checks FILE with sha256sum -c.
sha256_ok() {
	printf '%s  %s\n' "$2" "$1" | sha256sum -c - >/dev/null 2>&1
}

# checksum_of URL NAME prints the SHA-256 that the checksum file at URL
# lists for NAME, or the only digest it holds.
checksum_of() {
	fetch "$1" "$cache/.checksum" || die "cannot download $1"
	sum=$(awk -v n="$2" '
		/^[ \t]*(#|$)/ { next }
		{
			lines++
			if (NF == 1) only = $1
			f = $2; sub(/^\*/, "", f); b = f; sub(/.*\//, "", b)
			if (NF >= 2 && (f == n || b == n)) { found = tolower($1); exit }
		}
		END { if (found != "") print found; else if (lines == 1 && only != "") print tolower(only) }' "$cache/.checksum")
	rm -f "$cache/.checksum"
	printf '%s\n' "$sum" | grep -qE '^[0-9a-f]{64}$' || die "no SHA-256 for $2 in $1"
	printf '%s\n' "$sum"
}

# get_artifact URL SHA sets archive to the verified file in the cache:
# reused when it is there and matches, otherwise downloaded (continuing a
# cut download) and checked with sha256sum -c. A file that does not match
# is removed and the script stops before it writes anything.
get_artifact() {
	archive="$cache/$2"
	if [ -f "$archive" ] && sha256_ok "$archive" "$2"; then
		return 0
	fi
	rm -f "$archive"
	part="$archive.partial"
	if [ -s "$part" ]; then
		fetch "$1" "$part" continue || { rm -f "$part"; fetch "$1" "$part"; } || die "cannot download $1"
		if ! sha256_ok "$part" "$2"; then
			# The two parts may come from different files: start again.
			rm -f "$part"
			fetch "$1" "$part" || die "cannot download $1"
		fi
	else
		fetch "$1" "$part" || die "cannot download $1"
	fi
	if ! sha256_ok "$part" "$2"; then
		got=$(sha256sum "$part" | cut -d ' ' -f 1)
		rm -f "$part"
		die "$1: SHA-256 mismatch: want $2, got $got; nothing was installed"
	fi
	mv -f "$part" "$archive"
}

# unpack ARCHIVE DIR MEMBER... extracts only the named members of a
# tar.gz archive into DIR, after checking that no entry of it leaves its
# directory, and checks that each member is a regular file (a link could
# point anywhere).
unpack() {
	src=$1
	dst=$2
	shift 2
	tar -tzf "$src" | awk '/^\// || /(^|\/)\.\.(\/|$)/ { bad = 1 } END { exit bad }' ||
		die "$src holds an entry outside its directory"
	mkdir -p "$dst"
	tar -xzf "$src" -C "$dst" "$@" || die "cannot extract $* from $src"
	for m in "$@"; do
		if [ ! -f "$dst/$m" ] || [ -L "$dst/$m" ]; then die "$src: member $m is not a regular file"; fi
	done
}
`

// ArtifactScript renders a POSIX sh script that installs the plan's
// artifacts and nothing else, the way [Shell] does: every file
// downloaded (or found in ROOT's cache), verified with sha256sum -c and
// unpacked before any binary is installed, then each binary moved into
// place unless it holds the same bytes already. It restarts nothing: the
// renderers that carry it (cloud-init, Ignition, tar, directory) run it
// before the units start. It returns nil for a plan without artifacts.
func ArtifactScript(p *runtime.Plan) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return artifactScript(p.Artifacts), nil
}

func artifactScript(arts []runtime.Artifact) []byte {
	if len(arts) == 0 {
		return nil
	}
	var b bytes.Buffer
	b.WriteString("#!/bin/sh\n")
	fmt.Fprintf(&b, "# Written by kubenode: installs %d release artifacts.\n", len(arts))
	b.WriteString("# Run it as root: sh this-script (the node), or ROOT=/path/to/root sh this-script.\n")
	b.WriteString(shellPrelude)
	writeShellFetch(&b, arts)
	writeShellInstall(&b, arts, nil)
	return b.Bytes()
}

// writeShellFetch writes the download phase: the cache and work
// directories, then each artifact fetched, verified and unpacked.
func writeShellFetch(b *bytes.Buffer, arts []runtime.Artifact) {
	b.WriteString(shellArtifactPrelude)
	fmt.Fprintf(b, "\ncache=\"$R\"%s\nmkdir -p \"$cache\"\n", shellQuote(runtime.ArtifactCacheDir))
	b.WriteString("work=$(mktemp -d \"$cache/.unpack.XXXXXX\")\ntrap 'rm -rf \"$work\"' EXIT\n")
	for i, a := range arts {
		fmt.Fprintf(b, "\n# %s\n", a.Name)
		if a.SHA256 != "" {
			fmt.Fprintf(b, "sha=%s\n", shellQuote(a.SHA256))
		} else {
			fmt.Fprintf(b, "sha=$(checksum_of %s %s)\n", shellQuote(a.ChecksumURL), shellQuote(a.FileName()))
		}
		fmt.Fprintf(b, "get_artifact %s \"$sha\"\n", shellQuote(a.URL))
		if a.Format == runtime.ArchiveBinary {
			fmt.Fprintf(b, "artifact_%d=$archive\n", i)
			continue
		}
		names := make([]string, len(a.Members))
		for j, m := range a.Members {
			names[j] = shellQuote(m.Name)
		}
		fmt.Fprintf(b, "unpack \"$archive\" \"$work/%d\" %s\n", i, strings.Join(names, " "))
	}
}

// writeShellInstall writes the install phase: each member copied beside its
// path and moved into place by install_file. restartVar, when given, maps
// units to the variables that mark them for a restart.
func writeShellInstall(b *bytes.Buffer, arts []runtime.Artifact, restartVar map[string]string) {
	for i, a := range arts {
		for _, m := range a.Members {
			fmt.Fprintf(b, "\nbegin %s\n", shellQuote(m.Path))
			if a.Format == runtime.ArchiveBinary {
				fmt.Fprintf(b, "cp \"$artifact_%d\" \"$new\"\n", i)
			} else {
				fmt.Fprintf(b, "cp \"$work/%d\"/%s \"$new\"\n", i, shellQuote(m.Name))
			}
			fmt.Fprintf(b, "install_file %s %s root root\n", shellQuote(m.Path), shellQuote(fmt.Sprintf("%04o", uint32(m.Mode.Perm()))))
			var sets []string
			if restartVar != nil && runtime.UnitOfPath(m.Path) != "" {
				sets = append(sets, "reload=1")
			}
			for _, u := range m.RestartUnits {
				if v, ok := restartVar[u]; ok {
					sets = append(sets, v+"=1")
				}
			}
			if len(sets) > 0 {
				fmt.Fprintf(b, "if [ \"$changed\" = 1 ]; then %s; fi\n", strings.Join(sets, "; "))
			}
		}
	}
}

// artifactScriptFile is the plan file that carries the artifact script in
// the renderings that cannot download themselves, or nil without
// artifacts. A plan that writes a file of its own there is refused with a
// conflict at that file's path.
func artifactScriptFile(p *runtime.Plan, arts []runtime.Artifact) (*runtime.File, error) {
	if len(arts) == 0 {
		return nil, nil
	}
	for i, f := range p.Files {
		if f.Path == ArtifactScriptPath {
			return nil, field.Conflict(field.NewPath("files").Index(i).Child("path"), f.Path, "the artifact install script goes there")
		}
	}
	return &runtime.File{Path: ArtifactScriptPath, Mode: 0o700, Content: artifactScript(arts)}, nil
}

// filesWithScript is the plan's files followed by the artifact script of
// all its artifacts (script, nil without artifacts): what a rendering that
// carries files but cannot download writes.
func filesWithScript(p *runtime.Plan) (files []runtime.File, script *runtime.File, err error) {
	script, err = artifactScriptFile(p, p.Artifacts)
	if err != nil || script == nil {
		return p.Files, script, err
	}
	return append(slices.Clip(p.Files), *script), script, nil
}
