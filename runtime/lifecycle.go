package runtime

// Lifecycle says in which releases of a component a key, flag or directive
// exists. Each component's table of keys, flags or directives holds one per
// entry, so "does release v read it, warn about it, refuse it" is answered
// the same way everywhere; what a removal means (ignored, refused) stays
// with the component.
type Lifecycle struct {
	Since        Version // first release that knows it; zero: every release kubenode supports
	Deprecated   Version // first release that marks it deprecated; zero: never
	Undeprecated Version // first release that lifted the deprecation; zero: never
	Removed      Version // first release that no longer reads it; zero: none kubenode supports
}

// KnownIn reports whether release v knows it: v is Since or later and
// before Removed.
func (l Lifecycle) KnownIn(v Version) bool {
	return !l.AddedAfter(v) && !l.RemovedIn(v)
}

// AddedAfter reports whether it came in a release after v, so v does not
// know it yet.
func (l Lifecycle) AddedAfter(v Version) bool {
	return !l.Since.IsZero() && v.Before(l.Since)
}

// RemovedIn reports whether v is Removed or later, so v no longer reads it.
func (l Lifecycle) RemovedIn(v Version) bool {
	return !l.Removed.IsZero() && v.AtLeast(l.Removed)
}

// DeprecatedIn reports whether v knows it and marks it deprecated: v is
// Deprecated or later, and before Undeprecated.
func (l Lifecycle) DeprecatedIn(v Version) bool {
	if !l.KnownIn(v) || l.Deprecated.IsZero() || v.Before(l.Deprecated) {
		return false
	}
	return l.Undeprecated.IsZero() || v.Before(l.Undeprecated)
}
