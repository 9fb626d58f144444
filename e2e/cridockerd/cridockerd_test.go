package cridockerd_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/e2e/harness"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/systemd"
)

const version = realcheck.CRIDockerdVersion

func TestCRIDockerdAcceptsRenderedFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []cridockerd.Option
	}{
		{"node", []cridockerd.Option{cridockerd.WithSandboxImage("registry.k8s.io/pause:3.10")}},
		{"every flag", []cridockerd.Option{
			cridockerd.WithSandboxImage("registry.aliyuncs.com/google_containers/pause:3.9"),
			cridockerd.WithEdit(func(f *cridockerd.Flags) {
				f.CRIDockerdRootDirectory = "/var/lib/cri-dockerd"
				f.DockerEndpoint = "unix:///var/run/docker.sock"
				f.CNIBinDir = "/opt/cni/bin,/usr/lib/cni"
				f.CNIConfDir = "/etc/cni/net.d"
				f.CNICacheDir = "/var/lib/cni/cache"
				f.NetworkPluginMTU = 1450
				f.HairpinMode = cridockerd.HairpinVeth
				f.PodCIDR = "10.244.0.0/24"
				f.RuntimeCgroups = "/system.slice/cri-docker.service"
				f.RuntimeRequestTimeout = 2 * time.Minute
				f.StreamingBindAddr = "127.0.0.1:10010"
				f.ImagePullProgressDeadline = 90 * time.Second
				f.IPv6DualStack = true
				f.LogLevel = "debug"
			}),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flags, err := cridockerd.New(append([]cridockerd.Option{cridockerd.WithVersion(version)}, tc.opts...)...)
			require.NoError(t, err)
			out, err := realcheck.CRIDockerdFlags(t, version, flags.Args())
			require.NoError(t, err, "cri-dockerd refused %q:\n%s", flags.Args(), out)
			assert.Contains(t, out, version)

			// The flags as the unit writes them, read back, are the same.
			service, err := cridockerd.Service("", *flags)
			require.NoError(t, err)
			back, err := cridockerd.ServiceFlags(service)
			require.NoError(t, err)
			assert.Equal(t, flags, back)
		})
	}
}

func TestCRIDockerdRefusesWhatValidateRefuses(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(f *cridockerd.Flags)
		sentinel error
		path     string
	}{
		{"bad hairpin mode", func(f *cridockerd.Flags) { f.HairpinMode = "kubenode" },
			field.ErrNotSupported, "cri-dockerd --hairpin-mode"},
		{"unknown flag", func(f *cridockerd.Flags) { f.Extra = []string{"--kubenode-unknown=1"} },
			field.ErrUnknown, "cri-dockerd Extra[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flags, err := cridockerd.New(cridockerd.WithVersion(version))
			require.NoError(t, err)
			tc.edit(flags)
			_, verr := flags.Validate(runtime.MustParseVersion(version))
			fieldtest.RequireProblem(t, verr, tc.sentinel, tc.path)
			out, err := realcheck.CRIDockerdFlags(t, version, flags.Args())
			assert.Error(t, err, "cri-dockerd accepted %q:\n%s", flags.Args(), out)
			assert.False(t, strings.Contains(out, "cri-dockerd "+version), "it printed its version:\n%s", out)
		})
	}
}

// TestComposedUnitsPassSystemdAnalyzeVerify verifies docker's and
// cri-dockerd's units together, as one node has them.
func TestComposedUnitsPassSystemdAnalyzeVerify(t *testing.T) {
	cfg, err := docker.New()
	require.NoError(t, err)
	din, err := docker.NewInstaller(docker.WithConfig(cfg))
	require.NoError(t, err)
	flags, err := cridockerd.New()
	require.NoError(t, err)
	cin, err := cridockerd.NewInstaller(cridockerd.WithConfig(flags))
	require.NoError(t, err)
	plan, err := runtime.Compose(context.Background(), din, cin)
	require.NoError(t, err)
	harness.VerifyUnits(t, plan.Files)
}

// TestSeedUnitsPassSystemdAnalyzeVerify shows that systemd accepts the seed
// guide's cri-docker.service and cri-docker.socket: their mistake (a
// socket-activated service that binds the socket path itself) is one only
// ValidateService finds.
func TestSeedUnitsPassSystemdAnalyzeVerify(t *testing.T) {
	files := harness.SeedUnits(t, "cridockerd", systemd.VendorDir, cridockerd.ServiceName, cridockerd.SocketName)
	harness.VerifyUnits(t, files)
	u, err := systemd.ParseUnitFile(cridockerd.ServiceName, files[0].Content)
	require.NoError(t, err)
	_, err = cridockerd.ValidateService(u)
	fieldtest.RequireProblem(t, err, field.ErrInvalid, "cri-docker.service [Service] ExecStart")
}
