package cridockerd_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// every sets every flag.
func every() cridockerd.Flags {
	return cridockerd.Flags{
		ContainerRuntimeEndpoint:  "fd://",
		CRIDockerdRootDirectory:   "/var/lib/cri-dockerd",
		DockerEndpoint:            "unix:///var/run/docker.sock",
		NetworkPlugin:             "cni",
		CNIBinDir:                 "/opt/cni/bin,/usr/lib/cni",
		CNIConfDir:                "/etc/cni/net.d",
		CNICacheDir:               "/var/lib/cni/cache",
		NetworkPluginMTU:          1450,
		HairpinMode:               cridockerd.HairpinVeth,
		PodCIDR:                   "10.244.0.0/24,fd00:10:244::/64",
		PodInfraContainerImage:    "registry.k8s.io/pause:3.10",
		RuntimeCgroups:            "/system.slice/cri-docker.service",
		RuntimeRequestTimeout:     2 * time.Minute,
		StreamingBindAddr:         "127.0.0.1:10010",
		ImagePullProgressDeadline: 90 * time.Second,
		IPv6DualStack:             true,
		LogLevel:                  "debug",
	}
}

func TestArgs(t *testing.T) {
	assert.Equal(t, []string{
		"--container-runtime-endpoint=fd://",
		"--cri-dockerd-root-directory=/var/lib/cri-dockerd",
		"--docker-endpoint=unix:///var/run/docker.sock",
		"--network-plugin=cni",
		"--cni-bin-dir=/opt/cni/bin,/usr/lib/cni",
		"--cni-conf-dir=/etc/cni/net.d",
		"--cni-cache-dir=/var/lib/cni/cache",
		"--network-plugin-mtu=1450",
		"--hairpin-mode=hairpin-veth",
		"--pod-cidr=10.244.0.0/24,fd00:10:244::/64",
		"--pod-infra-container-image=registry.k8s.io/pause:3.10",
		"--runtime-cgroups=/system.slice/cri-docker.service",
		"--runtime-request-timeout=2m0s",
		"--streaming-bind-addr=127.0.0.1:10010",
		"--image-pull-progress-deadline=1m30s",
		"--ipv6-dual-stack",
		"--log-level=debug",
	}, every().Args())
	assert.Empty(t, cridockerd.Flags{}.Args())
}

func TestParseFlagsRoundTrip(t *testing.T) {
	f := every()
	f.Extra = []string{"--kubenode=1"}
	back, err := cridockerd.Parse(append([]string{"/usr/bin/cri-dockerd"}, f.Args()...))
	require.NoError(t, err)
	assert.Equal(t, &f, back)
}

func TestParseFlagsForms(t *testing.T) {
	f, err := cridockerd.Parse([]string{"--container-runtime-endpoint", "fd://", "--ipv6-dual-stack=false", "--network-plugin=cni", "--unknown", "x"})
	require.NoError(t, err)
	assert.Equal(t, &cridockerd.Flags{ContainerRuntimeEndpoint: "fd://", NetworkPlugin: "cni", Extra: []string{"--unknown", "x"}}, f)

	for _, bad := range []struct {
		args []string
		want fieldtest.Matcher
	}{
		{[]string{"--runtime-request-timeout=2"}, fieldtest.Match(field.ErrInvalid, "cri-dockerd --runtime-request-timeout").Value("2")},
		{[]string{"--network-plugin-mtu=big"}, fieldtest.Match(field.ErrInvalid, "cri-dockerd --network-plugin-mtu").Value("big")},
		{[]string{"--ipv6-dual-stack=maybe"}, fieldtest.Match(field.ErrInvalid, "cri-dockerd --ipv6-dual-stack").Value("maybe")},
		{[]string{"--pod-cidr"}, fieldtest.Match(field.ErrRequired, "cri-dockerd --pod-cidr")},
	} {
		_, err := cridockerd.Parse(bad.args)
		fieldtest.RequireExactly(t, err, bad.want)
	}
}

func TestValidateOneChange(t *testing.T) {
	for _, tc := range []struct {
		name     string
		version  string
		edit     func(f *cridockerd.Flags)
		errs     []fieldtest.Matcher
		warnings []fieldtest.Matcher
	}{
		{name: "valid"},
		{name: "endpoint", edit: func(f *cridockerd.Flags) { f.ContainerRuntimeEndpoint = "/run/cri-dockerd.sock" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --container-runtime-endpoint")}},
		{name: "unix endpoint", edit: func(f *cridockerd.Flags) { f.ContainerRuntimeEndpoint = runtime.CRIDockerdEndpoint }},
		{name: "docker endpoint", edit: func(f *cridockerd.Flags) { f.DockerEndpoint = "docker.sock" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --docker-endpoint")}},
		{name: "network plugin", edit: func(f *cridockerd.Flags) { f.NetworkPlugin = "flannel" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "cri-dockerd --network-plugin")}},
		{name: "kubenet", edit: func(f *cridockerd.Flags) { f.NetworkPlugin = "kubenet" },
			warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrDeprecated, "cri-dockerd --network-plugin")}},
		{name: "no network plugin", edit: func(f *cridockerd.Flags) { f.NetworkPlugin = "" },
			warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrRequired, "cri-dockerd --network-plugin")}},
		{name: "relative cni bin dir", edit: func(f *cridockerd.Flags) { f.CNIBinDir = "/opt/cni/bin,bin" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --cni-bin-dir")}},
		{name: "root directory", edit: func(f *cridockerd.Flags) { f.CRIDockerdRootDirectory = "var/lib" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --cri-dockerd-root-directory")}},
		{name: "mtu", edit: func(f *cridockerd.Flags) { f.NetworkPluginMTU = -1 },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --network-plugin-mtu")}},
		{name: "hairpin mode", edit: func(f *cridockerd.Flags) { f.HairpinMode = "veth" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "cri-dockerd --hairpin-mode")}},
		{name: "pod cidr", edit: func(f *cridockerd.Flags) { f.PodCIDR = "10.244.0.0" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --pod-cidr")}},
		{name: "pause image without tag", edit: func(f *cridockerd.Flags) { f.PodInfraContainerImage = "registry.k8s.io/pause" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --pod-infra-container-image")}},
		{name: "runtime cgroups", edit: func(f *cridockerd.Flags) { f.RuntimeCgroups = "cri-docker" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --runtime-cgroups")}},
		{name: "timeout", edit: func(f *cridockerd.Flags) { f.RuntimeRequestTimeout = -time.Second },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --runtime-request-timeout")}},
		{name: "streaming address", edit: func(f *cridockerd.Flags) { f.StreamingBindAddr = "localhost:10010" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "cri-dockerd --streaming-bind-addr")}},
		{name: "streaming address without port", edit: func(f *cridockerd.Flags) { f.StreamingBindAddr = "::1" }},
		{name: "log level", edit: func(f *cridockerd.Flags) { f.LogLevel = "verbose" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "cri-dockerd --log-level")}},
		{name: "unknown flag", edit: func(f *cridockerd.Flags) { f.Extra = []string{"--container-runtime=docker"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "cri-dockerd Extra[0]")}},
		{name: "0.3 release", version: "0.3.15"},
		{name: "0.2 release", version: "0.2.6", errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "cri-dockerd-version")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := every()
			if tc.edit != nil {
				tc.edit(&f)
			}
			before := f
			version := tc.version
			if version == "" {
				version = "0.4.0"
			}
			warnings, err := f.Validate(runtime.MustParseVersion(version))
			fieldtest.RequireExactly(t, err, tc.errs...)
			fieldtest.RequireExactly(t, warnings.Err(), tc.warnings...)
			assert.Equal(t, before, f, "Validate must not change the flags")
		})
	}
}

func TestValidateCollectsEveryProblem(t *testing.T) {
	f := every()
	f.HairpinMode = "x"
	f.LogLevel = "x"
	f.PodInfraContainerImage = "pause"
	_, err := f.Validate(runtime.MustParseVersion("0.4.0"))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "cri-dockerd --hairpin-mode"),
		fieldtest.Match(field.ErrNotSupported, "cri-dockerd --log-level"),
		fieldtest.Match(field.ErrInvalid, "cri-dockerd --pod-infra-container-image"),
	)
}

func TestNew(t *testing.T) {
	f, err := cridockerd.New()
	require.NoError(t, err)
	assert.Equal(t, []string{"--container-runtime-endpoint=fd://", "--network-plugin=cni"}, f.Args())

	_, err = cridockerd.New(cridockerd.WithVersion("0.4.0"), cridockerd.WithSandboxImage("pause"), cridockerd.WithNetworkPlugin("weave"))
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrInvalid, "cri-dockerd --pod-infra-container-image"),
		fieldtest.Match(field.ErrNotSupported, "cri-dockerd --network-plugin"),
	)
	_, err = cridockerd.New(cridockerd.WithVersion("latest"))
	fieldtest.RequireExactly(t, err, fieldtest.Match(field.ErrInvalid, "cri-dockerd-version"))
}
