package render_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/hostiletree"
	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/apply"
	"github.com/kubenode/kubenode/runtime/render"
)

// TestHostileTrees writes hostiletree.Plan with Apply and with the shell
// script to the same hostile roots: both keep the invariants
// (writeHostile), both refuse the trees marked refused, and both write
// the others whole, to the same tree.
func TestHostileTrees(t *testing.T) {
	shellTools(t)
	arch := hostiletree.Good()
	p := hostiletree.Plan(arch)
	script, err := render.Shell(p)
	require.NoError(t, err)
	for _, tree := range hostiletree.Trees {
		t.Run(tree.Name, func(t *testing.T) {
			a := writeHostile(t, p, tree.Hazards, arch.TarGz(), byApply(t, p))
			s := writeHostile(t, p, tree.Hazards, arch.TarGz(), byScript(t, script))
			if tree.Refused {
				assert.Error(t, a.err, "Apply refuses it")
				if assert.Error(t, s.err, "the script refuses it") {
					requireExit1(t, s.err, s.out)
				}
				return
			}
			require.NoError(t, a.err, "Apply")
			require.NoError(t, s.err, "script: %s", s.out)
			assert.Equal(t, plansample.Tree(t, a.root), plansample.Tree(t, s.root))
		})
	}
}

// TestArchiveRules installs every archive of hostiletree.ArchiveRules with
// Apply and with the script, from the download cache: both refuse each
// one and install nothing; both install every archive of SafeArchives.
func TestArchiveRules(t *testing.T) {
	shellTools(t)
	run := func(t *testing.T, a hostiletree.Archive) (byA, byS hostileRun) {
		p := &runtime.Plan{Artifacts: hostiletree.Plan(&a).Artifacts}
		script, err := render.Shell(p)
		require.NoError(t, err)
		return writeHostile(t, p, nil, a.TarGz(), byApply(t, p)), writeHostile(t, p, nil, a.TarGz(), byScript(t, script))
	}
	for _, rule := range hostiletree.ArchiveRules {
		for _, arch := range rule.Break {
			t.Run(rule.Name+"/"+arch.Name, func(t *testing.T) {
				a, s := run(t, arch)
				require.Error(t, a.err, "Apply refuses it")
				if rule.Unsafe {
					assert.ErrorIs(t, a.err, apply.ErrUnsafeArchive)
				}
				requireExit1(t, s.err, s.out)
				for _, root := range []string{a.root, s.root} {
					assert.NoFileExists(t, filepath.Join(root, hostiletree.MemberPath))
				}
			})
		}
	}
	for _, arch := range hostiletree.SafeArchives {
		t.Run("safe/"+arch.Name, func(t *testing.T) {
			a, s := run(t, arch)
			require.NoError(t, a.err)
			require.NoError(t, s.err, "script: %s", s.out)
			assert.Equal(t, plansample.Tree(t, a.root), plansample.Tree(t, s.root))
		})
	}
}
