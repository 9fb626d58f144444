package main

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
)

// validateBounds checks the bounds Cluster API 1.14's CRD schema puts on
// the fields kubenode writes (the +kubebuilder:validation markers of
// api/bootstrap/kubeadm/v1beta2), which the API server enforces before any
// webhook: list sizes, string lengths, enum values, and unique
// kubeletExtraArgs names.
func validateBounds(c *bootstrapv1.KubeadmConfigSpec, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	maxItems := func(fp *field.Path, n, max int) {
		if n > max {
			errs = append(errs, field.TooMany(fp, n, max))
		}
	}
	length := func(fp *field.Path, s string, min, max int) {
		if len(s) < min || len(s) > max {
			errs = append(errs, field.Invalid(fp, len(s), "length out of the schema's bounds"))
		}
	}
	optional := func(fp *field.Path, s string, max int) {
		if s != "" {
			length(fp, s, 1, max)
		}
	}
	maxItems(p.Child("files"), len(c.Files), 200)
	for i, f := range c.Files {
		fp := p.Child("files").Index(i)
		length(fp.Child("path"), f.Path, 1, 512)
		optional(fp.Child("owner"), f.Owner, 256)
		optional(fp.Child("permissions"), f.Permissions, 16)
		optional(fp.Child("content"), f.Content, 10240)
		switch f.Encoding {
		case "", bootstrapv1.Base64, bootstrapv1.Gzip, bootstrapv1.GzipBase64:
		default:
			errs = append(errs, field.NotSupported(fp.Child("encoding"), f.Encoding, []string{"base64", "gzip", "gzip+base64"}))
		}
		if f.ContentFrom.IsDefined() {
			length(fp.Child("contentFrom", "secret", "name"), f.ContentFrom.Secret.Name, 1, 253)
			length(fp.Child("contentFrom", "secret", "key"), f.ContentFrom.Secret.Key, 1, 256)
		}
	}
	for name, cmds := range map[string][]string{"bootCommands": c.BootCommands, "preKubeadmCommands": c.PreKubeadmCommands, "postKubeadmCommands": c.PostKubeadmCommands} {
		maxItems(p.Child(name), len(cmds), 1000)
		for i, cmd := range cmds {
			length(p.Child(name).Index(i), cmd, 1, 10240)
		}
	}
	check := func(np *field.Path, nr *bootstrapv1.NodeRegistrationOptions) {
		optional(np.Child("name"), nr.Name, 253)
		optional(np.Child("criSocket"), nr.CRISocket, 512)
		if nr.Taints != nil {
			maxItems(np.Child("taints"), len(*nr.Taints), 100)
		}
		maxItems(np.Child("kubeletExtraArgs"), len(nr.KubeletExtraArgs), 100)
		seen := map[string]bool{}
		for i, a := range nr.KubeletExtraArgs {
			ap := np.Child("kubeletExtraArgs").Index(i)
			length(ap.Child("name"), a.Name, 1, 256)
			if a.Value == nil {
				errs = append(errs, field.Required(ap.Child("value"), "required by the schema"))
			} else {
				length(ap.Child("value"), *a.Value, 0, 1024)
			}
			if seen[a.Name] {
				errs = append(errs, field.Duplicate(ap.Child("name"), a.Name))
			}
			seen[a.Name] = true
		}
	}
	if c.InitConfiguration.IsDefined() {
		check(p.Child("initConfiguration", "nodeRegistration"), &c.InitConfiguration.NodeRegistration)
		optional(p.Child("initConfiguration", "patches", "directory"), c.InitConfiguration.Patches.Directory, 512)
	}
	if c.JoinConfiguration.IsDefined() {
		check(p.Child("joinConfiguration", "nodeRegistration"), &c.JoinConfiguration.NodeRegistration)
		optional(p.Child("joinConfiguration", "patches", "directory"), c.JoinConfiguration.Patches.Directory, 512)
	}
	return errs
}
