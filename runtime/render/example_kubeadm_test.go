package render_test

import (
	"fmt"
	"strings"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime/render"
)

// A plan as a Cluster API KubeadmConfigTemplate: crictl.yaml, mode 0600,
// goes into the Secret before the template, which names it by reference.
func ExampleCAPI() {
	k := render.Kubeadm{Name: "workers", CRISocket: "unix:///run/containerd/containerd.sock"}
	out, err := render.CAPI(plansample.NodePlan(), render.WithKubeadm(k))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(string(out), "\n") {
		switch t := strings.TrimSpace(line); {
		case strings.HasPrefix(t, "kind:"), strings.HasPrefix(t, "key:"), strings.HasPrefix(t, "criSocket:"), strings.HasPrefix(t, "- systemctl"):
			fmt.Println(t)
		}
	}
	// Output:
	// kind: Secret
	// kind: KubeadmConfigTemplate
	// key: etc_crictl.yaml
	// criSocket: unix:///run/containerd/containerd.sock
	// - systemctl daemon-reload
	// - systemctl enable containerd.service
	// - systemctl restart containerd.service
}
