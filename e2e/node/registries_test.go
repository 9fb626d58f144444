package node_test

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	nodev1 "k8s.io/api/node/v1"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	k8sjson "k8s.io/apimachinery/pkg/runtime/serializer/json"

	"github.com/kubenode/kubenode"
	"github.com/kubenode/kubenode/containerd"
	"github.com/kubenode/kubenode/e2e/realcheck"
	"github.com/kubenode/kubenode/internal/testpki"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
	"github.com/kubenode/kubenode/runtime/field/fieldtest"
)

// The registry credentials of the tests. The password is a secret: it is
// compared, never printed.
const (
	registryUser     = "kubenode-e2e"
	registryPassword = "e2e-pass-7c1f0a"
)

// mirroredHost is a registry the tests reach only through its mirror.
const mirroredHost = "registry.kubenode.test"

// The handlers of a GPU node: an nvidia-like runc-compatible binary (runc
// itself stands in for nvidia-container-runtime) as the default, and kata.
var gpuHandlers = []runtime.RuntimeHandler{
	{Name: "nvidia", Kind: runtime.HandlerRunc, Binary: "/usr/bin/runc", Default: true},
	{Name: "kata", Kind: runtime.HandlerShim, Shim: "io.containerd.kata.v2",
		ConfigPath:                   "/opt/kata/share/defaults/kata-containers/configuration.toml",
		PrivilegedWithoutHostDevices: true, PodAnnotations: []string{"io.katacontainers.*"}},
}

// A Node with a TLS registry (its CA, a client certificate and
// credentials), a plain-HTTP registry and the GPU handlers, planned for
// each real containerd, runs that containerd with its CRI up: the handlers
// are in its CRI config with their options and nvidia is the default, its
// registry.config_path is the node's, a pull from the TLS registry presents
// the client certificate and the credentials over a connection verified
// with the CA, a pull from a registry with a TLS mirror presents the
// registry's client certificate to the mirror, a pull from the plain-HTTP
// registry reaches it, and
// its log has no word about the config but the documented deprecation of
// registry.configs (where the credentials must go).
func TestRegistriesAndHandlersOnContainerd(t *testing.T) {
	for _, c := range nodeCases {
		if c.runtime != kubenode.Containerd {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			bin := c.containerdBinary(t)
			before := realcheck.ContainerdHostState()
			sb := realcheck.NewContainerdSandbox(t)
			private, mirror := newTLSRegistry(t), newTLSRegistry(t)
			plain := realcheck.NewMirror(t, http.StatusForbidden)
			plainHost := strings.TrimPrefix(plain.URL, "http://")

			node := kubenode.Node{
				Kubernetes:     c.kubernetes,
				Runtime:        kubenode.Containerd,
				RuntimeVersion: realcheck.ContainerdVersion(t, bin),
				CgroupDriver:   runtime.CgroupSystemd,
				NodeIPs:        nodeIPs,
				Registries: []runtime.Registry{
					{Host: private.host, CA: private.serverCA, ClientCert: private.pki.ClientCert, ClientKey: private.pki.ClientKey,
						Auth: &runtime.RegistryAuth{Username: registryUser, Password: registryPassword}},
					{Host: plainHost, PlainHTTP: true},
					{Host: mirroredHost, Mirrors: []runtime.RegistryMirror{{URL: "https://" + mirror.host}},
						CA: mirror.serverCA, ClientCert: mirror.pki.ClientCert, ClientKey: mirror.pki.ClientKey,
						Auth: &runtime.RegistryAuth{Username: registryUser, Password: registryPassword}},
				},
				RuntimeHandlers: gpuHandlers,
				// The hosts.toml files name their certificate files by
				// absolute path: plan them where the sandboxed containerd
				// reads them, through the Node alone.
				Hooks: kubenode.Hooks{Containerd: func(cfg *containerd.Config) { cfg.Images.ConfigPath = sb.CertsDir() }},
			}
			warnings, err := node.Validate()
			require.NoError(t, err)
			configs := `plugins."io.containerd.cri.v1.images".registry.configs`
			if runtime.MustParseVersion(node.RuntimeVersion).Before(runtime.NewVersion(2, 0)) {
				configs = `plugins."io.containerd.grpc.v1.cri".registry.configs`
			}
			fieldtest.Require(t, warnings.Err(), fieldtest.Match(field.ErrDeprecated, configs))
			fieldtest.RequireNoSecret(t, warnings.Err(), registryPassword) // no warning shows the password
			plan, err := node.Plan(context.Background())
			require.NoError(t, err)

			// config.toml holds the credentials: mode 0600.
			cfgFile := plan.File(containerd.ConfigFile)
			require.NotNil(t, cfgFile)
			assert.Equal(t, fs.FileMode(0o600), cfgFile.Mode, "config.toml holds the registry's password")
			var hostsFiles int
			for _, f := range plan.Files {
				if strings.HasPrefix(f.Path, sb.CertsDir()+"/") {
					if strings.HasSuffix(f.Path, "/client.key") {
						assert.Equal(t, fs.FileMode(0o600), f.Mode, f.Path)
					}
					require.NoError(t, os.MkdirAll(filepath.Dir(f.Path), 0o755))
					require.NoError(t, os.WriteFile(f.Path, f.Content, f.Mode))
					hostsFiles++
				}
			}
			// hosts.toml and ca.crt, client.cert, client.key; hosts.toml;
			// hosts.toml and ca.crt, client.cert, client.key.
			assert.Equal(t, 9, hostsFiles, "files under registry.config_path")

			target := runtime.MustParseVersion(node.RuntimeVersion)
			cfg, err := containerd.Parse(cfgFile.Content)
			require.NoError(t, err)
			require.Equal(t, sb.CertsDir(), cfg.Images.ConfigPath)
			sb.Pin(cfg)
			relocated, err := cfg.Render(target)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(sb.ConfigPath(), relocated, 0o600))
			assert.Equal(t, sb.CertsDir(), realcheck.ContainerdDump(t, bin, sb.ConfigPath()).Images.ConfigPath, "registry.config_path as containerd reads it")

			cc := realcheck.CrictlFor(t, sb.Endpoint())
			d := sb.Start(t, bin)
			info := cc.WaitForInfo(t, d)
			info.RequireRuntimeReady(t)
			requireOnlyRegistryConfigsDeprecated(t, info, target)

			// The handlers, as the CRI runs them.
			raw := criRuntimes(t, cc)
			assert.Equal(t, "nvidia", info.Config.Containerd.DefaultRuntimeName, "default_runtime_name")
			nvidia, kata := raw["nvidia"], raw["kata"]
			require.NotNil(t, nvidia, "the CRI has no nvidia runtime: %v", raw)
			require.NotNil(t, kata, "the CRI has no kata runtime: %v", raw)
			assert.Equal(t, containerd.RuntimeTypeRuncV2, nvidia["runtimeType"])
			assert.Equal(t, "/usr/bin/runc", nvidia.options()["BinaryName"])
			assert.Equal(t, true, nvidia.options()["SystemdCgroup"], "nvidia follows the node's systemd cgroup driver")
			assert.Equal(t, "io.containerd.kata.v2", kata["runtimeType"])
			assert.Equal(t, gpuHandlers[1].ConfigPath, kata.options()["ConfigPath"])
			assert.Equal(t, []any{"io.katacontainers.*"}, kata["PodAnnotations"])
			assert.Equal(t, true, kata["privileged_without_host_devices"])

			// A pull from the TLS registry: containerd trusts it through
			// the CA file, presents the client certificate, and answers the
			// Basic challenge with the credentials of registry.configs.
			_, err = cc.Run(t, 30*time.Second, "pull", private.host+"/library/busybox:1.36")
			require.Error(t, err, "the test registry refuses every pull")
			seen := private.seen()
			assert.Contains(t, seen.clients, private.clientName, "the registry saw no client certificate; log:\n%s", d.Log())
			assert.Contains(t, seen.users, registryUser, "containerd sent no credentials; log:\n%s", d.Log())
			assert.True(t, seen.passwordOK, "containerd sent the wrong password")
			// A pull from the mirrored registry goes to its mirror over TLS
			// with the registry's CA and client certificate.
			_, err = cc.Run(t, 30*time.Second, "pull", mirroredHost+"/library/busybox:1.36")
			require.Error(t, err, "the test registry refuses every pull")
			seen = mirror.seen()
			assert.Contains(t, seen.clients, mirror.clientName, "the mirror saw no client certificate; log:\n%s", d.Log())
			t.Logf("credentials sent to %s's mirror: %v", mirroredHost, seen.users)
			// The plain-HTTP registry's hosts.toml (server http://) is read
			// and used. Not proof of PlainHTTP itself: containerd talks
			// plain HTTP to a loopback registry on its own.
			_, err = cc.Run(t, 30*time.Second, "pull", plainHost+"/library/busybox:1.36")
			require.Error(t, err, "the test registry refuses every pull")
			assert.True(t, slices.ContainsFunc(plain.Requests(), func(r string) bool {
				return strings.HasPrefix(r, "/v2/library/busybox/manifests/1.36")
			}), "containerd did not ask the plain-HTTP registry: %v; log:\n%s", plain.Requests(), d.Log())

			d.Stop()
			requireOnlyRegistryConfigsWarning(t, d.Log())
			assert.NotContains(t, d.Log(), registryPassword, "containerd logged the password")
			realcheck.RequireHostUntouched(t, before)

			// The RuntimeClass of kata, none of nvidia (the default).
			classes := runtimeClasses(t, plan)
			assert.Equal(t, []string{"kata"}, classes)
		})
	}
}

// Every RuntimeClass manifest a Node plans decodes strictly into the
// upstream node.k8s.io/v1 RuntimeClass, named after its handler, one per
// handler that is not the default, for each runtime with handlers. A
// cri-dockerd without handlers (the 0.3 branch's) is refused at the
// handlers instead.
func TestRuntimeClassManifestsDecodeStrictly(t *testing.T) {
	for _, c := range nodeCases {
		t.Run(c.name, func(t *testing.T) {
			handlers := append(slices.Clone(gpuHandlers),
				runtime.RuntimeHandler{Name: "crun", Kind: runtime.HandlerRunc, Binary: "/usr/bin/crun"})
			n := kubenode.Node{Kubernetes: c.kubernetes, Runtime: c.runtime, CgroupDriver: runtime.CgroupSystemd, RuntimeHandlers: handlers}
			switch c.runtime {
			case kubenode.Containerd:
				n.RuntimeVersion = map[string]string{"1.6": "1.6.20"}[c.containerd]
				if n.RuntimeVersion == "" {
					n.RuntimeVersion = c.containerd
				}
			case kubenode.CRIO:
				n.RuntimeVersion = realcheck.CRIOVersion
			case kubenode.Docker:
				n.RuntimeVersion, n.CRIDockerdVersion = c.docker, c.criDockerd
				// Docker has neither setting per runtime: Node refuses them.
				handlers[1].PrivilegedWithoutHostDevices, handlers[1].PodAnnotations = false, nil
			}
			plan, err := n.Plan(context.Background())
			if c.criDockerd == realcheck.CRIDockerdBranch03Version {
				fieldtest.Require(t, err, fieldtest.Match(field.ErrNotSupported, "criDockerdVersion.kata"))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, []string{"crun", "kata"}, runtimeClasses(t, plan))
		})
	}
}

// runtimeClasses decodes every file of the plan under RuntimeClassDir
// strictly (an unknown or duplicate field is an error) as the upstream
// RuntimeClass, checks it is named after its handler and its file, and
// returns the handlers, sorted.
func runtimeClasses(t *testing.T, plan *runtime.Plan) []string {
	t.Helper()
	scheme := k8sruntime.NewScheme()
	require.NoError(t, nodev1.AddToScheme(scheme))
	strict := k8sjson.NewSerializerWithOptions(k8sjson.DefaultMetaFactory, scheme, scheme, k8sjson.SerializerOptions{Yaml: true, Strict: true})
	var handlers []string
	for _, f := range plan.Files {
		rel, ok := strings.CutPrefix(f.Path, kubenode.RuntimeClassDir+"/")
		if !ok {
			continue
		}
		obj, gvk, err := strict.Decode(f.Content, nil, nil)
		require.NoError(t, err, "%s:\n%s", f.Path, f.Content)
		require.Equal(t, nodev1.SchemeGroupVersion.WithKind("RuntimeClass"), *gvk, f.Path)
		rc, ok := obj.(*nodev1.RuntimeClass)
		require.True(t, ok, "%s decodes to %T", f.Path, obj)
		assert.Equal(t, rc.Name, rc.Handler, "%s: the RuntimeClass is named after its handler", f.Path)
		assert.Equal(t, rc.Name+".yaml", rel, "%s: the file is named after the RuntimeClass", f.Path)
		assert.Equal(t, fs.FileMode(0o644), f.Mode, f.Path)
		// The decoder is strict: the same manifest with a field the type
		// does not have is refused.
		_, _, err = strict.Decode(append(slices.Clone(f.Content), "unknownField: 1\n"...), nil, nil)
		require.Error(t, err, "the strict decoder takes an unknown field")
		handlers = append(handlers, rc.Handler)
	}
	slices.Sort(handlers)
	return handlers
}

// criRuntime is one runtime of `crictl info`'s CRI config, undecoded.
type criRuntime map[string]any

// options is the runtime's options table.
func (r criRuntime) options() map[string]any {
	o, _ := r["options"].(map[string]any)
	return o
}

// criRuntimes is config.containerd.runtimes of `crictl info`, as
// containerd reports it: every key, not only those realcheck.CRIInfo
// decodes.
func criRuntimes(t *testing.T, cc realcheck.Crictl) map[string]criRuntime {
	t.Helper()
	out, err := cc.Run(t, 10*time.Second, "info")
	require.NoError(t, err)
	var info struct {
		Config struct {
			Containerd struct {
				Runtimes map[string]criRuntime `json:"runtimes"`
			} `json:"containerd"`
		} `json:"config"`
	}
	require.NoError(t, json.Unmarshal(out, &info), "%s", out)
	return info.Config.Containerd.Runtimes
}

// The keys of containerd's deprecation warnings (1.7 and later) (its CRI condition
// ContainerdHasNoDeprecationWarnings): registry.configs', the one
// deprecation the credentials cause, and cgroup v1's, the host's.
const (
	registryConfigsDeprecation = "io.containerd.deprecation/cri-registry-configs"
	cgroupV1Deprecation        = "io.containerd.deprecation/cgroup-v1"
)

// requireOnlyRegistryConfigsDeprecated checks that the CRI of containerd
// 1.7 and later reports registry.configs as deprecated and no other part
// of the config (1.6 has no such condition).
func requireOnlyRegistryConfigsDeprecated(t *testing.T, info *realcheck.CRIInfo, target runtime.Version) {
	t.Helper()
	var warnings map[string]string
	for _, c := range info.Status.Conditions {
		if c.Type == "ContainerdHasNoDeprecationWarnings" && !c.Status {
			require.NoError(t, json.Unmarshal([]byte(c.Message), &warnings), c.Message)
		}
	}
	if target.Before(runtime.NewVersion(1, 7)) {
		assert.Empty(t, warnings)
		return
	}
	assert.Contains(t, warnings, registryConfigsDeprecation, "containerd %s reports the deprecation of registry.configs", target)
	delete(warnings, registryConfigsDeprecation)
	delete(warnings, cgroupV1Deprecation)
	assert.Empty(t, warnings, "containerd reports deprecations of the config")
}

// configProblems are what containerd logs when it ignores, rewrites or
// deprecates a part of its config (realcheck.RequireCleanContainerdLog's)
// or cannot read a hosts.toml (it then pulls as if there were none: no
// CA, no client certificate, a loopback registry over plain HTTP).
var configProblems = []string{"Ignoring unknown key", "Configuration migrated", "deprecated", "DEPRECATION", "cannot be set when", "hosts.toml"}

// registryConfigsWarnings are what containerd logs about registry.configs,
// the documented deprecation the credentials cause: 1.6 nothing, 2.x
// that it is deprecated and that the CRI pulls images itself instead of
// through the transfer service, which cannot read it.
var registryConfigsWarnings = []string{
	"`configs` is deprecated, please use `config_path` instead",
	"Found 'Registry.Configs' in CRI config which is incompatible with transfer service (not supported with transfer service (also deprecated)). Falling back to local image pull mode.",
}

// requireOnlyRegistryConfigsWarning checks containerd's log: no line
// about its config or its hosts.toml files, but those about
// registry.configs being deprecated.
func requireOnlyRegistryConfigsWarning(t *testing.T, log string) {
	t.Helper()
	for _, line := range strings.Split(log, "\n") {
		if slices.ContainsFunc(registryConfigsWarnings, func(w string) bool { return strings.Contains(line, w) }) {
			continue
		}
		for _, p := range configProblems {
			assert.NotContains(t, line, p, "containerd complained about its config")
		}
	}
}

// tlsRegistry is a registry on localhost that speaks only TLS with a
// client certificate signed by its client CA, challenges every request
// without credentials for Basic auth and refuses the rest (403), and
// records who asked.
type tlsRegistry struct {
	host string
	// serverCA is the registry's self-signed certificate, the CA a
	// client trusts it with.
	serverCA []byte
	// pki is the client CA and the client certificate it signs.
	pki        testpki.PKI
	clientName string

	mu  sync.Mutex
	rec registrySeen
	srv *httptest.Server
}

// registrySeen is what a tlsRegistry was sent.
type registrySeen struct {
	clients    []string // the client certificates' common names
	users      []string
	passwordOK bool
}

func newTLSRegistry(t *testing.T) *tlsRegistry {
	t.Helper()
	cert, key := testpki.Pair(t, "localhost")
	pair, err := tls.X509KeyPair(cert, []byte(key.Reveal()))
	require.NoError(t, err)
	r := &tlsRegistry{serverCA: cert, pki: testpki.New(t, "kubenode e2e registry"), clientName: "kubenode e2e registry client"}
	clientCAs := x509.NewCertPool()
	require.True(t, clientCAs.AppendCertsFromPEM(r.pki.CA))
	r.srv = httptest.NewUnstartedServer(http.HandlerFunc(r.serve))
	r.srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientCAs, MinVersion: tls.VersionTLS12}
	r.srv.StartTLS()
	t.Cleanup(r.srv.Close)
	r.host = strings.Replace(strings.TrimPrefix(r.srv.URL, "https://"), "127.0.0.1", "localhost", 1)
	return r
}

func (r *tlsRegistry) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	if req.TLS != nil && len(req.TLS.PeerCertificates) > 0 {
		r.rec.clients = append(r.rec.clients, req.TLS.PeerCertificates[0].Subject.CommonName)
	}
	user, password, ok := req.BasicAuth()
	if ok {
		r.rec.users = append(r.rec.users, user)
		if subtle.ConstantTimeCompare([]byte(password), []byte(registryPassword)) == 1 {
			r.rec.passwordOK = true
		}
	}
	r.mu.Unlock()
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="kubenode-e2e"`)
		http.Error(w, "kubenode test registry: credentials required", http.StatusUnauthorized)
		return
	}
	http.Error(w, "kubenode test registry", http.StatusForbidden)
}

// seen returns what the registry was sent so far.
func (r *tlsRegistry) seen() registrySeen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return registrySeen{clients: slices.Clone(r.rec.clients), users: slices.Clone(r.rec.users), passwordOK: r.rec.passwordOK}
}
