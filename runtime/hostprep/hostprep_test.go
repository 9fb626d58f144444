package hostprep_test

import (
	"context"
	"testing"

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
