package apply

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/kubenode/kubenode/runtime"
)

// fetchArtifacts gets every artifact's verified file into the cache (in a
// dry run: finds it there), learns each member's digest and decides what
// changes, for several artifacts at once. Nothing outside the cache is
// written.
func (a *applier) fetchArtifacts(ctx context.Context) error {
	if len(a.artifacts) == 0 {
		return nil
	}
	f := newFetcher(a.root, a.opts)
	return forEach(ctx, len(a.artifacts), maxParallelArtifacts, func(ctx context.Context, i int) error {
		st := a.artifacts[i]
		if err := a.fetchArtifact(ctx, f, st); err != nil {
			return fmt.Errorf("artifact %s: %w", st.a.Name, err)
		}
		return nil
	})
}

// fetchArtifact is fetchArtifacts for one artifact: the digests of the
// binaries its members replace, its own digest, its file from the cache or
// the network, its members' digests.
func (a *applier) fetchArtifact(ctx context.Context, f *fetcher, st *artifactState) error {
	for _, mt := range st.members {
		if !mt.exists {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if mt.oldSHA, _, err = hashRootFile(a.root, mt.rel); err != nil {
			return fmt.Errorf("%s: %w", mt.m.Path, err)
		}
	}
	var err error
	if st.sha, err = f.digest(ctx, st.a); err != nil {
		return err
	}
	unlock := f.files.lock(st.sha)
	defer unlock()
	ok, err := f.cached(st)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	switch {
	case ok:
		st.source = "cache"
	case !a.opts.DryRun:
		if err := f.fetch(ctx, st); err != nil {
			return err
		}
		st.source = "download"
	}
	if st.file != "" {
		if err := a.knowMembers(st); err != nil {
			return fmt.Errorf("%s: %w", st.a.URL, err)
		}
	}
	for _, mt := range st.members {
		a.decideMember(mt)
	}
	a.saveRecord(st)
	return nil
}

// knowMembers gives each member the digest of its content, where anything
// needs it before the install: from the cache record; for a plain binary,
// the file's own; otherwise by reading the archive once — but only when a
// member replaces a binary (is it the same?) or in a dry run (which reports
// exactly). When every member is new, the install learns the digests in
// its one pass over the archive.
func (a *applier) knowMembers(st *artifactState) error {
	if st.a.Format == runtime.ArchiveBinary {
		for _, mt := range st.members {
			mt.sha = st.sha
		}
		return nil
	}
	need := false
	for _, mt := range st.members {
		mt.sha = st.rec.Members[mt.m.Name]
		need = need || (mt.sha == "" && (mt.exists || a.opts.DryRun))
	}
	if !need {
		return nil
	}
	byName := map[string]*memberTarget{}
	for _, mt := range st.members {
		byName[mt.m.Name] = mt
	}
	return a.eachMember(st, func(m runtime.Member, content io.Reader) error {
		h := sha256.New()
		if _, err := copyBuffered(h, content); err != nil {
			return err
		}
		if mt := byName[m.Name]; mt != nil {
			mt.sha = hex.EncodeToString(h.Sum(nil))
			st.learn(m.Name, mt.sha)
		}
		return nil
	})
}

// learn notes a member's digest in the artifact's cache record.
func (st *artifactState) learn(name, sha string) {
	if st.rec.Members[name] == sha {
		return
	}
	if st.rec.Members == nil {
		st.rec.Members = map[string]string{}
	}
	st.rec.Members[name] = sha
	st.recChanged = true
}

// saveRecord writes what Apply learned of an artifact's cached file, never
// in a dry run. A record that cannot be written costs the next Apply a
// read of the file, nothing else: its error is dropped.
func (a *applier) saveRecord(st *artifactState) {
	if !st.recChanged || a.opts.DryRun || st.file == "" {
		return
	}
	st.recChanged = false
	_ = saveRecord(a.root, cacheDir(a.opts), st.sha, st.rec)
}
