package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/hostiletree"
	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime/render"
)

// FuzzHostileTree writes hostiletree.Plan with Apply and with the shell
// script (the real sh) to random hostile roots (hostiletree.Generate:
// links in and out of the root, dangling links, FIFOs, hard links out,
// files and directories in the way) and checks the invariants of
// writeHostile for both: nothing outside the root changes, every file is
// wholly old or new, no temp file is left, nothing hangs past hangGuard,
// and a refused write writes no file. Both must also agree: refuse the
// same roots, and write the same tree to the others.
func FuzzHostileTree(f *testing.F) {
	f.Add([]byte{})
	for _, tree := range hostiletree.Trees {
		f.Add(hostiletree.Encode(tree.Hazards))
	}
	arch := hostiletree.Good()
	p := hostiletree.Plan(arch)
	script, err := render.Shell(p)
	require.NoError(f, err)
	archive := arch.TarGz()
	f.Fuzz(func(t *testing.T, data []byte) {
		hazards := hostiletree.Generate(data)
		a := writeHostile(t, p, hazards, archive, byApply(t, p))
		s := writeHostile(t, p, hazards, archive, byScript(t, script))
		if (a.err == nil) != (s.err == nil) {
			t.Fatalf("Apply and the script disagree on %v:\nApply: %v\nscript: %v %s", hazards, a.err, s.err, s.out)
		}
		if a.err == nil {
			assert.Equal(t, plansample.Tree(t, a.root), plansample.Tree(t, s.root), "%v", hazards)
		}
	})
}
