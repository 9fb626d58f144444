package manager_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/systemd/manager"
)

func TestApplyWithRecorder(t *testing.T) {
	root := t.TempDir()
	ctx := context.Background()
	r := manager.NewRecorder()
	_, err := apply.Apply(ctx, containerdPlan(), apply.Options{Root: root, Manager: r})
	require.NoError(t, err)
	assert.Equal(t, []string{"daemon-reload", "enable containerd.service", "start containerd.service"}, r.Calls)

	r.Reset()
	_, err = apply.Apply(ctx, containerdPlan(), apply.Options{Root: root, Manager: r})
	require.NoError(t, err)
	assert.Empty(t, r.Calls, "second apply: nothing to do")

	p := containerdPlan()
	p.Files[1].Content = []byte("version = 3\n# new pause image\n")
	_, err = apply.Apply(ctx, p, apply.Options{Root: root, Manager: r})
	require.NoError(t, err)
	assert.Equal(t, []string{"restart containerd.service"}, r.Calls)

	boom := errors.New("boom")
	r.Reset()
	r.Fail["restart containerd.service"] = boom
	p.Files[1].Content = []byte("version = 3\n")
	_, err = apply.Apply(ctx, p, apply.Options{Root: root, Manager: r})
	assert.ErrorIs(t, err, boom)

	var zero manager.Recorder
	assert.NoError(t, zero.Start(ctx, "x.service"), "the zero Recorder works")
}
