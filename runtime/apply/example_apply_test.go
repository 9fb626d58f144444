package apply_test

import (
	"context"
	"fmt"
	"os"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/render"
)

// Apply a plan to a directory, then dry-run a change to see its diff and
// the systemd steps it would take.
func ExampleApply() {
	root, _ := os.MkdirTemp("", "kubenode-example")
	defer os.RemoveAll(root)
	plan := &runtime.Plan{
		Files: []runtime.File{{
			Path: "/etc/containerd/config.toml", Mode: 0o644,
			Content:      []byte("version = 3\n"),
			RestartUnits: []string{"containerd.service"},
		}},
		Units: []runtime.UnitAction{{Unit: "containerd.service", Action: runtime.ActionStart}},
	}
	ctx := context.Background()
	if _, err := apply.Apply(ctx, plan, apply.Options{Root: root}); err != nil {
		fmt.Println(err)
		return
	}
	plan.Files[0].Content = []byte("version = 3\n\n[plugins]\n")
	res, err := apply.Apply(ctx, plan, apply.Options{Root: root, DryRun: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = res.Report(os.Stdout)
	// Output:
	// would update /etc/containerd/config.toml (0644 root:root)
	// --- /etc/containerd/config.toml
	// +++ /etc/containerd/config.toml
	// @@ -1 +1,3 @@
	//  version = 3
	// +
	// +[plugins]
	// would start containerd.service
}

func ExampleUnifiedDiff() {
	fmt.Print(apply.UnifiedDiff("/etc/crictl.yaml", "/etc/crictl.yaml",
		[]byte("timeout: 2\ndebug: false\n"), []byte("timeout: 10\ndebug: false\n")))
	// Output:
	// --- /etc/crictl.yaml
	// +++ /etc/crictl.yaml
	// @@ -1,2 +1,2 @@
	// -timeout: 2
	// +timeout: 10
	//  debug: false
}

func Example_shell() {
	script, err := render.Shell(&runtime.Plan{
		Files: []runtime.File{{Path: "/etc/crictl.yaml", Mode: 0o644, Content: []byte("timeout: 10\n")}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Run it on the node, or as ROOT=/mnt/image sh plan.sh for an image.
	fmt.Println(len(script) > 0)
	// Output: true
}
