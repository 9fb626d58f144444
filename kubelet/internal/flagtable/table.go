package flagtable

import (
	"maps"
	"slices"

	"github.com/kubenode/kubenode/runtime"
)

// Spec is what kubenode knows of one kubelet flag across the releases it
// supports.
type Spec struct {
	// Lifecycle has the releases that have the flag (zero Since: 1.24 or
	// earlier; zero Removed: the 1.37 kubelet still has it) and those that
	// mark it deprecated: the kubelet prints a warning and still obeys it.
	runtime.Lifecycle
	// ConfigKey is the KubeletConfiguration key that replaces the flag.
	ConfigKey string
	// Boolean flags may stand alone (--fail-swap-on means true).
	Boolean bool
	// Instead says what to use instead, for removed and deprecated flags.
	Instead string
}

func v1(minor int) runtime.Version { return runtime.NewVersion(1, minor) }

// configFlags are the flags the kubelet registers for KubeletConfiguration
// fields, with the key each sets. The kubelet marks all of them deprecated
// ("This parameter should be set via the config file specified by the
// Kubelet's --config flag"), except those in notDeprecatedConfigFlags.
//
// Confirmed against AddKubeletConfigFlags in cmd/kubelet/app/options of
// k8s.io/kubernetes v1.23.17 to v1.37.2 (flag names and fields), the keys
// against k8s.io/kubelet/config/v1beta1 v0.37.2, and the whole list against
// the 1.37.2 kubelet's own flag set (e2e/kubelet).
var configFlags = map[string]string{
	"address":                                      "address",
	"allowed-unsafe-sysctls":                       "allowedUnsafeSysctls",
	"anonymous-auth":                               "authentication.anonymous.enabled",
	"authentication-token-webhook":                 "authentication.webhook.enabled",
	"authentication-token-webhook-cache-ttl":       "authentication.webhook.cacheTTL",
	"authorization-mode":                           "authorization.mode",
	"authorization-webhook-cache-authorized-ttl":   "authorization.webhook.cacheAuthorizedTTL",
	"authorization-webhook-cache-unauthorized-ttl": "authorization.webhook.cacheUnauthorizedTTL",
	"cgroup-driver":                                "cgroupDriver",
	"cgroup-root":                                  "cgroupRoot",
	"cgroups-per-qos":                              "cgroupsPerQOS",
	"client-ca-file":                               "authentication.x509.clientCAFile",
	"cluster-dns":                                  "clusterDNS",
	"cluster-domain":                               "clusterDomain",
	"container-log-max-files":                      "containerLogMaxFiles",
	"container-log-max-size":                       "containerLogMaxSize",
	"container-runtime-endpoint":                   "containerRuntimeEndpoint",
	"contention-profiling":                         "enableContentionProfiling",
	"cpu-cfs-quota":                                "cpuCFSQuota",
	"cpu-cfs-quota-period":                         "cpuCFSQuotaPeriod",
	"cpu-manager-policy":                           "cpuManagerPolicy",
	"cpu-manager-policy-options":                   "cpuManagerPolicyOptions",
	"cpu-manager-reconcile-period":                 "cpuManagerReconcilePeriod",
	"enable-controller-attach-detach":              "enableControllerAttachDetach",
	"enable-debugging-handlers":                    "enableDebuggingHandlers",
	"enable-server":                                "enableServer",
	"enforce-node-allocatable":                     "enforceNodeAllocatable",
	"event-burst":                                  "eventBurst",
	"event-qps":                                    "eventRecordQPS",
	"eviction-hard":                                "evictionHard",
	"eviction-max-pod-grace-period":                "evictionMaxPodGracePeriod",
	"eviction-minimum-reclaim":                     "evictionMinimumReclaim",
	"eviction-pressure-transition-period":          "evictionPressureTransitionPeriod",
	"eviction-soft":                                "evictionSoft",
	"eviction-soft-grace-period":                   "evictionSoftGracePeriod",
	"fail-cgroupv1":                                "failCgroupV1",
	"fail-swap-on":                                 "failSwapOn",
	"feature-gates":                                "featureGates",
	"file-check-frequency":                         "fileCheckFrequency",
	"hairpin-mode":                                 "hairpinMode",
	"healthz-bind-address":                         "healthzBindAddress",
	"healthz-port":                                 "healthzPort",
	"http-check-frequency":                         "httpCheckFrequency",
	"image-gc-high-threshold":                      "imageGCHighThresholdPercent",
	"image-gc-low-threshold":                       "imageGCLowThresholdPercent",
	"image-service-endpoint":                       "imageServiceEndpoint",
	"iptables-drop-bit":                            "iptablesDropBit",
	"iptables-masquerade-bit":                      "iptablesMasqueradeBit",
	"kernel-memcg-notification":                    "kernelMemcgNotification",
	"kube-api-burst":                               "kubeAPIBurst",
	"kube-api-content-type":                        "contentType",
	"kube-api-qps":                                 "kubeAPIQPS",
	"kube-reserved":                                "kubeReserved",
	"kube-reserved-cgroup":                         "kubeReservedCgroup",
	"kubelet-cgroups":                              "kubeletCgroups",
	"local-storage-capacity-isolation":             "localStorageCapacityIsolation",
	"log-flush-frequency":                          "logging.flushFrequency",
	"log-json-info-buffer-size":                    "logging.options.json.infoBufferSize",
	"log-json-split-stream":                        "logging.options.json.splitStream",
	"log-text-info-buffer-size":                    "logging.options.text.infoBufferSize",
	"log-text-split-stream":                        "logging.options.text.splitStream",
	"logging-format":                               "logging.format",
	"make-iptables-util-chains":                    "makeIPTablesUtilChains",
	"manifest-url":                                 "staticPodURL",
	"manifest-url-header":                          "staticPodURLHeader",
	"max-open-files":                               "maxOpenFiles",
	"max-pods":                                     "maxPods",
	"memory-manager-policy":                        "memoryManagerPolicy",
	"minimum-image-ttl-duration":                   "imageMinimumGCAge",
	"node-status-max-images":                       "nodeStatusMaxImages",
	"node-status-update-frequency":                 "nodeStatusUpdateFrequency",
	"oom-score-adj":                                "oomScoreAdj",
	"pod-cidr":                                     "podCIDR",
	"pod-manifest-path":                            "staticPodPath",
	"pod-max-pids":                                 "podPidsLimit",
	"pods-per-core":                                "podsPerCore",
	"port":                                         "port",
	"protect-kernel-defaults":                      "protectKernelDefaults",
	"provider-id":                                  "providerID",
	"qos-reserved":                                 "qosReserved",
	"read-only-port":                               "readOnlyPort",
	"register-node":                                "registerNode",
	"register-with-taints":                         "registerWithTaints",
	"registry-burst":                               "registryBurst",
	"registry-qps":                                 "registryPullQPS",
	"reserved-cpus":                                "reservedSystemCPUs",
	"reserved-memory":                              "reservedMemory",
	"resolv-conf":                                  "resolvConf",
	"rotate-certificates":                          "rotateCertificates",
	"rotate-server-certificates":                   "serverTLSBootstrap",
	"runonce":                                      "runOnce",
	"runtime-request-timeout":                      "runtimeRequestTimeout",
	"serialize-image-pulls":                        "serializeImagePulls",
	"streaming-connection-idle-timeout":            "streamingConnectionIdleTimeout",
	"sync-frequency":                               "syncFrequency",
	"system-cgroups":                               "systemCgroups",
	"system-reserved":                              "systemReserved",
	"system-reserved-cgroup":                       "systemReservedCgroup",
	"tls-cert-file":                                "tlsCertFile",
	"tls-cipher-suites":                            "tlsCipherSuites",
	"tls-min-version":                              "tlsMinVersion",
	"tls-private-key-file":                         "tlsPrivateKeyFile",
	"topology-manager-policy":                      "topologyManagerPolicy",
	"topology-manager-policy-options":              "topologyManagerPolicyOptions",
	"topology-manager-scope":                       "topologyManagerScope",
	"v":                                            "logging.verbosity",
	"vmodule":                                      "logging.vmodule",
	"volume-plugin-dir":                            "volumePluginDir",
	"volume-stats-agg-period":                      "volumeStatsAggPeriod",
}

// notDeprecatedConfigFlags are config flags the kubelet keeps undeprecated
// (the notDeprecated set of AddKubeletConfigFlags, 1.37.2).
var notDeprecatedConfigFlags = map[string]bool{
	"v": true, "vmodule": true, "log-flush-frequency": true, "provider-id": true, "fail-cgroupv1": true,
}

// flagTable holds every other flag kubenode knows: the 1.37 kubelet's own
// flags that are not config flags, and every flag removed between 1.24 and
// 1.37 (plus a few removed earlier that old guides still use).
var flagTable = map[string]Spec{
	// Node flags with no config key (KubeletFlags.AddFlags, 1.24.17-1.37.2).
	"bootstrap-kubeconfig": {},
	"cert-dir":             {},
	// --cloud-provider is marked deprecated from 1.23.17 to 1.28.15 and no
	// longer in 1.29.6 or 1.29.15 (options.go, which from 1.29 documents
	// "external"); it was never replaced: it is still the only way to
	// name an external cloud provider. In-tree providers are refused from
	// 1.29 (checked in Validate and by the Installer).
	"cloud-provider": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Undeprecated: v1(29)},
		Instead: `"external" with a cloud controller manager (no other setting names it; the 1.29 kubelet lifts the deprecation)`},
	"config":                            {},
	"config-dir":                        {Lifecycle: runtime.Lifecycle{Since: v1(28)}},
	"exit-on-lock-contention":           {Boolean: true},
	"hostname-override":                 {},
	"image-credential-provider-bin-dir": {},
	"image-credential-provider-config":  {},
	"kubeconfig":                        {},
	"lock-file":                         {},
	"node-ip":                           {},
	"node-labels":                       {},
	"root-dir":                          {},
	"runtime-cgroups":                   {},
	"seccomp-default":                   {Boolean: true},
	// Deprecated without a config key, still in 1.37.2.
	"experimental-allocatable-ignore-eviction": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23)}, Boolean: true, Instead: "no replacement"},
	"experimental-mounter-path":                {Lifecycle: runtime.Lifecycle{Deprecated: v1(23)}, Instead: "CSI drivers"},
	"maximum-dead-containers":                  {Lifecycle: runtime.Lifecycle{Deprecated: v1(23)}, Instead: "evictionHard or evictionSoft"},
	"maximum-dead-containers-per-container":    {Lifecycle: runtime.Lifecycle{Deprecated: v1(23)}, Instead: "evictionHard or evictionSoft"},
	"minimum-container-ttl-duration":           {Lifecycle: runtime.Lifecycle{Deprecated: v1(23)}, Instead: "evictionHard or evictionSoft"},
	// Global flags (AddGlobalFlags, 1.37.2).
	"housekeeping-interval": {},
	"version":               {Boolean: true},
	"help":                  {Boolean: true},

	// Removed in 1.24 with dockershim: in 1.23.17 (cmd/kubelet/app/options
	// container_runtime.go, pkg/kubelet/config/flags.go), not in 1.24.17.
	// cri-dockerd has most of them now.
	"cni-bin-dir":        {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Instead: "cri-dockerd's --cni-bin-dir, or the runtime's CNI config"},
	"cni-cache-dir":      {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Instead: "cri-dockerd's --cni-cache-dir"},
	"cni-conf-dir":       {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Instead: "cri-dockerd's --cni-conf-dir, or the runtime's CNI config"},
	"docker-endpoint":    {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Instead: "cri-dockerd's --docker-endpoint"},
	"dynamic-config-dir": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Instead: "a config file or --config-dir"},
	"experimental-check-node-capabilities-before-mount": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Boolean: true, Instead: "CSI drivers"},
	"experimental-dockershim-root-directory":            {Lifecycle: runtime.Lifecycle{Removed: v1(24)}, Instead: "cri-dockerd's --cri-dockerd-root-directory"},
	"image-pull-progress-deadline":                      {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Instead: "cri-dockerd's --image-pull-progress-deadline"},
	"network-plugin":                                    {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Instead: "cri-dockerd's --network-plugin=cni; containerd and CRI-O read CNI config themselves"},
	"network-plugin-mtu":                                {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Instead: "cri-dockerd's --network-plugin-mtu"},
	"non-masquerade-cidr":                               {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Instead: "the CNI plugin's masquerade settings"},
	"really-crash-for-testing":                          {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(24)}, Boolean: true, Instead: "no replacement"},
	// cadvisor's docker flags, in 1.23.17's globalflags_linux.go, not in
	// 1.24.17's.
	"docker":                        {Lifecycle: runtime.Lifecycle{Removed: v1(24)}, Instead: "no replacement"},
	"docker-env-metadata-whitelist": {Lifecycle: runtime.Lifecycle{Removed: v1(24)}, Instead: "no replacement"},
	"docker-only":                   {Lifecycle: runtime.Lifecycle{Removed: v1(24)}, Boolean: true, Instead: "no replacement"},
	"docker-root":                   {Lifecycle: runtime.Lifecycle{Removed: v1(24)}, Instead: "no replacement"},
	"docker-tls":                    {Lifecycle: runtime.Lifecycle{Removed: v1(24)}, Boolean: true, Instead: "no replacement"},
	"docker-tls-ca":                 {Lifecycle: runtime.Lifecycle{Removed: v1(24)}, Instead: "no replacement"},
	"docker-tls-cert":               {Lifecycle: runtime.Lifecycle{Removed: v1(24)}, Instead: "no replacement"},
	"docker-tls-key":                {Lifecycle: runtime.Lifecycle{Removed: v1(24)}, Instead: "no replacement"},
	// Gone before 1.24: in 1.11.10's pkg/kubelet/config/flags.go, not in
	// 1.12.10's; still seen in old guides.
	"docker-disable-shared-pid": {Lifecycle: runtime.Lifecycle{Removed: v1(12)}, Boolean: true, Instead: "shareProcessNamespace in the pod spec"},

	// Removed in 1.25: in 1.24.17, not in 1.25.16.
	"experimental-kernel-memcg-notification": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(25)}, Boolean: true, Instead: "kernelMemcgNotification in the config file"},

	// klog's own flags: deprecated in component-base v0.24/v0.25 (logs.go,
	// KEP-2845), gone in v0.26.15, so the 1.26 kubelet stops at them.
	"add-dir-header":    {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Boolean: true, Instead: "logging in the config file"},
	"alsologtostderr":   {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Boolean: true, Instead: "logging in the config file"},
	"log-backtrace-at":  {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Instead: "logging in the config file"},
	"log-dir":           {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Instead: "journald (the kubelet logs to stderr)"},
	"log-file":          {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Instead: "journald (the kubelet logs to stderr)"},
	"log-file-max-size": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Instead: "journald (the kubelet logs to stderr)"},
	"logtostderr":       {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Boolean: true, Instead: "nothing: the kubelet logs to stderr"},
	"one-output":        {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Boolean: true, Instead: "logging in the config file"},
	"skip-headers":      {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Boolean: true, Instead: "logging in the config file"},
	"skip-log-headers":  {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Boolean: true, Instead: "logging in the config file"},
	"stderrthreshold":   {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(26)}, Instead: "logging in the config file"},

	// Removed in 1.27: in 1.26.15, not in 1.27.16. --container-runtime had
	// only "remote" left since 1.24.
	"container-runtime":        {Lifecycle: runtime.Lifecycle{Deprecated: v1(24), Removed: v1(27)}, Instead: "--container-runtime-endpoint (containerRuntimeEndpoint in the config file from 1.27)"},
	"master-service-namespace": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(27)}, Instead: "no replacement"},

	// Removed in 1.30: in 1.29.6's globalflags_providers.go, not in 1.30.14.
	"azure-container-registry-config": {Lifecycle: runtime.Lifecycle{Since: v1(28), Deprecated: v1(28), Removed: v1(30)}, Instead: "a kubelet image credential provider"},

	// Removed in 1.31: in 1.30.14, not in 1.31.14.
	"iptables-drop-bit":           {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(31)}, Instead: "no replacement: the kubelet no longer sets up these iptables rules"},
	"iptables-masquerade-bit":     {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(31)}, Instead: "no replacement: the kubelet no longer sets up these iptables rules"},
	"keep-terminated-pod-volumes": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(31)}, Boolean: true, Instead: "no replacement"},

	// Removed in 1.34: in 1.33.13, not in 1.34.4.
	"cloud-config":         {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(34)}, Instead: "the external cloud controller manager's config"},
	"register-schedulable": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(34)}, Boolean: true, Instead: "registerWithTaints with node.kubernetes.io/unschedulable:NoSchedule"},

	// Removed in 1.35: in 1.34.4 (container_runtime.go), not in 1.35.4.
	"pod-infra-container-image": {Lifecycle: runtime.Lifecycle{Deprecated: v1(24), Removed: v1(35)}, Instead: "the runtime's sandbox (pause) image setting"},

	// cadvisor flags the kubelet registered by mistake, deprecated in
	// 1.23.17's globalflags_linux.go and still there in 1.36.3's, gone in
	// 1.37.2's.
	"application-metrics-count-limit": {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"boot-id-file":                    {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"container-hints":                 {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"containerd":                      {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "--container-runtime-endpoint"},
	"containerd-namespace":            {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"enable-load-reader":              {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Boolean: true, Instead: "no replacement"},
	"event-storage-age-limit":         {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"event-storage-event-limit":       {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"global-housekeeping-interval":    {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"log-cadvisor-usage":              {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Boolean: true, Instead: "no replacement"},
	"machine-id-file":                 {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"storage-driver-buffer-duration":  {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"storage-driver-db":               {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"storage-driver-host":             {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"storage-driver-password":         {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"storage-driver-secure":           {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Boolean: true, Instead: "no replacement"},
	"storage-driver-table":            {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
	"storage-driver-user":             {Lifecycle: runtime.Lifecycle{Deprecated: v1(23), Removed: v1(37)}, Instead: "no replacement"},
}

// configFlagSince records config flags added after 1.24, and when the
// endpoint flags moved into the config (they were plain flags before 1.27).
var configFlagSince = map[string]runtime.Version{
	"local-storage-capacity-isolation": v1(25), // 1.25.16
	"topology-manager-policy-options":  v1(26), // 1.26.15
	"log-text-info-buffer-size":        v1(30), // component-base v0.30.14
	"log-text-split-stream":            v1(30), // component-base v0.30.14
	"fail-cgroupv1":                    v1(31), // 1.31.14
}

// configFlagRemoved records config flags that are gone.
var configFlagRemoved = map[string]runtime.Version{
	"iptables-drop-bit":       v1(31),
	"iptables-masquerade-bit": v1(31),
}

// boolConfigFlags are the config flags that may stand alone.
var boolConfigFlags = map[string]bool{
	"anonymous-auth": true, "authentication-token-webhook": true, "cgroups-per-qos": true,
	"contention-profiling": true, "cpu-cfs-quota": true, "enable-controller-attach-detach": true,
	"enable-debugging-handlers": true, "enable-server": true, "fail-cgroupv1": true, "fail-swap-on": true,
	"kernel-memcg-notification": true, "local-storage-capacity-isolation": true,
	"log-json-split-stream": true, "log-text-split-stream": true, "make-iptables-util-chains": true,
	"protect-kernel-defaults": true, "register-node": true, "rotate-certificates": true,
	"rotate-server-certificates": true, "runonce": true, "serialize-image-pulls": true,
}

// Lookup returns what kubenode knows of a flag (a name without dashes,
// normalized: "-" between words), and whether it knows it at all.
func Lookup(name string) (Spec, bool) {
	if key, ok := configFlags[name]; ok {
		s := Spec{Lifecycle: runtime.Lifecycle{Since: configFlagSince[name], Removed: configFlagRemoved[name]},
			ConfigKey: key, Boolean: boolConfigFlags[name]}
		switch {
		case notDeprecatedConfigFlags[name]:
		case name == "container-runtime-endpoint" || name == "image-service-endpoint":
			// Plain flags until 1.26.15; config flags from 1.27.16 on.
			s.Deprecated = v1(27)
		case !s.Since.IsZero():
			s.Deprecated = s.Since // deprecated on creation
		default:
			s.Deprecated = v1(23)
		}
		return s, true
	}
	s, ok := flagTable[name]
	return s, ok
}

// Names returns the name of every flag Lookup knows, sorted.
func Names() []string {
	names := slices.Concat(slices.Collect(maps.Keys(configFlags)), slices.Collect(maps.Keys(flagTable)))
	slices.Sort(names)
	return slices.Compact(names)
}
