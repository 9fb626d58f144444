package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/plansample"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// installed is an installer as the components write theirs: a plan made
// once, handed out by InstalledPlan.
type installed struct {
	name string
	plan *runtime.Plan
}

func (i installed) Name() string { return i.name }

func (i installed) Plan(ctx context.Context) (*runtime.Plan, error) {
	return runtime.InstalledPlan(ctx, i.plan, i.name)
}

func file(path, content string, restart ...string) runtime.File {
	return runtime.File{Path: path, Mode: 0o644, Content: []byte(content), RestartUnits: restart}
}

// composeCases are sets of installers Compose merges or refuses.
func composeCases(t *testing.T) map[string][]runtime.Installer {
	t.Helper()
	binaries, err := runtime.NewArtifactInstaller("containerd binaries", plansample.TarArtifact(), plansample.BinaryArtifact())
	require.NoError(t, err)
	rivalRunc := plansample.BinaryArtifact()
	rivalRunc.URL = "https://mirror.example.com/runc.amd64"
	rival, err := runtime.NewArtifactInstaller("rival", rivalRunc)
	require.NoError(t, err)
	node := func() runtime.Installer {
		return installed{name: "containerd", plan: &runtime.Plan{
			Files: []runtime.File{
				file("/etc/containerd/config.toml", "version = 3\n", "containerd.service"),
				file("/etc/crictl.yaml", "timeout: 10\n"),
			},
			Units: runtime.EnableAndStart("containerd.service"),
		}}
	}
	kubelet := func() runtime.Installer {
		return installed{name: "kubelet", plan: &runtime.Plan{
			Files: []runtime.File{
				file("/etc/crictl.yaml", "timeout: 10\n", "kubelet.service"),
				file("/var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\n", "kubelet.service"),
				{Path: "/etc/kubenode/empty", Mode: 0o600},
			},
			Groups: []string{"docker"},
			Units:  append(runtime.EnableAndStart("containerd.service"), runtime.EnableAndStart("kubelet.service")...),
		}}
	}
	return map[string][]runtime.Installer{
		"merged":                     {node(), kubelet(), binaries, fakeInstaller{name: "extra", plan: &runtime.Plan{Files: []runtime.File{file("/etc/motd", "hi\n")}}}},
		"two files at one path":      {node(), installed{name: "crio", plan: &runtime.Plan{Files: []runtime.File{file("/etc/crictl.yaml", "other\n")}}}},
		"a file where a binary goes": {binaries, installed{name: "clash", plan: &runtime.Plan{Files: []runtime.File{file("/usr/local/bin/ctr", "#!/bin/sh\n")}}}},
		"a binary where a file goes": {installed{name: "clash", plan: &runtime.Plan{Files: []runtime.File{file("/usr/local/bin/ctr", "#!/bin/sh\n")}}}, node(), binaries},
		"two binaries at one path":   {binaries, rival},
		"an invalid merged plan":     {node(), installed{name: "bad", plan: &runtime.Plan{Files: []runtime.File{file("etc/x", "")}}}},
		"an installer's failure":     {node(), installed{name: "unmade"}},
	}
}

// TestComposeInPlaceIsCompose: reading the plans in place, and taking
// their files without a copy, changes nothing of what Compose returns,
// plan or problems.
func TestComposeInPlaceIsCompose(t *testing.T) {
	composers := map[string]func(context.Context, ...runtime.Installer) (*runtime.Plan, error){
		"ComposeInPlace": runtime.ComposeInPlace,
		"ComposeOwned":   runtime.ComposeOwned,
	}
	for cname, compose := range composers {
		for name, ins := range composeCases(t) {
			t.Run(cname+"/"+name, func(t *testing.T) {
				ctx := context.Background()
				want, wantErr := runtime.Compose(ctx, ins...)
				got, err := compose(ctx, ins...)
				assert.Equal(t, want, got)
				if name == "merged" {
					require.NoError(t, wantErr)
					require.NoError(t, err)
					return
				}
				require.Error(t, wantErr, "the case is refused")
				fieldtest.RequireSame(t, err, wantErr)
				var wantIE, gotIE *runtime.InstallerError
				if errors.As(wantErr, &wantIE) {
					require.ErrorAs(t, err, &gotIE)
					assert.Equal(t, wantIE.Installer, gotIE.Installer)
				}
			})
		}
	}
}

// TestComposeOwnedTakesTheFiles: ComposeOwned makes no copy of a file's
// content or restart list, which is why its installers must own theirs
// and be dropped after the call.
func TestComposeOwnedTakesTheFiles(t *testing.T) {
	ctx := context.Background()
	p := &runtime.Plan{Files: []runtime.File{file("/etc/containerd/config.toml", "version = 3\n", "containerd.service")}}
	merged, err := runtime.ComposeOwned(ctx, installed{name: "containerd", plan: p})
	require.NoError(t, err)
	require.Len(t, merged.Files, 1)
	assert.Same(t, &p.Files[0].Content[0], &merged.Files[0].Content[0], "the content is the installer's")
	assert.Same(t, &p.Files[0].RestartUnits[0], &merged.Files[0].RestartUnits[0], "the restart list is the installer's")

	copied, err := runtime.ComposeInPlace(ctx, installed{name: "containerd", plan: p})
	require.NoError(t, err)
	assert.NotSame(t, &p.Files[0].Content[0], &copied.Files[0].Content[0], "ComposeInPlace copies")
}

// TestComposeInPlaceCopiesWhatItKeeps: the merged plan is the caller's
// own, as Compose's is: changing it reaches no installer, and the next
// plan is the same.
func TestComposeInPlaceCopiesWhatItKeeps(t *testing.T) {
	ctx := context.Background()
	ins := composeCases(t)["merged"]
	first, err := runtime.ComposeInPlace(ctx, ins...)
	require.NoError(t, err)
	want, err := runtime.Compose(ctx, ins...)
	require.NoError(t, err)
	for i := range first.Files {
		f := &first.Files[i]
		if len(f.Content) > 0 {
			f.Content[0] = 'X'
		}
		f.Content = append(f.Content, "more"...)
		if len(f.RestartUnits) > 0 {
			f.RestartUnits[0] = "other.service"
		}
		f.RestartUnits = append(f.RestartUnits, "more.service")
	}
	first.Units[0].Unit = "other.service"
	first.Artifacts[0].Members[0].RestartUnits[0] = "other.service"
	again, err := runtime.ComposeInPlace(ctx, ins...)
	require.NoError(t, err)
	assert.Equal(t, want, again)
}

// TestPlanValidateFindsDuplicatesInPlansOfAnySize: a small plan's paths
// are compared with each other, a large plan's hashed; both report every
// repeated path and a member at a file's path, at the same places.
func TestPlanValidateFindsDuplicatesInPlansOfAnySize(t *testing.T) {
	for _, n := range []int{3, 31, 32, 33, 100} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			p := &runtime.Plan{}
			for i := range n {
				p.Files = append(p.Files, file(fmt.Sprintf("/etc/f%d", i), ""))
			}
			p.Files = append(p.Files, file("/etc/f1", ""), file("/etc/f0", ""), file("/etc/f1", ""))
			runc := plansample.BinaryArtifact()
			runc.Members[0].Path = "/etc/f2"
			p.Artifacts = []runtime.Artifact{runc}
			fieldtest.RequireExactly(t, p.Validate(),
				fieldtest.Match(field.ErrDuplicate, fmt.Sprintf("files[%d].path", n)).Value("/etc/f1"),
				fieldtest.Match(field.ErrDuplicate, fmt.Sprintf("files[%d].path", n+1)).Value("/etc/f0"),
				fieldtest.Match(field.ErrDuplicate, fmt.Sprintf("files[%d].path", n+2)).Value("/etc/f1"),
				fieldtest.Match(field.ErrDuplicate, "artifacts[0].members[0].path").Value("/etc/f2"),
			)
		})
	}
}

// TestCopiesKeepEmptyApartFromNil: an empty file (a masked unit) stays
// empty, not nil, in a copy, and a nil content or restart list stays nil.
func TestCopiesKeepEmptyApartFromNil(t *testing.T) {
	p := &runtime.Plan{Files: []runtime.File{
		{Path: "/etc/systemd/system/swapfile.swap", Mode: 0o644, Content: []byte{}, RestartUnits: []string{}},
		{Path: "/etc/kubenode/none", Mode: 0o644},
	}}
	merged, err := runtime.ComposeInPlace(context.Background(), installed{name: "host", plan: p})
	require.NoError(t, err)
	for _, c := range []*runtime.Plan{p.Clone(), merged} {
		assert.NotNil(t, c.Files[0].Content)
		assert.NotNil(t, c.Files[0].RestartUnits)
		assert.Nil(t, c.Files[1].Content)
		assert.Nil(t, c.Files[1].RestartUnits)
	}
}

// TestComposeDedupesUnitActionsOfAnyNumber: a few unit actions are
// compared with each other, many hashed; both keep each action once, in
// the order of its first appearance.
func TestComposeDedupesUnitActionsOfAnyNumber(t *testing.T) {
	for _, n := range []int{3, 40} {
		var first, second, want []runtime.UnitAction
		for i := range n {
			u := runtime.UnitAction{Unit: fmt.Sprintf("u%d.service", i), Action: runtime.ActionRestart}
			first = append(first, u)
			want = append(want, u)
		}
		for i := n - 1; i >= 0; i-- { // all again, backwards, and one new
			second = append(second, first[i])
		}
		extra := runtime.UnitAction{Unit: "extra.service", Action: runtime.ActionStart}
		second = append(second, extra, extra)
		want = append(want, extra)
		merged, err := runtime.ComposeOwned(context.Background(),
			installed{name: "a", plan: &runtime.Plan{Units: first}}, installed{name: "b", plan: &runtime.Plan{Units: second}})
		require.NoError(t, err)
		assert.Equal(t, want, merged.Units, "%d actions", n)
	}
}
