package runtime_test

import (
	"testing"

	"github.com/kubenode/kubenode/runtime"
)

func TestPathsOverlap(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"/data/containerd", "/data/containerd", true},
		{"/data/containerd", "/data/containerd/kubelet", true},
		{"/data/containerd/", "/data", true},
		{"/data/containerd", "/data/containerd-state", false},
		{"/var/lib/kubelet", "/var/lib/containerd", false},
		{"/", "/var", true},
	} {
		if got := runtime.PathsOverlap(tc.a, tc.b); got != tc.want {
			t.Errorf("PathsOverlap(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
