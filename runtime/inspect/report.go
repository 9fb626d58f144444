package inspect

import (
	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// Report is what one component's inspection found: its problems, the
// release it judged for, and what the checks that span components need to
// know of it.
type Report struct {
	// Version is the release the files were judged for, given or
	// assumed; zero when nothing was judged.
	Version runtime.Version
	// Findings are the problems, in the order they were found.
	Findings []Finding
	// Server is the CRI server the component runs, or nil.
	Server *Server
	// Client is the component as a CRI client (the kubelet, crictl), or
	// nil.
	Client *Client
}

// Add records one problem in file, at the path the problem names (a unit
// path without its file name, which File already says).
func (r *Report) Add(sev Severity, file string, e *field.Error) {
	r.Findings = append(r.Findings, NewFinding(sev, file, e))
}

// AddList records the warnings, then every problem behind err as an
// error, as a validator returns them.
func (r *Report) AddList(file string, warnings field.ErrorList, err error) {
	for _, w := range warnings {
		r.Add(SeverityWarning, file, w)
	}
	r.AddErr(file, err)
}

// AddErr records every problem behind err as an error; an error that is no
// field problem is one for the whole file.
func (r *Report) AddErr(file string, err error) {
	if err == nil {
		return
	}
	list := field.AsList(err)
	if list == nil {
		list = field.ErrorList{field.Invalid(nil, nil, err.Error())}
	}
	for _, e := range list {
		r.Add(SeverityError, file, e)
	}
}

// AddReadErr records that file is there but cannot be read, an error for
// the whole file.
func (r *Report) AddReadErr(file string, err error) {
	r.Add(SeverityError, file, field.Invalid(nil, nil, "cannot read: "+err.Error()))
}

// Assume sets r.Version to v, a release of component chosen because none
// was given, and says so with a warning on file (at p, or the whole file):
// nobody should mistake a judgement for another release for one of theirs.
func (r *Report) Assume(file string, p *field.Path, component string, v runtime.Version, why string) {
	r.Version = v
	r.Add(SeverityWarning, file, field.Required(p, "no "+component+" release given: judged for "+v.String()+", "+why))
}
