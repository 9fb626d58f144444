package crio

import "github.com/kubenode/kubenode/runtime"

// keySpan is the releases that know a key: from since (zero: 1.24 or
// earlier) up to, not including, removed (zero: still known in 1.34).
type keySpan struct {
	since, removed runtime.Version
}

func (s keySpan) knownIn(target runtime.Version) bool {
	return (s.since.IsZero() || target.AtLeast(s.since)) && (s.removed.IsZero() || target.Before(s.removed))
}

// Tables whose keys are names the user chooses: a runtime handler or a
// workload. knownKeys lists the keys inside each such table under the
// name "*".
const (
	runtimesTable  = "crio.runtime.runtimes"
	workloadsTable = "crio.runtime.workloads"
)

// knownTables are the tables under [crio] that CRI-O decodes, by dotted
// name, with the releases that know them.
var knownTables = map[string]keySpan{
	"crio.api":                   {},
	"crio.runtime":               {},
	"crio.image":                 {},
	"crio.network":               {},
	"crio.metrics":               {},
	"crio.tracing":               {},
	"crio.stats":                 {},
	"crio.nri":                   {since: v1_26},
	"crio.nri.default_validator": {since: v1_34},
}

// openTables hold values CRI-O decodes as maps of its own (a workload's
// resources, a handler's default_annotations and platform_runtime_paths):
// their keys are data, not configuration keys, and are not checked.
var openTables = map[string]bool{
	"crio.runtime.workloads.*.resources":             true,
	"crio.runtime.runtimes.*.default_annotations":    true,
	"crio.runtime.runtimes.*.platform_runtime_paths": true,
}

// knownKeys are the keys CRI-O's decoder reads, by table, taken from the
// toml tags of its pkg/config (and internal/config/nri) at each release
// tag v1.24.0 to v1.34.0. A key it does not know is ignored silently.
var knownKeys = map[string]map[string]keySpan{
	"crio": {
		"clean_shutdown_file":  {},
		"imagestore":           {since: v1_29},
		"internal_repair":      {since: v1_28},
		"internal_wipe":        {},
		"log_dir":              {},
		"root":                 {},
		"runroot":              {},
		"storage_driver":       {},
		"storage_option":       {},
		"version_file":         {},
		"version_file_persist": {},
	},
	"crio.api": {
		"grpc_max_recv_msg_size": {},
		"grpc_max_send_msg_size": {},
		"listen":                 {},
		"stream_address":         {},
		"stream_enable_tls":      {},
		"stream_idle_timeout":    {},
		"stream_port":            {},
		"stream_tls_ca":          {},
		"stream_tls_cert":        {},
		"stream_tls_key":         {},
	},
	"crio.runtime": {
		"absent_mount_sources_to_reject":         {},
		"add_inheritable_capabilities":           {since: v1_26},
		"additional_devices":                     {},
		"allowed_devices":                        {},
		"apparmor_profile":                       {},
		"bind_mount_prefix":                      {},
		"blockio_config_file":                    {},
		"blockio_reload":                         {since: v1_29},
		"cdi_spec_dirs":                          {},
		"cgroup_manager":                         {},
		"conmon":                                 {},
		"conmon_cgroup":                          {},
		"conmon_env":                             {},
		"container_attach_socket_dir":            {},
		"container_exits_dir":                    {},
		"ctr_stop_timeout":                       {},
		"decryption_keys_path":                   {},
		"default_capabilities":                   {},
		"default_env":                            {},
		"default_mounts_file":                    {},
		"default_runtime":                        {},
		"default_sysctls":                        {},
		"default_ulimits":                        {},
		"device_ownership_from_security_context": {},
		"disable_hostport_mapping":               {since: v1_28},
		"drop_infra_ctr":                         {},
		"enable_criu_support":                    {since: v1_25},
		"enable_pod_events":                      {since: v1_26},
		"gid_mappings":                           {},
		"hooks_dir":                              {},
		"hostnetwork_disable_selinux":            {since: v1_27},
		"infra_ctr_cpuset":                       {},
		"irqbalance_config_file":                 {},
		"irqbalance_config_restore_file":         {since: v1_27},
		"log_filter":                             {},
		"log_level":                              {},
		"log_size_max":                           {},
		"log_to_journald":                        {},
		"minimum_mappable_gid":                   {},
		"minimum_mappable_uid":                   {},
		"namespaces_dir":                         {},
		"no_pivot":                               {},
		"pids_limit":                             {},
		"pinns_path":                             {},
		"privileged_seccomp_profile":             {since: v1_33},
		"rdt_config_file":                        {},
		"read_only":                              {},
		"runtimes":                               {},
		"seccomp_profile":                        {},
		"seccomp_use_default_when_empty":         {removed: v1_30},
		"selinux":                                {},
		"separate_pull_cgroup":                   {},
		"shared_cpuset":                          {since: v1_29},
		"timezone":                               {since: v1_30},
		"uid_mappings":                           {},
		"workloads":                              {},
	},
	runtimesTable + ".*": {
		"allowed_annotations":             {},
		"container_min_memory":            {since: v1_30},
		"default_annotations":             {since: v1_32},
		"exec_cpu_affinity":               {since: v1_34},
		"inherit_default_runtime":         {since: v1_32},
		"monitor_cgroup":                  {},
		"monitor_env":                     {},
		"monitor_exec_cgroup":             {},
		"monitor_path":                    {},
		"no_sync_log":                     {since: v1_31},
		"platform_runtime_paths":          {since: v1_28},
		"privileged_without_host_devices": {},
		"runtime_config_path":             {},
		"runtime_path":                    {},
		"runtime_pull_image":              {since: v1_29},
		"runtime_root":                    {},
		"runtime_type":                    {},
		"seccomp_profile":                 {since: v1_34},
		"stream_websockets":               {since: v1_34},
	},
	workloadsTable + ".*": {
		"activation_annotation": {},
		"allowed_annotations":   {},
		"annotation_prefix":     {},
		"resources":             {},
	},
	"crio.image": {
		"auto_reload_registries":     {since: v1_30},
		"big_files_temporary_dir":    {},
		"default_transport":          {},
		"global_auth_file":           {},
		"image_volumes":              {},
		"insecure_registries":        {},
		"oci_artifact_mount_support": {since: v1_33},
		"pause_command":              {},
		"pause_image":                {},
		"pause_image_auth_file":      {},
		"pinned_images":              {since: v1_28},
		"pull_progress_timeout":      {since: v1_32},
		"registries":                 {removed: v1_31},
		"short_name_mode":            {since: v1_34},
		"signature_policy":           {},
		"signature_policy_dir":       {since: v1_28},
	},
	"crio.network": {
		"cni_default_network": {},
		"network_dir":         {},
		"plugin_dir":          {},
		"plugin_dirs":         {},
	},
	"crio.metrics": {
		"enable_metrics":     {},
		"metrics_cert":       {},
		"metrics_collectors": {},
		"metrics_host":       {since: v1_30},
		"metrics_key":        {},
		"metrics_port":       {},
		"metrics_socket":     {},
	},
	"crio.tracing": {
		"enable_tracing":                    {},
		"tracing_endpoint":                  {},
		"tracing_sampling_rate_per_million": {},
	},
	"crio.stats": {
		"collection_period":       {since: v1_30},
		"included_pod_metrics":    {since: v1_30},
		"stats_collection_period": {},
	},
	"crio.nri": {
		"default_validator":               {since: v1_34},
		"enable_nri":                      {since: v1_26},
		"nri_config_file":                 {since: v1_26, removed: v1_27},
		"nri_disable_connections":         {since: v1_27},
		"nri_listen":                      {since: v1_26},
		"nri_plugin_config_dir":           {since: v1_27},
		"nri_plugin_dir":                  {since: v1_26},
		"nri_plugin_registration_timeout": {since: v1_27},
		"nri_plugin_request_timeout":      {since: v1_27},
	},
	"crio.nri.default_validator": {
		"nri_enable_default_validator":                            {since: v1_34},
		"nri_validator_reject_custom_seccomp_adjustment":          {since: v1_34},
		"nri_validator_reject_namespace_adjustment":               {since: v1_34},
		"nri_validator_reject_oci_hook_adjustment":                {since: v1_34},
		"nri_validator_reject_runtime_default_seccomp_adjustment": {since: v1_34},
		"nri_validator_reject_unconfined_seccomp_adjustment":      {since: v1_34},
		"nri_validator_required_plugins":                          {since: v1_34},
		"nri_validator_tolerate_missing_plugins_annotation":       {since: v1_34},
	},
}

// deprecation is a key CRI-O's crio.conf(5) calls deprecated, from the
// release whose documentation first says so, with what to use instead.
type deprecation struct {
	since runtime.Version
	use   string
}

// deprecatedKeys are the deprecated keys, by table and key. conmon,
// conmon_cgroup and conmon_env are documented as deprecated since before
// 1.24 too, but they are the only keys that reach the runtimes of other
// drop-ins and every release still applies them, so they are not here.
var deprecatedKeys = map[string]map[string]deprecation{
	"crio": {
		"internal_wipe": {since: v1_24, use: "nothing: CRI-O will always wipe at start (crio.conf(5))"},
	},
	"crio.runtime": {
		"pids_limit":           {since: v1_24, use: "the kubelet's podPidsLimit"},
		"log_size_max":         {since: v1_24, use: "the kubelet's containerLogMaxSize"},
		"seccomp_profile":      {since: v1_28, use: "the kubelet's seccompDefault"},
		"selinux":              {since: v1_30, use: "nothing: CRI-O will follow whether SELinux is enabled on the host"},
		"uid_mappings":         {since: v1_30, use: "Kubernetes user namespaces (hostUsers: false)"},
		"gid_mappings":         {since: v1_30, use: "Kubernetes user namespaces (hostUsers: false)"},
		"minimum_mappable_uid": {since: v1_30, use: "Kubernetes user namespaces (hostUsers: false)"},
		"minimum_mappable_gid": {since: v1_30, use: "Kubernetes user namespaces (hostUsers: false)"},
	},
	"crio.image": {
		"insecure_registries": {since: v1_34, use: "insecure = true in registries.conf (RegistriesConfig)"},
	},
	"crio.network": {
		"plugin_dir": {since: v1_24, use: "plugin_dirs"},
	},
	"crio.stats": {
		"stats_collection_period": {since: v1_30, use: "collection_period"},
	},
}
