package testpki

import (
	"crypto/x509"
	"encoding/pem"
	"net"
	"slices"
	"testing"
)

func TestSign(t *testing.T) {
	ca := NewCA(t, "sign")
	for _, c := range []Cert{
		{CN: "system:node:n1", Organizations: []string{"system:nodes"}},
		{CN: "server", Server: true, DNSNames: []string{"localhost"}, IPs: []net.IP{net.IPv4(127, 0, 0, 1)}},
	} {
		crt, key := ca.Sign(t, c)
		if key == "" {
			t.Fatalf("%s: no key", c.CN)
		}
		again, _ := ca.Sign(t, c)
		if string(again) != string(crt) {
			t.Errorf("%s: a second Sign gave another certificate", c.CN)
		}
		block, _ := pem.Decode(crt)
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if cert.Subject.CommonName != c.CN || !slices.Equal(cert.Subject.Organization, c.Organizations) {
			t.Errorf("subject %v, want CN %s O %v", cert.Subject, c.CN, c.Organizations)
		}
		usage := x509.ExtKeyUsageClientAuth
		opts := x509.VerifyOptions{Roots: x509.NewCertPool(), KeyUsages: []x509.ExtKeyUsage{usage}}
		if c.Server {
			opts.KeyUsages = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
			opts.DNSName = "127.0.0.1"
		}
		opts.Roots.AppendCertsFromPEM(ca.PEM)
		if _, err := cert.Verify(opts); err != nil {
			t.Errorf("%s does not verify against the CA for its use: %v", c.CN, err)
		}
	}
}
