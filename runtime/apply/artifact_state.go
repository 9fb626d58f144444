package apply

import (
	"path/filepath"

	"github.com/kubenode/kubenode/runtime"
	"github.com/kubenode/kubenode/runtime/field"
)

// artifactState is one plan artifact during an Apply.
type artifactState struct {
	a runtime.Artifact
	// sha is the digest the file must have; file its verified copy in the
	// cache, relative to the root ("" in a dry run without it); source is
	// "cache" or "download" once file is set.
	sha, file, source string
	members           []*memberTarget
	// rec is the file's cache record; recChanged says it learned something
	// to save.
	rec        cacheRecord
	recChanged bool
}

// memberTarget is one binary Apply installs: what is at its path and what
// changes.
type memberTarget struct {
	m   runtime.Member
	rel string
	// sha is the member's content digest, "" until it is known: from the
	// cache record, a read of the archive, or the install itself (for a
	// binary that is new, nothing needs it sooner).
	sha string

	existing
	oldSHA string
	change Change
	// tmp is the temp file beside the path that a commit renames into place.
	tmp    string
	backup string
}

// contentChanged reports whether the binary's bytes change (or, in a dry
// run without the release file, may change).
func (m *memberTarget) contentChanged() bool {
	return m.change == ChangeCreated || (m.change == ChangeUpdated && (m.sha == "" || m.sha != m.oldSHA))
}

func (a *applier) memberTargets() []*memberTarget {
	var out []*memberTarget
	for _, s := range a.artifacts {
		out = append(out, s.members...)
	}
	return out
}

// checkMembers inspects what is at every member's path, as check does for
// files: directories above it must be directories inside the root, and the
// path absent or a regular file (whose digest the fetch takes, with the
// artifact's).
func (a *applier) checkMembers(plan *runtime.Plan) field.ErrorList {
	var errs field.ErrorList
	for i, art := range plan.Artifacts {
		st := &artifactState{a: art}
		for j, m := range art.Members {
			mt := &memberTarget{m: m, rel: rel(m.Path)}
			var err error
			if mt.existing, err = a.inspectPath(mt.rel); err != nil {
				errs = append(errs, field.Invalid(field.NewPath("artifacts").Index(i).Child("members").Index(j).Child("path"), m.Path, err.Error()))
				continue
			}
			st.members = append(st.members, mt)
		}
		a.artifacts = append(a.artifacts, st)
	}
	return errs
}

// decideMember compares what is at a member's path with what the artifact
// holds. A member whose digest is still unknown is new (nothing else is
// decided without its digest: see knowMembers).
func (a *applier) decideMember(mt *memberTarget) {
	switch {
	case !mt.exists:
		mt.change = ChangeCreated
	case mt.sha == "" || mt.sha != mt.oldSHA || mt.oldMode != mt.m.Mode.Perm():
		mt.change = ChangeUpdated
	case a.chown && (mt.oldUID != 0 || mt.oldGID != 0):
		mt.change = ChangeUpdated
	default:
		mt.change = ChangeUnchanged
	}
}

// artifactResults reports every artifact and member.
func (a *applier) artifactResults() []ArtifactResult {
	out := make([]ArtifactResult, 0, len(a.artifacts))
	for _, st := range a.artifacts {
		r := ArtifactResult{Name: st.a.Name, URL: st.a.URL, SHA256: st.sha, Source: st.source}
		for _, mt := range st.members {
			mr := MemberResult{Path: mt.m.Path, Change: mt.change, SHA256: mt.sha, OldSHA256: mt.oldSHA, Mode: mt.m.Mode.Perm(), OldMode: mt.oldMode}
			if mt.backup != "" && !a.opts.DryRun {
				mr.Backup = "/" + filepath.ToSlash(mt.backup)
			}
			r.Members = append(r.Members, mr)
		}
		out = append(out, r)
	}
	return out
}
