// Package hosts models containerd's registry host configuration: one
// hosts.toml per registry under the directory containerd's
// registry.config_path names, <config_path>/<registry>/hosts.toml, which
// containerd 1.5 and later read at every pull (so a changed file restarts
// nothing).
//
// A [File] is one registry's file: its server and the [Host] tables
// containerd tries in order before it. [FromMirrors] turns a node's
// runtime.Mirror list into one File per registry; [Parse], [File.Validate]
// and [File.Render] read, check and write one, keeping the keys it does not
// model in Extra and the host tables in file order (containerd tries them in
// that order; comments are not kept).
package hosts
