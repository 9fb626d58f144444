#!/bin/sh
# Written by kubenode: installs 3 release artifacts.
# Run it as root: sh this-script (the node), or ROOT=/path/to/root sh this-script.
set -eu
umask 022
ROOT=${ROOT:-/}
# R is ROOT without trailing slashes, made absolute: "$R/etc/x" is /etc/x
# under ROOT, and R is empty exactly when ROOT is the running system's /.
R=${ROOT%/}
case $R in *[!/]*) ;; *) R= ;; esac
case $R in '' | /*) ;; *) R=$PWD/$R ;; esac

die() {
	printf 'kubenode: %s\n' "$*" >&2
	exit 1
}

# new is the temp file being filled and work the artifacts' work
# directory: both are removed however the script ends.
new=
work=
trap 'if [ -n "$new" ]; then rm -f "$new"; fi; if [ -n "$work" ]; then rm -rf "$work"; fi' EXIT
trap 'exit 1' HUP INT TERM
for _c in mktemp find; do
	command -v "$_c" >/dev/null 2>&1 || die "$_c is not installed: the script creates its temp files with mktemp and compares modes and owners with find"
done

# real is ROOT's physical path, inside which every directory a node path
# passes through must lie; it is empty on the running system, where every
# path is inside /.
real=
if [ -n "$R" ]; then
	mkdir -p "$R"
	real=$(cd -P "$R" && pwd -P) || die "cannot enter $ROOT"
	if [ "$real" = / ]; then real=; fi
fi

# inside DIR succeeds when DIR is a directory that, links followed, lies
# inside ROOT.
inside() {
	[ -d "$1" ] || return 1
	[ -n "$real" ] || return 0
	_in=$(cd -P "$1" && pwd -P) || return 1
	case $_in/ in "$real"/*) return 0 ;; esac
	return 1
}

# dirs DIR MAKE checks the directories from / down to the node path DIR
# under ROOT: each one there is a directory, and a symbolic link among
# them leads to a directory inside ROOT. With MAKE=1 a missing one is
# created, otherwise the check ends there.
dirs() {
	_p=
	_rest=${1#/}
	while [ -n "$_rest" ]; do
		_p=$_p/${_rest%%/*}
		case $_rest in */*) _rest=${_rest#*/} ;; *) _rest= ;; esac
		if [ -L "$R$_p" ]; then
			inside "$R$_p" || die "$ROOT$_p is a symbolic link that does not lead to a directory inside ROOT"
		elif [ -d "$R$_p" ]; then
			:
		elif [ -e "$R$_p" ]; then
			die "$ROOT$_p is not a directory"
		elif [ "$2" = 1 ]; then
			mkdir "$R$_p" || die "cannot create $ROOT$_p"
		else
			return 0
		fi
	done
}

# target PATH checks that the node path PATH can be replaced: its
# directories as dirs says, and PATH absent or a regular file.
target() {
	dirs "$(dirname "$1")" 0
	if [ -L "$R$1" ]; then die "$ROOT$1 is a symbolic link; only a regular file is replaced"; fi
	if [ -e "$R$1" ] && [ ! -f "$R$1" ]; then die "$ROOT$1 is not a regular file"; fi
}

# readable PATH checks a node file the script reads: its directories as
# dirs says, and PATH absent or, a link inside ROOT followed, a regular
# file (a FIFO would block the read forever).
readable() {
	dirs "$(dirname "$1")" 0
	if [ -L "$R$1" ] && [ -n "$real" ]; then
		_to=$(readlink -f "$R$1") || die "cannot follow the symbolic link $ROOT$1"
		case $_to in "$real"/*) ;; *) die "$ROOT$1 is a symbolic link that leaves ROOT" ;; esac
	fi
	if [ -e "$R$1" ] && [ ! -f "$R$1" ]; then die "$ROOT$1 is not a regular file"; fi
}

# id_of FILE NAME prints the numeric ID of NAME in FILE under ROOT
# (/etc/passwd or /etc/group); root is 0.
id_of() {
	if [ "$2" = root ]; then
		echo 0
		return 0
	fi
	readable "$1"
	awk -F: -v n="$2" '$1 == n { print $3; f = 1; exit } END { exit !f }' "$R$1" 2>/dev/null ||
		die "no $2 in $ROOT$1"
}

# end_line FILE ends FILE's last line when it lacks a newline.
end_line() {
	if [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ]; then echo >>"$1"; fi
}

# begin PATH checks PATH (target), makes its directories and sets new to
# a temp file beside it, created exclusively under a name no one can
# predict, which the next command fills.
begin() {
	target "$1"
	dirs "$(dirname "$1")" 1
	new=$(mktemp "$R$(dirname "$1")/.$(basename "$1").kubenode-XXXXXX") ||
		die "cannot create a temp file beside $ROOT$1"
}

# same_meta FILE MODE succeeds when FILE has exactly MODE and, when
# install_file set _uid, that owner.
same_meta() {
	if [ -n "$_uid" ]; then
		[ -n "$(find "$1" -prune -perm "$2" -user "$_uid" -group "$_gid" -print)" ]
	else
		[ -n "$(find "$1" -prune -perm "$2" -print)" ]
	fi
}

# install_file PATH MODE OWNER GROUP gives the temp file its mode (and, as
# root, its owner), then moves it over PATH unless PATH has the same
# bytes, mode and owner already, which it leaves alone. It sets changed to
# 1 when PATH's content changed.
install_file() {
	chmod "$2" "$new"
	_uid=
	if [ "$(id -u)" = 0 ]; then
		_uid=$(id_of /etc/passwd "$3")
		_gid=$(id_of /etc/group "$4")
		chown "$_uid:$_gid" "$new"
	fi
	changed=1
	if [ -f "$R$1" ] && cmp -s "$new" "$R$1"; then
		changed=0
		if same_meta "$R$1" "$2"; then
			rm -f "$new"
			new=
			return 0
		fi
	fi
	mv -f "$new" "$R$1"
	new=
}

# has_group NAME succeeds when ROOT's /etc/group lists NAME.
has_group() {
	[ -f "$R/etc/group" ] && awk -F: -v n="$1" '$1 == n { f = 1 } END { exit !f }' "$R/etc/group"
}

# group_target NAME checks, when ROOT is not the running system and lacks
# the group NAME, the files add_group will replace.
group_target() {
	if [ -n "$R" ] && ! has_group "$1"; then
		target /etc/group
		target /etc/gshadow
	fi
}

# append_line PATH LINE replaces the node file PATH with its content and
# LINE: a temp file beside it gets its content, mode and owner (0644 for a
# new one), then LINE, then takes its place.
append_line() {
	begin "$1"
	if [ -f "$R$1" ]; then
		cp -p "$R$1" "$new"
		end_line "$new"
	else
		chmod 0644 "$new"
	fi
	printf '%s\n' "$2" >>"$new"
	mv -f "$new" "$R$1"
	new=
}

# add_group NAME creates a system group unless ROOT has it: groupadd on the
# running system, otherwise a line in ROOT's /etc/group (and /etc/gshadow
# when there is one) with the highest free GID from 999 down to 100.
add_group() {
	if [ -z "$R" ]; then
		getent group "$1" >/dev/null || groupadd --system "$1"
		return 0
	fi
	if has_group "$1"; then return 0; fi
	_groups=/dev/null
	if [ -f "$R/etc/group" ]; then _groups=$R/etc/group; fi
	_gid=$(awk -F: '{ used[$3] = 1 } END { for (g = 999; g >= 100; g--) if (!(g in used)) { print g; exit } exit 1 }' "$_groups") ||
		die "no free system GID for group $1"
	append_line /etc/group "$1:x:$_gid:"
	if [ -f "$R/etc/gshadow" ]; then append_line /etc/gshadow "$1:!::"; fi
}

# Check every path before anything is written.
readable /etc/passwd
readable /etc/group
target '/usr/local/bin/containerd'
target '/usr/local/bin/ctr'
target '/usr/local/sbin/runc'
target '/opt/cni/bin/bridge'
target '/opt/cni/bin/host-local'

# url_origin URL prints URL's scheme, host and port, lower case, the port
# the scheme's default when URL names none: "https example.com 443".
url_origin() {
	_s=${1%%://*}
	_a=${1#*://}
	_a=${_a%%[/?#]*}
	_a=${_a##*@}
	case $_a in
	\[*\]:*) _h=${_a%%]*}]; _o=${_a##*]:} ;;
	\[*) _h=$_a; _o= ;;
	*:*) _h=${_a%%:*}; _o=${_a#*:} ;;
	*) _h=$_a; _o= ;;
	esac
	if [ -z "$_o" ]; then
		case $_s in [Hh][Tt][Tt][Pp][Ss]) _o=443 ;; *) _o=80 ;; esac
	fi
	printf '%s %s %s\n' "$_s" "$_h" "$_o" | awk '{ print tolower($0) }'
}

# same_host FROM TO succeeds when a redirect from the URL FROM to the URL
# TO stays on FROM's host: the same host and port, or an upgrade from http
# on port 80 to https on port 443 of that host.
same_host() {
	_from=$(url_origin "$1")
	_to=$(url_origin "$2")
	if [ "$_from" = "$_to" ]; then return 0; fi
	_fh=${_from#* }
	_th=${_to#* }
	[ "${_fh% *}" = "${_th% *}" ] && [ "${_from%% *}:${_from##* }" = http:80 ] && [ "${_to%% *}:${_to##* }" = https:443 ]
}

# absolute_url BASE REF resolves REF, a Location header, against the URL
# BASE.
absolute_url() {
	case $2 in
	*://*) printf '%s\n' "$2" ;;
	//*) printf '%s:%s\n' "${1%%://*}" "$2" ;;
	/*)
		_b=${1#*://}
		printf '%s://%s%s\n' "${1%%://*}" "${_b%%[/?#]*}" "$2"
		;;
	*)
		_b=${1%%[?#]*}
		_b=${_b#*://}
		case $_b in */*) _b=${_b%/*} ;; esac
		printf '%s://%s/%s\n' "${1%%://*}" "$_b" "$2"
		;;
	esac
}

# next_hop URL asks for URL's first byte without following a redirect and
# prints the HTTP status and, for a redirect, its Location.
next_hop() {
	if command -v curl >/dev/null 2>&1; then
		curl -sS --proto =http,https -r 0-0 -o /dev/null -w '%{http_code} %{redirect_url}' "$1"
	elif command -v wget >/dev/null 2>&1; then
		wget -q -S --max-redirect=0 --header='Range: bytes=0-0' -O /dev/null "$1" 2>&1 |
			awk '$1 ~ /^HTTP\// { code = $2; loc = "" } tolower($1) == "location:" { loc = $2 } END { if (code == "") exit 1; print code " " loc }'
	else
		die "neither curl nor wget is installed"
	fi
}

# locate URL prints the URL that serves URL's file: each redirect, at most
# 10, is followed only to http or https and, unless cross_host is 1, only
# on URL's own host (same_host).
locate() {
	_u=$1
	_n=0
	while :; do
		_hop=$(next_hop "$_u") || return 1
		case ${_hop%% *} in
		301 | 302 | 303 | 307 | 308) ;;
		*)
			printf '%s\n' "$_u"
			return 0
			;;
		esac
		_loc=${_hop#* }
		[ -n "$_loc" ] || die "$1: a redirect without a Location"
		_n=$((_n + 1))
		[ "$_n" -le 10 ] || die "$1: stopped after 10 redirects"
		_loc=$(absolute_url "$_u" "$_loc")
		case $_loc in
		http://* | https://*) ;;
		*) die "$1: redirected to a URL that is neither http nor https" ;;
		esac
		if [ "$cross_host" != 1 ] && ! same_host "$1" "$_loc"; then
			# Only the scheme, host and port: the path and query of a CDN's
			# URL may carry a signed token.
			die "$1: redirected to another host ($(url_origin "$_loc")); render the script with AllowCrossHostRedirects to follow it"
		fi
		_u=$_loc
	done
}

# fetch URL FILE [continue] downloads URL to FILE from where locate says
# it is served, with curl or wget, whichever is installed, following no
# further redirect; with a third argument it continues FILE.
fetch() {
	_src=$(locate "$1") || return 1
	if command -v curl >/dev/null 2>&1; then
		if [ $# -gt 2 ]; then
			curl -fsS --proto =http,https --retry 3 -C - -o "$2" "$_src"
		else
			curl -fsS --proto =http,https --retry 3 -o "$2" "$_src"
		fi
	elif [ $# -gt 2 ]; then
		wget -q --max-redirect=0 -c -O "$2" "$_src"
	else
		wget -q --max-redirect=0 -O "$2" "$_src"
	fi
}

# sha256_ok FILE SHA checks FILE with sha256sum -c.
sha256_ok() {
	printf '%s  %s\n' "$2" "$1" | sha256sum -c - >/dev/null 2>&1
}

# checksum_of URL NAME prints the SHA-256 that the checksum file at URL
# lists for NAME, or the only digest it holds. The file is downloaded into
# the script's own work directory.
checksum_of() {
	fetch "$1" "$work/checksums" || die "cannot download $1"
	sum=$(awk -v n="$2" '
		/^[ \t]*(#|$)/ { next }
		{
			lines++
			if (NF == 1) only = $1
			f = $2; sub(/^\*/, "", f); b = f; sub(/.*\//, "", b)
			if (NF >= 2 && (f == n || b == n)) { found = tolower($1); exit }
		}
		END { if (found != "") print found; else if (lines == 1 && only != "") print tolower(only) }' "$work/checksums")
	rm -f "$work/checksums"
	printf '%s\n' "$sum" | grep -qE '^[0-9a-f]{64}$' || die "no SHA-256 for $2 in $1"
	printf '%s\n' "$sum"
}

# cache_file FILE refuses a name in the download cache that is there but
# is not a regular file: a link there could point anywhere.
cache_file() {
	if [ -L "$1" ] || { [ -e "$1" ] && [ ! -f "$1" ]; }; then
		die "$1 is not a regular file; the download cache holds only regular files"
	fi
}

# get_artifact URL SHA sets archive to the verified file in the cache:
# reused when it is there and matches, otherwise downloaded (continuing a
# cut download) and checked with sha256sum -c. A file that does not match
# is removed and the script stops before it writes anything.
get_artifact() {
	archive="$cache/$2"
	cache_file "$archive"
	if [ -f "$archive" ] && sha256_ok "$archive" "$2"; then
		return 0
	fi
	rm -f "$archive"
	part="$archive.partial"
	cache_file "$part"
	if [ -s "$part" ]; then
		fetch "$1" "$part" continue || { rm -f "$part"; fetch "$1" "$part"; } || die "cannot download $1"
		if ! sha256_ok "$part" "$2"; then
			# The two parts may come from different files: start again.
			rm -f "$part"
			fetch "$1" "$part" || die "cannot download $1"
		fi
	else
		fetch "$1" "$part" || die "cannot download $1"
	fi
	if ! sha256_ok "$part" "$2"; then
		got=$(sha256sum "$part" | cut -d ' ' -f 1)
		rm -f "$part"
		die "$1: SHA-256 mismatch: want $2, got $got; nothing was installed"
	fi
	mv -f "$part" "$archive"
}

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

tar --version 2>/dev/null | grep -q 'GNU tar' ||
	die "GNU tar is not installed: the script reads its listing to check an archive's entries before it installs anything"

cross_host=0
cache="$R"'/var/cache/kubenode/artifacts'
dirs '/var/cache/kubenode/artifacts' 1
work=$(mktemp -d "$cache/.unpack.XXXXXX") || die "cannot create a work directory in $cache"

# containerd
sha=$(checksum_of 'https://releases.example.com/containerd-2.2.9-linux-amd64.tar.gz.sha256sum' 'containerd-2.2.9-linux-amd64.tar.gz')
get_artifact 'https://releases.example.com/containerd-2.2.9-linux-amd64.tar.gz' "$sha"
unpack "$archive" "$work/0" 'bin/containerd' 'bin/ctr'

# runc
sha='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
get_artifact 'https://releases.example.com/runc.amd64' "$sha"
artifact_1=$archive

# cni-plugins
sha='bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'
get_artifact 'https://releases.example.com/cni-plugins-linux-amd64-v1.9.1.tgz' "$sha"
unpack "$archive" "$work/2" './bridge' './host-local'

begin '/usr/local/bin/containerd'
cp "$work/0"/'bin/containerd' "$new"
install_file '/usr/local/bin/containerd' '0755' root root

begin '/usr/local/bin/ctr'
cp "$work/0"/'bin/ctr' "$new"
install_file '/usr/local/bin/ctr' '0755' root root

begin '/usr/local/sbin/runc'
cp "$artifact_1" "$new"
install_file '/usr/local/sbin/runc' '0755' root root

begin '/opt/cni/bin/bridge'
cp "$work/2"/'./bridge' "$new"
install_file '/opt/cni/bin/bridge' '0755' root root

begin '/opt/cni/bin/host-local'
cp "$work/2"/'./host-local' "$new"
install_file '/opt/cni/bin/host-local' '0755' root root
