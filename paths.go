package kubenode

import "github.com/kubenode/kubenode/runtime/field"

// The paths of the Node's own fields, built once: a field.Path never
// changes, so one serves every problem at its field, and a valid node
// builds none of them per plan.
var (
	kubernetesPath        = field.NewPath("kubernetes")
	runtimePath           = field.NewPath("runtime")
	runtimeVersionPath    = field.NewPath("runtimeVersion")
	criDockerdVersionPath = field.NewPath("criDockerdVersion")
	cgroupDriverPath      = field.NewPath("cgroupDriver")
	pauseImagePath        = field.NewPath("pauseImage")
	mirrorsPath           = field.NewPath("mirrors")
	binariesPath          = field.NewPath("binaries")
	nodeIPsPath           = field.NewPath("nodeIPs")
	nodeLabelsPath        = field.NewPath("nodeLabels")
	taintsPath            = field.NewPath("taints")
	registriesPath        = field.NewPath("registries")
	dataDirsPath          = field.NewPath("dataDirs")
	runtimeHandlersPath   = field.NewPath("runtimeHandlers")
	// overridesPath is where the node reports what its KubeletConfig edit
	// overrides.
	overridesPath = field.NewPath("kubeletConfig")
)
