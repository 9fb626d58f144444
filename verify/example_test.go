package verify_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/verify"
)

// Verify a containerd node against its plan. Here the node's / is an
// empty directory, so nothing serves the CRI socket the plan names: that
// is a finding on the socket, returned within the timeout, not an error.
// On a running node each drift is a finding in the planned file at the
// setting's path, with both values (verify.Drift).
func ExampleNode() {
	root, err := os.MkdirTemp("", "node-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(root)

	node := &kubenode.Node{Runtime: kubenode.Containerd, RuntimeVersion: "2.2"}
	report, err := verify.Node(context.Background(), node,
		verify.WithRoot(root), verify.WithoutKubelet(), verify.WithTimeout(5*time.Second))
	if err != nil {
		panic(err) // the node does not plan, or an option is wrong
	}
	for _, f := range report.Findings {
		switch {
		case errors.Is(f.Err, verify.ErrUnreachable):
			fmt.Println("unreachable:", f.File)
		case errors.Is(f.Err, verify.ErrDrift):
			fmt.Println("drift:", f.File, f.Path, f.Err.BadValue.(verify.Drift))
		}
	}
	// Output:
	// unreachable: /run/containerd/containerd.sock
}
