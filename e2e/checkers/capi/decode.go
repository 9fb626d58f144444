package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	bootstrapv1beta1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta1"
	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
	controlplanev1beta1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta1"
	controlplanev1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta2"
)

// scheme knows the objects a rendering may hold, in v1beta2 and in
// v1beta1 (still served by Cluster API 1.14, deprecated), with Cluster
// API's own conversions between them.
var scheme = func() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, bootstrapv1.AddToScheme, controlplanev1.AddToScheme,
		bootstrapv1beta1.AddToScheme, controlplanev1beta1.AddToScheme} {
		if err := add(s); err != nil {
			panic(err)
		}
	}
	return s
}()

// strict decodes YAML into the scheme's types and fails on an unknown or
// duplicate field, as the API server's strict field validation does.
var strict = json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme, json.SerializerOptions{Yaml: true, Strict: true})

// stream is what a rendering holds.
type stream struct {
	secrets   []*corev1.Secret
	templates []*bootstrapv1.KubeadmConfigTemplate
	kcps      []*controlplanev1.KubeadmControlPlane
}

// readStream decodes every document of the file strictly.
func readStream(path string) (*stream, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var s stream
	for i := 0; ; i++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		obj, _, err := strict.Decode(doc, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		switch o := obj.(type) {
		case *corev1.Secret:
			s.secrets = append(s.secrets, o)
		case *bootstrapv1.KubeadmConfigTemplate:
			s.templates = append(s.templates, o)
		case *controlplanev1.KubeadmControlPlane:
			s.kcps = append(s.kcps, o)
		// A v1beta1 object is judged as Cluster API stores it: converted
		// to v1beta2 by its conversion functions.
		case *bootstrapv1beta1.KubeadmConfigTemplate:
			var t bootstrapv1.KubeadmConfigTemplate
			if err := scheme.Convert(o, &t, nil); err != nil {
				return nil, fmt.Errorf("document %d: to v1beta2: %w", i, err)
			}
			t.Kind = o.Kind
			s.templates = append(s.templates, &t)
		case *controlplanev1beta1.KubeadmControlPlane:
			var k controlplanev1.KubeadmControlPlane
			if err := scheme.Convert(o, &k, nil); err != nil {
				return nil, fmt.Errorf("document %d: to v1beta2: %w", i, err)
			}
			k.Kind = o.Kind
			s.kcps = append(s.kcps, &k)
		default:
			return nil, fmt.Errorf("document %d: a %T, which a rendering does not hold", i, obj)
		}
	}
	return &s, nil
}

// secret is the Secret of the stream named name in namespace, or nil.
func (s *stream) secret(namespace, name string) *corev1.Secret {
	for _, sec := range s.secrets {
		if sec.Namespace == namespace && sec.Name == name {
			return sec
		}
	}
	return nil
}
