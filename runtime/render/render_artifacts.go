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

// ArtifactScript renders a POSIX sh script that installs the plan's
// artifacts and nothing else, the way [Shell] does: every member's path
// checked, every file downloaded (or found in ROOT's cache), verified with
// sha256sum -c and its entries checked before any binary is installed,
// then each binary moved into place unless it holds the same bytes
// already. It restarts nothing: the renderers that carry it (cloud-init,
// Ignition, tar, directory) run it before the units start. It returns nil
// for a plan without artifacts.
func ArtifactScript(p *runtime.Plan, opts ...Option) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return artifactScript(p.Artifacts, settingsOf(opts)), nil
}

func artifactScript(arts []runtime.Artifact, s settings) []byte {
	if len(arts) == 0 {
		return nil
	}
	var b bytes.Buffer
	b.WriteString("#!/bin/sh\n")
	fmt.Fprintf(&b, "# Written by kubenode: installs %d release artifacts.\n", len(arts))
	b.WriteString("# Run it as root: sh this-script (the node), or ROOT=/path/to/root sh this-script.\n")
	b.WriteString(shellPrelude)
	writeShellChecks(&b, nil, arts)
	writeShellFetch(&b, arts, s)
	writeShellInstall(&b, arts, nil)
	return b.Bytes()
}

// writeShellChecks writes the checks of every path the script reads or
// replaces, so that a root Apply would refuse is refused before anything
// is written: the account files, the groups' files, each file and each
// member.
func writeShellChecks(b *bytes.Buffer, p *runtime.Plan, arts []runtime.Artifact) {
	b.WriteString("\n# Check every path before anything is written.\nreadable /etc/passwd\nreadable /etc/group\n")
	if p != nil {
		for _, g := range p.Groups {
			fmt.Fprintf(b, "group_target %s\n", shellQuote(g))
		}
		for _, f := range p.Files {
			fmt.Fprintf(b, "target %s\n", shellQuote(f.Path))
		}
	}
	for _, a := range arts {
		for _, m := range a.Members {
			fmt.Fprintf(b, "target %s\n", shellQuote(m.Path))
		}
	}
}

// writeShellFetch writes the download phase: the cache and work
// directories, then each artifact fetched, verified and unpacked.
func writeShellFetch(b *bytes.Buffer, arts []runtime.Artifact, s settings) {
	b.WriteString(shellFetchPrelude)
	tarGz := false
	for _, a := range arts {
		tarGz = tarGz || a.Format == runtime.ArchiveTarGz
	}
	if tarGz {
		b.WriteString(shellArchivePrelude)
		b.WriteString("\ntar --version 2>/dev/null | grep -q 'GNU tar' ||\n\tdie \"GNU tar is not installed: the script reads its listing to check an archive's entries before it installs anything\"\n")
	}
	crossHost := 0
	if s.crossHost {
		crossHost = 1
	}
	fmt.Fprintf(b, "\ncross_host=%d\n", crossHost)
	fmt.Fprintf(b, "cache=\"$R\"%s\ndirs %s 1\n", shellQuote(runtime.ArtifactCacheDir), shellQuote(runtime.ArtifactCacheDir))
	b.WriteString("work=$(mktemp -d \"$cache/.unpack.XXXXXX\") || die \"cannot create a work directory in $cache\"\n")
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
func artifactScriptFile(p *runtime.Plan, arts []runtime.Artifact, s settings) (*runtime.File, error) {
	if len(arts) == 0 {
		return nil, nil
	}
	for i, f := range p.Files {
		if f.Path == ArtifactScriptPath {
			return nil, field.Conflict(field.NewPath("files").Index(i).Child("path"), f.Path, "the artifact install script goes there")
		}
	}
	return &runtime.File{Path: ArtifactScriptPath, Mode: 0o700, Content: artifactScript(arts, s)}, nil
}

// filesWithScript is the plan's files followed by the artifact script of
// all its artifacts (script, nil without artifacts): what a rendering that
// carries files but cannot download writes.
func filesWithScript(p *runtime.Plan, s settings) (files []runtime.File, script *runtime.File, err error) {
	script, err = artifactScriptFile(p, p.Artifacts, s)
	if err != nil || script == nil {
		return p.Files, script, err
	}
	return append(slices.Clip(p.Files), *script), script, nil
}
