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
	caKey, clientKey := keyFor(name+" CA"), keyFor(name+" client")
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name + " CA"},
		NotBefore: notBefore, NotAfter: notAfter,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	client := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: name + " client"},
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	return PKI{
		CA:         certPEM(t, ca, ca, caKey, caKey),
		ClientCert: certPEM(t, client, ca, clientKey, caKey),
		ClientKey:  keyPEM(t, clientKey),
	}
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
