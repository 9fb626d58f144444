// Package manager holds the three implementations of [runtime.Manager],
// the service manager apply.Apply asks to reload, enable, start and
// restart units:
//
//   - [DBus] drives a running systemd over D-Bus, on a live node.
//   - [Offline] enables units in an image root that is not booted, by
//     writing the symlinks `systemctl --root` writes; nothing is started.
//   - [Recorder] changes nothing and records the calls, for tests and dry
//     runs.
//
// They live apart from package systemd, which models unit files, so that
// reading and writing units does not pull in D-Bus.
package manager
