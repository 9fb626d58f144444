package docker

import (
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// graphDriversOf lists the storage drivers a release ships on Linux.
func graphDriversOf(target runtime.Version) []string {
	d := []string{"overlay2", "fuse-overlayfs", "btrfs", "zfs", "vfs"}
	if target.Before(v24_0) {
		d = append(d, "aufs", "overlay")
	}
	if target.Before(v25_0) {
		d = append(d, "devicemapper")
	}
	return d
}

// removedDrivers names the release that dropped a storage driver.
var removedDrivers = map[string]runtime.Version{"aufs": v24_0, "overlay": v24_0, "devicemapper": v25_0}

// snapshotters are the snapshotters dockerd's containerd image store may be
// given as storage-driver: those containerd builds in (overlayfs, native,
// btrfs, zfs, devmapper, blockfile, erofs) and the proxy snapshotters
// commonly installed under their own names.
var snapshotters = []string{"overlayfs", "native", "btrfs", "zfs", "devmapper", "blockfile", "erofs", "fuse-overlayfs", "stargz", "nydus", "soci"}

// usesContainerdStore reports whether target, with these features, keeps
// images in containerd: from 29.0 unless containerd-snapshotter is off,
// before that (from 24.0) only when it is on.
func (c *DaemonConfig) usesContainerdStore(target runtime.Version) bool {
	on, set := c.Features["containerd-snapshotter"]
	if !target.Before(v29_0) {
		return !set || on
	}
	return !target.Before(v24_0) && on
}

// validateStorage checks storage-driver and the overlay2 options.
func (c *DaemonConfig) validateStorage(target runtime.Version) (warnings, errs field.ErrorList) {
	p := field.NewPath("storage-driver")
	d := c.StorageDriver
	switch {
	case d == "":
	case contains(graphDriversOf(target), d):
		if d == "aufs" || d == "overlay" || d == "devicemapper" {
			warnings = append(warnings, field.Deprecated(p, d, "deprecated storage driver; removed in dockerd "+removedDrivers[d].String()+"; use overlay2"))
		}
	case c.usesContainerdStore(target) && contains(snapshotters, d):
	default:
		errs = append(errs, c.checkStorageDriverName(p, d, target)...)
	}
	op := field.NewPath("storage-opts")
	for i, o := range c.StorageOpts {
		k, v, ok := strings.Cut(o, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || k == "" {
			errs = append(errs, field.Invalid(op.Index(i), o, "must be name=value"))
			continue
		}
		if d != "overlay2" || !strings.HasPrefix(k, "overlay2.") {
			continue
		}
		switch k {
		case "overlay2.size":
			if !ramSize.MatchString(strings.TrimSpace(v)) {
				errs = append(errs, field.Invalid(op.Index(i), o, `overlay2.size must be a size such as "20G"`))
			}
		case "overlay2.override_kernel_check":
			if target.Before(v24_0) {
				warnings = append(warnings, field.Deprecated(op.Index(i), o, "ignored; dockerd 24.0 refuses it"))
			} else {
				errs = append(errs, field.Removed(op.Index(i), o, "removed in dockerd 24.0, which refuses it"))
			}
		default:
			errs = append(errs, field.NotSupported(op.Index(i), o, []string{"overlay2.size"}))
		}
	}
	return warnings, errs
}
