package render

// shellFetchPrelude defines how a script with artifacts downloads and
// verifies them. Like shellPrelude it is constant: values reach the script
// through shellQuote, and cross_host (1 when the script may follow a
// redirect to another host) is set before it runs.
//
// Redirects are followed by hand, one request per hop, so that each
// target is judged before it is asked for, by the rule Apply's HTTP
// client follows (runtime/apply, confineRedirects); the download itself
// then follows none.
const shellFetchPrelude = `
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
`
