package crio

import "github.com/kubenode/kubenode/runtime"

// Tables whose keys are names the user chooses: a runtime handler or a
// workload. knownKeys lists the keys inside each such table under the
// name "*".
const (
	runtimesTable  = "crio.runtime.runtimes"
	workloadsTable = "crio.runtime.workloads"
)

// knownTables are the tables under [crio] that CRI-O decodes, by dotted
// name, with the releases that know them.
var knownTables = map[string]runtime.Lifecycle{
	"crio.api":                   {},
	"crio.runtime":               {},
	"crio.image":                 {},
	"crio.network":               {},
	"crio.metrics":               {},
	"crio.tracing":               {},
	"crio.stats":                 {},
	"crio.nri":                   {Since: v1_26},
	"crio.nri.default_validator": {Since: v1_34},
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
// tag v1.24.0 to v1.34.0, with the releases that read them (zero Since:
// 1.24 or earlier; zero Removed: 1.34 still reads it) and the release whose
// crio.conf(5) first calls them deprecated. A key it does not know is
// ignored silently.
var knownKeys = map[string]map[string]runtime.Lifecycle{
	"crio": {
		"clean_shutdown_file":  {},
		"imagestore":           {Since: v1_29},
		"internal_repair":      {Since: v1_28},
		"internal_wipe":        {Deprecated: v1_24},
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
		"add_inheritable_capabilities":           {Since: v1_26},
		"additional_devices":                     {},
		"allowed_devices":                        {},
		"apparmor_profile":                       {},
		"bind_mount_prefix":                      {},
		"blockio_config_file":                    {},
		"blockio_reload":                         {Since: v1_29},
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
		"disable_hostport_mapping":               {Since: v1_28},
		"drop_infra_ctr":                         {},
		"enable_criu_support":                    {Since: v1_25},
		"enable_pod_events":                      {Since: v1_26},
		"gid_mappings":                           {Deprecated: v1_30},
		"hooks_dir":                              {},
		"hostnetwork_disable_selinux":            {Since: v1_27},
		"infra_ctr_cpuset":                       {},
		"irqbalance_config_file":                 {},
		"irqbalance_config_restore_file":         {Since: v1_27},
		"log_filter":                             {},
		"log_level":                              {},
		"log_size_max":                           {Deprecated: v1_24},
		"log_to_journald":                        {},
		"minimum_mappable_gid":                   {Deprecated: v1_30},
		"minimum_mappable_uid":                   {Deprecated: v1_30},
		"namespaces_dir":                         {},
		"no_pivot":                               {},
		"pids_limit":                             {Deprecated: v1_24},
		"pinns_path":                             {},
		"privileged_seccomp_profile":             {Since: v1_33},
		"rdt_config_file":                        {},
		"read_only":                              {},
		"runtimes":                               {},
		"seccomp_profile":                        {Deprecated: v1_28},
		"seccomp_use_default_when_empty":         {Removed: v1_30},
		"selinux":                                {Deprecated: v1_30},
		"separate_pull_cgroup":                   {},
		"shared_cpuset":                          {Since: v1_29},
		"timezone":                               {Since: v1_30},
		"uid_mappings":                           {Deprecated: v1_30},
		"workloads":                              {},
	},
	runtimesTable + ".*": {
		"allowed_annotations":             {},
		"container_min_memory":            {Since: v1_30},
		"default_annotations":             {Since: v1_32},
		"exec_cpu_affinity":               {Since: v1_34},
		"inherit_default_runtime":         {Since: v1_32},
		"monitor_cgroup":                  {},
		"monitor_env":                     {},
		"monitor_exec_cgroup":             {},
		"monitor_path":                    {},
		"no_sync_log":                     {Since: v1_31},
		"platform_runtime_paths":          {Since: v1_28},
		"privileged_without_host_devices": {},
		"runtime_config_path":             {},
		"runtime_path":                    {},
		"runtime_pull_image":              {Since: v1_29},
		"runtime_root":                    {},
		"runtime_type":                    {},
		"seccomp_profile":                 {Since: v1_34},
		"stream_websockets":               {Since: v1_34},
	},
	workloadsTable + ".*": {
		"activation_annotation": {},
		"allowed_annotations":   {},
		"annotation_prefix":     {},
		"resources":             {},
	},
	"crio.image": {
		"auto_reload_registries":     {Since: v1_30},
		"big_files_temporary_dir":    {},
		"default_transport":          {},
		"global_auth_file":           {},
		"image_volumes":              {},
		"insecure_registries":        {Deprecated: v1_34},
		"oci_artifact_mount_support": {Since: v1_33},
		"pause_command":              {},
		"pause_image":                {},
		"pause_image_auth_file":      {},
		"pinned_images":              {Since: v1_28},
		"pull_progress_timeout":      {Since: v1_32},
		"registries":                 {Removed: v1_31},
		"short_name_mode":            {Since: v1_34},
		"signature_policy":           {},
		"signature_policy_dir":       {Since: v1_28},
	},
	"crio.network": {
		"cni_default_network": {},
		"network_dir":         {},
		"plugin_dir":          {Deprecated: v1_24},
		"plugin_dirs":         {},
	},
	"crio.metrics": {
		"enable_metrics":     {},
		"metrics_cert":       {},
		"metrics_collectors": {},
		"metrics_host":       {Since: v1_30},
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
		"collection_period":       {Since: v1_30},
		"included_pod_metrics":    {Since: v1_30},
		"stats_collection_period": {Deprecated: v1_30},
	},
	"crio.nri": {
		"default_validator":               {Since: v1_34},
		"enable_nri":                      {Since: v1_26},
		"nri_config_file":                 {Since: v1_26, Removed: v1_27},
		"nri_disable_connections":         {Since: v1_27},
		"nri_listen":                      {Since: v1_26},
		"nri_plugin_config_dir":           {Since: v1_27},
		"nri_plugin_dir":                  {Since: v1_26},
		"nri_plugin_registration_timeout": {Since: v1_27},
		"nri_plugin_request_timeout":      {Since: v1_27},
	},
	"crio.nri.default_validator": {
		"nri_enable_default_validator":                            {Since: v1_34},
		"nri_validator_reject_custom_seccomp_adjustment":          {Since: v1_34},
		"nri_validator_reject_namespace_adjustment":               {Since: v1_34},
		"nri_validator_reject_oci_hook_adjustment":                {Since: v1_34},
		"nri_validator_reject_runtime_default_seccomp_adjustment": {Since: v1_34},
		"nri_validator_reject_unconfined_seccomp_adjustment":      {Since: v1_34},
		"nri_validator_required_plugins":                          {Since: v1_34},
		"nri_validator_tolerate_missing_plugins_annotation":       {Since: v1_34},
	},
}

// deprecatedUse says, by table and key, what to use instead of each key
// knownKeys marks Deprecated. conmon, conmon_cgroup and conmon_env are
// documented as deprecated since before 1.24 too, but they are the only
// keys that reach the runtimes of other drop-ins and every release still
// applies them, so they are not marked.
var deprecatedUse = map[string]map[string]string{
	"crio": {
		"internal_wipe": "nothing: CRI-O will always wipe at start (crio.conf(5))",
	},
	"crio.runtime": {
		"pids_limit":           "the kubelet's podPidsLimit",
		"log_size_max":         "the kubelet's containerLogMaxSize",
		"seccomp_profile":      "the kubelet's seccompDefault",
		"selinux":              "nothing: CRI-O will follow whether SELinux is enabled on the host",
		"uid_mappings":         "Kubernetes user namespaces (hostUsers: false)",
		"gid_mappings":         "Kubernetes user namespaces (hostUsers: false)",
		"minimum_mappable_uid": "Kubernetes user namespaces (hostUsers: false)",
		"minimum_mappable_gid": "Kubernetes user namespaces (hostUsers: false)",
	},
	"crio.image": {
		"insecure_registries": "insecure = true in registries.conf (RegistriesConfig)",
	},
	"crio.network": {
		"plugin_dir": "plugin_dirs",
	},
	"crio.stats": {
		"stats_collection_period": "collection_period",
	},
}
