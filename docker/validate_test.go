package docker_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/docker"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// packagedFlags are dockerd's arguments in the packaged docker.service.
var packagedFlags = []string{"-H", "fd://", "--containerd=/run/containerd/containerd.sock"}

func intp(i int) *int    { return &i }
func boolp(b bool) *bool { return &b }

// valid is a node's daemon.json with most typed keys set, valid for every
// supported release and the packaged unit.
func valid() *docker.DaemonConfig {
	return &docker.DaemonConfig{
		ExecOpts:               []string{"native.cgroupdriver=systemd"},
		RegistryMirrors:        []string{"https://mirror.example"},
		InsecureRegistries:     []string{"registry.local:5000"},
		MaxConcurrentDownloads: intp(10),
		MaxDownloadAttempts:    intp(5),
		LogDriver:              "json-file",
		LogOpts:                map[string]string{"max-size": "10m", "max-file": "3"},
		LogLevel:               "warn",
		DataRoot:               "/var/lib/docker",
		StorageDriver:          "overlay2",
		StorageOpts:            []string{"overlay2.size=20G"},
		LiveRestore:            boolp(true),
		DefaultUlimits:         map[string]docker.Ulimit{"nofile": {Name: "nofile", Soft: 65536, Hard: 65536}},
		DefaultAddressPools:    []docker.AddressPool{{Base: "10.10.0.0/16", Size: 24}},
		Bip:                    "172.18.0.1/16",
		IPTables:               boolp(true),
		DNS:                    []string{"10.0.0.2"},
		Runtimes:               map[string]docker.Runtime{"runsc": {Path: "/usr/local/bin/runsc"}},
		DefaultRuntime:         "runc",
		Group:                  "docker",
	}
}

func TestValidConfigPassesEveryRelease(t *testing.T) {
	for _, v := range []string{"20.10", "20.10.24", "23.0", "24.0", "25.0", "26.1", "27.5", "28.5.2", "29.0", "29.7"} {
		warnings, err := valid().Validate(runtime.MustParseVersion(v), packagedFlags)
		assert.NoError(t, err, v)
		assert.Empty(t, warnings, v)
	}
}

func TestValidateOneChange(t *testing.T) {
	for _, tc := range []struct {
		name     string
		version  string
		flags    []string
		edit     func(c *docker.DaemonConfig)
		errs     []fieldtest.Matcher
		warnings []fieldtest.Matcher
	}{
		{name: "cgroup driver", edit: func(c *docker.DaemonConfig) { c.ExecOpts = []string{"native.cgroupdriver=foo"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "exec-opts[0]")}},
		{name: "cgroup driver twice", edit: func(c *docker.DaemonConfig) {
			c.ExecOpts = []string{"native.cgroupdriver=systemd", "native.cgroupdriver=systemd"}
		}, errs: []fieldtest.Matcher{fieldtest.Match(field.ErrDuplicate, "exec-opts[1]")}},
		{name: "exec-opt without value", edit: func(c *docker.DaemonConfig) { c.ExecOpts = []string{"native.cgroupdriver"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "exec-opts[0]")}},
		{name: "unknown exec-opt before 28.0 is ignored", version: "27.5", edit: func(c *docker.DaemonConfig) { c.ExecOpts = append(c.ExecOpts, "native.umask=022") },
			warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "exec-opts[1]")}},
		{name: "unknown exec-opt from 28.0 is refused", version: "28.0", edit: func(c *docker.DaemonConfig) { c.ExecOpts = append(c.ExecOpts, "native.umask=022") },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "exec-opts[1]")}},
		{name: "mirror scheme", edit: func(c *docker.DaemonConfig) { c.RegistryMirrors = []string{"mirror.example"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "registry-mirrors[0]")}},
		{name: "mirror path before 25.0", version: "24.0", edit: func(c *docker.DaemonConfig) { c.RegistryMirrors = []string{"https://mirror.example/hub"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "registry-mirrors[0]")}},
		{name: "mirror path from 25.0", version: "25.0", edit: func(c *docker.DaemonConfig) { c.RegistryMirrors = []string{"https://mirror.example/hub"} }},
		{name: "mirror twice", edit: func(c *docker.DaemonConfig) {
			c.RegistryMirrors = []string{"https://mirror.example", "https://mirror.example/"}
		}, errs: []fieldtest.Matcher{fieldtest.Match(field.ErrDuplicate, "registry-mirrors[1]")}},
		{name: "insecure registry with scheme", edit: func(c *docker.DaemonConfig) { c.InsecureRegistries = []string{"http://registry.local"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "insecure-registries[0]")}},
		{name: "insecure registries dockerd takes", edit: func(c *docker.DaemonConfig) {
			c.InsecureRegistries = []string{"Registry.Local:5000", "10.0.0.1", "[fd00::1]:5000", "fd00::1", "10.0.0.0/8"}
		}},
		{name: "insecure registry port", edit: func(c *docker.DaemonConfig) {
			c.InsecureRegistries = []string{"registry.local:99999", "registry.local:"}
		},
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "insecure-registries[0]"), fieldtest.Match(field.ErrInvalid, "insecure-registries[1]")}},
		{name: "insecure registry name", edit: func(c *docker.DaemonConfig) { c.InsecureRegistries = []string{"registry_local", "-registry.local"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "insecure-registries[0]"), fieldtest.Match(field.ErrInvalid, "insecure-registries[1]")}},
		{name: "negative downloads", edit: func(c *docker.DaemonConfig) { c.MaxConcurrentDownloads = intp(-1) },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "max-concurrent-downloads")}},
		{name: "no download attempts", edit: func(c *docker.DaemonConfig) { c.MaxDownloadAttempts = intp(0) },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "max-download-attempts")}},
		{name: "log level", edit: func(c *docker.DaemonConfig) { c.LogLevel = "verbose" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "log-level")}},
		{name: "max-size not a size", edit: func(c *docker.DaemonConfig) { c.LogOpts["max-size"] = "abc" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "log-opts.max-size")}},
		{name: "max-file zero", edit: func(c *docker.DaemonConfig) { c.LogOpts["max-file"] = "0" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "log-opts.max-file")}},
		{name: "log opt of another driver", edit: func(c *docker.DaemonConfig) { c.LogOpts["syslog-address"] = "udp://1.2.3.4:514" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "log-opts.syslog-address")}},
		{name: "json-file compress without rotation", edit: func(c *docker.DaemonConfig) { c.LogOpts = map[string]string{"compress": "true"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "log-opts.compress")}},
		{name: "local compresses by default", edit: func(c *docker.DaemonConfig) {
			c.LogDriver = "local"
			c.LogOpts = map[string]string{"max-file": "1"}
		}, errs: []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "log-opts.max-file")}},
		{name: "local tag before 29.5", version: "29.4", edit: func(c *docker.DaemonConfig) {
			c.LogDriver = "local"
			c.LogOpts = map[string]string{"tag": "{{.Name}}"}
		}, errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "log-opts.tag")}},
		{name: "local tag from 29.5", version: "29.5", edit: func(c *docker.DaemonConfig) {
			c.LogDriver = "local"
			c.LogOpts = map[string]string{"tag": "{{.Name}}"}
		}},
		{name: "max-buffer-size needs non-blocking", edit: func(c *docker.DaemonConfig) { c.LogOpts["max-buffer-size"] = "4m" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "log-opts.max-buffer-size")}},
		// Issue 20, item 8: each of these was accepted, and dockerd then
		// refused to start. A plugin is no exception: nothing kubenode
		// writes installs one, so a name it does not know is an error.
		{name: "log driver plugin", edit: func(c *docker.DaemonConfig) { c.LogDriver = "loki"; c.LogOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "log-driver")}},
		{name: "log driver nonexistent", version: "29.7", edit: func(c *docker.DaemonConfig) { c.LogDriver = "nonexistent" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "log-driver").Value("nonexistent")}},
		{name: "log driver with a newline", edit: func(c *docker.DaemonConfig) { c.LogDriver = "json-file\nx" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "log-driver")}},
		{name: "logentries in 24.0", version: "24.0", edit: func(c *docker.DaemonConfig) { c.LogDriver = "logentries"; c.LogOpts = nil }},
		{name: "logentries removed in 25.0", version: "25.0", edit: func(c *docker.DaemonConfig) { c.LogDriver = "logentries"; c.LogOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "log-driver")}},
		{name: "storage driver unknown", version: "28.5", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "overlayz"; c.StorageOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "storage-driver")}},
		{name: "storage driver unknown with the containerd store", version: "29.7", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "overlay3"; c.StorageOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "storage-driver").Value("overlay3")}},
		{name: "storage driver with a NUL", version: "29.7", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "overlay2\x00"; c.StorageOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "storage-driver")}},
		{name: "storage driver with a NUL without the containerd store", version: "28.5", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "overlay2\x00"; c.StorageOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "storage-driver")}},
		{name: "aufs with the containerd store of 29.0", version: "29.0", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "aufs"; c.StorageOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "storage-driver")}},
		{name: "aufs in 23.0", version: "23.0", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "aufs"; c.StorageOpts = nil },
			warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrDeprecated, "storage-driver")}},
		{name: "aufs in 24.0", version: "24.0", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "aufs"; c.StorageOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "storage-driver")}},
		{name: "devicemapper in 25.0", version: "25.0", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "devicemapper"; c.StorageOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "storage-driver")}},
		{name: "snapshotter with the containerd store of 29.0", version: "29.0", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "overlayfs"; c.StorageOpts = nil }},
		{name: "snapshotter without the containerd store", version: "28.5", edit: func(c *docker.DaemonConfig) { c.StorageDriver = "overlayfs"; c.StorageOpts = nil },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "storage-driver")}},
		{name: "snapshotter with the store turned on in 28.5", version: "28.5", edit: func(c *docker.DaemonConfig) {
			c.StorageDriver = "overlayfs"
			c.StorageOpts = nil
			c.Features = map[string]bool{"containerd-snapshotter": true}
		}},
		{name: "overlay2 option unknown", edit: func(c *docker.DaemonConfig) { c.StorageOpts = []string{"overlay2.quota=1G"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "storage-opts[0]")}},
		{name: "override_kernel_check in 23.0", version: "23.0", edit: func(c *docker.DaemonConfig) { c.StorageOpts = []string{"overlay2.override_kernel_check=true"} },
			warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrDeprecated, "storage-opts[0]")}},
		{name: "override_kernel_check in 24.0", version: "24.0", edit: func(c *docker.DaemonConfig) { c.StorageOpts = []string{"overlay2.override_kernel_check=true"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "storage-opts[0]")}},
		{name: "relative data-root", edit: func(c *docker.DaemonConfig) { c.DataRoot = "docker" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "data-root")}},
		{name: "group name", edit: func(c *docker.DaemonConfig) { c.Group = "Docker Users" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "group")}},
		{name: "bip", edit: func(c *docker.DaemonConfig) { c.Bip = "172.18.0.1" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "bip")}},
		{name: "dns", edit: func(c *docker.DaemonConfig) { c.DNS = []string{"dns.example"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "dns[0]")}},
		{name: "address pool size", edit: func(c *docker.DaemonConfig) { c.DefaultAddressPools[0].Size = 8 },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "default-address-pools[0].size")}},
		{name: "runc redefined", edit: func(c *docker.DaemonConfig) { c.Runtimes["runc"] = docker.Runtime{Path: "/usr/bin/runc"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrForbidden, "runtimes.runc")}},
		{name: "runtimeType before 23.0", version: "20.10", edit: func(c *docker.DaemonConfig) {
			c.Runtimes["kata"] = docker.Runtime{RuntimeType: "io.containerd.kata.v2"}
		}, errs: []fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "runtimes.kata.runtimeType")}},
		{name: "default runtime undefined", edit: func(c *docker.DaemonConfig) { c.DefaultRuntime = "crun" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "default-runtime")}},
		{name: "ulimit name", edit: func(c *docker.DaemonConfig) {
			c.DefaultUlimits["nofile"] = docker.Ulimit{Name: "nproc", Soft: 1, Hard: 1}
		},
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "default-ulimits.nofile.Name")}},
		{name: "hosts conflicts with -H", edit: func(c *docker.DaemonConfig) { c.Hosts = []string{"unix:///var/run/docker.sock"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "hosts")}},
		{name: "containerd conflicts with --containerd", edit: func(c *docker.DaemonConfig) { c.Containerd = "/run/containerd/containerd.sock" },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "containerd")}},
		{name: "hosts without -H", flags: []string{}, edit: func(c *docker.DaemonConfig) { c.Hosts = []string{"unix:///var/run/docker.sock"} }},
		{name: "data-root conflicts with --data-root", flags: append([]string{"--data-root", "/data"}, packagedFlags...),
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "data-root")}},
		{name: "exec-opts conflicts with --exec-opt", flags: append([]string{"--exec-opt", "native.cgroupdriver=systemd"}, packagedFlags...),
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "exec-opts")}},
		{name: "runtimes merge with --add-runtime", flags: append([]string{"--add-runtime", "crun=/usr/bin/crun"}, packagedFlags...)},
		{name: "unknown dockerd flag", flags: append([]string{"--kubenode"}, packagedFlags...),
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "dockerd --kubenode")}},
		{name: "dockerd flag too new", version: "20.10", flags: append([]string{"--validate"}, packagedFlags...),
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "dockerd --validate")}},
		{name: "dockerd argument", flags: append([]string{"start"}, packagedFlags...),
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrInvalid, "dockerd[0]")}},
		{name: "flag without value", flags: []string{"-H"},
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRequired, "dockerd -H")}},
		{name: "unknown key", edit: func(c *docker.DaemonConfig) { c.Extra = map[string]json.RawMessage{"kubenode": []byte("1")} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "kubenode")}},
		{name: "key too new", version: "20.10", edit: func(c *docker.DaemonConfig) {
			c.Extra = map[string]json.RawMessage{"default-network-opts": []byte("{}")}
		},
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "default-network-opts")}},
		{name: "known untyped key", version: "24.0", edit: func(c *docker.DaemonConfig) {
			c.Extra = map[string]json.RawMessage{"default-network-opts": []byte("{}")}
		},
			warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "default-network-opts")}},
		{name: "typed key too new", version: "20.10", edit: func(c *docker.DaemonConfig) { c.Proxies = &docker.Proxies{HTTPProxy: "http://proxy:3128"} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "proxies")}},
		{name: "graph in 20.10", version: "20.10", edit: func(c *docker.DaemonConfig) {
			c.DataRoot = ""
			c.Extra = map[string]json.RawMessage{"graph": []byte(`"/data"`)}
		}, warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrDeprecated, "graph")}},
		{name: "graph in 23.0", version: "23.0", edit: func(c *docker.DaemonConfig) {
			c.DataRoot = ""
			c.Extra = map[string]json.RawMessage{"graph": []byte(`"/data"`)}
		}, errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "graph")}},
		{name: "graph and data-root", version: "20.10", edit: func(c *docker.DaemonConfig) { c.Extra = map[string]json.RawMessage{"graph": []byte(`"/data"`)} },
			warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrDeprecated, "graph")}, errs: []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "graph")}},
		{name: "graph with --data-root", version: "20.10", flags: append([]string{"--data-root=/data"}, packagedFlags...), edit: func(c *docker.DaemonConfig) {
			c.DataRoot = ""
			c.Extra = map[string]json.RawMessage{"graph": []byte(`"/data"`)}
		}, warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrDeprecated, "graph")}, errs: []fieldtest.Matcher{fieldtest.Match(field.ErrConflict, "graph")}},
		{name: "oom-score-adjust in 24.0", version: "24.0", edit: func(c *docker.DaemonConfig) { c.Extra = map[string]json.RawMessage{"oom-score-adjust": []byte("-500")} },
			warnings: []fieldtest.Matcher{fieldtest.Match(field.ErrDeprecated, "oom-score-adjust")}},
		{name: "oom-score-adjust in 25.0", version: "25.0", edit: func(c *docker.DaemonConfig) { c.Extra = map[string]json.RawMessage{"oom-score-adjust": []byte("-500")} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "oom-score-adjust")}},
		{name: "api-cors-header in 28.0", version: "28.0", edit: func(c *docker.DaemonConfig) { c.Extra = map[string]json.RawMessage{"api-cors-header": []byte(`"*"`)} },
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "api-cors-header")}},
		{name: "cluster-store in 23.0", version: "23.0", edit: func(c *docker.DaemonConfig) {
			c.Extra = map[string]json.RawMessage{"cluster-store": []byte(`"consul://x"`)}
		},
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrRemoved, "cluster-store")}},
		{name: "firewall-backend before 29.0", version: "28.5", edit: func(c *docker.DaemonConfig) {
			c.Extra = map[string]json.RawMessage{"firewall-backend": []byte(`"nftables"`)}
		},
			errs: []fieldtest.Matcher{fieldtest.Match(field.ErrUnknown, "firewall-backend")}},
		{name: "unsupported release", version: "22.0", errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "docker-version")}},
		{name: "release newer than known", version: "29.8", errs: []fieldtest.Matcher{fieldtest.Match(field.ErrNotSupported, "docker-version")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()
			if tc.edit != nil {
				tc.edit(c)
			}
			before, err := json.Marshal(c)
			require.NoError(t, err)
			version := tc.version
			if version == "" {
				version = "28.5"
			}
			flags := tc.flags
			if flags == nil {
				flags = packagedFlags
			}
			warnings, err := c.Validate(runtime.MustParseVersion(version), flags)
			fieldtest.RequireExactly(t, err, tc.errs...)
			fieldtest.RequireExactly(t, warnings.Err(), tc.warnings...)
			after, _ := json.Marshal(c)
			assert.JSONEq(t, string(before), string(after), "Validate must not change the config")
		})
	}
}

func TestValidateCollectsEveryProblem(t *testing.T) {
	c := valid()
	c.ExecOpts = []string{"native.cgroupdriver=foo"}
	c.Hosts = []string{"fd://"}
	c.LogOpts["max-size"] = "big"
	c.Extra = map[string]json.RawMessage{"graph": []byte(`"/x"`), "kubenode": []byte("1")}
	warnings, err := c.Validate(runtime.MustParseVersion("25.0"), packagedFlags)
	assert.Empty(t, warnings)
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "exec-opts[0]"),
		fieldtest.Match(field.ErrConflict, "hosts"),
		fieldtest.Match(field.ErrInvalid, "log-opts.max-size"),
		fieldtest.Match(field.ErrRemoved, "graph"),
		fieldtest.Match(field.ErrUnknown, "kubenode"),
		fieldtest.Match(field.ErrConflict, "graph"),
	)
	for _, e := range field.AsList(err) {
		assert.NotNil(t, e.Path)
	}
}

func TestSeedDaemonJSONWithSeedUnit(t *testing.T) {
	data := readFile(t, "testdata/seed-daemon.json")
	cfg, err := docker.Parse(data)
	require.NoError(t, err)
	unit := parseUnit(t, docker.ServiceName, "testdata/seed-docker.service")
	// The guide installs Docker 26.1.4; its daemon.json is right for it
	// and for the unit's flags.
	warnings, err := cfg.Validate(runtime.MustParseVersion("26.1.4"), docker.DockerdArgs(unit))
	assert.NoError(t, err)
	assert.Empty(t, warnings)
}
