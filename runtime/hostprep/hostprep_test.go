package hostprep_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/host"
	"github.com/kubenode/kubenode/runtime/hostprep"
)

func TestKubernetesRenders(t *testing.T) {
	c := hostprep.Kubernetes(true)
	in, err := hostprep.NewInstaller(c)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := in.Plan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		hostprep.ModulesFile: "# Written by kubenode: what a Kubernetes node needs at boot.\noverlay\nbr_netfilter\n",
		hostprep.SysctlFile: "# Written by kubenode: what a Kubernetes node needs at boot.\n" +
			"net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\n" +
			"net.ipv4.ip_forward = 1\nnet.ipv6.conf.all.forwarding = 1\n",
	}
	if len(plan.Files) != len(want) {
		t.Fatalf("files %d, want %d", len(plan.Files), len(want))
	}
	for path, content := range want {
		f := plan.File(path)
		if f == nil || string(f.Content) != content {
			t.Errorf("%s: %+v, want %q", path, f, content)
			continue
		}
		if len(f.RestartUnits) != 1 {
			t.Errorf("%s restarts %v, want its loader", path, f.RestartUnits)
		}
	}
	if hostprep.Kubernetes(false).Sysctls[len(hostprep.Kubernetes(false).Sysctls)-1].Key == host.SysctlIPv6Forwarding {
		t.Error("an IPv4-only node got IPv6 forwarding")
	}
}

func TestMaskedUnitIsAnEmptyFile(t *testing.T) {
	in, err := hostprep.NewInstaller(hostprep.Config{MaskedUnits: []string{hostprep.SwapUnit("/dev/sda2")}})
	if err != nil {
		t.Fatal(err)
	}
	plan, _ := in.Plan(context.Background())
	f := plan.File("/etc/systemd/system/dev-sda2.swap")
	if f == nil || len(f.Content) != 0 || len(f.RestartUnits) != 0 {
		t.Fatalf("masked unit file: %+v", f)
	}
}

func TestSwapUnit(t *testing.T) {
	for dev, want := range map[string]string{
		"/dev/sda2":                   "dev-sda2.swap",
		"/swapfile":                   "swapfile.swap",
		"/dev/mapper/vg-swap":         `dev-mapper-vg\x2dswap.swap`,
		"/var/lib/swap/swap file.img": `var-lib-swap-swap\x20file.img.swap`,
	} {
		if got := hostprep.SwapUnit(dev); got != want {
			t.Errorf("SwapUnit(%q) = %q, want %q", dev, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	long := "m234567890123456789012345678901234567890123456789012345"
	cases := []struct {
		name string
		edit func(*hostprep.Config)
		want []fieldtest.Matcher
	}{
		{"newline in module", func(c *hostprep.Config) { c.Modules[0] = "overlay\nevil" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "modules[0]")}},
		{"module name too long", func(c *hostprep.Config) { c.Modules[0] = long + "6" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "modules[0]")}},
		{"module twice", func(c *hostprep.Config) { c.Modules[1] = c.Modules[0] },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrDuplicate, "modules[1]")}},
		{"key with space", func(c *hostprep.Config) { c.Sysctls[0].Key = "net.ipv4 .ip_forward" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "sysctls[0].key")}},
		{"key with empty part", func(c *hostprep.Config) { c.Sysctls[0].Key = "net..x" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "sysctls[0].key")}},
		{"value with newline", func(c *hostprep.Config) { c.Sysctls[1].Value = "1\nkernel.panic = 1" },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "sysctls[1].value")}},
		{"empty value and key twice", func(c *hostprep.Config) { c.Sysctls[2].Value = ""; c.Sysctls[2].Key = c.Sysctls[0].Key },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "sysctls[2].value"), fieldtest.Match(field.ErrDuplicate, "sysctls[2].key")}},
		{"not a unit", func(c *hostprep.Config) { c.MaskedUnits = []string{"../../etc/passwd"} },
			[]fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "maskedUnits[0]")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := hostprep.Kubernetes(false)
			if err := c.Validate(); err != nil {
				t.Fatalf("the start is invalid: %v", err)
			}
			if len(long) != 55 {
				t.Fatal("long is not the longest module name")
			}
			tc.edit(&c)
			fieldtest.Require(t, c.Validate(), tc.want...)
			if _, err := hostprep.NewInstaller(c); err == nil {
				t.Error("NewInstaller took what Validate refuses")
			}
		})
	}
}

// TestPlanIsTheCallersOwn: every plan's restart units and unit actions
// point into tables, and its files' contents into one buffer; a plan
// handed out, by Plan or through runtime.ComposeInPlace, is still the
// caller's to change, and changes no other plan.
func TestPlanIsTheCallersOwn(t *testing.T) {
	ctx := context.Background()
	fresh := func() *runtime.Plan {
		in, err := hostprep.NewInstaller(hostprep.Kubernetes(true))
		require.NoError(t, err)
		p, err := in.Plan(ctx)
		require.NoError(t, err)
		return p
	}
	want := fresh()
	in, err := hostprep.NewInstaller(hostprep.Kubernetes(true))
	require.NoError(t, err)
	for _, plan := range []func() (*runtime.Plan, error){
		func() (*runtime.Plan, error) { return in.Plan(ctx) },
		func() (*runtime.Plan, error) { return runtime.ComposeInPlace(ctx, in) },
	} {
		p, err := plan()
		require.NoError(t, err)
		require.Equal(t, want, p)
		p.Files[0].RestartUnits[0] = "other.service"
		p.Files[0].Content[0] = 'X'
		p.Files[0].Content = append(p.Files[0].Content, "more"...)
		p.Units[0].Unit = "other.service"
		assert.Equal(t, want, fresh(), "another installer's plan")
		again, err := in.Plan(ctx)
		require.NoError(t, err)
		assert.Equal(t, want, again, "the installer's next plan")
	}
}

// TestEachFileRestartsItsLoader: without modules or without sysctls the
// plan restarts only the other file's loader.
func TestEachFileRestartsItsLoader(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg  hostprep.Config
		want []runtime.UnitAction
	}{
		"modules only": {hostprep.Config{Modules: []string{"overlay"}}, []runtime.UnitAction{{Unit: hostprep.ModulesLoadUnit, Action: runtime.ActionRestart}}},
		"sysctls only": {hostprep.Config{Sysctls: []hostprep.Sysctl{{Key: "net.ipv4.ip_forward", Value: "1"}}},
			[]runtime.UnitAction{{Unit: hostprep.SysctlUnit, Action: runtime.ActionRestart}}},
		"masked units only": {hostprep.Config{MaskedUnits: []string{"swapfile.swap"}}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			in, err := hostprep.NewInstaller(tc.cfg)
			require.NoError(t, err)
			p, err := in.Plan(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.Units)
			for _, f := range p.Files {
				switch f.Path {
				case hostprep.ModulesFile:
					assert.Equal(t, string(tc.cfg.RenderModules()), string(f.Content))
					assert.Equal(t, []string{hostprep.ModulesLoadUnit}, f.RestartUnits)
				case hostprep.SysctlFile:
					assert.Equal(t, string(tc.cfg.RenderSysctls()), string(f.Content))
					assert.Equal(t, []string{hostprep.SysctlUnit}, f.RestartUnits)
				}
			}
		})
	}
	var zero hostprep.Installer
	_, err := zero.Plan(context.Background())
	fieldtest.RequireProblem(t, err, field.ErrRequired, "host")
}
