package harness

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path"
	"testing"

	"github.com/kubenode/kubenode/internal/testpki"
)

// controlPlanePKI are the paths, inside the namespace, of the files
// kube-apiserver reads.
type controlPlanePKI struct {
	ca, serving, servingKey, kubeletClient, kubeletClientKey, saPub, saKey string
}

// writePKI writes the API server's certificates and keys into the
// namespace's controlPlaneDir/pki, keys mode 0600: the cluster CA, a
// serving certificate for every name a client uses (127.0.0.1, the
// `kubernetes` Service's 10.96.0.1 and its DNS names), the client
// certificate the API server shows kubelets (logs, exec), and the
// service-account token key pair. The token key is ECDSA P-256 (the API
// server accepts RSA or ECDSA keys for tokens, not testpki's ed25519),
// new on every run since no golden file holds a token.
func (c *ControlPlane) writePKI(t testing.TB) controlPlanePKI {
	t.Helper()
	dir := path.Join(controlPlaneDir, "pki")
	p := controlPlanePKI{
		ca:               path.Join(dir, "ca.crt"),
		serving:          path.Join(dir, "apiserver.crt"),
		servingKey:       path.Join(dir, "apiserver.key"),
		kubeletClient:    path.Join(dir, "apiserver-kubelet-client.crt"),
		kubeletClientKey: path.Join(dir, "apiserver-kubelet-client.key"),
		saPub:            path.Join(dir, "sa.pub"),
		saKey:            path.Join(dir, "sa.key"),
	}
	if err := os.MkdirAll(c.sys.Path(dir), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte, mode os.FileMode) {
		t.Helper()
		if err := os.WriteFile(c.sys.Path(name), data, mode); err != nil {
			t.Fatal(err)
		}
	}
	write(p.ca, c.CA.PEM, 0o644)
	crt, key := c.CA.Sign(t, testpki.Cert{
		CN: "kube-apiserver", Server: true,
		DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
		IPs:      []net.IP{net.IPv4(127, 0, 0, 1), net.IPv4(10, 96, 0, 1)},
	})
	write(p.serving, crt, 0o644)
	write(p.servingKey, []byte(key.Reveal()), 0o600)
	crt, key = c.CA.Sign(t, testpki.Cert{CN: "kube-apiserver-kubelet-client", Organizations: []string{"system:masters"}})
	write(p.kubeletClient, crt, 0o644)
	write(p.kubeletClientKey, []byte(key.Reveal()), 0o600)

	sa, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(sa)
	if err != nil {
		t.Fatal(err)
	}
	write(p.saKey, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	der, err = x509.MarshalPKIXPublicKey(&sa.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	write(p.saPub, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o644)
	return p
}
