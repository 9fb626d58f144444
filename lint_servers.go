package kubenode

import (
	"strings"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// located is a value and where the node sets it; file "" means nothing on
// the node sets it and the value is the program's default.
type located struct {
	value string
	file  string
	path  *field.Path
}

// where names the place for a message: "FILE: PATH", "FILE" or "its
// default".
func (v located) where() string {
	switch {
	case v.file == "":
		return "its default"
	case v.path == nil:
		return v.file
	}
	return v.file + ": " + displayPath(v.path)
}

// at returns the file and path to report a problem of v at; a value the
// node does not set is reported on the fallback file as a whole.
func (v located) at(fallback string) (string, *field.Path) {
	if v.file == "" {
		return fallback, nil
	}
	return v.file, v.path
}

// criServer is a container runtime on the node that serves CRI.
type criServer struct {
	// name is containerd, cri-dockerd or CRI-O.
	name string
	// unit is the unit that runs it.
	unit string
	// endpoints are the unix:// endpoints it serves CRI on.
	endpoints []located
	// driver is the cgroup driver it uses; value "" when the node leaves
	// it to the host (Docker's default depends on the cgroup version).
	driver located
	// pause is the pause image it pins; value "" when left to its default.
	pause located
	// reports is whether it tells the kubelet its cgroup driver over CRI
	// (the RuntimeConfig call), and why not when it does not.
	reports    bool
	notReports string
	// config is the file that says most about it (its configuration file,
	// else its unit), where a problem of the runtime as a whole goes.
	config string
	// version is its target release, and whether it was given.
	version runtime.Version
	given   bool
	// withheld are its component's problems that matter only when the
	// kubelet talks to it (containerd's CRI plugin disabled, on a node
	// whose kubelet uses Docker).
	withheld []Finding
	// noCRI is why it serves no CRI at all, or "".
	noCRI string
}

// flagValue returns the value of the last --name=value or --name value in
// args.
func flagValue(args []string, name string) string {
	vs := flagValues(args, name)
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

func flagValues(args []string, name string) []string {
	var out []string
	for i, a := range args {
		switch {
		case strings.HasPrefix(a, name+"="):
			out = append(out, a[len(name)+1:])
		case a == name && i+1 < len(args):
			out = append(out, args[i+1])
		}
	}
	return out
}

// unitFile is the node path of a unit's file, or "" for none.
func unitFile(u *nodeUnit) string {
	if u == nil {
		return ""
	}
	return u.file
}
