package kubelet

import "k8s.io/kubelet/config/v1beta1"

// keepEmpty writes back into the pruned object the keys the kubelet reads
// differently when empty than when missing, if c holds them empty:
// encoding/json's omitempty (and pruneZero after it) would drop them, and
// the kubelet would then apply its default instead of the empty value.
//
//   - evictionHard: {} turns hard eviction off; missing, the kubelet's
//     config loader sets its defaults (memory.available<100Mi, ...).
//   - enforceNodeAllocatable: [] enforces nothing; missing, the defaulting
//     of KubeletConfiguration sets ["pods"].
func keepEmpty(obj map[string]any, c *v1beta1.KubeletConfiguration) {
	if c.EvictionHard != nil && len(c.EvictionHard) == 0 {
		obj["evictionHard"] = map[string]any{}
	}
	if c.EnforceNodeAllocatable != nil && len(c.EnforceNodeAllocatable) == 0 {
		obj["enforceNodeAllocatable"] = []any{}
	}
}
