package main

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/containers/image/v5/pkg/docker/config"
	"github.com/containers/image/v5/pkg/tlsclientconfig"
	"github.com/containers/image/v5/types"
)

// credentialReport is what containers/image found in an auth file for one
// registry. Secrets are reported as sha256 digests, never as values.
type credentialReport struct {
	Username            string `json:"username"`
	PasswordSHA256      string `json:"password_sha256,omitempty"`
	IdentityTokenSHA256 string `json:"identity_token_sha256,omitempty"`
}

// certsReport is what containers/image loaded from one host's certs.d
// directory: its client certificates (by subject common name) and whether
// the server certificate given with -certs verifies against the CAs it
// trusts then.
type certsReport struct {
	ClientCertificates []string `json:"client_certificates"`
	ServerVerified     bool     `json:"server_verified"`
	VerifyError        string   `json:"verify_error,omitempty"`
}

// loadCredentials looks each host up in authFile the way CRI-O does for a
// pull (SystemContext.AuthFilePath is its global_auth_file).
func loadCredentials(root, authFile string, hosts []string) (map[string]credentialReport, error) {
	sys := &types.SystemContext{RootForImplicitAbsolutePaths: root, AuthFilePath: authFile}
	out := map[string]credentialReport{}
	for _, h := range hosts {
		c, err := config.GetCredentials(sys, h)
		if err != nil {
			return nil, fmt.Errorf("credentials of %s: %w", h, err)
		}
		out[h] = credentialReport{Username: c.Username, PasswordSHA256: digest(c.Password), IdentityTokenSHA256: digest(c.IdentityToken)}
	}
	return out, nil
}

func digest(s string) string {
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// loadCerts runs containers/image's certs.d loader on
// ROOT/etc/containers/certs.d/HOST for each HOST[=SERVERCERT] and, with a
// server certificate, verifies it for HOST's name against the result.
func loadCerts(root string, specs []string) (map[string]certsReport, error) {
	out := map[string]certsReport{}
	for _, spec := range specs {
		host, serverCert, _ := strings.Cut(spec, "=")
		tlsc := &tls.Config{}
		if err := tlsclientconfig.SetupCertificates(filepath.Join(root, "etc/containers/certs.d", host), tlsc); err != nil {
			return nil, fmt.Errorf("certs.d of %s: %w", host, err)
		}
		r := certsReport{ClientCertificates: []string{}}
		for _, c := range tlsc.Certificates {
			leaf, err := x509.ParseCertificate(c.Certificate[0])
			if err != nil {
				return nil, err
			}
			r.ClientCertificates = append(r.ClientCertificates, leaf.Subject.CommonName)
		}
		if serverCert != "" {
			r.ServerVerified, r.VerifyError = verify(tlsc.RootCAs, serverCert, host)
		}
		out[host] = r
	}
	return out, nil
}

// verify checks a PEM server certificate for host (without its port)
// against roots, as a TLS client would.
func verify(roots *x509.CertPool, file, host string) (bool, string) {
	data, err := os.ReadFile(file)
	if err != nil {
		return false, err.Error()
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return false, "no PEM certificate in " + file
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return false, err.Error()
	}
	name, _, _ := strings.Cut(host, ":")
	if roots == nil {
		return false, "certs.d gave no CA: the system's roots only"
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, DNSName: name}); err != nil {
		return false, err.Error()
	}
	return true, ""
}
