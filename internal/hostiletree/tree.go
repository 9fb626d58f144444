package hostiletree

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/kubenode/kubenode/runtime"
)

// Kind is what a Hazard plants at its path.
type Kind int

// The kinds of things planted in the way.
const (
	// Nothing leaves the path alone.
	Nothing Kind = iota
	// File is a regular file holding old content (for /etc/passwd,
	// /etc/group and /etc/gshadow, a root entry).
	File
	// Dir is an empty directory.
	Dir
	// LinkOutFile is a symbolic link to a file outside the root.
	LinkOutFile
	// LinkOutDir is a symbolic link to a directory outside the root.
	LinkOutDir
	// LinkInDir is a relative symbolic link to a directory inside the root
	// (InsideDir).
	LinkInDir
	// LinkInFile is a relative symbolic link to a file inside the root
	// (InsideFile).
	LinkInFile
	// Dangling is a relative symbolic link to nothing.
	Dangling
	// FIFO is a named pipe: a reader that opens it waits for a writer.
	FIFO
	// HardLinkOut is a hard link to a file outside the root holding what
	// the plan writes there (or old content), with another mode.
	HardLinkOut
	kinds
)

var kindNames = [...]string{"nothing", "file", "dir", "link-out-file", "link-out-dir", "link-in-dir", "link-in-file", "dangling", "fifo", "hard-link-out"}

// String names the kind.
func (k Kind) String() string {
	if k < 0 || k >= kinds {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Hazard is one thing planted in a root: Kind at node path Path.
type Hazard struct {
	Path string
	Kind Kind
}

// String is "kind at path".
func (h Hazard) String() string { return h.Kind.String() + " at " + h.Path }

// Inside the root, what the LinkIn kinds point to, and outside it, what
// the LinkOut kinds point to.
const (
	InsideDir   = "/srv/inside"
	InsideFile  = "/srv/inside-file"
	VictimFile  = "victim"
	VictimDir   = "victimdir"
	victimBytes = "victim\n"
)

// Tree is a root prepared against Plan: the hazards planted in it, and
// whether writing the plan there must be refused (with nothing changed).
// A tree that is not refused must be written whole, the same by Apply and
// the script.
type Tree struct {
	Name    string
	Hazards []Hazard
	Refused bool
}

// Trees are the hostile roots both writers are tested on.
var Trees = []Tree{
	{Name: "link at a file to outside", Hazards: []Hazard{{"/etc/containerd/config.toml", LinkOutFile}}, Refused: true},
	{Name: "link at a directory to outside", Hazards: []Hazard{{"/etc/containerd", LinkOutDir}}, Refused: true},
	{Name: "link at a top directory to outside", Hazards: []Hazard{{"/etc", LinkOutDir}}, Refused: true},
	{Name: "link at a directory inside the root", Hazards: []Hazard{{"/etc/containerd", LinkInDir}}},
	{Name: "dangling link at a directory", Hazards: []Hazard{{"/etc/containerd", Dangling}}, Refused: true},
	{Name: "link at a directory to a file inside", Hazards: []Hazard{{"/etc/docker", LinkInFile}}, Refused: true},
	{Name: "FIFO at a file", Hazards: []Hazard{{"/etc/crictl.yaml", FIFO}}, Refused: true},
	{Name: "directory at a file", Hazards: []Hazard{{"/etc/crictl.yaml", Dir}}, Refused: true},
	{Name: "file at a directory", Hazards: []Hazard{{"/etc/docker", File}}, Refused: true},
	{Name: "link at the old fixed temp name", Hazards: []Hazard{{"/etc/containerd/.config.toml.kubenode-new", LinkOutFile}}},
	{Name: "hard link to outside at a file", Hazards: []Hazard{{"/etc/crictl.yaml", HardLinkOut}}},
	{Name: "hard link to outside at /etc/group", Hazards: []Hazard{{"/etc/group", HardLinkOut}}},
	{Name: "link at /etc/group to outside", Hazards: []Hazard{{"/etc/group", LinkOutFile}}, Refused: true},
	{Name: "link at /etc/gshadow to outside", Hazards: []Hazard{{"/etc/gshadow", LinkOutFile}}, Refused: true},
	{Name: "link at /etc/passwd to outside", Hazards: []Hazard{{"/etc/passwd", LinkOutFile}}, Refused: true},
	{Name: "FIFO at /etc/passwd", Hazards: []Hazard{{"/etc/passwd", FIFO}}, Refused: true},
	{Name: "FIFO at /etc/group", Hazards: []Hazard{{"/etc/group", FIFO}}, Refused: true},
	{Name: "link at the download cache to outside", Hazards: []Hazard{{"/var/cache/kubenode", LinkOutDir}}, Refused: true},
	{Name: "link at a binary to outside", Hazards: []Hazard{{MemberPath, LinkOutFile}}, Refused: true},
	{Name: "link at a binary's directory inside the root", Hazards: []Hazard{{"/usr/local/bin", LinkInDir}}},
	{Name: "files in the way", Hazards: []Hazard{{"/etc/crictl.yaml", File}, {"/etc/group", File}, {"/etc/gshadow", File}, {MemberPath, File}}},
}

// Positions are the node paths Generate may plant at, parents before
// children: Plan's files, their directories, the name the script once used
// as its temp file, the account files, the download cache and the binary.
var Positions = []string{
	"/etc",
	"/etc/containerd",
	"/etc/containerd/config.toml",
	"/etc/containerd/.config.toml.kubenode-new",
	"/etc/crictl.yaml",
	"/etc/systemd",
	"/etc/systemd/system",
	"/etc/systemd/system/containerd.service",
	"/etc/docker",
	"/etc/docker/daemon.json",
	"/etc/passwd",
	"/etc/group",
	"/etc/gshadow",
	"/usr",
	"/usr/local",
	"/usr/local/bin",
	MemberPath,
	"/var/cache/kubenode",
	runtime.ArtifactCacheDir,
}

// Generate turns fuzz input into hazards: byte i decides Positions[i],
// Nothing below 128 (so most paths stay clear and a plan is often
// written), otherwise one of the other kinds. Kinds listed in skip are
// never planted.
func Generate(data []byte, skip ...Kind) []Hazard {
	var hs []Hazard
	for i, b := range data {
		if i >= len(Positions) {
			break
		}
		if b < 128 {
			continue
		}
		k := File + Kind(int(b-128)%int(kinds-File))
		if slices.Contains(skip, k) {
			continue
		}
		hs = append(hs, Hazard{Path: Positions[i], Kind: k})
	}
	return hs
}

// Encode is the fuzz input Generate turns into the hazards that stand at
// Positions (others are left out): a seed for each of Trees.
func Encode(hazards []Hazard) []byte {
	data := make([]byte, len(Positions))
	for _, h := range hazards {
		if i := slices.Index(Positions, h.Path); i >= 0 && h.Kind > Nothing && h.Kind < kinds {
			data[i] = 128 + byte(h.Kind-File)
		}
	}
	return data
}

// Prepare makes root and outside and plants the hazards in root, parents
// first: a hazard whose directory is not a real directory by then (a
// hazard above it took its place) is left out. Outside gets VictimFile and
// VictimDir, the root InsideDir and InsideFile. Unless archive is nil, it
// is then put in the root's download cache when the cache's directories
// are real directories, as a finished download would be. It returns the
// hazards planted.
func Prepare(root, outside string, hazards []Hazard, archive []byte) ([]Hazard, error) {
	for _, d := range []string{root, filepath.Join(outside, VictimDir), filepath.Join(root, InsideDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	for name, data := range map[string]string{
		filepath.Join(outside, VictimFile):                  victimBytes,
		filepath.Join(outside, VictimDir, "file"):           victimBytes,
		filepath.Join(root, filepath.FromSlash(InsideFile)): "inside\n",
	} {
		if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
			return nil, err
		}
	}
	sorted := slices.Clone(hazards)
	slices.SortStableFunc(sorted, func(a, b Hazard) int { return strings.Count(a.Path, "/") - strings.Count(b.Path, "/") })
	var planted []Hazard
	for i, h := range sorted {
		ok, err := realDirs(root, path.Dir(h.Path))
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		name := filepath.Join(root, filepath.FromSlash(h.Path))
		if _, err := os.Lstat(name); err == nil {
			continue // an earlier hazard at the same path
		}
		if err := plant(name, root, outside, h, i); err != nil {
			return nil, fmt.Errorf("%s: %w", h, err)
		}
		planted = append(planted, h)
	}
	if archive == nil {
		return planted, nil
	}
	ok, err := realDirs(root, runtime.ArtifactCacheDir)
	if err != nil || !ok {
		return planted, err
	}
	cached := filepath.Join(root, filepath.FromSlash(runtime.ArtifactCacheDir), SHA256(archive))
	return planted, os.WriteFile(cached, archive, 0o644)
}

// realDirs makes the node directory dir under root, component by
// component, and reports false when a component is there but is not a
// real directory (a link, a file, a FIFO): planting through it could
// reach outside the root.
func realDirs(root, dir string) (bool, error) {
	p := root
	for _, c := range strings.Split(strings.TrimPrefix(dir, "/"), "/") {
		if c == "" {
			continue
		}
		p = filepath.Join(p, c)
		fi, err := os.Lstat(p)
		switch {
		case os.IsNotExist(err):
			if err := os.Mkdir(p, 0o755); err != nil {
				return false, err
			}
		case err != nil:
			return false, err
		case !fi.IsDir():
			return false, nil
		}
	}
	return true, nil
}

// plant makes one hazard at name; i tells apart the outside files of
// hard links.
func plant(name, root, outside string, h Hazard, i int) error {
	inside := func(node string) (string, error) {
		return filepath.Rel(filepath.Dir(name), filepath.Join(root, filepath.FromSlash(node)))
	}
	switch h.Kind {
	case Nothing:
		return nil
	case File:
		return os.WriteFile(name, []byte(oldContent(h.Path)), 0o644)
	case Dir:
		return os.Mkdir(name, 0o755)
	case LinkOutFile:
		return os.Symlink(filepath.Join(outside, VictimFile), name)
	case LinkOutDir:
		return os.Symlink(filepath.Join(outside, VictimDir), name)
	case LinkInDir, LinkInFile:
		node := InsideDir
		if h.Kind == LinkInFile {
			node = InsideFile
		}
		target, err := inside(node)
		if err != nil {
			return err
		}
		return os.Symlink(target, name)
	case Dangling:
		target, err := inside("/srv/missing")
		if err != nil {
			return err
		}
		return os.Symlink(target, name)
	case FIFO:
		return syscall.Mkfifo(name, 0o644)
	case HardLinkOut:
		content := oldContent(h.Path)
		if f := Plan(nil).File(h.Path); f != nil {
			content = string(f.Content)
		}
		out := filepath.Join(outside, fmt.Sprintf("hard-%d", i))
		if err := os.WriteFile(out, []byte(content), 0o604); err != nil {
			return err
		}
		return os.Link(out, name)
	}
	return fmt.Errorf("unknown kind %d", h.Kind)
}

// oldContent is what a planted File holds: an account file's root entry,
// or a line no plan writes.
func oldContent(nodePath string) string {
	switch nodePath {
	case "/etc/passwd":
		return "root:x:0:0:root:/root:/bin/sh\n"
	case "/etc/group":
		return "root:x:0:\n"
	case "/etc/gshadow":
		return "root:*::\n"
	}
	return "old\n"
}
