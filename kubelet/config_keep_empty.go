package kubelet

// keepEmpty are the keys the kubelet reads differently when empty than
// when missing: object writes them empty where the config holds them empty
// (a non-nil, empty map or slice), where encoding/json's omitempty, and
// the pruning after it, would drop them and the kubelet would then apply
// its default instead of the empty value.
//
//   - evictionHard: {} turns hard eviction off; missing, the kubelet's
//     config loader sets its defaults (memory.available<100Mi, ...).
//   - enforceNodeAllocatable: [] enforces nothing; missing, the defaulting
//     of KubeletConfiguration sets ["pods"].
var keepEmpty = []string{"evictionHard", "enforceNodeAllocatable"}
