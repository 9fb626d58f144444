package field

import (
	"errors"
	"strings"
)

// ErrorList collects problems. It is an error itself, but validators return
// [ErrorList.Err] so that "no problem" is a plain nil, never a typed nil
// inside a non-nil error interface.
type ErrorList []*Error

// Error joins the problems, one per line.
func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap exposes every problem, so errors.Is(list, ErrRemoved) holds when any
// of them is a removal.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Filter returns the problems whose sentinel is one of types.
func (l ErrorList) Filter(types ...error) ErrorList {
	var out ErrorList
	for _, e := range l {
		for _, t := range types {
			if errors.Is(e, t) {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// ErrorsAt returns the problems behind err placed below p (see
// [Path.Join]): a component's problems under a caller's path, whether err
// is one problem or a list. An error holding no field problem becomes one
// Invalid problem at p, so a caller collecting problems loses none. A nil
// err gives nil; a nil p leaves the paths as they are.
func ErrorsAt(p *Path, err error) ErrorList {
	if err == nil {
		return nil
	}
	l := AsList(err)
	if len(l) == 0 {
		return ErrorList{Invalid(p, nil, err.Error())}
	}
	if p == nil {
		return l
	}
	out := make(ErrorList, len(l))
	for i, e := range l {
		c := *e
		c.Path = p.Join(e.Path)
		out[i] = &c
	}
	return out
}

// AsList returns the problems behind err: the list itself when err is (or
// wraps) an ErrorList, a one-element list when it is a single *Error, and nil
// when err is nil or of another kind.
func AsList(err error) ErrorList {
	// The common kinds are told apart without errors.As, whose targets
	// escape: a plan asks about many errors, most of them nil.
	switch err := err.(type) {
	case nil:
		return nil
	case ErrorList:
		return err
	case *Error:
		return ErrorList{err}
	}
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return ErrorList{e}
	}
	return nil
}
