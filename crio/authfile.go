package crio

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/kubenode/kubenode/runtime"
)

// AuthFile is where the Installer writes the credentials of
// WithRegistryHosts, mode 0600, and what its drop-in names as
// global_auth_file.
const AuthFile = "/etc/crio/auth.json"

// identityTokenUser is the user name Docker and containers/image store
// beside an identity token: containers/image ignores an entry whose auth
// does not decode to "user:password", so a token alone would be dropped.
const identityTokenUser = "<token>"

// authFile is a containers-auth.json(5) file: credentials by registry.
type authFile struct {
	Auths map[string]authEntry `json:"auths"`
}

// authEntry is one registry's credentials: auth is base64 of
// "user:password"; identitytoken an OAuth2 refresh token.
type authEntry struct {
	Auth          string `json:"auth"`
	IdentityToken string `json:"identitytoken,omitempty"`
}

// renderAuthFile encodes the credentials of the registries that have
// some, keyed by host, through encoding/json. It is the one place a
// registry secret is revealed.
func renderAuthFile(regs []runtime.Registry) ([]byte, error) {
	f := authFile{Auths: map[string]authEntry{}}
	for _, r := range regs {
		a := r.Auth
		if a == nil {
			continue
		}
		if a.IdentityToken != "" {
			f.Auths[r.Host] = authEntry{
				Auth:          base64.StdEncoding.EncodeToString([]byte(identityTokenUser + ":")),
				IdentityToken: a.IdentityToken.Reveal(),
			}
			continue
		}
		f.Auths[r.Host] = authEntry{Auth: base64.StdEncoding.EncodeToString([]byte(a.Username + ":" + a.Password.Reveal()))}
	}
	data, err := json.MarshalIndent(f, "", "\t")
	if err != nil {
		// Only strings are encoded: this cannot happen, and the error of
		// encoding/json would not hold the value.
		return nil, fmt.Errorf("%s: %w", AuthFile, err)
	}
	return append(data, '\n'), nil
}
