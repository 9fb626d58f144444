package kubelet

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// gateDisableCloudProviders turns the kubelet's in-tree cloud providers
// off: beta and on in 1.29 and 1.30, GA and locked on from 1.31
// (pkg/features of k8s.io/kubernetes v1.29.15, v1.30.14, v1.31.14).
const gateDisableCloudProviders = "DisableCloudProviders"

// inTreeCloudProvidersOff is the first release whose kubelet refuses an
// in-tree cloud provider by default: NewMainKubelet of v1.29.15 stops
// with "built-in cloud providers are disabled" while
// DisableCloudProviders is on.
var inTreeCloudProvidersOff = v1(29)

// checkCloudProvider refuses what a 1.29 or 1.30 kubelet refuses at start:
// --cloud-provider naming an in-tree provider while the kubelet's config
// leaves DisableCloudProviders on. From 1.31, where the gate is locked,
// Flags.Validate refuses it for every config.
func checkCloudProvider(provider string, target runtime.Version, gates map[string]bool) field.ErrorList {
	t := target.MinorOf()
	if provider == "" || provider == "external" || t.Before(inTreeCloudProvidersOff) || !t.Before(v1(31)) {
		return nil
	}
	if on, set := gates[gateDisableCloudProviders]; set && !on {
		return nil
	}
	return field.ErrorList{{Type: field.ErrNotSupported, Path: flagPath("cloud-provider"), BadValue: provider,
		Detail: `supported values: "", "external": the ` + t.String() + " kubelet refuses an in-tree cloud provider while " +
			gateDisableCloudProviders + " is on, its default"}}
}
