package runtime

import "github.com/kubenode/kubenode/runtime/field"

// validateForApply is Plan.Validate plus what Apply and the renderers rely
// on besides: every name in a file's RestartUnits is a unit name, since it
// reaches systemd and, in the shell script, a command line.
func validateForApply(p *Plan) error {
	errs := field.AsList(p.Validate())
	for i, f := range p.Files {
		for j, u := range f.RestartUnits {
			if !validUnitName(u) {
				errs = append(errs, field.Invalid(field.NewPath("files").Index(i).Child("restartUnits").Index(j), u, "not a systemd unit name with a known suffix"))
			}
		}
	}
	return errs.Err()
}
