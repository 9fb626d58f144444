// Package systemd models systemd unit files and drop-ins as typed Go values,
// checks them the way systemd reads them, and renders them byte for byte
// deterministically through github.com/coreos/go-systemd/v22/unit.
//
// A [UnitFile] (docker.service) or a [DropIn] (kubelet.service.d/10-kubeadm.conf)
// holds [Sections]: typed [Unit], [Service], [Socket] and [Install] sections
// whose fields carry the file's own key names, plus raw [Option]s and raw
// [Section]s for everything this package does not model. The service
// managers that enable and start units (D-Bus, offline image roots, a
// recorder) are in package systemd/manager.
//
// # Parsing
//
// Nothing a real unit says is lost by [ParseUnitFile] or [ParseDropIn]
// except comments and layout. Every key this package models fills its
// typed field; every other key, and every value that does not fit its field
// (Delegate=cpu memory, an Exec line with unbalanced quotes, a second
// Type=), is kept in the section's Extra in file order, and unmodelled
// sections in Sections.Extra. Repeated sections of one name are merged in
// order. A line ending in a backslash continues on the next, joined by a
// space. A parsed file renders to equivalent, not identical, bytes: each
// list element on its own line, quoted the package's way.
//
// # Lists and empty assignments
//
// Every list field renders one line per element (After=a, After=b), never a
// joined line, so the order of the lines and systemd's resets are exact. An
// element that is the zero value (an empty string, a zero [Command], [Env] or
// [EnvironmentFile]) is systemd's empty assignment: it clears what earlier
// lines, and the unit a drop-in extends, put in that list. The [Unit]
// dependency lists (Requires=, Wants=, After=, ...) are the exception:
// systemd ignores an empty line there, because a dependency can only be
// added, so Validate refuses one. A drop-in that
// replaces a service's command therefore lists a zero Command first:
//
//	ExecStart: []systemd.Command{{}, systemd.NewCommand("/usr/bin/kubelet", "$KUBELET_ARGS")}
//
// renders
//
//	ExecStart=
//	ExecStart=/usr/bin/kubelet $KUBELET_ARGS
//
// # Quoting, variables and specifiers
//
// Command words and Environment assignments are quoted by systemd's own rules
// ([QuoteWord], [SplitWords]). Nothing else is quoted: other values are read
// by systemd verbatim, so [UnitFile.Validate] refuses any value that could
// change the file's structure (a line break, NUL, a trailing backslash that
// would join the next line) or that systemd would alter (leading or trailing
// whitespace).
//
// systemd expands "%" specifiers (%n, %t, %h, ...) in almost every value and
// "$VAR" / "${VAR}" in command words when the command runs. This package
// leaves both to systemd: write "%%" for a literal percent sign and "$$" for
// a literal dollar in a command ([EscapeSpecifiers], [EscapeVariables]).
// Validate reports an unknown specifier ("%z") because systemd refuses the
// whole line.
//
// # Errors
//
// Validate collects every problem as a [field.ErrorList] whose paths use the
// unit syntax of package field:
//
//	docker.service [Unit] Description              a scalar key
//	docker.service [Unit] After[2]                 the third After= line
//	docker.service [Service] ExecStart[0]          the first ExecStart= line as a whole
//	docker.service [Service] ExecStart[0][1]       its second word (argv[1])
//	kubelet.service.d/10-kubeadm.conf [Service] Environment[0]
//	docker.socket [Service]                        a whole section
//
// An option kept raw in an Extra list is reported at its own key name, as
// the file spells it.
//
// # Line length
//
// go-systemd refuses to read a line of 2048 bytes or more, and older systemd
// truncated lines at 2048 bytes, so a rendered line, with its newline, may
// not exceed [LineMax] bytes. Long command lines belong in an
// EnvironmentFile (as kubeadm's KUBELET_KUBEADM_ARGS do).
package systemd
