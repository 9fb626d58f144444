// Package fieldtest is the one way kubenode's tests, and a consumer's,
// match problems: by sentinel ([field.ErrInvalid], [field.ErrRemoved], …),
// by path in the file's own syntax, and optionally by the bad value. It
// never looks at message text, which is for people and may change.
//
//	fieldtest.Require(t, err, fieldtest.Match(field.ErrRemoved, "exec-opts[0]"))
//	fieldtest.RequireProblem(t, err, field.ErrInvalid, "pauseImage")
//	fieldtest.RequireExactly(t, warnings, fieldtest.Match(field.ErrDeprecated, "version"))
package fieldtest
