package kubenode_test

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/internal/testenv"
	"github.com/kubenode/kubenode/internal/tomltree"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
	"github.com/kubenode/kubenode/runtime/inspect"
	"github.com/kubenode/kubenode/runtime/inspect/inspecttest"
	"github.com/kubenode/kubenode/runtime/render"
)

// baseNode is the valid node the table tests change one thing of.
var baseNode = kubenode.Node{Kubernetes: "1.33", Runtime: kubenode.Containerd, RuntimeVersion: "2.1.5"}

var baseTargets = kubenode.Targets{Kubernetes: "1.33", Containerd: "2.1.5"}

const (
	configToml   = "/etc/containerd/config.toml"
	kubeletYAML  = "/var/lib/kubelet/config.yaml"
	kubeletUnit  = "/etc/systemd/system/kubelet.service"
	kubeadmConf  = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"
	flagsEnv     = "/var/lib/kubelet/kubeadm-flags.env"
	crictlYAML   = "/etc/crictl.yaml"
	containerdSv = "/etc/systemd/system/containerd.service"
)

// link makes path a symbolic link to target.
func link(path, target string) inspecttest.Change {
	return func(_ testing.TB, m fstest.MapFS) {
		m[strings.TrimPrefix(path, "/")] = &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink | 0o777}
	}
}

// lintNode is a node the Lint table starts from: what node plans, as the
// packages it relies on leave the root (setup), linted for targets.
type lintNode struct {
	node    kubenode.Node
	targets kubenode.Targets
	setup   inspecttest.Change
}

var (
	// onContainerd is the base node, a containerd node.
	onContainerd = &lintNode{node: baseNode, targets: baseTargets}
	// onDocker has the containerd.service Docker's packages install.
	onDocker = &lintNode{
		node:    kubenode.Node{Kubernetes: "1.33", Runtime: kubenode.Docker, RuntimeVersion: "28.5", CRIDockerdVersion: "0.4.0"},
		targets: kubenode.Targets{Kubernetes: "1.33", Docker: "28.5", CRIDockerd: "0.4.0"},
		setup:   inspecttest.Setting("/usr/lib/systemd/system/containerd.service", "[Unit]\nDescription=containerd\n\n[Service]\nType=notify\nExecStart=/usr/bin/containerd\n"),
	}
	// onCRIO has a mirror, so registries.conf too.
	onCRIO = &lintNode{
		node: kubenode.Node{Kubernetes: "1.34", Runtime: kubenode.CRIO, RuntimeVersion: "1.34",
			Mirrors: []runtime.Mirror{{Registry: "docker.io", URL: "https://mirror.example.com"}}},
		targets: kubenode.Targets{Kubernetes: "1.34", CRIO: "1.34"},
	}
)

// The files of the Docker and CRI-O nodes the table changes.
const (
	dockerSvc   = "/etc/systemd/system/docker.service"
	criSvc      = "/etc/systemd/system/cri-docker.service"
	daemonJSON  = "/etc/docker/daemon.json"
	crioDropIn  = "/etc/crio/crio.conf.d/20-kubenode.conf"
	crioLater   = "/etc/crio/crio.conf.d/30-site.conf"
	crioMirrors = "/etc/containers/registries.conf.d/20-kubenode.conf"
)

// Each case changes a planned node (the base node unless on says
// otherwise) and expects exactly these findings.
func TestLint(t *testing.T) {
	for _, tt := range []struct {
		name    string
		on      *lintNode
		targets *kubenode.Targets // the node's unless set
		change  inspecttest.Change
		want    []inspecttest.Want
	}{{
		name: "the base node is clean",
	}, {
		name:    "no targets: assumed, and said so",
		targets: &kubenode.Targets{},
		want:    []inspecttest.Want{inspecttest.Warning(configToml, field.ErrRequired, "version"), inspecttest.Warning(kubeletUnit, field.ErrRequired, "")},
	}, {
		name:   "the kubelet's endpoint is no runtime's socket",
		change: inspecttest.Editing(kubeletYAML, "unix:///run/containerd/containerd.sock", "unix:///run/crio/crio.sock"),
		want:   []inspecttest.Want{inspecttest.Error(kubeletYAML, field.ErrInvalid, "containerRuntimeEndpoint")},
	}, {
		name: "/var/run is /run",
		change: inspecttest.Changes(inspecttest.Editing(kubeletYAML, "unix:///run/containerd/containerd.sock", "unix:///var/run/containerd/containerd.sock"),
			inspecttest.Editing(crictlYAML, "runtime-endpoint: unix:///run/", "runtime-endpoint: unix:///var/run/")),
	}, {
		name: "the kubelet's default endpoint when containerd listens elsewhere",
		change: inspecttest.Changes(inspecttest.Editing(kubeletYAML, "containerRuntimeEndpoint: unix:///run/containerd/containerd.sock\n", ""),
			inspecttest.Editing(configToml, "version = 3\n", "version = 3\n[grpc]\naddress = '/run/ctrd/ctrd.sock'\n")),
		want: []inspecttest.Want{
			inspecttest.Error(kubeletYAML, field.ErrInvalid, ""),
			inspecttest.Error(crictlYAML, field.ErrInvalid, "image-endpoint"),
			inspecttest.Error(crictlYAML, field.ErrInvalid, "runtime-endpoint"),
		},
	}, {
		name:   "crictl talks to no runtime",
		change: inspecttest.Editing(crictlYAML, "runtime-endpoint: unix:///run/containerd/containerd.sock", "runtime-endpoint: unix:///run/cri-dockerd.sock"),
		want:   []inspecttest.Want{inspecttest.Error(crictlYAML, field.ErrInvalid, "runtime-endpoint")},
	}, {
		name:   "cgroup drivers differ, and the kubelet asks containerd 2.x",
		change: inspecttest.Editing(kubeletYAML, "cgroupDriver: systemd", "cgroupDriver: cgroupfs"),
		want:   []inspecttest.Want{inspecttest.Warning(kubeletYAML, field.ErrConflict, "cgroupDriver")},
	}, {
		name:    "cgroup drivers differ, and the 1.30 kubelet does not ask",
		targets: &kubenode.Targets{Kubernetes: "1.30", Containerd: "2.1.5"},
		change:  inspecttest.Editing(kubeletYAML, "cgroupDriver: systemd", "cgroupDriver: cgroupfs"),
		want:    []inspecttest.Want{inspecttest.Error(kubeletYAML, field.ErrConflict, "cgroupDriver")},
	}, {
		name:    "cgroup drivers differ, and containerd 1.7 cannot tell",
		targets: &kubenode.Targets{Kubernetes: "1.33", Containerd: "1.7.24"},
		change:  inspecttest.Setting(configToml, "version = 2\n[plugins.'io.containerd.grpc.v1.cri'.containerd.runtimes.runc]\nruntime_type = 'io.containerd.runc.v2'\n[plugins.'io.containerd.grpc.v1.cri'.containerd.runtimes.runc.options]\nSystemdCgroup = false\n"),
		want:    []inspecttest.Want{inspecttest.Error(kubeletYAML, field.ErrConflict, "cgroupDriver")},
	}, {
		name:   "the kubelet's default cgroup driver",
		change: inspecttest.Editing(kubeletYAML, "cgroupDriver: systemd\n", ""),
		want:   []inspecttest.Want{inspecttest.Warning(kubeletYAML, field.ErrConflict, "")},
	}, {
		name:   "pause images differ",
		change: inspecttest.Setting(flagsEnv, `KUBELET_KUBEADM_ARGS="--pod-infra-container-image=registry.k8s.io/pause:3.9"`+"\n"),
		want: []inspecttest.Want{
			inspecttest.Warning(flagsEnv, field.ErrDeprecated, "kubelet --pod-infra-container-image"),
			inspecttest.Warning(flagsEnv, field.ErrConflict, "kubelet --pod-infra-container-image"),
		},
	}, {
		name:   "a flag the target kubelet lacks, in the env file",
		change: inspecttest.Setting(flagsEnv, `KUBELET_KUBEADM_ARGS="--container-runtime=remote"`+"\n"),
		want:   []inspecttest.Want{inspecttest.Error(flagsEnv, field.ErrRemoved, "kubelet --container-runtime")},
	}, {
		name:   "a flag of /etc/default/kubelet",
		change: inspecttest.Setting("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--network-plugin=cni\n"),
		want:   []inspecttest.Want{inspecttest.Error("/etc/default/kubelet", field.ErrRemoved, "kubelet --network-plugin")},
	}, {
		name:   "a drop-in replaces the command line",
		change: inspecttest.Setting("/etc/systemd/system/kubelet.service.d/20-x.conf", "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --keep-terminated-pod-volumes\n"),
		want:   []inspecttest.Want{inspecttest.Error("/etc/systemd/system/kubelet.service.d/20-x.conf", field.ErrRemoved, "kubelet --keep-terminated-pod-volumes")},
	}, {
		name:   "the kubelet's --config file is missing",
		change: func(_ testing.TB, m fstest.MapFS) { delete(m, strings.TrimPrefix(kubeletYAML, "/")) },
		want:   []inspecttest.Want{inspecttest.Error(kubeadmConf, field.ErrInvalid, "kubelet --config")},
	}, {
		name:   "an unknown key of the kubelet's config is only logged",
		change: inspecttest.Editing(kubeletYAML, "cgroupDriver: systemd", "cgroupDriver: systemd\ncgroupDrivr: x"),
		want:   []inspecttest.Want{inspecttest.Warning(kubeletYAML, field.ErrUnknown, "cgroupDrivr")},
	}, {
		name:   "a required environment file is missing",
		change: inspecttest.Editing(kubeadmConf, "EnvironmentFile=-/etc/default/kubelet", "EnvironmentFile=/etc/default/kubelet"),
		want:   []inspecttest.Want{inspecttest.Error(kubeadmConf, field.ErrInvalid, "kubelet.service.d/10-kubeadm.conf [Service] EnvironmentFile[1]")},
	}, {
		name:   "no Restart= for the kubelet",
		change: inspecttest.Editing(kubeletUnit, "Restart=always\n", ""),
		want:   []inspecttest.Want{inspecttest.Warning(kubeletUnit, field.ErrRequired, "kubelet.service [Service] Restart")},
	}, {
		name:   "a value systemd refuses, in a drop-in",
		change: inspecttest.Setting("/etc/systemd/system/containerd.service.d/10-x.conf", "[Service]\nKillMode=gentle\n"),
		want:   []inspecttest.Want{inspecttest.Error("/etc/systemd/system/containerd.service.d/10-x.conf", field.ErrNotSupported, "containerd.service.d/10-x.conf [Service] KillMode")},
	}, {
		name:   "a drop-in's empty After= line, which systemd ignores",
		change: inspecttest.Setting("/etc/systemd/system/kubelet.service.d/20-x.conf", "[Unit]\nAfter=\nAfter=network-online.target\n"),
		want:   []inspecttest.Want{inspecttest.Warning("/etc/systemd/system/kubelet.service.d/20-x.conf", field.ErrInvalid, "kubelet.service.d/20-x.conf [Unit] After[0]")},
	}, {
		name:   "an ordering cycle through a drop-in",
		change: inspecttest.Setting("/etc/systemd/system/kubelet.service.d/20-x.conf", "[Unit]\nBefore=containerd.service\n"),
		want:   []inspecttest.Want{inspecttest.Error("/etc/systemd/system/kubelet.service.d/20-x.conf", field.ErrConflict, "kubelet.service.d/20-x.conf [Unit] Before[0]")},
	}, {
		name:   "a required unit that is not on the node",
		change: inspecttest.Editing(kubeletUnit, "Wants=containerd.service", "Requires=containerd.service\nRequires=network-online.target\nBindsTo=etcd.service"),
		want:   []inspecttest.Want{inspecttest.Warning(kubeletUnit, field.ErrInvalid, "kubelet.service [Unit] BindsTo[0]")},
	}, {
		name: "a unit masked by a link to /dev/null is not read",
		change: inspecttest.Changes(inspecttest.Setting("/usr/lib/systemd/system/docker.service", "[Service]\nExecStart=/usr/bin/dockerd\nKillMode=gentle\n"),
			link("/etc/systemd/system/docker.service", "/dev/null")),
	}, {
		name: "an absolute link resolves in the node's root",
		change: inspecttest.Changes(func(_ testing.TB, m fstest.MapFS) {
			m["opt/units/containerd.service"] = m["etc/systemd/system/containerd.service"]
		},
			link(containerdSv, "/opt/units/containerd.service"),
			inspecttest.Editing("/opt/units/containerd.service", "KillMode=process", "KillMode=gentle")),
		want: []inspecttest.Want{inspecttest.Error(containerdSv, field.ErrNotSupported, "containerd.service [Service] KillMode")},
	}, {
		name: "a containerd import sets what 2.x removed",
		change: inspecttest.Changes(inspecttest.Editing(configToml, "version = 3\n", "version = 3\nimports = ['conf.d/*.toml']\n"),
			inspecttest.Setting("/etc/containerd/conf.d/10-old.toml", "version = 3\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]\nruntime_type = 'io.containerd.runc.v1'\n")),
		want: []inspecttest.Want{inspecttest.Error("/etc/containerd/conf.d/10-old.toml", field.ErrRemoved, `plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.runtime_type`)},
	}, {
		name:   "a containerd import that is missing",
		change: inspecttest.Editing(configToml, "version = 3\n", "version = 3\nimports = ['/etc/containerd/extra.toml']\n"),
		want:   []inspecttest.Want{inspecttest.Error(configToml, field.ErrInvalid, "imports")},
	}, {
		name:   "a bad hosts.toml",
		change: inspecttest.Setting("/etc/containerd/certs.d/docker.io/hosts.toml", "server = 'https://registry-1.docker.io'\n[host.'ftp://mirror.example']\ncapabilities = ['pull']\n"),
		want:   []inspecttest.Want{inspecttest.Error("/etc/containerd/certs.d/docker.io/hosts.toml", field.ErrInvalid, `host."ftp://mirror.example"`)},
	}, {
		name:   "an unknown key of crictl.yaml",
		change: inspecttest.Editing(crictlYAML, "timeout: 10", "timeout: 10\ndebugg: true"),
		want:   []inspecttest.Want{inspecttest.Warning(crictlYAML, field.ErrInvalid, "")},
	}, {
		name:   "a config.toml that is no TOML",
		change: inspecttest.Setting(configToml, "version = = 3\n"),
		want:   []inspecttest.Want{inspecttest.Error(configToml, field.ErrInvalid, "")},
	}, {
		name:   "the kubelet on a containerd without CRI",
		change: inspecttest.Editing(configToml, "version = 3\n", "version = 3\ndisabled_plugins = ['io.containerd.cri.v1.runtime']\n"),
		want: []inspecttest.Want{
			inspecttest.Error(configToml, field.ErrForbidden, "disabled_plugins[0]"),
			inspecttest.Error(kubeletYAML, field.ErrInvalid, "containerRuntimeEndpoint"),
			inspecttest.Error(crictlYAML, field.ErrInvalid, "runtime-endpoint"),
			inspecttest.Error(crictlYAML, field.ErrInvalid, "image-endpoint"),
		},
	}, {
		name:    "every problem, not the first",
		targets: &kubenode.Targets{Kubernetes: "1.35", Containerd: "2.2.1"},
		change: inspecttest.Changes(inspecttest.Editing(kubeletYAML, "cgroupDriver: systemd", "cgroupDriver: cgroupfs"),
			inspecttest.Setting(flagsEnv, `KUBELET_KUBEADM_ARGS="--container-runtime=remote --register-schedulable=true"`+"\n"),
			inspecttest.Editing(crictlYAML, "runtime-endpoint: unix:///run/containerd/containerd.sock", "runtime-endpoint: unix:///run/x.sock")),
		want: []inspecttest.Want{
			inspecttest.Error(flagsEnv, field.ErrRemoved, "kubelet --container-runtime"),
			inspecttest.Error(flagsEnv, field.ErrRemoved, "kubelet --register-schedulable"),
			inspecttest.Error(crictlYAML, field.ErrInvalid, "runtime-endpoint"),
			inspecttest.Warning(kubeletYAML, field.ErrConflict, "cgroupDriver"),
		},
	}, {
		name: "docker: clean",
		on:   onDocker,
	}, {
		name:   "docker: dockerd ignores docker.socket",
		on:     onDocker,
		change: inspecttest.Editing(dockerSvc, "-H fd:// ", ""),
		want:   []inspecttest.Want{inspecttest.Error(dockerSvc, field.ErrInvalid, "docker.service [Service] ExecStart")},
	}, {
		name:   "docker: cri-dockerd ignores cri-docker.socket",
		on:     onDocker,
		change: inspecttest.Editing(criSvc, "--container-runtime-endpoint=fd:// ", ""),
		want:   []inspecttest.Want{inspecttest.Error(criSvc, field.ErrInvalid, "cri-docker.service [Service] ExecStart")},
	}, {
		name:   "docker: Docker's cgroup driver differs from the kubelet's",
		on:     onDocker,
		change: inspecttest.Editing(daemonJSON, "native.cgroupdriver=systemd", "native.cgroupdriver=cgroupfs"),
		want:   []inspecttest.Want{inspecttest.Warning(kubeletYAML, field.ErrConflict, "cgroupDriver")},
	}, {
		name:   "docker: the guide's ordering cycle",
		on:     onDocker,
		change: inspecttest.Editing(dockerSvc, "After=firewalld.service", "After=firewalld.service\nAfter=cri-docker.service"),
		want:   []inspecttest.Want{inspecttest.Error(dockerSvc, field.ErrConflict, "docker.service [Unit] After[2]")},
	}, {
		name:   "docker: a key dockerd does not know",
		on:     onDocker,
		change: inspecttest.Editing(daemonJSON, `"log-driver"`, `"graph": "/var/lib/docker",`+"\n  \"log-driver\""),
		want:   []inspecttest.Want{inspecttest.Error(daemonJSON, field.ErrRemoved, "graph")},
	}, {
		name:   "docker: Docker's containerd with CRI disabled is fine",
		on:     onDocker,
		change: inspecttest.Setting(configToml, "version = 2\ndisabled_plugins = ['io.containerd.grpc.v1.cri']\n"),
		want:   []inspecttest.Want{inspecttest.Warning(configToml, field.ErrRequired, "version")},
	}, {
		name:   "docker: Docker's packaged config.toml of version 1",
		on:     onDocker,
		change: inspecttest.Setting(configToml, "disabled_plugins = [\"cri\"]\n"),
		want:   []inspecttest.Want{inspecttest.Warning(configToml, field.ErrDeprecated, "version")},
	}, {
		name: "cri-o: clean",
		on:   onCRIO,
	}, {
		name:   "cri-o: a later drop-in changes the cgroup manager; CRI-O 1.34 reports it",
		on:     onCRIO,
		change: inspecttest.Setting(crioLater, "[crio.runtime]\ncgroup_manager = 'cgroupfs'\n"),
		want:   []inspecttest.Want{inspecttest.Warning(kubeletYAML, field.ErrConflict, "cgroupDriver")},
	}, {
		name:    "cri-o: CRI-O 1.27 does not report it",
		on:      onCRIO,
		targets: &kubenode.Targets{Kubernetes: "1.34", CRIO: "1.27"},
		change:  inspecttest.Setting(crioLater, "[crio.runtime]\ncgroup_manager = 'cgroupfs'\n"),
		want: []inspecttest.Want{
			inspecttest.Error(kubeletYAML, field.ErrConflict, "cgroupDriver"),
			inspecttest.Warning(crioDropIn, field.ErrInvalid, ""),
		},
	}, {
		name:   "cri-o: a later drop-in moves the socket",
		on:     onCRIO,
		change: inspecttest.Setting(crioLater, "[crio.api]\nlisten = '/run/crio/other.sock'\n"),
		want: []inspecttest.Want{
			inspecttest.Error(kubeletYAML, field.ErrInvalid, "containerRuntimeEndpoint"),
			inspecttest.Error(crictlYAML, field.ErrInvalid, "runtime-endpoint"),
			inspecttest.Error(crictlYAML, field.ErrInvalid, "image-endpoint"),
		},
	}, {
		name:   "cri-o: a mirror with a scheme in registries.conf",
		on:     onCRIO,
		change: inspecttest.Editing(crioMirrors, "location = 'mirror.example.com'", "location = 'https://mirror.example.com'"),
		want:   []inspecttest.Want{inspecttest.Error(crioMirrors, field.ErrInvalid, "registry[0].mirror[0].location")},
	}, {
		name:    "cri-o: CRI-O's release assumed from Kubernetes'",
		on:      onCRIO,
		targets: &kubenode.Targets{Kubernetes: "1.34"},
		want:    []inspecttest.Want{inspecttest.Warning(crioDropIn, field.ErrRequired, "")},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			on := cmp.Or(tt.on, onContainerd)
			m := inspecttest.InstallerFS(t, &on.node)
			for _, c := range []inspecttest.Change{on.setup, tt.change} {
				if c != nil {
					c(t, m)
				}
			}
			targets := on.targets
			if tt.targets != nil {
				targets = *tt.targets
			}
			got, err := kubenode.Lint(m, targets)
			require.NoError(t, err)
			inspecttest.RequireFindings(t, got, tt.want...)
		})
	}
}

// TestLintUnreadable is the Lint run as nobody on a node with a
// drop-in directory or config.toml it cannot read (chmod 000), simulated
// so that it holds when the tests run as root: what cannot be read is a
// finding, and nothing is claimed that only follows from not reading it
// (the kubelet's default cgroup driver, no runtime serving the kubelet's
// and crictl's socket, no unit where one was looked for).
func TestLintUnreadable(t *testing.T) {
	for _, tt := range []struct {
		name       string
		unreadable string
		want       inspecttest.Want
	}{
		{"the kubelet's drop-in directory", "/etc/systemd/system/kubelet.service.d", inspecttest.Error("/etc/systemd/system/kubelet.service.d", field.ErrInvalid, "")},
		{"config.toml", configToml, inspecttest.Error(configToml, field.ErrInvalid, "")},
		{"containerd's directory, not even searched", "/etc/containerd", inspecttest.Error("/etc/containerd", field.ErrInvalid, "")},
		{"the directory of the units", "/etc/systemd/system", inspecttest.Error("/etc/systemd/system", field.ErrInvalid, "")},
		{"crictl.yaml", crictlYAML, inspecttest.Error(crictlYAML, field.ErrInvalid, "")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := inspecttest.InstallerFS(t, &baseNode)
			got, err := kubenode.Lint(inspecttest.Unreadable(m, tt.unreadable), baseTargets)
			require.NoError(t, err)
			if tt.unreadable == "/etc/containerd" {
				// containerd's own finding for the file it could not read.
				inspecttest.RequireFindings(t, got, tt.want, inspecttest.Error(configToml, field.ErrInvalid, ""))
				return
			}
			inspecttest.RequireFindings(t, got, tt.want)
		})
	}
}

// TestLintHostileFiles is the Lint that hung or ran out of memory
// on a node whose files were replaced: a FIFO at config.toml or a unit
// file (it hung), a character device at config.toml (out of memory),
// inline tables nested 10,000 deep (out of memory) and more keys than go-toml's
// duplicate check takes in linear time (quadratic: tomltree's
// BenchmarkDecodeManyKeys times the limit). Each is one finding on the
// file, and nothing follows from it.
func TestLintHostileFiles(t *testing.T) {
	fifo := func(t *testing.T, p string) {
		require.NoError(t, os.Remove(p))
		require.NoError(t, syscall.Mkfifo(p, 0o644))
	}
	content := func(s string) func(*testing.T, string) {
		return func(t *testing.T, p string) { require.NoError(t, os.WriteFile(p, []byte(s), 0o644)) }
	}
	var many strings.Builder
	many.WriteString("version = 3\n")
	for i := range tomltree.MaxKeys {
		fmt.Fprintf(&many, "k%d = %d\n", i, i)
	}
	for _, tt := range []struct {
		name    string
		file    string
		replace func(*testing.T, string)
		problem error
		root    bool
	}{
		{"a FIFO at config.toml", configToml, fifo, field.ErrInvalid, false},
		{"a FIFO at a unit file", kubeletUnit, fifo, field.ErrInvalid, false},
		{"a FIFO at a drop-in", kubeadmConf, fifo, field.ErrInvalid, false},
		{"a FIFO at an environment file", flagsEnv, fifo, field.ErrInvalid, false},
		{"a character device at config.toml", configToml, func(t *testing.T, p string) {
			require.NoError(t, os.Remove(p))
			require.NoError(t, syscall.Mknod(p, syscall.S_IFCHR|0o644, 1<<8|5)) // /dev/zero
		}, field.ErrInvalid, true},
		{"a config.toml over the cap", configToml, content(strings.Repeat("#", inspect.MaxFileSize+1)), field.ErrInvalid, false},
		{"inline tables nested 10,000 deep", configToml, content("version = 3\nk=" + strings.Repeat("{a=", 10_000) + "1" + strings.Repeat("}", 10_000) + "\n"), field.ErrTooLong, false},
		{"more keys than kubenode reads", configToml, content(many.String()), field.ErrTooLong, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.root {
				testenv.RequireRoot(t)
			}
			plan, err := baseNode.Plan(context.Background())
			require.NoError(t, err)
			dir := t.TempDir()
			require.NoError(t, render.WriteDir(plan, dir))
			tt.replace(t, filepath.Join(dir, tt.file))
			got, err := kubenode.LintDir(dir, baseTargets)
			require.NoError(t, err)
			inspecttest.RequireFindings(t, got, inspecttest.Error(tt.file, tt.problem, ""))
		})
	}
}

// TestLintQuotesABoundedPrefix is the 52 MB finding for a 50 MB
// value: a file that large is not read, and a long value in a file that is
// read is quoted by its prefix and its length.
func TestLintQuotesABoundedPrefix(t *testing.T) {
	huge := strings.Repeat("x", 900<<10)
	for _, tt := range []struct {
		name, content string
		want          inspecttest.Want
	}{
		{"a 50 MB file", "version = 3\nroot = '" + strings.Repeat("x", 50<<20) + "'\n", inspecttest.Error(configToml, field.ErrInvalid, "")},
		{"a 900 KB value", "version = 3\n[plugins.'io.containerd.cri.v1.images'.pinned_images]\nsandbox = '" + huge + "'\n",
			inspecttest.Error(configToml, field.ErrInvalid, `plugins."io.containerd.cri.v1.images".pinned_images.sandbox`).Value(huge)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := inspecttest.InstallerFS(t, &baseNode)
			inspecttest.Set(m, configToml, tt.content)
			got, err := kubenode.Lint(m, baseTargets)
			require.NoError(t, err)
			inspecttest.RequireFindings(t, got, tt.want)
			assert.Less(t, len(got[0].String()), 4096, "the finding quotes a prefix")
		})
	}
}

func TestLintCleanNodes(t *testing.T) {
	for _, r := range kubenode.Runtimes {
		for _, d := range runtime.CgroupDrivers {
			t.Run(string(r)+"/"+string(d), func(t *testing.T) {
				n := kubenode.Node{Kubernetes: "1.34", Runtime: r, CgroupDriver: d}
				targets := kubenode.Targets{Kubernetes: "1.34"}
				var wanted []inspecttest.Want
				switch r {
				case kubenode.Containerd:
					n.RuntimeVersion, targets.Containerd = "2.2.1", "2.2.1"
				case kubenode.Docker:
					n.RuntimeVersion, targets.Docker = "29.7", "29.7"
					n.CRIDockerdVersion, targets.CRIDockerd = "0.4.3", "0.4.3"
				case kubenode.CRIO:
					n.RuntimeVersion, targets.CRIO = "1.34", "1.34"
				}
				plan, err := n.Plan(context.Background())
				require.NoError(t, err)
				dir := t.TempDir()
				require.NoError(t, render.WriteDir(plan, dir))
				got, err := kubenode.LintDir(dir, targets)
				require.NoError(t, err)
				inspecttest.RequireFindings(t, got, wanted...)
			})
		}
	}
}

func TestLintRefusesBadTargets(t *testing.T) {
	_, err := kubenode.Lint(fstest.MapFS{}, kubenode.Targets{Kubernetes: "1.12", Containerd: "x", Docker: "1.13", CRIDockerd: "9.9", CRIO: "1.99"})
	fieldtest.RequireExactly(t, err,
		fieldtest.Match(field.ErrNotSupported, "kubernetes").Value("1.12"),
		fieldtest.Match(field.ErrInvalid, "containerd").Value("x"),
		fieldtest.Match(field.ErrNotSupported, "docker").Value("1.13"),
		fieldtest.Match(field.ErrNotSupported, "criDockerd").Value("9.9"),
		fieldtest.Match(field.ErrNotSupported, "crio").Value("1.99"))
	var paths []string
	for _, e := range field.AsList(err) {
		paths = append(paths, e.Path.String())
	}
	assert.Equal(t, []string{"kubernetes", "containerd", "docker", "criDockerd", "crio"}, paths, "in the order of Targets' fields")
}

func TestLintDirOfNothing(t *testing.T) {
	_, err := kubenode.LintDir(t.TempDir()+"/none", kubenode.Targets{})
	assert.ErrorIs(t, err, fs.ErrNotExist)

	got, err := kubenode.LintDir(t.TempDir(), kubenode.Targets{})
	require.NoError(t, err)
	assert.Empty(t, got, "an empty root has nothing to lint")
}

func TestFindingString(t *testing.T) {
	f := kubenode.Finding{Severity: kubenode.SeverityError, File: "/etc/docker/daemon.json", Path: "exec-opts[0]", Message: "invalid value: x"}
	assert.Equal(t, "error /etc/docker/daemon.json: exec-opts[0]: invalid value: x", f.String())
	f.Path, f.Severity = "", kubenode.SeverityWarning
	assert.Equal(t, "warning /etc/docker/daemon.json: invalid value: x", f.String())
}

func TestLintIsSortedAndStable(t *testing.T) {
	m := inspecttest.InstallerFS(t, &baseNode)
	inspecttest.Set(m, flagsEnv, `KUBELET_KUBEADM_ARGS="--network-plugin=cni --container-runtime=remote"`+"\n")
	inspecttest.Edit(t, m, kubeletUnit, "Restart=always\n", "")
	first, err := kubenode.Lint(m, baseTargets)
	require.NoError(t, err)
	require.Len(t, first, 3)
	for i := 1; i < len(first); i++ {
		a, b := first[i-1], first[i]
		assert.True(t, a.File < b.File || a.File == b.File && (a.Path < b.Path || a.Path == b.Path && a.Message <= b.Message), "%v before %v", a, b)
	}
	again, err := kubenode.Lint(m, baseTargets)
	require.NoError(t, err)
	assert.Equal(t, first, again)
}
