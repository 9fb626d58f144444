// Command kube-apiserver is the real kube-apiserver of Kubernetes v1.37.2,
// built from k8s.io/kubernetes's cmd/kube-apiserver/app as the release's own
// main package builds it (the same imports), for the control plane of
// e2e/harness.StartControlPlane: release binaries are not reachable here,
// the Go module proxy is. .ci/install.d/apiserver.sh stamps the version so
// that `kube-apiserver --version` and /version print v1.37.2.
package main

import (
	"os"
	_ "time/tzdata" // the release's main imports it, for CronJob time zones

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"          // the json log format, as the release registers it
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go's metrics, as the release registers them
	_ "k8s.io/component-base/metrics/prometheus/version"  // the version metric, as the release registers it
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
