package testpki

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"

	"github.com/kubenode/kubenode/runtime"
)

// Cert says what a certificate Sign issues holds beyond Issue's common
// name: the organizations a Kubernetes API server reads as the client's
// groups, and the IP addresses a server is reached at.
type Cert struct {
	// CN is the subject's common name (the user name of a client).
	CN string
	// Organizations are the subject's O values (the groups of a client).
	Organizations []string
	// DNSNames and IPs are the server's names.
	DNSNames []string
	IPs      []net.IP
	// Server makes it a server certificate; otherwise it is a client's.
	Server bool
}

// Sign signs the certificate c describes and returns it and its key as
// PEM; the same for the same c (the key is derived from CN, as Issue's).
func (ca *CA) Sign(t testing.TB, c Cert) ([]byte, runtime.Secret) {
	t.Helper()
	key := keyFor(c.CN)
	usage := x509.ExtKeyUsageClientAuth
	if c.Server {
		usage = x509.ExtKeyUsageServerAuth
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: c.CN, Organization: c.Organizations},
		DNSNames: c.DNSNames, IPAddresses: c.IPs,
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
	}
	return certPEM(t, tmpl, ca.cert, key, ca.key), keyPEM(t, key)
}
