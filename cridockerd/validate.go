package cridockerd

import (
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/kubenode/kubenode/internal/options"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// SupportedVersions lists the newest release of each cri-dockerd line
// kubenode knows; every release of a listed line up to it is supported.
var SupportedVersions = []runtime.Version{runtime.NewVersion(0, 3, 25), runtime.NewVersion(0, 4, 3)}

// DefaultVersion is the release New assumes without WithVersion.
var DefaultVersion = runtime.NewVersion(0, 4, 0)

var logLevels = []string{"trace", "debug", "info", "warn", "warning", "error", "fatal", "panic"}

var networkPlugins = []string{NetworkPluginCNI, "kubenet"}

// flagPath is the path of one of cri-dockerd's flags.
func flagPath(name string) *field.Path { return field.NewFlagPath("cri-dockerd").Child("--" + name) }

// targetRelease is how New and NewInstaller take the target release:
// named "cri-dockerd-version" in problems (it is no flag); whether kubenode
// supports it, Validate says with every other problem.
var targetRelease = options.Target[*builder, *Installer]{Path: field.NewPath("cri-dockerd-version"), Validate: ValidateVersion,
	Config:    func(b *builder) *runtime.Version { return &b.target },
	Installer: func(in *Installer) *runtime.Version { return &in.target }}

// ValidateVersion refuses a release kubenode has no facts for: a line other
// than 0.3 and 0.4, or a patch newer than SupportedVersions lists.
func ValidateVersion(p *field.Path, v runtime.Version) field.ErrorList {
	if v.IsZero() {
		return field.ErrorList{field.Required(p, "a cri-dockerd version such as 0.4.0")}
	}
	for _, s := range SupportedVersions {
		if v.Major == s.Major && v.Minor == s.Minor && v.Patch <= s.Patch {
			return nil
		}
	}
	return field.ErrorList{field.NotSupported(p, v.String(), []string{"0.3.0-0.3.25", "0.4.0-0.4.3"})}
}

// Validate checks the flags for cri-dockerd release target and returns
// every problem: errors for what cri-dockerd refuses (an unknown flag, a bad
// hairpin mode, a value its parser rejects) or what breaks pods (a pause
// image without a tag, no CNI), warnings for what is allowed but unwise.
func (f *Flags) Validate(target runtime.Version) (warnings field.ErrorList, err error) {
	errs := targetRelease.Check(target)
	if ep := f.ContainerRuntimeEndpoint; ep != "" && ep != SocketActivated && !strings.HasPrefix(ep, "tcp://") {
		errs = append(errs, runtime.ValidateCRIEndpoint(flagPath("container-runtime-endpoint"), ep, false)...)
	}
	if ep := f.DockerEndpoint; ep != "" && !strings.HasPrefix(ep, "tcp://") {
		errs = append(errs, runtime.ValidateCRIEndpoint(flagPath("docker-endpoint"), ep, false)...)
	}
	switch {
	case f.NetworkPlugin == "":
	case !contains(networkPlugins, f.NetworkPlugin):
		errs = append(errs, field.NotSupported(flagPath("network-plugin"), f.NetworkPlugin, networkPlugins))
	case f.NetworkPlugin == "kubenet":
		warnings = append(warnings, field.Deprecated(flagPath("network-plugin"), f.NetworkPlugin, "kubenet is a legacy plugin; use cni"))
	}
	for _, d := range []struct{ name, v string }{
		{"cri-dockerd-root-directory", f.CRIDockerdRootDirectory},
		{"cni-conf-dir", f.CNIConfDir}, {"cni-cache-dir", f.CNICacheDir},
	} {
		if d.v != "" {
			errs = append(errs, runtime.ValidateNodePath(flagPath(d.name), d.v)...)
		}
	}
	if f.CNIBinDir != "" {
		for _, d := range strings.Split(f.CNIBinDir, ",") {
			errs = append(errs, runtime.ValidateNodePath(flagPath("cni-bin-dir"), d)...)
		}
	}
	if f.NetworkPluginMTU < 0 {
		errs = append(errs, field.Invalid(flagPath("network-plugin-mtu"), f.NetworkPluginMTU, "must not be negative"))
	}
	if f.HairpinMode != "" && !contains(HairpinModes, f.HairpinMode) {
		errs = append(errs, field.NotSupported(flagPath("hairpin-mode"), string(f.HairpinMode), HairpinModes))
	}
	if f.PodCIDR != "" {
		for _, c := range strings.Split(f.PodCIDR, ",") {
			if _, _, err := net.ParseCIDR(c); err != nil {
				errs = append(errs, field.Invalid(flagPath("pod-cidr"), f.PodCIDR, "not a CIDR (or a comma-separated pair for dual stack)"))
				break
			}
		}
	}
	if f.PodInfraContainerImage != "" {
		errs = append(errs, runtime.ValidateImage(flagPath("pod-infra-container-image"), f.PodInfraContainerImage)...)
	}
	if f.RuntimeCgroups != "" && !strings.HasPrefix(f.RuntimeCgroups, "/") {
		errs = append(errs, field.Invalid(flagPath("runtime-cgroups"), f.RuntimeCgroups, "must be an absolute cgroup name"))
	}
	for _, d := range []struct {
		name string
		v    int64
	}{{"runtime-request-timeout", int64(f.RuntimeRequestTimeout)}, {"image-pull-progress-deadline", int64(f.ImagePullProgressDeadline)}} {
		if d.v < 0 {
			errs = append(errs, field.Invalid(flagPath(d.name), d.v, "must not be negative"))
		}
	}
	if a := f.StreamingBindAddr; a != "" {
		if _, err := netip.ParseAddrPort(a); err != nil {
			if _, err := netip.ParseAddr(a); err != nil {
				errs = append(errs, field.Invalid(flagPath("streaming-bind-addr"), a, "must be an IP address or IP:port"))
			}
		}
	}
	if f.LogLevel != "" && !contains(logLevels, f.LogLevel) {
		errs = append(errs, field.NotSupported(flagPath("log-level"), f.LogLevel, logLevels))
	}
	for i, x := range f.Extra {
		name, _, _ := strings.Cut(strings.TrimPrefix(x, "--"), "=")
		errs = append(errs, field.Unknown(field.NewFlagPath("cri-dockerd").Child("Extra").Index(i),
			fmt.Sprintf("cri-dockerd %s has no flag or argument %q and refuses to start", target, name)))
	}
	if f.NetworkPlugin == "" {
		warnings = append(warnings, field.Required(flagPath("network-plugin"), "not set: cri-dockerd 0.3 and 0.4 default to cni, but say it in the unit"))
	}
	return warnings, errs.Err()
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
