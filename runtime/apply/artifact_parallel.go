package apply

import (
	"context"
	"sync"
)

// maxParallelArtifacts bounds how many artifacts Apply fetches, or
// extracts, at once: enough to overlap one download's waiting with
// another's hashing and decompressing, few enough not to flood a mirror or
// a small node.
const maxParallelArtifacts = 4

// forEach calls fn(ctx, i) for every i in [0, n), on at most limit
// goroutines at a time. The first error cancels the context the others
// run under and is the one returned, once every call has returned.
func forEach(ctx context.Context, n, limit int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	sem := make(chan struct{}, limit)
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := fn(ctx, i); err != nil {
				once.Do(func() {
					first = err
					cancel()
				})
			}
		})
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err() // the caller's context, ended before every call began
	}
	return first
}

// keyedMutex holds one mutex per key, so that two artifacts with the same
// digest never write one cache file at once.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// lock locks key's mutex and returns its unlock.
func (k *keyedMutex) lock(key string) (unlock func()) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*sync.Mutex{}
	}
	m := k.locks[key]
	if m == nil {
		m = &sync.Mutex{}
		k.locks[key] = m
	}
	k.mu.Unlock()
	m.Lock()
	return m.Unlock
}
