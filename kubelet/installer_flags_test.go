package kubelet_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/kubelet"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// The options behind single flags (root dir, node name, cloud provider)
// and the extra flags are judged for the target kubelet, each problem at
// its flag.
func TestInstallerFlagOptionsRefuse(t *testing.T) {
	gateOff := kubelet.WithEdit(func(c *kubelet.Config) { c.FeatureGates = map[string]bool{"DisableCloudProviders": false} })
	extra := func(name, value string) kubelet.InstallerOption {
		return kubelet.WithExtraFlags(kubelet.Flag{Name: name, Value: value})
	}
	tests := []struct {
		name    string
		version string
		opts    []kubelet.InstallerOption
		want    error
		path    string
	}{
		{"relative root dir", "1.37", []kubelet.InstallerOption{kubelet.WithRootDir("var/lib/kubelet")}, field.ErrInvalid, "kubelet --root-dir"},
		{"root dir /", "1.37", []kubelet.InstallerOption{kubelet.WithRootDir("/")}, field.ErrInvalid, "kubelet --root-dir"},
		{"unclean root dir", "1.37", []kubelet.InstallerOption{kubelet.WithRootDir("/data/../kubelet")}, field.ErrInvalid, "kubelet --root-dir"},
		{"root dir with a space", "1.37", []kubelet.InstallerOption{kubelet.WithRootDir("/data/my kubelet")}, field.ErrInvalid, "kubelet --root-dir"},
		{"uppercase node name", "1.37", []kubelet.InstallerOption{kubelet.WithHostnameOverride("Node-1")}, field.ErrInvalid, "kubelet --hostname-override"},
		{"node name too long", "1.37", []kubelet.InstallerOption{kubelet.WithHostnameOverride(strings.Repeat("a", 254))}, field.ErrInvalid, "kubelet --hostname-override"},
		{"in-tree cloud provider in 1.29", "1.29", []kubelet.InstallerOption{kubelet.WithCloudProvider("gce")}, field.ErrNotSupported, "kubelet --cloud-provider"},
		{"in-tree cloud provider in 1.30", "1.30", []kubelet.InstallerOption{kubelet.WithCloudProvider("azure")}, field.ErrNotSupported, "kubelet --cloud-provider"},
		{"in-tree cloud provider in 1.31, gate off", "1.31", []kubelet.InstallerOption{kubelet.WithCloudProvider("gce")}, field.ErrNotSupported, "kubelet --cloud-provider"},
		{"unknown extra flag", "1.37", []kubelet.InstallerOption{extra("no-such-flag", "1")}, field.ErrUnknown, "kubelet --no-such-flag"},
		{"extra flag of a later release", "1.30", []kubelet.InstallerOption{extra("fail-cgroupv1", "false")}, field.ErrNotSupported, "kubelet --fail-cgroupv1"},
		{"extra flag removed in 1.37", "1.37", []kubelet.InstallerOption{extra("containerd", "/run/containerd/containerd.sock")}, field.ErrRemoved, "kubelet --containerd"},
		{"extra flag removed in 1.24", "1.24", []kubelet.InstallerOption{extra("docker-endpoint", "unix:///var/run/docker.sock")}, field.ErrRemoved, "kubelet --docker-endpoint"},
		{"extra flag the installer sets", "1.37", []kubelet.InstallerOption{extra("node-ip", "10.0.0.1")}, field.ErrConflict, "kubelet --node-ip"},
		{"extra credential provider flag", "1.37", []kubelet.InstallerOption{extra("image-credential-provider-config", "/etc/cp.yaml")}, field.ErrConflict, "kubelet --image-credential-provider-config"},
		{"extra root dir", "1.37", []kubelet.InstallerOption{extra("root-dir", "/data/kubelet")}, field.ErrConflict, "kubelet --root-dir"},
		{"extra flag twice", "1.37", []kubelet.InstallerOption{extra("lock-file", "/run/a"), extra("lock-file", "/run/b")}, field.ErrDuplicate, "kubelet --lock-file"},
		{"extra value with a space", "1.37", []kubelet.InstallerOption{extra("lock-file", "/run/a b")}, field.ErrInvalid, "kubelet --lock-file"},
		{"in-tree gate off is not enough from 1.31", "1.31", []kubelet.InstallerOption{kubelet.WithCloudProvider("gce"), gateOff}, field.ErrNotSupported, "kubelet --cloud-provider"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := kubelet.NewInstaller(append([]kubelet.InstallerOption{kubelet.WithVersion(tt.version)}, tt.opts...)...)
			assert.Nil(t, in)
			fieldtest.RequireExactly(t, err, fieldtest.Match(tt.want, tt.path))
		})
	}
}

// --cloud-provider=external is written for every target, even those that
// mark it deprecated (nothing else names an external provider); an
// in-tree one before 1.29, or in 1.29 and 1.30 with DisableCloudProviders
// off; --root-dir and --hostname-override as given.
func TestInstallerFlagOptionsAccept(t *testing.T) {
	for minor := 24; minor <= 37; minor++ {
		in, err := kubelet.NewInstaller(kubelet.WithVersion(fmt.Sprintf("1.%d", minor)), kubelet.WithCloudProvider("external"),
			kubelet.WithRootDir("/data/kubelet"), kubelet.WithHostnameOverride("node-1.corp.example"))
		require.NoError(t, err, "1.%d", minor)
		args := in.Flags().Args()
		for _, want := range []string{"--cloud-provider=external", "--root-dir=/data/kubelet", "--hostname-override=node-1.corp.example"} {
			assert.True(t, slices.Contains(args, want), "1.%d: %s in %v", minor, want, args)
		}
	}
	gateOff := kubelet.WithEdit(func(c *kubelet.Config) { c.FeatureGates = map[string]bool{"DisableCloudProviders": false} })
	for _, opts := range [][]kubelet.InstallerOption{
		{kubelet.WithVersion("1.28"), kubelet.WithCloudProvider("gce")},
		{kubelet.WithVersion("1.29"), kubelet.WithCloudProvider("gce"), gateOff},
		{kubelet.WithVersion("1.30"), kubelet.WithCloudProvider("vsphere"), gateOff},
	} {
		_, err := kubelet.NewInstaller(opts...)
		assert.NoError(t, err)
	}
}
