package render

// shellArchivePrelude defines how a script checks and unpacks a tar.gz
// artifact. The rules are Apply's, listed once with archives that break
// each in internal/hostiletree (ArchiveRules): no entry, mapped or not,
// named absolutely or with a ".." element; no symbolic link that is
// absolute or leads above the archive's directory; no hard link to an
// absolute path or one with a ".." element; each member a regular file,
// there exactly once. The script checks them on GNU tar's listing before
// it extracts anything, reading each name as GNU tar quotes it in C
// (--quoting-style=c, -P so that nothing is stripped), so no name can pass
// for another or for a link's target.
const shellArchivePrelude = `
# check_archive ARCHIVE MEMBER... refuses ARCHIVE unless every entry
# follows the member rules (see the renderer's documentation).
check_archive() {
	LC_ALL=C tar -P --quoting-style=c --numeric-owner -tvzf "$1" >"$work/listing" || die "cannot list $1"
	_list=$1
	shift
	_why=$(LC_ALL=C awk '
		function fail(msg) { print msg; failed = 1; exit 1 }
		# unquote reads the C string that s starts (after its opening
		# quote) and sets rest to what follows its closing quote.
		function unquote(s,    out, i, c, n, k) {
			out = ""
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (c == "\"") { rest = substr(s, i + 1); return out }
				if (c == "\\") {
					c = substr(s, ++i, 1)
					if (c ~ /[0-7]/) {
						n = 0
						for (k = 0; k < 3 && c ~ /[0-7]/; k++) { n = n * 8 + c; c = substr(s, ++i, 1) }
						i--
						c = sprintf("%c", n)
					} else if (c == "a") c = "\007"
					else if (c == "b") c = "\010"
					else if (c == "t") c = "\011"
					else if (c == "n") c = "\012"
					else if (c == "v") c = "\013"
					else if (c == "f") c = "\014"
					else if (c == "r") c = "\015"
					else if (c == "") break
				}
				out = out c
			}
			fail("cannot read line " NR " of the listing")
		}
		function dotdot(s) { return s == ".." || s ~ /^\.\.\// || s ~ /\/\.\.$/ || index(s, "/../") > 0 }
		# above says whether link, followed from the directory dir of the
		# archive, leads above the archive itself.
		function above(dir, link,    parts, n, i, depth) {
			n = split(dir "/" link, parts, "/")
			for (i = 1; i <= n; i++) {
				if (parts[i] == "" || parts[i] == ".") continue
				if (parts[i] != "..") depth++
				else if (depth-- == 0) return 1
			}
			return 0
		}
		BEGIN {
			for (i = 1; i < ARGC; i++) member[ARGV[i]] = 1
			ARGC = 1
		}
		{
			type = substr($0, 1, 1)
			q = index($0, "\"")
			if (q == 0) fail("cannot read line " NR " of the listing")
			name = unquote(substr($0, q + 1))
			link = ""
			if (type == "l" || type == "h") {
				arrow = type == "l" ? " -> \"" : " link to \""
				if (substr(rest, 1, length(arrow)) != arrow) fail("cannot read line " NR " of the listing")
				link = unquote(substr(rest, length(arrow) + 1))
			}
			if (rest != "") fail("cannot read line " NR " of the listing")
			if (name ~ /^\// || dotdot(name)) fail("entry " name " would be written outside the archive directory")
			if (type == "l") {
				dir = name
				if (sub(/\/[^\/]*$/, "", dir) == 0) dir = "."
				if (link ~ /^\// || above(dir, link)) fail("symbolic link " name " points out of the archive (" link ")")
			}
			if (type == "h" && (link ~ /^\// || dotdot(link))) fail("hard link " name " points out of the archive (" link ")")
			if (name in member) {
				if (type != "-") fail("member " name " is not a regular file")
				if (name in seen) fail("member " name " appears twice")
				seen[name] = 1
			}
		}
		END {
			if (failed) exit 1
			for (m in member) if (!(m in seen)) fail("the archive lacks " m)
		}' "$@" <"$work/listing") || die "$_list: $_why; nothing was installed"
}

# unpack ARCHIVE DIR MEMBER... checks ARCHIVE (check_archive), extracts
# only the named members into DIR, each name taken as it is (no wildcard,
# no unquoting), and checks that each is a regular file.
unpack() {
	_arc=$1
	_dst=$2
	shift 2
	check_archive "$_arc" "$@"
	mkdir -p "$_dst"
	tar -xzf "$_arc" -C "$_dst" --no-same-owner --no-wildcards --no-unquote -- "$@" || die "cannot extract $* from $_arc"
	for _m in "$@"; do
		if [ ! -f "$_dst/$_m" ] || [ -L "$_dst/$_m" ]; then die "$_arc: member $_m is not a regular file"; fi
	done
}
`
