package release_test

import (
	"fmt"

	"github.com/kubenode/kubenode/containerd/release"
)

// The release files of a containerd node: containerd, runc and the CNI
// plugins, each checked by the checksum file its project publishes.
func ExampleArtifacts() {
	arts, err := release.Artifacts("2.2.9", "amd64")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range arts {
		fmt.Printf("%s: %s (%d binaries)\n", a.Name, a.FileName(), len(a.Members))
	}
	_, err = release.Artifacts("2.2", "amd64")
	fmt.Println(err)
	// Output:
	// containerd: containerd-2.2.9-linux-amd64.tar.gz (4 binaries)
	// runc: runc.amd64 (1 binaries)
	// cni-plugins: cni-plugins-linux-amd64-v1.9.1.tgz (18 binaries)
	// containerd.version: invalid value: "2.2": a release file needs a full version such as 2.2.0
}
