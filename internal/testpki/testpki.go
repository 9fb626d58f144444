// Package testpki makes the TLS material kubenode's tests need, the same
// bytes on every run: ed25519 keys from seeds derived from a name, fixed
// dates, and ed25519's deterministic signatures. Golden files can hold the
// certificates, and no key is committed (a key shows redacted in any plan,
// as every secret does).
package testpki

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/kubenode/kubenode/runtime"
)

// The certificates' validity: long enough for any test run.
var (
	notBefore = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	notAfter  = time.Date(2056, 1, 1, 0, 0, 0, 0, time.UTC)
)

// PKI is a CA and a client certificate it signs, as PEM.
type PKI struct {
	CA, ClientCert []byte
	ClientKey      runtime.Secret
}

// Pair returns a self-signed CA certificate for name (also its DNS name)
// and its key, both PEM; the same for the same name.
func Pair(t testing.TB, name string) ([]byte, runtime.Secret) {
	t.Helper()
	key := keyFor(name)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: notBefore, NotAfter: notAfter,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	return certPEM(t, tmpl, tmpl, key, key), keyPEM(t, key)
}

// New returns a CA named name and a client certificate it signs; the same
// for the same name, different for another.
func New(t testing.TB, name string) PKI {
	t.Helper()
	ca := NewCA(t, name)
	cert, key := ca.Issue(t, name+" client")
	return PKI{CA: ca.PEM, ClientCert: cert, ClientKey: key}
}

// CA is a certificate authority that signs test certificates.
type CA struct {
	// PEM is the CA's certificate.
	PEM  []byte
	cert *x509.Certificate
	key  ed25519.PrivateKey
}

// NewCA returns the CA "<name> CA"; the same for the same name.
func NewCA(t testing.TB, name string) *CA {
	t.Helper()
	key := keyFor(name + " CA")
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name + " CA"},
		NotBefore: notBefore, NotAfter: notAfter,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	pemBytes := certPEM(t, tmpl, tmpl, key, key)
	block, _ := pem.Decode(pemBytes)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return &CA{PEM: pemBytes, cert: cert, key: key}
}

// Issue signs a certificate for cn, a client's, or with dnsNames a
// server's, and returns it and its key as PEM; the same for the same cn.
func (ca *CA) Issue(t testing.TB, cn string, dnsNames ...string) ([]byte, runtime.Secret) {
	t.Helper()
	key := keyFor(cn)
	usage := x509.ExtKeyUsageClientAuth
	if len(dnsNames) > 0 {
		usage = x509.ExtKeyUsageServerAuth
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: cn}, DNSNames: dnsNames,
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
	}
	return certPEM(t, tmpl, ca.cert, key, ca.key), keyPEM(t, key)
}

func keyFor(name string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("kubenode testpki " + name))
	return ed25519.NewKeyFromSeed(seed[:])
}

func certPEM(t testing.TB, tmpl, parent *x509.Certificate, key, signer ed25519.PrivateKey) []byte {
	t.Helper()
	der, err := x509.CreateCertificate(nil, tmpl, parent, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func keyPEM(t testing.TB, key ed25519.PrivateKey) runtime.Secret {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return runtime.Secret(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}
