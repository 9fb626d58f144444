package kubelet

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/kubenode/kubenode/runtime"
)

// InstanceConfigPath is the file `kubeadm join` writes the node's
// containerRuntimeEndpoint to (from nodeRegistration.criSocket) and patches
// into DefaultConfigPath (kubeadm 1.37).
const InstanceConfigPath = "/var/lib/kubelet/instance-config.yaml"

// KubeadmOwnedFiles are the kubelet files `kubeadm join` writes itself,
// whatever was there: the config file, from the cluster's kubelet
// configuration and the node's patches; kubeadm-flags.env, from
// nodeRegistration; and the instance configuration. A node kubeadm joins
// must not rely on writing them.
func KubeadmOwnedFiles() []string {
	return []string{DefaultConfigPath, KubeadmFlagsEnvPath, InstanceConfigPath}
}

// kubeadmOwnedFlags are the flags kubeadm sets itself: the kubeconfig and
// config flags of its drop-in, the runtime endpoint (criSocket), the node
// name (nodeRegistration.name becomes --hostname-override) and the taints
// (nodeRegistration.taints become --register-with-taints).
var kubeadmOwnedFlags = []string{
	"bootstrap-kubeconfig", "kubeconfig", "config",
	"container-runtime-endpoint", "hostname-override", "register-with-taints",
}

// KubeadmExtraArgs are the flags of f that kubeadm does not set itself, in
// the order Args renders them, as nodeRegistration.kubeletExtraArgs takes
// them: name without dashes, value.
func KubeadmExtraArgs(f *Flags) []Flag {
	var out []Flag
	for _, arg := range f.Args() {
		name, value, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		if !slices.Contains(kubeadmOwnedFlags, name) {
			out = append(out, Flag{Name: name, Value: value})
		}
	}
	return out
}

// kubeadmOwnedKeys are the KubeletConfiguration keys kubeadm sets from
// nodeRegistration, left out of the patch: containerRuntimeEndpoint
// (criSocket) and registerWithTaints (taints).
var kubeadmOwnedKeys = []string{"containerRuntimeEndpoint", "registerWithTaints"}

// KubeadmPatch returns the JSON merge patch (RFC 7386, as YAML) that turns
// the KubeletConfiguration kubeadm starts from for target (New, "as
// kubeadm starts it") into c: each key whose value differs, objects
// compared key by key, lists replaced whole, and null for a key c leaves
// out. The keys kubeadm sets from nodeRegistration are left out
// (containerRuntimeEndpoint, registerWithTaints). It returns nil when c
// adds nothing. kubeadm applies the patch file
// (kubeletconfiguration+merge.yaml in its patches directory) over the
// cluster's kubelet configuration when it joins the node.
func KubeadmPatch(c *Config, target runtime.Version) ([]byte, error) {
	base, err := New(WithVersion(target.String()))
	if err != nil {
		return nil, err
	}
	from, err := configJSON(base)
	if err != nil {
		return nil, err
	}
	to, err := configJSON(c)
	if err != nil {
		return nil, err
	}
	patch := mergePatch(from, to)
	for _, k := range kubeadmOwnedKeys {
		delete(patch, k)
	}
	if len(patch) == 0 {
		return nil, nil
	}
	return yaml.Marshal(patch)
}

// configJSON is the config's file as a decoded JSON object.
func configJSON(c *Config) (map[string]any, error) {
	y, err := c.Render()
	if err != nil {
		return nil, err
	}
	j, err := yaml.YAMLToJSON(y)
	if err != nil {
		return nil, fmt.Errorf("kubelet config: %w", err)
	}
	var obj map[string]any
	if err := json.Unmarshal(j, &obj); err != nil {
		return nil, fmt.Errorf("kubelet config: %w", err)
	}
	return obj, nil
}

// mergePatch is the merge patch from one object to another: to's values
// that differ (objects compared key by key), null for what from has and
// to lacks.
func mergePatch(from, to map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range to {
		old, had := from[k]
		switch {
		case !had:
			out[k] = v
		case reflect.DeepEqual(old, v):
		default:
			oldObj, ok1 := old.(map[string]any)
			newObj, ok2 := v.(map[string]any)
			if ok1 && ok2 {
				if sub := mergePatch(oldObj, newObj); len(sub) > 0 {
					out[k] = sub
				}
				continue
			}
			out[k] = v
		}
	}
	for k := range from {
		if _, ok := to[k]; !ok {
			out[k] = nil
		}
	}
	return out
}
