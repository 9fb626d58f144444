package harness

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubenode/kubenode/internal/testpki"
)

// The versions of the control plane's programs, as .ci/install.d/etcd.sh and
// apiserver.sh build them.
const (
	EtcdVersion      = "3.7.3"
	APIServerVersion = "1.37.2"
)

// The control plane's addresses, all on the loopback of the Systemd's own
// network namespace.
const (
	// APIServerAddress is where kube-apiserver serves (its secure port).
	APIServerAddress = "127.0.0.1:6443"
	// ServiceCIDR is --service-cluster-ip-range; its first address,
	// 10.96.0.1, is the `kubernetes` Service's, and in the serving
	// certificate.
	ServiceCIDR = "10.96.0.0/12"
	// etcdClientURL serves kube-apiserver only, plain HTTP on loopback.
	etcdClientURL = "http://127.0.0.1:2379"
	etcdPeerURL   = "http://127.0.0.1:2380"
	// serviceAccountIssuer is --service-account-issuer, kubeadm's value.
	serviceAccountIssuer = "https://kubernetes.default.svc.cluster.local"
)

// controlPlaneDir is where the control plane keeps its certificates and
// etcd's data inside the namespace: a tmpfs of its own, apart from every
// path a node's plan writes (/etc/kubernetes holds the node's kubeconfig
// and CA, as kubeadm lays them out).
const controlPlaneDir = "/var/lib/kubenode-e2e/controlplane"

// ControlPlane is a one-member etcd and a kube-apiserver running inside a
// Systemd's namespaces (booted with OwnNetwork), serving on that
// namespace's loopback: the control plane a node's kubelet joins.
type ControlPlane struct {
	// Server is the API server's URL inside the namespace,
	// https://127.0.0.1:6443: what a kubeconfig of the node names.
	Server string
	// CAFile is the host path of the cluster CA's certificate (PEM): the
	// CA that signed the API server's serving certificate and every client
	// certificate, the kubelet's clientCAFile on a kubeadm node
	// (/etc/kubernetes/pki/ca.crt).
	CAFile string
	// CA signs more client certificates (Sign with Organizations for the
	// groups).
	CA *testpki.CA
	// EtcdLog and APIServerLog are the host paths of what the two printed.
	EtcdLog, APIServerLog string

	sys   *Systemd
	admin *rest.Config
}

// StartControlPlane starts etcd (.ci/install.d/etcd.sh) and kube-apiserver
// (.ci/install.d/apiserver.sh) inside s's namespaces, which must have been
// booted with OwnNetwork: state on a tmpfs mounted in the namespace,
// certificates made by a testpki CA, etcd on 127.0.0.1:2379 (plain HTTP,
// for the API server only), the API server on 127.0.0.1:6443 with the
// flags of a kubeadm control plane that matter for a node joining it
// (Node,RBAC authorization, NodeRestriction, service-account keys and
// issuer, a Service range) and --endpoint-reconciler-type=none (a loopback
// advertise address has no endpoint to reconcile). It waits until /readyz
// answers ok; cleanups stop both by PID. Neither runs as a unit of s's
// systemd: the node's units are the test's subject, the control plane is
// not.
func StartControlPlane(t testing.TB, s *Systemd) *ControlPlane {
	t.Helper()
	if !s.ownNetwork {
		t.Fatalf("harness: StartControlPlane needs a Systemd booted with OwnNetwork: the control plane listens on loopback, which must be the namespace's own")
		return nil
	}
	etcdBin := binaryInNamespace(t, s, Tool(t, "etcd-"+EtcdVersion+"/etcd"))
	apiserverBin := binaryInNamespace(t, s, Tool(t, "kube-apiserver-"+APIServerVersion+"/kube-apiserver"))

	s.Run(t, "ip", "link", "set", "lo", "up")
	s.Run(t, "mkdir", "-p", controlPlaneDir)
	s.Run(t, "mount", "-t", "tmpfs", "-o", "mode=0700", "kubenode-e2e-controlplane", controlPlaneDir)

	c := &ControlPlane{Server: "https://" + APIServerAddress, CA: testpki.NewCA(t, "kubenode-e2e cluster"), sys: s}
	c.CAFile = filepath.Join(t.TempDir(), "ca.crt")
	if err := os.WriteFile(c.CAFile, c.CA.PEM, 0o644); err != nil {
		t.Fatal(err)
	}
	pki := c.writePKI(t)

	etcd := startInNamespace(t, s, "etcd", etcdBin,
		"--data-dir", path.Join(controlPlaneDir, "etcd"),
		"--client-url", etcdClientURL, "--peer-url", etcdPeerURL)
	c.EtcdLog = etcd.logPath
	apiserver := startInNamespace(t, s, "kube-apiserver", apiserverBin,
		"--etcd-servers="+etcdClientURL,
		"--bind-address=127.0.0.1",
		"--secure-port=6443",
		"--advertise-address=127.0.0.1",
		"--endpoint-reconciler-type=none",
		"--authorization-mode=Node,RBAC",
		"--enable-admission-plugins=NodeRestriction",
		"--allow-privileged=true",
		"--client-ca-file="+pki.ca,
		"--tls-cert-file="+pki.serving,
		"--tls-private-key-file="+pki.servingKey,
		"--kubelet-client-certificate="+pki.kubeletClient,
		"--kubelet-client-key="+pki.kubeletClientKey,
		"--service-account-issuer="+serviceAccountIssuer,
		"--service-account-key-file="+pki.saPub,
		"--service-account-signing-key-file="+pki.saKey,
		"--service-cluster-ip-range="+ServiceCIDR,
		"--profiling=false",
	)
	c.APIServerLog = apiserver.logPath

	c.admin = c.restConfig(t, testpki.Cert{CN: "kubenode-e2e-admin", Organizations: []string{"system:masters"}})
	start := time.Now()
	if err := c.waitReady(t, etcd, apiserver, 4*time.Minute); err != nil {
		t.Fatalf("control plane in the systemd namespace: %v\netcd:\n%s\nkube-apiserver:\n%s", err, etcd.log(), apiserver.log())
	}
	t.Logf("control plane ready in %s", time.Since(start).Round(100*time.Millisecond))
	return c
}

// binaryInNamespace returns the path inside s's root of the host executable
// bin: the same path when the overlay root shows it (the tools dir is on
// the host's root filesystem), else a copy in the namespace's root.
func binaryInNamespace(t testing.TB, s *Systemd, bin string) string {
	t.Helper()
	host, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	if inside, err := os.Stat(s.Path(bin)); err == nil && inside.Size() == host.Size() && inside.ModTime().Equal(host.ModTime()) {
		return bin
	}
	in := path.Join(testBinaryDir, filepath.Base(bin))
	if err := copyExecutable(bin, s.Path(in)); err != nil {
		t.Fatalf("copy %s into the systemd namespace: %v", bin, err)
	}
	return in
}

// waitReady polls /readyz until it answers ok, either program ends, or
// timeout passes.
func (c *ControlPlane) waitReady(t testing.TB, etcd, apiserver *nsDaemon, timeout time.Duration) error {
	t.Helper()
	client, err := kubernetes.NewForConfig(c.admin)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		switch {
		case etcd.exited():
			return errors.New("etcd exited")
		case apiserver.exited():
			return errors.New("kube-apiserver exited")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		body, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		cancel()
		if err == nil && string(body) == "ok" {
			return nil
		}
		last = fmt.Errorf("/readyz: %q, %v", body, err)
		time.Sleep(500 * time.Millisecond)
	}
	return fmt.Errorf("not ready after %s: %w", timeout, last)
}

// DialContext dials from inside the control plane's network namespace
// (NetnsDialer): the test process reaches Server with it.
func (c *ControlPlane) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	return NetnsDialer(c.sys.PID)(ctx, network, address)
}

// restConfig returns a client configuration for a client certificate c
// signs, dialing through DialContext.
func (c *ControlPlane) restConfig(t testing.TB, cert testpki.Cert) *rest.Config {
	t.Helper()
	crt, key := c.CA.Sign(t, cert)
	return &rest.Config{
		Host: c.Server,
		TLSClientConfig: rest.TLSClientConfig{
			CAData: c.CA.PEM, CertData: crt, KeyData: []byte(key.Reveal()),
		},
		// No Timeout: it would cut watches too; callers bound each
		// request with a context.
		Dial: c.DialContext,
	}
}

// Client returns a clientset with the cluster admin's rights (group
// system:masters) that reaches the API server from the test process. The
// server listens on the namespace's loopback, which the test process's own
// network namespace cannot reach, so its connections are made inside the
// namespace (NetnsDialer).
func (c *ControlPlane) Client(t testing.TB) kubernetes.Interface {
	t.Helper()
	client, err := kubernetes.NewForConfig(c.admin)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// ClientFor returns a clientset authenticated by a client certificate for
// cert (user CN, groups Organizations), reaching the API server as Client
// does.
func (c *ControlPlane) ClientFor(t testing.TB, cert testpki.Cert) kubernetes.Interface {
	t.Helper()
	client, err := kubernetes.NewForConfig(c.restConfig(t, cert))
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// KubeletKubeconfig returns a kubeconfig for the kubelet of the node
// nodeName: a client certificate of user system:node:<nodeName> in group
// system:nodes (what the Node authorizer and NodeRestriction admit), the
// cluster CA and Server, all embedded. It is what goes to
// /etc/kubernetes/kubelet.conf, the path kubeadm's kubelet drop-in names;
// it holds a private key, so write it mode 0600.
func (c *ControlPlane) KubeletKubeconfig(t testing.TB, nodeName string) []byte {
	t.Helper()
	return c.kubeconfig(t, testpki.Cert{CN: "system:node:" + nodeName, Organizations: []string{"system:nodes"}})
}

// AdminKubeconfig returns a kubeconfig of the cluster admin (group
// system:masters), Server being the namespace's loopback: for a program
// that runs inside the namespace (kubectl, a test binary). It holds a
// private key, so write it mode 0600.
func (c *ControlPlane) AdminKubeconfig(t testing.TB) []byte {
	t.Helper()
	return c.kubeconfig(t, testpki.Cert{CN: "kubenode-e2e-admin", Organizations: []string{"system:masters"}})
}

// kubeconfig renders a kubeconfig for a client certificate of cert with
// client-go's own encoder.
func (c *ControlPlane) kubeconfig(t testing.TB, cert testpki.Cert) []byte {
	t.Helper()
	crt, key := c.CA.Sign(t, cert)
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["kubenode-e2e"] = &clientcmdapi.Cluster{Server: c.Server, CertificateAuthorityData: c.CA.PEM}
	cfg.AuthInfos[cert.CN] = &clientcmdapi.AuthInfo{ClientCertificateData: crt, ClientKeyData: []byte(key.Reveal())}
	cfg.Contexts["default"] = &clientcmdapi.Context{Cluster: "kubenode-e2e", AuthInfo: cert.CN}
	cfg.CurrentContext = "default"
	out, err := clientcmd.Write(*cfg)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// EnsureDefaultServiceAccount makes namespace ready for pods as the
// controller-manager would, which does not run here: the `default`
// ServiceAccount (the ServiceAccount admission plugin refuses a pod without
// it) and the kube-root-ca.crt ConfigMap holding the cluster CA (every
// pod's projected service-account volume mounts it; without it the kubelet
// never starts the pod). Either existing already is fine.
func (c *ControlPlane) EnsureDefaultServiceAccount(t testing.TB, namespace string) {
	t.Helper()
	client := c.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: namespace}}
	if _, err := client.CoreV1().ServiceAccounts(namespace).Create(ctx, sa, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatalf("create ServiceAccount %s/default: %v", namespace, err)
	}
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "kube-root-ca.crt", Namespace: namespace},
		Data:       map[string]string{"ca.crt": string(c.CA.PEM)},
	}
	if _, err := client.CoreV1().ConfigMaps(namespace).Create(ctx, cm, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatalf("create ConfigMap %s/kube-root-ca.crt: %v", namespace, err)
	}
}
