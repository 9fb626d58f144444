package crictl_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
)

func TestInspect(t *testing.T) {
	tests := []struct {
		name string
		file string
		want inspecttest.Want
	}{
		{"unknown key: a warning, crictl ignores it", "runtime-endpoint: unix:///run/containerd/containerd.sock\ncolor: true\n", inspecttest.Warning(crictl.Path, field.ErrInvalid, "")},
		{"bad endpoint", "runtime-endpoint: tcp://10.0.0.1:1234\n", inspecttest.Error(crictl.Path, field.ErrInvalid, "runtime-endpoint")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			node := inspect.NewNode(fstest.MapFS{"etc/crictl.yaml": {Data: []byte(tt.file)}})
			inspecttest.RequireFindings(t, crictl.Inspect(node, inspect.Target{}).Findings, tt.want)
		})
	}

	r := crictl.Inspect(inspect.NewNode(fstest.MapFS{}), inspect.Target{})
	assert.Empty(t, r.Findings, "no crictl.yaml: nothing to say")
	assert.Nil(t, r.Client)

	r = crictl.Inspect(inspect.NewNode(fstest.MapFS{"etc/crictl.yaml": {Data: []byte("runtime-endpoint: unix:///run/crio/crio.sock\n")}}), inspect.Target{})
	assert.Empty(t, r.Findings)
	require.NotNil(t, r.Client)
	assert.Equal(t, "unix:///run/crio/crio.sock", r.Client.Endpoints[0].Value)
}

func TestInstaller(t *testing.T) {
	cfg, err := crictl.New("unix:///run/containerd/containerd.sock")
	require.NoError(t, err)
	in, err := crictl.NewInstaller(cfg)
	require.NoError(t, err)
	p, err := in.Plan(t.Context())
	require.NoError(t, err)
	require.Len(t, p.Files, 1)
	assert.Equal(t, crictl.Path, p.Files[0].Path)
	assert.Empty(t, p.Units)

	_, err = crictl.NewInstaller(&crictl.Config{RuntimeEndpoint: "tcp://x"})
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "runtime-endpoint")
}
