package hostiletree

import (
	"github.com/kubenode/kubenode/runtime"
)

// MemberPath is where a fixture archive's member is installed.
const MemberPath = "/usr/local/bin/tool"

// ArtifactURL is where a fixture artifact would be downloaded from: a
// loopback port nothing listens on, so a writer that does not find the
// archive in the cache fails at once and nothing leaves the machine.
const ArtifactURL = "http://127.0.0.1:9/tool.tar.gz"

// Artifact is the artifact that installs the archive's member at
// MemberPath, pinned to the archive's digest.
func Artifact(a Archive) runtime.Artifact {
	return runtime.Artifact{
		Name: "tool", URL: ArtifactURL, SHA256: SHA256(a.TarGz()), Format: runtime.ArchiveTarGz,
		Members: []runtime.Member{{Name: a.MemberEntry(), Path: MemberPath, Mode: 0o755}},
	}
}

// Plan is the plan the trees are prepared against: files in nested and
// shared directories (a unit, a config read at start, a 0600 file, a file
// of a group the plan creates), the group, unit actions, and the artifact
// of the archive unless arch is nil.
func Plan(arch *Archive) *runtime.Plan {
	p := &runtime.Plan{
		Groups: []string{"docker"},
		Files: []runtime.File{
			{Path: "/etc/systemd/system/containerd.service", Mode: 0o644, Content: []byte("[Service]\nExecStart=/usr/local/bin/tool\n")},
			{Path: "/etc/containerd/config.toml", Mode: 0o644, Content: []byte("version = 3\n"), RestartUnits: []string{"containerd.service"}},
			{Path: "/etc/crictl.yaml", Mode: 0o600, Content: []byte("timeout: 10\n")},
			{Path: "/etc/docker/daemon.json", Mode: 0o640, Group: "docker", Content: []byte("{}\n")},
		},
		Units: []runtime.UnitAction{
			{Unit: "containerd.service", Action: runtime.ActionEnable},
			{Unit: "containerd.service", Action: runtime.ActionStart},
		},
	}
	if arch != nil {
		p.Artifacts = []runtime.Artifact{Artifact(*arch)}
	}
	return p
}

// Good is the archive Plan's trees use: its member only.
func Good() *Archive {
	a := SafeArchives[0]
	return &a
}
