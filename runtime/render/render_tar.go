package render

import (
	"archive/tar"
	"bytes"
	"io"
	"path"
	"strings"
	"time"

	"github.com/kubenode/kubenode/runtime"
)

// TarModTime is the modification time of every entry WriteTar writes, so
// the archive depends on the plan alone.
var TarModTime = time.Unix(0, 0).UTC()

// WriteTar writes the plan's files as a tar archive with paths relative to
// the root (etc/containerd/config.toml), preceded by an entry for each
// directory they need (0755 root:root). Each file carries its mode and its
// owner and group by name; numeric IDs are 0, since only the node knows
// other IDs (GNU tar maps names to the extracting system's IDs unless
// told --numeric-owner). Every time is TarModTime, so the same plan gives
// the same bytes. Groups and unit actions are not part of a tar; a plan's
// artifacts travel as the script [ArtifactScript] writes, at
// ArtifactScriptPath (0700), for the node to run.
func WriteTar(w io.Writer, p *runtime.Plan, opts ...Option) error {
	if err := p.Validate(); err != nil {
		return err
	}
	files, _, err := filesWithScript(p, settingsOf(opts))
	if err != nil {
		return err
	}
	tw := tar.NewWriter(w)
	dirs := map[string]bool{}
	for _, f := range files {
		var parents []string
		for d := path.Dir(f.Path); d != "/"; d = path.Dir(d) {
			parents = append(parents, d)
		}
		for i := len(parents) - 1; i >= 0; i-- {
			d := parents[i]
			if dirs[d] {
				continue
			}
			dirs[d] = true
			if err := tw.WriteHeader(tarHeader(d[1:]+"/", tar.TypeDir, 0o755, "root", "root", 0)); err != nil {
				return err
			}
		}
		h := tarHeader(strings.TrimPrefix(f.Path, "/"), tar.TypeReg, int64(f.Mode.Perm()), f.OwnerName(), f.GroupName(), int64(len(f.Content)))
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(f.Content); err != nil {
			return err
		}
	}
	return tw.Close()
}

// Tar is WriteTar into memory.
func Tar(p *runtime.Plan, opts ...Option) ([]byte, error) {
	var b bytes.Buffer
	if err := WriteTar(&b, p, opts...); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func tarHeader(name string, typ byte, mode int64, user, group string, size int64) *tar.Header {
	return &tar.Header{
		Typeflag: typ,
		Name:     name,
		Mode:     mode,
		Uname:    user,
		Gname:    group,
		Size:     size,
		ModTime:  TarModTime,
		Format:   tar.FormatPAX,
	}
}
