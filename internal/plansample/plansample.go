// Package plansample holds what kubenode's own tests of planning, applying
// and rendering share, end-to-end tests included: small plans and
// artifacts, a whole node, and descriptions of the tree a plan wrote.
package plansample

import "github.com/kubenode/kubenode/runtime"

// DigestA and DigestB are well-formed SHA-256 digests of nothing in particular.
const (
	DigestA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	DigestB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

// TarArtifact is a valid containerd-like artifact checked by a checksum file.
func TarArtifact() runtime.Artifact {
	return runtime.Artifact{
		Name:        "containerd",
		URL:         "https://releases.example.com/containerd-2.2.9-linux-amd64.tar.gz",
		ChecksumURL: "https://releases.example.com/containerd-2.2.9-linux-amd64.tar.gz.sha256sum",
		Format:      runtime.ArchiveTarGz,
		Members: []runtime.Member{
			{Name: "bin/containerd", Path: "/usr/local/bin/containerd", Mode: 0o755, RestartUnits: []string{"containerd.service"}},
			{Name: "bin/ctr", Path: "/usr/local/bin/ctr", Mode: 0o755},
		},
	}
}

// BinaryArtifact is a valid pinned plain binary.
func BinaryArtifact() runtime.Artifact {
	return runtime.Artifact{
		Name:    "runc",
		URL:     "https://releases.example.com/runc.amd64",
		SHA256:  DigestA,
		Format:  runtime.ArchiveBinary,
		Members: []runtime.Member{{Path: "/usr/local/sbin/runc", Mode: 0o755}},
	}
}

// NodePlan is a small containerd node: a unit file, a config read at start,
// a registry hosts file read on every pull, and crictl.yaml.
func NodePlan() *runtime.Plan {
	return &runtime.Plan{
		Files: []runtime.File{
			{Path: "/etc/systemd/system/containerd.service", Mode: 0o644, Content: []byte("[Service]\nExecStart=/usr/bin/containerd\n"), RestartUnits: []string{"containerd.service"}},
			{Path: "/etc/containerd/config.toml", Mode: 0o644, Content: []byte("version = 3\n"), RestartUnits: []string{"containerd.service"}},
			{Path: "/etc/containerd/certs.d/docker.io/hosts.toml", Mode: 0o644, Content: []byte("server = \"https://registry-1.docker.io\"\n")},
			{Path: "/etc/crictl.yaml", Mode: 0o600, Content: []byte("timeout: 10\n")},
		},
		Units: []runtime.UnitAction{
			{Unit: "containerd.service", Action: runtime.ActionEnable},
			{Unit: "containerd.service", Action: runtime.ActionStart},
		},
	}
}

// RenderPlan holds what renderers must carry: a unit file and a drop-in, a
// file without a final newline, one holding the here-document delimiter and
// shell metacharacters, a group-owned file, an empty file.
func RenderPlan() *runtime.Plan {
	p := NodePlan()
	p.Groups = []string{"docker"}
	p.Files = append(p.Files,
		runtime.File{Path: "/etc/systemd/system/containerd.service.d/10-limits.conf", Mode: 0o644, Content: []byte("[Service]\nLimitNOFILE=1048576\n")},
		runtime.File{Path: "/etc/docker/daemon.json", Mode: 0o640, Group: "docker", Content: []byte(`{"exec-opts": ["native.cgroupdriver=systemd"]}`), RestartUnits: []string{"docker.service"}},
		runtime.File{Path: "/etc/kubenode/tricky's file", Mode: 0o600, Content: []byte("KUBENODE_EOF\n$HOME `id` \\n 'quoted' \"dq\"\n\ttab\n")},
		runtime.File{Path: "/etc/kubenode/empty", Mode: 0o644},
	)
	return p
}
