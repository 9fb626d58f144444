// Package scratch keeps values that are built, used once and dropped, such
// as the parts of a unit file that is rendered as soon as it is built: a
// value taken again is one the processor's caches still hold, where a new
// one would be fresh memory, and the collector has nothing to sweep.
package scratch

import "sync"

// Pool holds values of T between uses. The zero Pool is ready.
type Pool[T any] struct {
	p sync.Pool
}

// Get returns a value of T that holds the zero T: a kept one, or a new one.
func (p *Pool[T]) Get() *T {
	if v, ok := p.p.Get().(*T); ok {
		return v
	}
	return new(T)
}

// Use runs fn on a value from p and, when fn succeeds, puts it back: a
// failure's error may show the value's parts, so that value is left to
// the collector.
func Use[T, R any](p *Pool[T], fn func(*T) (R, error)) (R, error) {
	v := p.Get()
	r, err := fn(v)
	if err == nil {
		p.Put(v)
	}
	return r, err
}

// Put clears *v, so that the pool holds nothing of what it was used for,
// and keeps it for a later Get. Nothing may use v, or point into it, after.
func (p *Pool[T]) Put(v *T) {
	var zero T
	*v = zero
	p.p.Put(v)
}
