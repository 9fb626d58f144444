// Command crio-checker loads CRI-O configuration drop-ins with CRI-O's own
// config package and a containers registries.conf with containers/image's
// sysregistriesv2, and prints what they read as JSON, so kubenode's e2e
// tests judge rendered files by the code the real daemon runs.
//
//	crio-checker [-root DIR [-find IMAGE]... [-certs HOST[=SERVERCERT]]...]
//	             [-auth FILE [-cred HOST]...] [DROPIN]...
//
// Each DROPIN is loaded in order as CRI-O loads /etc/crio/crio.conf.d:
// config.DefaultConfig, then UpdateFromFile per file, then Validate(false)
// (the checks that need no host: no conmon, runtime binary or storage).
// The output holds the values CRI-O ended up with, its WriteTemplate(true)
// output and every key its decoder did not use (CRI-O ignores those
// silently). With -root the registries configuration of a node root
// (ROOT/etc/containers/registries.conf, which need not exist, and
// ROOT/etc/containers/registries.conf.d) is loaded the way CRI-O's image
// code loads /etc/containers, and each -find IMAGE is resolved to the
// registry and pull sources (mirrors first) it would use. containers/image
// also reads $HOME/.config/containers: run the checker with an empty HOME.
//
// The exit status is 0 when everything loaded, 1 when CRI-O or
// containers/image refused something (the JSON then holds the error), 2 on
// a usage error.
//
// Build (and vet) it with the tags and CGO_ENABLED=0 of
// .ci/install.d/crio.sh: without them containers/storage needs the btrfs
// and devmapper C headers.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sirupsen/logrus"
)

// report is what the checker prints.
type report struct {
	Crio        *crioReport                 `json:"crio,omitempty"`
	Registries  *registriesReport           `json:"registries,omitempty"`
	Certs       map[string]certsReport      `json:"certs,omitempty"`
	Credentials map[string]credentialReport `json:"credentials,omitempty"`
	Error       string                      `json:"error,omitempty"`
}

type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("crio-checker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", "", "node root `DIR` whose etc/containers registries configuration to load")
	var finds stringList
	fs.Var(&finds, "find", "image reference to resolve through the registries configuration (repeatable)")
	var certs, creds stringList
	fs.Var(&certs, "certs", "`HOST[=SERVERCERT]` whose certs.d directory under -root to load (repeatable)")
	authFile := fs.String("auth", "", "auth `FILE` (a global_auth_file) to look -cred hosts up in")
	fs.Var(&creds, "cred", "registry `HOST` whose credentials to look up in -auth (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 && *root == "" && *authFile == "" {
		fmt.Fprintln(stderr, "crio-checker: give drop-in files, -root or -auth")
		return 2
	}
	if len(certs) > 0 && *root == "" || len(creds) > 0 && *authFile == "" {
		fmt.Fprintln(stderr, "crio-checker: -certs needs -root, -cred needs -auth")
		return 2
	}
	// CRI-O logs every file it reads at info level; keep stderr for problems.
	logrus.SetLevel(logrus.WarnLevel)
	logrus.SetOutput(stderr)

	var r report
	var err error
	if fs.NArg() > 0 {
		r.Crio, err = loadCrio(context.Background(), fs.Args())
	}
	if err == nil && *root != "" {
		r.Registries, err = loadRegistries(*root, finds)
	}
	if err == nil && len(certs) > 0 {
		r.Certs, err = loadCerts(*root, certs)
	}
	if err == nil && *authFile != "" {
		r.Credentials, err = loadCredentials(*root, *authFile, creds)
	}
	status := 0
	if err != nil {
		r.Error = err.Error()
		status = 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if werr := enc.Encode(r); werr != nil {
		fmt.Fprintln(stderr, werr)
		return 2
	}
	return status
}
