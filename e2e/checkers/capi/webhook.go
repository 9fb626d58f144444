package main

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"
	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
)

// validateSpec runs the checks Cluster API 1.14's KubeadmConfig and
// KubeadmConfigTemplate validating webhooks run on a KubeadmConfigSpec
// (bootstrap/kubeadm/webhooks/admission, Validate), rewritten here from
// reading them, since their module needs controller-runtime: a file has
// content or contentFrom, not both; contentFrom.secret names a name and a
// key; each path is unique; a user's passwd and passwdFrom likewise; the
// Ignition format and fields only where that feature gate is on (off by
// default, so refused); disk layouts add up to 100% at most; a discovery
// kubeconfig has authProvider or exec, not both; and, in a
// KubeadmControlPlane, the same control-plane health check timeout in
// initConfiguration and joinConfiguration.
func validateSpec(c *bootstrapv1.KubeadmConfigSpec, isKCP bool, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	known := map[string]bool{}
	for i, f := range c.Files {
		fp := p.Child("files").Index(i)
		if f.Content != "" && f.ContentFrom.IsDefined() {
			errs = append(errs, field.Invalid(fp, f.Path, "only one of content or contentFrom may be specified for a single file"))
		}
		if f.ContentFrom.IsDefined() {
			if f.ContentFrom.Secret.Name == "" {
				errs = append(errs, field.Required(fp.Child("contentFrom", "secret", "name"), "secret file source must specify non-empty secret name"))
			}
			if f.ContentFrom.Secret.Key == "" {
				errs = append(errs, field.Required(fp.Child("contentFrom", "secret", "key"), "secret file source must specify non-empty secret key"))
			}
		}
		if known[f.Path] {
			errs = append(errs, field.Invalid(fp.Child("path"), f.Path, "path property must be unique among all files"))
		}
		known[f.Path] = true
	}
	for i, u := range c.Users {
		up := p.Child("users").Index(i)
		if u.Passwd != "" && u.PasswdFrom.IsDefined() {
			errs = append(errs, field.Invalid(up, u.Name, "only one of passwd or passwdFrom may be specified for a single user"))
		}
		if u.PasswdFrom.IsDefined() {
			if u.PasswdFrom.Secret.Name == "" {
				errs = append(errs, field.Required(up.Child("passwdFrom", "secret", "name"), "secret file source must specify non-empty secret name"))
			}
			if u.PasswdFrom.Secret.Key == "" {
				errs = append(errs, field.Required(up.Child("passwdFrom", "secret", "key"), "secret file source must specify non-empty secret key"))
			}
		}
	}
	// The KubeadmBootstrapFormatIgnition feature gate is off by default.
	if c.Format == bootstrapv1.Ignition {
		errs = append(errs, field.Forbidden(p.Child("format"), "can be set only if the KubeadmBootstrapFormatIgnition feature gate is enabled"))
	}
	if c.Ignition.IsDefined() {
		errs = append(errs, field.Forbidden(p.Child("ignition"), "can be set only if the KubeadmBootstrapFormatIgnition feature gate is enabled"))
	}
	for i, part := range c.DiskSetup.Partitions {
		var total int32
		for _, l := range part.DiskLayout {
			total += l.Percentage
		}
		if total > 100 {
			errs = append(errs, field.Invalid(p.Child("diskSetup", "partitions").Index(i).Child("diskLayout"), total, "the sum of all partition percentages must not be greater than 100"))
		}
	}
	if c.JoinConfiguration.IsDefined() {
		u := c.JoinConfiguration.Discovery.File.KubeConfig.User
		if u.AuthProvider.IsDefined() && u.Exec.IsDefined() {
			errs = append(errs, field.Invalid(p.Child("joinConfiguration", "discovery", "file", "kubeconfig", "user"), "", "only one of authProvider or exec must be defined"))
		}
	}
	if isKCP {
		seconds := func(v *int32) string {
			if v == nil {
				return "unset"
			}
			return fmt.Sprint(*v)
		}
		ti := seconds(c.InitConfiguration.Timeouts.ControlPlaneComponentHealthCheckSeconds)
		tj := seconds(c.JoinConfiguration.Timeouts.ControlPlaneComponentHealthCheckSeconds)
		if ti != tj {
			errs = append(errs, field.Invalid(p.Child("initConfiguration", "timeouts", "controlPlaneComponentHealthCheckSeconds"), ti, "must equal joinConfiguration's"))
		}
	}
	return errs
}
