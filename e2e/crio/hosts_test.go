package crio_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kubenode/kubenode/crio"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/runtime"
)

// TestCRIOLoadsRuntimeHandlersOverPackagedConfig: the handlers of the
// issue's gpu pool, read after the packaged 10-crio.conf, pass CRI-O's
// loader and its handler checks, the default one included.
func TestCRIOLoadsRuntimeHandlersOverPackagedConfig(t *testing.T) {
	handlers := []runtime.RuntimeHandler{
		{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/nvidia-container-runtime", Default: true,
			PodAnnotations: []string{"io.kubernetes.cri-o.Devices"}},
		{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2", ConfigPath: "/etc/kata-containers/configuration.toml",
			PrivilegedWithoutHostDevices: true, PodAnnotations: []string{"io.katacontainers.*"}},
		// Every annotation kubenode thinks CRI-O gates: CRI-O refuses a
		// handler with one it does not know.
		{Name: "all-annotations", Kind: runtime.HandlerRunc, Binary: "/usr/bin/crun", PodAnnotations: []string{"*"}},
	}
	in, err := crio.NewInstaller(crio.WithVersion(target), crio.WithRuntimeHandlers(handlers),
		crio.WithStorage("/data/containers/storage", "/run/crio-storage"))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	ours := filepath.Join(writePlan(t, plan), in.DropInPath())
	packaged := filepath.Join(filepath.Dir(ours), "10-crio.conf")
	writeAt(t, packaged, packagedDropIn)

	r, refused := realcheck.CheckCRIO(t, packaged, ours)
	require.False(t, refused, r.Error)
	got := r.Crio
	assert.Empty(t, got.HandlerErrors, "CRI-O's handler checks")
	assertKnownKeys(t, got, ours)
	assert.Equal(t, "nvidia", got.DefaultRuntime)
	assert.Equal(t, realcheck.CRIORuntime{
		RuntimePath: "/usr/bin/nvidia-container-runtime", RuntimeType: "oci", MonitorCgroup: "pod",
		AllowedAnnotations: []string{"io.kubernetes.cri-o.Devices"},
	}, got.Runtimes["nvidia"])
	assert.Equal(t, realcheck.CRIORuntime{
		RuntimePath: "/usr/bin/containerd-shim-kata-v2", RuntimeType: "vm",
		RuntimeConfigPath: "/etc/kata-containers/configuration.toml", PrivilegedWithoutHostDevices: true,
	}, got.Runtimes["kata"], "kata gets the io.katacontainers annotations without allowed_annotations")
	assert.Equal(t, crio.GatedAnnotations(runtime.MustParseVersion(target)), got.Runtimes["all-annotations"].AllowedAnnotations)
	assert.Contains(t, got.Runtimes, "crun", "the packaged handlers stay")
	assert.Equal(t, "/data/containers/storage", got.Root)
	assert.Equal(t, "/run/crio-storage", got.RunRoot)
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestContainersImageLoadsRegistryHosts: what WithRegistryHosts plans is
// what containers/image and CRI-O read: insecure entries and mirrors in
// registries.conf, the CA and client certificate from certs.d, the
// credentials from the auth file the drop-in names.
func TestContainersImageLoadsRegistryHosts(t *testing.T) {
	ca := testpki.NewCA(t, "kubenode e2e")
	clientCert, clientKey := ca.Issue(t, "node-1")
	const password, token = "e2e-Pa55word", "e2e-identity-token"
	regs := []runtime.Registry{
		{Host: "registry.corp.example", CA: ca.PEM, ClientCert: clientCert, ClientKey: clientKey,
			Auth: &runtime.RegistryAuth{Username: "puller", Password: password}},
		{Host: "dev-registry.corp.example:5000", PlainHTTP: true},
		{Host: "docker.io", CA: ca.PEM, Mirrors: []runtime.RegistryMirror{
			{URL: "https://mirror.corp.example/dockerhub"},
			{URL: "http://10.0.0.1:5000", Capabilities: []runtime.Capability{runtime.CapabilityPull}},
		}},
		{Host: "quay.io", Auth: &runtime.RegistryAuth{IdentityToken: token}},
		{Host: "insecure-tls.example", SkipVerify: true},
	}
	in, err := crio.NewInstaller(crio.WithVersion(target), crio.WithRegistryHosts(regs))
	require.NoError(t, err)
	plan, err := in.Plan(context.Background())
	require.NoError(t, err)
	root := writePlan(t, plan)
	writeAt(t, filepath.Join(root, packagedRegistriesPath), packagedRegistries)
	serverCert, _ := ca.Issue(t, "registry", "registry.corp.example")
	mirrorCert, _ := ca.Issue(t, "mirror", "mirror.corp.example")
	serverFile, mirrorFile := writeFile(t, "server.crt", serverCert), writeFile(t, "mirror.crt", mirrorCert)

	const byDigest = "docker.io/library/busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000"
	r, refused := realcheck.CheckCRIO(t, "-root", root,
		"-find", "docker.io/library/busybox:1.36", "-find", byDigest,
		"-find", "dev-registry.corp.example:5000/app:1", "-find", "insecure-tls.example/app:1",
		"-certs", "registry.corp.example="+serverFile, "-certs", "mirror.corp.example="+mirrorFile,
		"-certs", "docker.io",
		"-auth", filepath.Join(root, crio.AuthFile), "-cred", "registry.corp.example", "-cred", "quay.io", "-cred", "docker.io",
		filepath.Join(root, in.DropInPath()))
	require.False(t, refused, r.Error)
	assert.NotContains(t, r.Error+strings.Join(r.Crio.Keys[filepath.Join(root, in.DropInPath())], " "), password)

	assert.Equal(t, crio.AuthFile, r.Crio.GlobalAuthFile, "CRI-O reads the credentials from the auth file")
	find := r.Registries.Find
	assert.Equal(t, []realcheck.PullSource{
		{Location: "mirror.corp.example/dockerhub/library/busybox:1.36"},
		{Location: "docker.io/library/busybox:1.36"},
	}, find["docker.io/library/busybox:1.36"].PullSources, "a pull by tag skips the digest-only mirror")
	digest := strings.TrimPrefix(byDigest, "docker.io/library/busybox")
	assert.Equal(t, []realcheck.PullSource{
		{Location: "mirror.corp.example/dockerhub/library/busybox" + digest},
		{Location: "10.0.0.1:5000/library/busybox" + digest, Insecure: true},
		{Location: "docker.io/library/busybox" + digest},
	}, find[byDigest].PullSources)
	assert.Equal(t, []realcheck.PullSource{{Location: "dev-registry.corp.example:5000/app:1", Insecure: true}},
		find["dev-registry.corp.example:5000/app:1"].PullSources, "plain HTTP is containers/image's insecure")
	assert.Equal(t, []realcheck.PullSource{{Location: "insecure-tls.example/app:1", Insecure: true}},
		find["insecure-tls.example/app:1"].PullSources, "skip-verify is the same insecure")

	assert.Equal(t, realcheck.CRIOCerts{ClientCertificates: []string{"node-1"}, ServerVerified: true},
		r.Certs["registry.corp.example"], "the client certificate and the CA of the registry")
	assert.Equal(t, realcheck.CRIOCerts{ClientCertificates: []string{}, ServerVerified: true},
		r.Certs["mirror.corp.example"], "the CA signs the mirror's certificate too; the client certificate is the registry's")
	assert.Empty(t, r.Certs["docker.io"].ClientCertificates)

	assert.Equal(t, realcheck.CRIOCredentials{Username: "puller", PasswordSHA256: sha256Hex(password)}, r.Credentials["registry.corp.example"])
	assert.Equal(t, realcheck.CRIOCredentials{Username: "<token>", IdentityTokenSHA256: sha256Hex(token)}, r.Credentials["quay.io"])
	assert.Equal(t, realcheck.CRIOCredentials{}, r.Credentials["docker.io"], "no credentials: an anonymous pull")
}
