package upstream_test

import (
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// A release file as a component describes it, turned into an artifact: the
// mirror replaces the upstream base, and a pinned digest replaces the
// project's checksum file.
func ExampleRelease_Artifact() {
	r := upstream.Release{
		Name:         "runc",
		Base:         upstream.GitHubBase,
		Path:         "opencontainers/runc/releases/download/v1.3.6/runc.amd64",
		ChecksumPath: "opencontainers/runc/releases/download/v1.3.6/runc.sha256sum",
		Format:       runtime.ArchiveBinary,
		Members:      []runtime.Member{{Path: "/usr/local/sbin/runc", Mode: 0o755}},
	}
	a, _ := r.Artifact()
	fmt.Println(a.URL)
	fmt.Println(a.ChecksumURL)

	a, _ = r.Artifact(upstream.WithMirror("https://mirror.example.com/github"),
		upstream.WithSHA256("runc.amd64", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))
	fmt.Println(a.URL)
	fmt.Println(a.SHA256, a.ChecksumURL == "")
	// Output:
	// https://github.com/opencontainers/runc/releases/download/v1.3.6/runc.amd64
	// https://github.com/opencontainers/runc/releases/download/v1.3.6/runc.sha256sum
	// https://mirror.example.com/github/opencontainers/runc/releases/download/v1.3.6/runc.amd64
	// 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef true
}
