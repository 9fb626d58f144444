package cridockerd_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/cridockerd"
	"github.com/kubenode/kubenode/runtime"
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
	back, err := cridockerd.ParseFlags(append([]string{"/usr/bin/cri-dockerd"}, f.Args()...))
	require.NoError(t, err)
	assert.Equal(t, &f, back)
}

func TestParseFlagsForms(t *testing.T) {
	f, err := cridockerd.ParseFlags([]string{"--container-runtime-endpoint", "fd://", "--ipv6-dual-stack=false", "--network-plugin=cni", "--unknown", "x"})
	require.NoError(t, err)
	assert.Equal(t, &cridockerd.Flags{ContainerRuntimeEndpoint: "fd://", NetworkPlugin: "cni", Extra: []string{"--unknown", "x"}}, f)

	for _, bad := range [][]string{
		{"--runtime-request-timeout=2"},
		{"--network-plugin-mtu=big"},
		{"--ipv6-dual-stack=maybe"},
		{"--pod-cidr"},
	} {
		_, err := cridockerd.ParseFlags(bad)
		assert.Error(t, err, bad)
	}
}

func TestValidateOneChange(t *testing.T) {
	for _, tc := range []struct {
		name     string
		version  string
		edit     func(f *cridockerd.Flags)
		errs     []problem
		warnings []problem
	}{
		{name: "valid"},
		{name: "endpoint", edit: func(f *cridockerd.Flags) { f.ContainerRuntimeEndpoint = "/run/cri-dockerd.sock" },
			errs: []problem{{errInvalid, "cri-dockerd --container-runtime-endpoint"}}},
		{name: "unix endpoint", edit: func(f *cridockerd.Flags) { f.ContainerRuntimeEndpoint = runtime.CRIDockerdEndpoint }},
		{name: "docker endpoint", edit: func(f *cridockerd.Flags) { f.DockerEndpoint = "docker.sock" },
			errs: []problem{{errInvalid, "cri-dockerd --docker-endpoint"}}},
		{name: "network plugin", edit: func(f *cridockerd.Flags) { f.NetworkPlugin = "flannel" },
			errs: []problem{{errNotSupported, "cri-dockerd --network-plugin"}}},
		{name: "kubenet", edit: func(f *cridockerd.Flags) { f.NetworkPlugin = "kubenet" },
			warnings: []problem{{errDeprecated, "cri-dockerd --network-plugin"}}},
		{name: "no network plugin", edit: func(f *cridockerd.Flags) { f.NetworkPlugin = "" },
			warnings: []problem{{errRequired, "cri-dockerd --network-plugin"}}},
		{name: "relative cni bin dir", edit: func(f *cridockerd.Flags) { f.CNIBinDir = "/opt/cni/bin,bin" },
			errs: []problem{{errInvalid, "cri-dockerd --cni-bin-dir"}}},
		{name: "root directory", edit: func(f *cridockerd.Flags) { f.CRIDockerdRootDirectory = "var/lib" },
			errs: []problem{{errInvalid, "cri-dockerd --cri-dockerd-root-directory"}}},
		{name: "mtu", edit: func(f *cridockerd.Flags) { f.NetworkPluginMTU = -1 },
			errs: []problem{{errInvalid, "cri-dockerd --network-plugin-mtu"}}},
		{name: "hairpin mode", edit: func(f *cridockerd.Flags) { f.HairpinMode = "veth" },
			errs: []problem{{errNotSupported, "cri-dockerd --hairpin-mode"}}},
		{name: "pod cidr", edit: func(f *cridockerd.Flags) { f.PodCIDR = "10.244.0.0" },
			errs: []problem{{errInvalid, "cri-dockerd --pod-cidr"}}},
		{name: "pause image without tag", edit: func(f *cridockerd.Flags) { f.PodInfraContainerImage = "registry.k8s.io/pause" },
			errs: []problem{{errInvalid, "cri-dockerd --pod-infra-container-image"}}},
		{name: "runtime cgroups", edit: func(f *cridockerd.Flags) { f.RuntimeCgroups = "cri-docker" },
			errs: []problem{{errInvalid, "cri-dockerd --runtime-cgroups"}}},
		{name: "timeout", edit: func(f *cridockerd.Flags) { f.RuntimeRequestTimeout = -time.Second },
			errs: []problem{{errInvalid, "cri-dockerd --runtime-request-timeout"}}},
		{name: "streaming address", edit: func(f *cridockerd.Flags) { f.StreamingBindAddr = "localhost:10010" },
			errs: []problem{{errInvalid, "cri-dockerd --streaming-bind-addr"}}},
		{name: "streaming address without port", edit: func(f *cridockerd.Flags) { f.StreamingBindAddr = "::1" }},
		{name: "log level", edit: func(f *cridockerd.Flags) { f.LogLevel = "verbose" },
			errs: []problem{{errNotSupported, "cri-dockerd --log-level"}}},
		{name: "unknown flag", edit: func(f *cridockerd.Flags) { f.Extra = []string{"--container-runtime=docker"} },
			errs: []problem{{errUnknown, "cri-dockerd Extra[0]"}}},
		{name: "0.3 release", version: "0.3.15"},
		{name: "0.2 release", version: "0.2.6", errs: []problem{{errNotSupported, "cri-dockerd-version"}}},
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
			requireProblems(t, err, tc.errs)
			requireProblems(t, warnings.Err(), tc.warnings)
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
	requireProblems(t, err, []problem{
		{errNotSupported, "cri-dockerd --hairpin-mode"},
		{errNotSupported, "cri-dockerd --log-level"},
		{errInvalid, "cri-dockerd --pod-infra-container-image"},
	})
}

func TestNew(t *testing.T) {
	f, err := cridockerd.New()
	require.NoError(t, err)
	assert.Equal(t, []string{"--container-runtime-endpoint=fd://", "--network-plugin=cni"}, f.Args())

	_, err = cridockerd.New(cridockerd.WithVersion("0.4.0"), cridockerd.WithPodInfraContainerImage("pause"), cridockerd.WithNetworkPlugin("weave"))
	requireProblems(t, err, []problem{
		{errInvalid, "cri-dockerd --pod-infra-container-image"},
		{errNotSupported, "cri-dockerd --network-plugin"},
	})
	_, err = cridockerd.New(cridockerd.WithVersion("latest"))
	requireProblems(t, err, []problem{{errInvalid, "cri-dockerd-version"}})
}
