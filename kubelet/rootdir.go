package kubelet

// DefaultRootDir is the kubelet's state directory when --root-dir is not
// given: pods' volumes, plugins, device plugin sockets, and its
// certificates (--cert-dir defaults to its pki subdirectory).
const DefaultRootDir = "/var/lib/kubelet"

// WithRootDir sets --root-dir, the kubelet's state directory ("" leaves
// the kubelet's default, DefaultRootDir). NewInstaller refuses a path that
// is not absolute and clean, at kubelet --root-dir.
//
// The files the Installer writes stay where kubeadm puts them, whatever
// the root dir: the config file at DefaultConfigPath and
// kubeadm-flags.env at KubeadmFlagsEnvPath, both under /var/lib/kubelet,
// since kubeadm's drop-in and kubeadm join read and rewrite them there.
// The certificates move with the root dir (--cert-dir is not set).
func WithRootDir(dir string) InstallerOption {
	return installerOption(dir, func(in *Installer, dir string) { in.rootDir = dir })
}
