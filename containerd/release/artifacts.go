package release

import (
	"fmt"
	"path"

	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/upstream"
)

// Where the release binaries go: containerd's next to
// containerd.DefaultBinaryPath (/usr/local/bin, as containerd's
// getting-started guide extracts the tarball into /usr/local), runc where
// runc's guide installs it, the CNI plugins in the directory containerd's
// cni.bin_dir(s) defaults to.
const (
	RuncBinaryPath = "/usr/local/sbin/runc"
	CNIBinDir      = "/opt/cni/bin"
)

// DefaultCNIPluginsVersion is the CNI plugins release Artifacts installs:
// the one containerd 2.3 and 2.4 pin in go.mod, and the first line after
// the portmap nftables fix (CVE-2025-67499) that containerd 1.7.35's
// script/setup/cni-plugins-version moved to (v1.9.0). Older containerd
// releases pin older plugins; kubenode does not install those by default.
const DefaultCNIPluginsVersion = "1.9.1"

// runcVersions is the runc release Artifacts installs for each containerd
// line: what containerd's script/setup/runc-version pins at the newest
// patch kubenode knows (1.7.35, 2.0.14, 2.1.9, 2.2.9: 1.3.6; 2.3.7, 2.4.2:
// 1.5.2). containerd 1.6.36 still pins runc 1.1.14, of an older line; 1.6
// gets 1.7's runc instead (the shim drives runc through its CLI, which
// both lines share).
var runcVersions = map[runtime.Version]string{
	minor(1, 6): "1.3.6", minor(1, 7): "1.3.6",
	minor(2, 0): "1.3.6", minor(2, 1): "1.3.6", minor(2, 2): "1.3.6",
	minor(2, 3): "1.5.2", minor(2, 4): "1.5.2",
}

func minor(major, m int) runtime.Version { return runtime.NewVersion(major, m) }

// DefaultRuncVersion returns the runc release Artifacts installs beside a
// containerd release (see runcVersions), or "" for a release kubenode does
// not support.
func DefaultRuncVersion(v runtime.Version) string {
	return runcVersions[v.MinorOf()]
}

// Artifacts returns what a node needs to run containerd from upstream
// release files, for a full containerd version (2.2.9, not 2.2) and an
// architecture (amd64, arm64): containerd's tarball (Containerd), runc
// (Runc, at DefaultRuncVersion) and the CNI plugins (CNIPlugins, at
// DefaultCNIPluginsVersion); call those three directly for other runc or
// CNI versions. A version given as major.minor is refused: a release file
// exists only for a full version. See the package doc for checksums and
// mirrors.
func Artifacts(version, arch string, opts ...upstream.Option) ([]runtime.Artifact, error) {
	c, err := Containerd(version, arch, opts...)
	if err != nil {
		return nil, err
	}
	// Containerd accepted the version.
	r, err := Runc(DefaultRuncVersion(runtime.MustParseVersion(version)), arch, opts...)
	if err != nil {
		return nil, err
	}
	cni, err := CNIPlugins(DefaultCNIPluginsVersion, arch, opts...)
	if err != nil {
		return nil, err
	}
	return []runtime.Artifact{c, r, cni}, nil
}

// Containerd returns containerd's release tarball
// containerd-<v>-linux-<arch>.tar.gz from GitHub, verified by the
// .sha256sum file beside it. Its entries are bin/<binary> (containerd's
// Makefile packs it with `tar -C releases/<name> bin`); every binary of
// the release is installed under /usr/local/bin, which 1.x and 2.x
// differ in: 1.6 and 1.7 also ship the v1 shims containerd-shim and
// containerd-shim-runc-v1, which 2.0 removed. A change of
// /usr/local/bin/containerd restarts containerd.service; the shims, ctr
// and containerd-stress restart nothing.
func Containerd(version, arch string, opts ...upstream.Option) (runtime.Artifact, error) {
	v, err := upstream.Check("containerd", version, arch, containerd.ValidateVersion, opts...)
	if err != nil {
		return runtime.Artifact{}, err
	}
	binaries := []string{"containerd", "containerd-shim-runc-v2", "ctr", "containerd-stress"}
	if v.Before(minor(2, 0)) {
		binaries = []string{"containerd", "containerd-shim", "containerd-shim-runc-v1", "containerd-shim-runc-v2", "ctr", "containerd-stress"}
	}
	entries := make([]string, len(binaries))
	for i, b := range binaries {
		entries[i] = "bin/" + b
	}
	members := upstream.Binaries(path.Dir(containerd.DefaultBinaryPath), entries, map[string][]string{"bin/containerd": {containerd.UnitName}})
	return gitHubTarball("containerd", "containerd/containerd", v, fmt.Sprintf("containerd-%s-linux-%s.tar.gz", v, arch), ".sha256sum", members, opts)
}

// gitHubTarball is the artifact of the tarball file of a GitHub project's
// release v, verified by the checksum file named file+sum beside it.
func gitHubTarball(name, project string, v runtime.Version, file, sum string, members []runtime.Member, opts []upstream.Option) (runtime.Artifact, error) {
	dir := fmt.Sprintf("%s/releases/download/v%s/", project, v)
	return upstream.Release{Name: name, Base: upstream.GitHubBase, Path: dir + file, ChecksumPath: dir + file + sum,
		Format: runtime.ArchiveTarGz, Members: members}.Artifact(opts...)
}

// Runc returns runc's static binary runc.<arch> from GitHub,
// verified by the runc.sha256sum file beside it (one line per asset),
// installed at RuncBinaryPath. A new runc restarts nothing: the shim
// executes it afresh for every container.
func Runc(version, arch string, opts ...upstream.Option) (runtime.Artifact, error) {
	v, err := upstream.Check("runc", version, arch, majorOne, opts...)
	if err != nil {
		return runtime.Artifact{}, err
	}
	dir := fmt.Sprintf("opencontainers/runc/releases/download/v%s/", v)
	return upstream.Release{
		Name:         "runc",
		Base:         upstream.GitHubBase,
		Path:         dir + "runc." + arch,
		ChecksumPath: dir + "runc.sha256sum",
		Format:       runtime.ArchiveBinary,
		Members:      []runtime.Member{{Path: RuncBinaryPath, Mode: 0o755}},
	}.Artifact(opts...)
}

// cniPlugins are the plugins a CNI plugins release ships (build_linux.sh
// builds every directory of plugins/meta, plugins/main and plugins/ipam but
// windows): 16 from 1.0.0, dummy from 1.2.0, tap from 1.3.0, unchanged
// since (checked up to 1.10.0).
var cniPlugins = []struct {
	name  string
	since runtime.Version
}{
	{"bandwidth", runtime.NewVersion(1, 0)}, {"bridge", runtime.NewVersion(1, 0)}, {"dhcp", runtime.NewVersion(1, 0)},
	{"dummy", runtime.NewVersion(1, 2)}, {"firewall", runtime.NewVersion(1, 0)}, {"host-device", runtime.NewVersion(1, 0)},
	{"host-local", runtime.NewVersion(1, 0)}, {"ipvlan", runtime.NewVersion(1, 0)}, {"loopback", runtime.NewVersion(1, 0)},
	{"macvlan", runtime.NewVersion(1, 0)}, {"portmap", runtime.NewVersion(1, 0)}, {"ptp", runtime.NewVersion(1, 0)},
	{"sbr", runtime.NewVersion(1, 0)}, {"static", runtime.NewVersion(1, 0)}, {"tap", runtime.NewVersion(1, 3)},
	{"tuning", runtime.NewVersion(1, 0)}, {"vlan", runtime.NewVersion(1, 0)}, {"vrf", runtime.NewVersion(1, 0)},
}

// CNIPlugins returns the CNI plugins tarball
// cni-plugins-linux-<arch>-v<v>.tgz from GitHub (releases 1.0.0 and
// later), verified by the .sha256 file beside it, every plugin installed in
// CNIBinDir. The project packs it with `tar -C bin -caf <file> .`, so its
// entries are named ./<plugin>. A new plugin restarts nothing: the runtime
// executes plugins per pod.
func CNIPlugins(version, arch string, opts ...upstream.Option) (runtime.Artifact, error) {
	v, err := upstream.Check("cni-plugins", version, arch, majorOne, opts...)
	if err != nil {
		return runtime.Artifact{}, err
	}
	var entries []string
	for _, pl := range cniPlugins {
		if v.AtLeast(pl.since) {
			entries = append(entries, "./"+pl.name)
		}
	}
	file := fmt.Sprintf("cni-plugins-linux-%s-v%s.tgz", arch, v)
	return gitHubTarball("cni-plugins", "containernetworking/plugins", v, file, ".sha256", upstream.Binaries(CNIBinDir, entries, nil), opts)
}

// majorOne refuses a runc or CNI plugins release of a major other than 1,
// the only one either has published.
func majorOne(p *field.Path, v runtime.Version) field.ErrorList {
	if v.Major != 1 {
		return field.ErrorList{field.NotSupported(p, v.String(), []string{"1.x.y"})}
	}
	return nil
}
