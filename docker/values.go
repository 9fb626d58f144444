package docker

import (
	"fmt"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// logLevels are the levels dockerd's log-level accepts (logrus's).
var logLevels = []string{"trace", "debug", "info", "warn", "warning", "error", "fatal", "panic"}

// builtinRuntimes are the runtime names dockerd knows without a runtimes
// entry; "runc" may not be redefined.
var builtinRuntimes = []string{"runc", "io.containerd.runc.v2"}

// groupName is what groupadd accepts.
var groupName = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)

// validateValues checks the values dockerd would refuse at start or when it
// creates a container.
func (c *DaemonConfig) validateValues(target runtime.Version) (warnings, errs field.ErrorList) {
	w, e := validateExecOpts(field.NewPath("exec-opts"), c.ExecOpts, target)
	warnings, errs = append(warnings, w...), append(errs, e...)
	errs = append(errs, validateRegistryMirrors(field.NewPath("registry-mirrors"), c.RegistryMirrors, target)...)
	errs = append(errs, validateInsecureRegistries(field.NewPath("insecure-registries"), c.InsecureRegistries)...)
	errs = append(errs, atLeast(field.NewPath("max-concurrent-downloads"), c.MaxConcurrentDownloads, 0)...)
	errs = append(errs, atLeast(field.NewPath("max-concurrent-uploads"), c.MaxConcurrentUploads, 0)...)
	errs = append(errs, atLeast(field.NewPath("max-download-attempts"), c.MaxDownloadAttempts, 1)...)
	errs = append(errs, atLeast(field.NewPath("shutdown-timeout"), c.ShutdownTimeout, -1)...)
	if c.LogLevel != "" && !contains(logLevels, c.LogLevel) {
		errs = append(errs, field.NotSupported(field.NewPath("log-level"), c.LogLevel, logLevels))
	}
	w, e = validateLogging(c.LogDriver, c.LogOpts, target)
	warnings, errs = append(warnings, w...), append(errs, e...)
	w, e = c.validateStorage(target)
	warnings, errs = append(warnings, w...), append(errs, e...)
	for _, pv := range []struct{ key, v string }{
		{"data-root", c.DataRoot}, {"exec-root", c.ExecRoot}, {"pidfile", c.Pidfile},
		{"tlscacert", c.TLSCACert}, {"tlscert", c.TLSCert}, {"tlskey", c.TLSKey},
	} {
		if pv.v != "" {
			errs = append(errs, runtime.ValidateNodePath(field.NewPath(pv.key), pv.v)...)
		}
	}
	if c.Containerd != "" {
		errs = append(errs, runtime.ValidateNodePath(field.NewPath("containerd"), strings.TrimPrefix(c.Containerd, "unix://"))...)
	}
	if c.Group != "" && !groupName.MatchString(c.Group) {
		errs = append(errs, field.Invalid(field.NewPath("group"), c.Group, "not a group name"))
	}
	errs = append(errs, validateHosts(field.NewPath("hosts"), c.Hosts)...)
	errs = append(errs, c.validateNetwork()...)
	errs = append(errs, c.validateRuntimes(target)...)
	errs = append(errs, validateUlimits(field.NewPath("default-ulimits"), c.DefaultUlimits)...)
	errs = append(errs, validateKeyValues(field.NewPath("labels"), c.Labels)...)
	if c.DefaultCgroupnsMode != "" && c.DefaultCgroupnsMode != "host" && c.DefaultCgroupnsMode != "private" {
		errs = append(errs, field.NotSupported(field.NewPath("default-cgroupns-mode"), c.DefaultCgroupnsMode, []string{"host", "private"}))
	}
	if c.DefaultIPCMode != "" && c.DefaultIPCMode != "private" && c.DefaultIPCMode != "shareable" {
		errs = append(errs, field.NotSupported(field.NewPath("default-ipc-mode"), c.DefaultIPCMode, []string{"private", "shareable"}))
	}
	if c.DefaultShmSize != "" && !ramSize.MatchString(c.DefaultShmSize) {
		errs = append(errs, field.Invalid(field.NewPath("default-shm-size"), c.DefaultShmSize, `not a size such as "64M"`))
	}
	if c.Proxies != nil {
		pp := field.NewPath("proxies")
		for _, pv := range []struct{ key, v string }{{"http-proxy", c.Proxies.HTTPProxy}, {"https-proxy", c.Proxies.HTTPSProxy}} {
			if pv.v == "" {
				continue
			}
			if u, err := url.Parse(pv.v); err != nil || u.Host == "" {
				errs = append(errs, field.Invalid(pp.Child(pv.key), pv.v, "not a proxy URL such as http://proxy.example:3128"))
			}
		}
	}
	return warnings, errs
}

// validateExecOpts checks exec-opts: each "name=value"; on Linux only
// native.cgroupdriver, systemd or cgroupfs, once. dockerd ignores other
// names before 28.0 and refuses them since.
func validateExecOpts(p *field.Path, opts []string, target runtime.Version) (warnings, errs field.ErrorList) {
	seen := false
	for i, o := range opts {
		k, v, ok := strings.Cut(o, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			errs = append(errs, field.Invalid(p.Index(i), o, "must be name=value, such as native.cgroupdriver=systemd"))
			continue
		}
		if k != "native.cgroupdriver" {
			e := field.NotSupported(p.Index(i), o, []string{"native.cgroupdriver=systemd", "native.cgroupdriver=cgroupfs"})
			if target.Before(v28_0) {
				e.Detail = "dockerd " + target.String() + " ignores it (28.0 refuses it); " + e.Detail
				warnings = append(warnings, e)
			} else {
				errs = append(errs, e)
			}
			continue
		}
		if seen {
			errs = append(errs, field.Duplicate(p.Index(i), o))
		}
		seen = true
		errs = append(errs, runtime.CgroupDriver(v).Validate(p.Index(i))...)
	}
	return warnings, errs
}

// CgroupDriver returns the native.cgroupdriver of exec-opts, or "" when the
// file leaves it to dockerd (cgroupfs on a cgroup v1 host).
func (c *DaemonConfig) CgroupDriver() runtime.CgroupDriver {
	for _, o := range c.ExecOpts {
		k, v, _ := strings.Cut(o, "=")
		if strings.EqualFold(strings.TrimSpace(k), "native.cgroupdriver") {
			return runtime.CgroupDriver(strings.TrimSpace(v))
		}
	}
	return ""
}

// validateRegistryMirrors checks mirror URLs as dockerd does: http or https,
// no credentials, query or fragment, and before 25.0 no path.
func validateRegistryMirrors(p *field.Path, mirrors []string, target runtime.Version) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, m := range mirrors {
		if e := runtime.ValidateMirrorURL(p.Index(i), m); len(e) > 0 {
			errs = append(errs, e...)
			continue
		}
		u, _ := url.Parse(m)
		if target.Before(v25_0) && u.Path != "" && u.Path != "/" {
			errs = append(errs, field.Invalid(p.Index(i), m, "dockerd "+target.String()+" refuses a mirror URL with a path (25.0 accepts it)"))
		}
		norm := strings.TrimSuffix(m, "/")
		if seen[norm] {
			errs = append(errs, field.Duplicate(p.Index(i), m))
		}
		seen[norm] = true
	}
	return errs
}

// validateInsecureRegistries checks host[:port] names and CIDRs.
func validateInsecureRegistries(p *field.Path, regs []string) field.ErrorList {
	var errs field.ErrorList
	for i, r := range regs {
		if _, _, err := net.ParseCIDR(r); err == nil {
			continue
		}
		if strings.Contains(r, "://") {
			errs = append(errs, field.Invalid(p.Index(i), r, "must be host[:port] or a CIDR, without a scheme"))
			continue
		}
		if !validHostPort(r) {
			errs = append(errs, field.Invalid(p.Index(i), r, "must be host[:port] or a CIDR"))
		}
	}
	return errs
}

// hostName is a DNS name as dockerd's registry code takes it: labels of
// letters, digits and inner hyphens, joined by dots.
var hostName = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$`)

// validHostPort reports whether s is what dockerd accepts as an insecure
// registry that is no CIDR: a host name or an IP address (IPv6 in
// brackets when a port follows), and an optional port up to 65535.
func validHostPort(s string) bool {
	host, port, err := net.SplitHostPort(s)
	switch {
	case err != nil:
		host = s
	case port == "":
		return false
	default:
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return false
		}
	}
	return hostName.MatchString(host) || net.ParseIP(host) != nil
}

// validateHosts checks listen addresses: fd://, unix://PATH, tcp://HOST:PORT
// (or the fd:// and unix:// forms dockerd fills in).
func validateHosts(p *field.Path, hosts []string) field.ErrorList {
	var errs field.ErrorList
	for i, h := range hosts {
		scheme, rest, ok := strings.Cut(h, "://")
		switch {
		case !ok:
			errs = append(errs, field.Invalid(p.Index(i), h, "must be fd://, unix:///path or tcp://host:port"))
		case scheme == "unix":
			if rest != "" {
				errs = append(errs, runtime.ValidateNodePath(p.Index(i), rest)...)
			}
		case scheme == "fd" || scheme == "tcp" || scheme == "ssh":
		default:
			errs = append(errs, field.NotSupported(p.Index(i), h, []string{"fd://", "unix://", "tcp://"}))
		}
	}
	return errs
}

// validateNetwork checks addresses and ranges of the default bridge.
func (c *DaemonConfig) validateNetwork() field.ErrorList {
	var errs field.ErrorList
	for _, pv := range []struct{ key, v string }{{"bip", c.Bip}, {"fixed-cidr", c.FixedCIDR}, {"fixed-cidr-v6", c.FixedCIDRv6}} {
		if pv.v == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(pv.v); err != nil {
			errs = append(errs, field.Invalid(field.NewPath(pv.key), pv.v, "not an address with a prefix length"))
		}
	}
	if c.IP != "" && net.ParseIP(c.IP) == nil {
		errs = append(errs, field.Invalid(field.NewPath("ip"), c.IP, "not an IP address"))
	}
	for i, d := range c.DNS {
		if net.ParseIP(d) == nil {
			errs = append(errs, field.Invalid(field.NewPath("dns").Index(i), d, "not an IP address"))
		}
	}
	if c.MTU < 0 {
		errs = append(errs, field.Invalid(field.NewPath("mtu"), c.MTU, "must not be negative"))
	}
	for i, pool := range c.DefaultAddressPools {
		pp := field.NewPath("default-address-pools").Index(i)
		_, n, err := net.ParseCIDR(pool.Base)
		if err != nil {
			errs = append(errs, field.Invalid(pp.Child("base"), pool.Base, "not a CIDR"))
			continue
		}
		ones, bits := n.Mask.Size()
		if pool.Size < ones || pool.Size > bits {
			errs = append(errs, field.Invalid(pp.Child("size"), pool.Size, fmt.Sprintf("must be between the base's prefix length %d and %d", ones, bits)))
		}
	}
	if c.Bridge != "" && c.Bridge != "none" && c.Bip != "" {
		errs = append(errs, field.Conflict(field.NewPath("bip"), c.Bip, "bip configures docker0; it cannot be used together with bridge"))
	}
	return errs
}

// validateRuntimes checks runtimes and default-runtime.
func (c *DaemonConfig) validateRuntimes(target runtime.Version) field.ErrorList {
	var errs field.ErrorList
	p := field.NewPath("runtimes")
	for _, name := range slices.Sorted(maps.Keys(c.Runtimes)) {
		r := c.Runtimes[name]
		rp := p.Key(name)
		if name == "runc" {
			errs = append(errs, field.Forbidden(rp, name, `"runc" is built in and reserved`))
		}
		switch {
		case r.Path == "" && r.RuntimeType == "":
			errs = append(errs, field.Required(rp.Child("path"), "a runtime binary, or runtimeType for a containerd shim"))
		case r.Path != "" && r.RuntimeType != "":
			errs = append(errs, field.Conflict(rp.Child("runtimeType"), r.RuntimeType, "set path or runtimeType, not both"))
		}
		// 20.10 and 23.0 read only path and runtimeArgs, and ignore
		// every other key of an entry: a shim there is silently no
		// runtime at all.
		if target.Before(v24_0) {
			if r.RuntimeType != "" {
				errs = append(errs, field.Unknown(rp.Child("runtimeType"), "dockerd "+target.String()+" ignores runtimeType (24.0 reads it)"))
			}
			if len(r.Options) > 0 {
				errs = append(errs, field.Unknown(rp.Child("options"), "dockerd "+target.String()+" ignores options (24.0 reads them)"))
			}
		} else if len(r.Options) > 0 && r.Path != "" {
			errs = append(errs, field.Conflict(rp.Child("options"), name, "options go with runtimeType; dockerd refuses them with path"))
		}
		if len(r.RuntimeArgs) > 0 && r.RuntimeType != "" {
			errs = append(errs, field.Conflict(rp.Child("runtimeArgs"), r.RuntimeArgs, "runtimeArgs go with path, not with runtimeType"))
		}
	}
	if d := c.DefaultRuntime; d != "" && !contains(builtinRuntimes, d) {
		if _, ok := c.Runtimes[d]; !ok {
			errs = append(errs, field.Invalid(field.NewPath("default-runtime"), d, "neither built in nor defined under runtimes"))
		}
	}
	return errs
}

// validateUlimits checks default-ulimits entries: the name repeats the key,
// soft not above hard.
func validateUlimits(p *field.Path, ulimits map[string]Ulimit) field.ErrorList {
	var errs field.ErrorList
	for _, name := range slices.Sorted(maps.Keys(ulimits)) {
		u := ulimits[name]
		if u.Name != name {
			errs = append(errs, field.Invalid(p.Key(name).Child("Name"), u.Name, "must repeat the key "+name))
		}
		if u.Hard != -1 && (u.Soft == -1 || u.Soft > u.Hard) {
			errs = append(errs, field.Invalid(p.Key(name).Child("Soft"), u.Soft, "must not exceed Hard"))
		}
	}
	return errs
}

// validateKeyValues checks "key=value" lists.
func validateKeyValues(p *field.Path, kvs []string) field.ErrorList {
	var errs field.ErrorList
	for i, kv := range kvs {
		if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
			errs = append(errs, field.Invalid(p.Index(i), kv, "must be key=value"))
		}
	}
	return errs
}

func atLeast(p *field.Path, v *int, lowest int) field.ErrorList {
	if v != nil && *v < lowest {
		return field.ErrorList{field.Invalid(p, *v, fmt.Sprintf("must be at least %d", lowest))}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
