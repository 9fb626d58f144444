package systemd_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/systemd"
)

func TestParseEnvironmentFile(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     map[string]string
	}{
		{"kubeadm", `KUBELET_KUBEADM_ARGS="--node-ip=10.0.0.5 --pod-infra-container-image=registry.k8s.io/pause:3.10"` + "\n",
			map[string]string{"KUBELET_KUBEADM_ARGS": "--node-ip=10.0.0.5 --pod-infra-container-image=registry.k8s.io/pause:3.10"}},
		{"comments and blanks", "# a\n; b\n\n  A = 1 \n", map[string]string{"A": "1"}},
		{"single quotes keep backslashes", `A='x\y'`, map[string]string{"A": `x\y`}},
		{"double quotes drop them", `A="x\"y"`, map[string]string{"A": `x"y`}},
		{"later line wins", "A=1\nA=2\n", map[string]string{"A": "2"}},
		{"empty value", "A=\n", map[string]string{"A": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := systemd.ParseEnvironmentFile([]byte(tc.in))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	for _, bad := range []string{"no assignment\n", "=x\n", "A B=1\n", `A="open` + "\n"} {
		_, err := systemd.ParseEnvironmentFile([]byte(bad))
		assert.Error(t, err, bad)
	}
}
