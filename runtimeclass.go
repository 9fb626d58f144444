package kubenode

import (
	"path"

	nodev1 "k8s.io/api/node/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubenode/kubenode/internal/yamlenc"
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// RuntimeClassDir is where the plan puts a RuntimeClass manifest for each
// runtime handler that is not the default: files an installer applies to
// the cluster once (kubectl apply -f /etc/kubenode/runtimeclasses/), so
// that pods can name the handler. The kubelet does not read them.
const RuntimeClassDir = "/etc/kubenode/runtimeclasses"

// RuntimeClass is the node.k8s.io/v1 RuntimeClass of a handler, named
// after it.
func RuntimeClass(h runtime.RuntimeHandler) *nodev1.RuntimeClass {
	return &nodev1.RuntimeClass{
		TypeMeta:   metav1.TypeMeta{APIVersion: nodev1.SchemeGroupVersion.String(), Kind: "RuntimeClass"},
		ObjectMeta: metav1.ObjectMeta{Name: h.Name},
		Handler:    h.Name,
	}
}

// runtimeClassInstaller writes the RuntimeClass manifests; nil when no
// handler needs one.
func (d *Node) runtimeClassInstaller() (runtime.Installer, field.ErrorList) {
	var files []runtime.File // a plan only for files: most nodes have none
	for i, h := range d.RuntimeHandlers {
		if h.Default {
			continue // pods without a RuntimeClass run it
		}
		obj, err := yamlenc.PrunedObject(RuntimeClass(h))
		if err == nil {
			var data []byte
			if data, err = yamlenc.EncodeObject(obj); err == nil {
				files = append(files, runtime.File{Path: path.Join(RuntimeClassDir, h.Name+".yaml"), Mode: 0o644, Content: data})
				continue
			}
		}
		return nil, field.ErrorsAt(field.NewPath("runtimeHandlers").Index(i), err)
	}
	if len(files) == 0 {
		return nil, nil
	}
	return planInstaller{name: "runtimeclasses", plan: &runtime.Plan{Files: files}}, nil
}
