package main

import (
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
)

// check decodes and validates the stream in path; see the command's doc.
func check(path string) int {
	s, err := readStream(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var errs field.ErrorList
	spec := func(namespace string, c *bootstrapv1.KubeadmConfigSpec, isKCP bool, p *field.Path) {
		errs = append(errs, validateBounds(c, p)...)
		errs = append(errs, validateSpec(c, isKCP, p)...)
		for i, f := range c.Files {
			if !f.ContentFrom.IsDefined() {
				continue
			}
			ref := f.ContentFrom.Secret
			sec := s.secret(namespace, ref.Name)
			fp := p.Child("files").Index(i).Child("contentFrom", "secret")
			switch {
			case sec == nil:
				errs = append(errs, field.NotFound(fp.Child("name"), ref.Name))
			case sec.Data[ref.Key] == nil && sec.StringData[ref.Key] == "":
				errs = append(errs, field.NotFound(fp.Child("key"), ref.Key))
			}
		}
	}
	for _, t := range s.templates {
		p := field.NewPath(t.Kind + "/" + t.Name)
		errs = append(errs, name(p, t.Name)...)
		spec(t.Namespace, &t.Spec.Template.Spec, false, p.Child("spec", "template", "spec"))
		errs = append(errs, t.Spec.Template.ObjectMeta.Validate(p.Child("spec", "template", "metadata"))...)
	}
	for _, k := range s.kcps {
		p := field.NewPath(k.Kind + "/" + k.Name)
		errs = append(errs, name(p, k.Name)...)
		spec(k.Namespace, &k.Spec.KubeadmConfigSpec, true, p.Child("spec", "kubeadmConfigSpec"))
	}
	for _, sec := range s.secrets {
		errs = append(errs, name(field.NewPath("Secret/"+sec.Name), sec.Name)...)
		for k := range sec.Data {
			for _, msg := range validation.IsConfigMapKey(k) {
				errs = append(errs, field.Invalid(field.NewPath("Secret/"+sec.Name, "data").Key(k), k, msg))
			}
		}
	}
	if len(s.templates)+len(s.kcps) == 0 {
		errs = append(errs, field.Required(field.NewPath("stream"), "a KubeadmConfigTemplate or a KubeadmControlPlane"))
	}
	for _, e := range errs {
		fmt.Fprintln(os.Stderr, e)
	}
	if len(errs) > 0 {
		return 1
	}
	fmt.Printf("ok: %d Secrets, %d KubeadmConfigTemplates, %d KubeadmControlPlanes\n", len(s.secrets), len(s.templates), len(s.kcps))
	return 0
}

// name checks an object's name as the API server does.
func name(p *field.Path, n string) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Subdomain(n) {
		errs = append(errs, field.Invalid(p.Child("metadata", "name"), n, msg))
	}
	return errs
}
