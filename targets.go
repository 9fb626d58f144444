package kubenode

// Targets returns the releases the node's files are written for, with
// every default the Node applies made explicit (the runtime's and
// cri-dockerd's releases among them), so that Lint judges the files as
// written by exactly what Node chose.
func (n *Node) Targets() Targets {
	d := n.withDefaults()
	t := Targets{Kubernetes: d.Kubernetes}
	switch d.Runtime {
	case Containerd:
		t.Containerd = d.RuntimeVersion
	case Docker:
		t.Docker, t.CRIDockerd = d.RuntimeVersion, d.CRIDockerdVersion
	case CRIO:
		t.CRIO = d.RuntimeVersion
	}
	return t
}
