package runtime_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/crictl"
	"github.com/kubenode/kubenode/runtime/field"
)

// files is the smallest Installer: a fixed plan.
type files struct {
	name string
	plan runtime.Plan
}

func (f files) Name() string { return f.name }

func (f files) Plan(context.Context) (*runtime.Plan, error) { return f.plan.Clone(), nil }

// Compose merges the plans of several installers (a runtime, the kubelet,
// an installer's own files) and refuses two that disagree about a file.
func ExampleCompose() {
	crictlCfg, err := crictl.New(runtime.ContainerdEndpoint)
	if err != nil {
		fmt.Println(err)
		return
	}
	crictlFile, err := crictlCfg.PlanFile()
	if err != nil {
		fmt.Println(err)
		return
	}
	tools := files{name: "tools", plan: runtime.Plan{Files: []runtime.File{crictlFile}}}
	motd := files{name: "motd", plan: runtime.Plan{
		Files: []runtime.File{{Path: "/etc/motd", Mode: 0o644, Content: []byte("managed by kubenode\n")}},
	}}
	ctx := context.Background()
	plan, err := runtime.Compose(ctx, tools, motd)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range plan.Files {
		fmt.Println(f.Path)
	}

	other, err := crictl.New(runtime.CRIOEndpoint)
	if err != nil {
		fmt.Println(err)
		return
	}
	otherFile, err := other.PlanFile()
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = runtime.Compose(ctx, tools, files{name: "crio-tools", plan: runtime.Plan{Files: []runtime.File{otherFile}}})
	fmt.Println(errors.Is(err, field.ErrConflict))
	// Output:
	// /etc/crictl.yaml
	// /etc/motd
	// true
}

// ComposeOwned composes installers made for this one call, as a Node's
// Plan does: the merged plan takes their files without a copy, and is the
// caller's own all the same, since nothing else keeps the installers or
// shares their files.
func ExampleComposeOwned() {
	planTools := func(ctx context.Context, endpoint string) (*runtime.Plan, error) {
		cfg, err := crictl.New(endpoint)
		if err != nil {
			return nil, err
		}
		f, err := cfg.PlanFile() // fresh bytes, this plan's alone
		if err != nil {
			return nil, err
		}
		tools := files{name: "tools", plan: runtime.Plan{Files: []runtime.File{f}}}
		return runtime.ComposeOwned(ctx, tools)
	}
	plan, err := planTools(context.Background(), runtime.ContainerdEndpoint)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range plan.Files {
		fmt.Println(f.Path, f.Mode)
	}
	// Output:
	// /etc/crictl.yaml -rw-r--r--
}
