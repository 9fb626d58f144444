package cridockerd

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// dockerAPI142 is the first Docker Engine release serving Docker's API
// 1.42, which cri-dockerd 0.4.0 and 0.4.1 require (their
// libdocker.MinimumDockerAPIVersion); every other release asks for 1.26,
// which each Docker Engine kubenode knows serves.
var dockerAPI142 = runtime.NewVersion(23, 0)

// ValidateDockerVersion checks that cri-dockerd release v works with
// Docker Engine release engine: 0.4.0 and 0.4.1 stop at start ("docker API
// version is older than 1.42.0") on an Engine before 23.0, such as
// Debian 12's 20.10. The problem is at p, with engine as its value.
func ValidateDockerVersion(p *field.Path, v, engine runtime.Version) field.ErrorList {
	if fromMainBranch(v) && engine.Before(dockerAPI142) {
		return field.ErrorList{field.Invalid(p, engine.String(),
			"cri-dockerd "+v.String()+" needs Docker Engine 23.0 or later (Docker's API 1.42) and exits at start on an older one; use 23.0 or later, or cri-dockerd 0.3")}
	}
	return nil
}
