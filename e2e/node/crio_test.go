package node_test

import (
	"path"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime/render"
)

// checkCRIO loads the node's CRI-O drop-in with CRI-O's own config loader
// and its registries drop-in with containers/image (the crio-checker), and
// reads back the cgroup manager, pause image and socket CRI-O would run
// with and where it would pull the pause image and a Docker Hub image from.
func (n *nodeUnderTest) checkCRIO(t *testing.T) {
	n.seen.runtimeUnit = crio.UnitName
	root := t.TempDir()
	require.NoError(t, render.WriteDir(n.plan, root))
	dropIn := filepath.Join(root, crio.DropInDir, crio.DefaultDropInName)
	require.NotNil(t, n.plan.File(path.Join(crio.DropInDir, crio.DefaultDropInName)))
	require.NotNil(t, n.plan.File(path.Join(crio.RegistriesDropInDir, crio.DefaultDropInName)))
	const hubImage = "docker.io/library/busybox:1.36"
	r, refused := realcheck.CheckCRIO(t, "-root", root, "-find", hubImage, "-find", n.pause, dropIn)
	require.False(t, refused, r.Error)

	got := r.Crio
	assert.Empty(t, got.Undecoded[dropIn], "keys CRI-O ignores")
	assert.Empty(t, got.HandlerErrors, "CRI-O's handler checks")
	assert.Equal(t, "pod", got.ConmonCgroup)
	n.seen.runtimeDriver = reading{got.CgroupManager, "crio-checker (CRI-O " + realcheck.CRIOVersion + "'s config loader)"}
	n.seen.pauseImage = reading{got.PauseImage, "crio-checker (CRI-O " + realcheck.CRIOVersion + "'s config loader)"}
	n.seen.runtimeSocket = reading{"unix://" + got.Listen, "crio-checker (CRI-O's listen, its default)"}

	// Each image is pulled from the node's mirror first, then its registry.
	for image, mirror := range map[string]string{
		hubImage: "mirror.example.com/library/busybox:1.36",
		n.pause:  "k8s-mirror.example.com/" + path.Base(n.pause),
	} {
		sources := r.Registries.Find[image].PullSources
		if assert.Len(t, sources, 2, image) {
			assert.Equal(t, realcheck.PullSource{Location: mirror}, sources[0], image)
			assert.Equal(t, realcheck.PullSource{Location: image}, sources[1], image)
		}
	}
}
