package options_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// release is the toy component's target: 1.x only.
type release struct{ b, in runtime.Version }

func onlyOne(p *field.Path, v runtime.Version) field.ErrorList {
	if v.Major != 1 {
		return field.ErrorList{field.NotSupported(p, v.String(), []string{"1.x"})}
	}
	return nil
}

func target(strict bool) *options.Target[*release, *release] {
	return &options.Target[*release, *release]{Path: field.NewPath("target"), Validate: onlyOne, Strict: strict,
		Config:    func(r *release) *runtime.Version { return &r.b },
		Installer: func(r *release) *runtime.Version { return &r.in }}
}

func TestVersion(t *testing.T) {
	var r release
	require.NoError(t, target(true).Option("1.7").ApplyToConfig(&r))
	require.NoError(t, target(true).Option("1.8").ApplyToInstaller(&r))
	assert.Equal(t, "1.7", r.b.String())
	assert.Equal(t, "1.8", r.in.String())

	fieldtest.RequireProblem(t, target(true).Option("x").ApplyToConfig(&r), field.ErrInvalid, "target")
	fieldtest.RequireProblem(t, target(true).Option("2.0").ApplyToInstaller(&r), field.ErrNotSupported, "target")
	assert.Equal(t, "1.8", r.in.String(), "a refused release leaves the target")

	require.NoError(t, target(false).Option("2.0").ApplyToConfig(&r), "not strict: Validate judges it later")
	assert.Equal(t, "2.0", r.b.String())
	fieldtest.RequireProblem(t, target(false).Check(r.b).Err(), field.ErrNotSupported, "target")

	var zero options.Version[*release, *release]
	require.NoError(t, zero.ApplyToConfig(&r))
	require.NoError(t, zero.ApplyToInstaller(&r))
}

func TestInstall(t *testing.T) {
	build := func(s []setting) (*config, error) {
		b := &builder{}
		if errs := options.Apply(b, s); len(errs) > 0 {
			return nil, errs.Err()
		}
		return &b.cfg, nil
	}
	in := &installer{}
	rendered := 0
	got, err := options.Install(in, []installerOption{withSize(3)}, &in.cfg, "the config", build, func() error { rendered++; return nil })
	require.NoError(t, err)
	assert.Same(t, in, got)
	assert.Equal(t, 3, in.cfg.size)
	assert.Equal(t, 1, rendered)

	in = &installer{}
	_, err = options.Install(in, []installerOption{withSize(-1)}, &in.cfg, "the config", build, func() error { rendered++; return nil })
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "size")
	assert.Equal(t, 1, rendered, "nothing is rendered after a refused option")

	boom := errors.New("render failed")
	in = &installer{}
	_, err = options.Install(in, nil, &in.cfg, "the config", build, func() error { return boom })
	assert.ErrorIs(t, err, boom)
}

func TestWithConfigAndNodePath(t *testing.T) {
	in := &installer{}
	set := func(in *installer, c *config) { in.cfg = c }
	require.NoError(t, options.WithConfig(&config{size: 2}, "a config", set).ApplyToInstaller(in))
	assert.Equal(t, 2, in.cfg.size)
	fieldtest.RequireProblem(t, options.WithConfig(nil, "a config", set).ApplyToInstaller(in), field.ErrRequired, "config")

	setBinary := func(path string) installerOption {
		return options.NodePath(field.NewPath("binary"), path, func(in *installer) { in.binary = path })
	}
	require.NoError(t, setBinary("/usr/bin/x").ApplyToInstaller(in))
	assert.Equal(t, "/usr/bin/x", in.binary)
	fieldtest.RequireProblem(t, setBinary("bin/x").ApplyToInstaller(in), field.ErrInvalid, "binary")
	assert.Equal(t, "/usr/bin/x", in.binary, "a refused path leaves the binary")
}

func TestCRIPlan(t *testing.T) {
	p, err := options.CRIPlan(runtime.Plan{Files: []runtime.File{{Path: "/etc/x.conf", Mode: 0o644}}}, runtime.ContainerdEndpoint)
	require.NoError(t, err)
	require.Len(t, p.Files, 2)
	assert.Equal(t, "/etc/crictl.yaml", p.Files[1].Path, "crictl.yaml last")

	_, err = options.CRIPlan(runtime.Plan{}, "tcp://x")
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "runtime-endpoint")
	_, err = options.CRIPlan(runtime.Plan{Files: []runtime.File{{Path: "relative", Mode: 0o644}}}, runtime.ContainerdEndpoint)
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "files[0].path")
}
