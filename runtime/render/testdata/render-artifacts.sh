#!/bin/sh
# Written by kubenode: 4 files, 3 release artifacts, 0 groups, 2 unit actions.
# Run it as root: sh this-script (the node), or ROOT=/path/to/root sh this-script.
set -eu
umask 022
ROOT=${ROOT:-/}
# R is ROOT without trailing slashes: "$R/etc/x" is /etc/x under ROOT, and R
# is empty exactly when ROOT is the running system's /.
R=${ROOT%/}
case $R in *[!/]*) ;; *) R= ;; esac

die() {
	printf 'kubenode: %s\n' "$*" >&2
	exit 1
}

# id_of FILE NAME prints the numeric ID of NAME in FILE under ROOT
# (/etc/passwd or /etc/group); root is 0.
id_of() {
	if [ "$2" = root ]; then
		echo 0
		return 0
	fi
	awk -F: -v n="$2" '$1 == n { print $3; f = 1; exit } END { exit !f }' "$R$1" 2>/dev/null ||
		die "no $2 in $ROOT$1"
}

# end_line FILE ends FILE's last line when it lacks a newline.
end_line() {
	if [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ]; then echo >>"$1"; fi
}

# add_group NAME creates a system group unless ROOT has it: groupadd on the
# running system, otherwise a line in ROOT's /etc/group (and /etc/gshadow
# when there is one) with the highest free GID from 999 down to 100.
add_group() {
	if [ -z "$R" ]; then
		getent group "$1" >/dev/null || groupadd --system "$1"
		return 0
	fi
	mkdir -p "$R/etc"
	if [ -f "$R/etc/group" ] && awk -F: -v n="$1" '$1 == n { f = 1 } END { exit !f }' "$R/etc/group"; then
		return 0
	fi
	[ -f "$R/etc/group" ] || : >"$R/etc/group"
	gid=$(awk -F: '{ used[$3] = 1 } END { for (g = 999; g >= 100; g--) if (!(g in used)) { print g; exit } exit 1 }' "$R/etc/group") ||
		die "no free system GID for group $1"
	end_line "$R/etc/group"
	printf '%s:x:%s:\n' "$1" "$gid" >>"$R/etc/group"
	if [ -f "$R/etc/gshadow" ]; then
		end_line "$R/etc/gshadow"
		printf '%s:!::\n' "$1" >>"$R/etc/gshadow"
	fi
}

# begin PATH makes PATH's directory and sets new to the temp file beside
# PATH that the next command fills.
begin() {
	[ ! -L "$R$1" ] || die "$ROOT$1 is a symbolic link"
	[ ! -d "$R$1" ] || die "$ROOT$1 is a directory"
	mkdir -p "$R$(dirname "$1")"
	new="$R$(dirname "$1")/.$(basename "$1").kubenode-new"
}

# install_file PATH MODE OWNER GROUP gives the temp file its mode (and, as
# root, its owner), then moves it over PATH unless PATH holds the same
# bytes already. It sets changed to 1 when PATH's content changed.
install_file() {
	chmod "$2" "$new"
	if [ "$(id -u)" = 0 ]; then
		uid=$(id_of /etc/passwd "$3")
		gid=$(id_of /etc/group "$4")
		chown "$uid:$gid" "$new"
	fi
	if [ -f "$R$1" ] && cmp -s "$new" "$R$1"; then
		# Same bytes: keep the file, only correct its mode and owner.
		changed=0
		rm -f "$new"
		chmod "$2" "$R$1"
		if [ "$(id -u)" = 0 ]; then chown "$uid:$gid" "$R$1"; fi
	else
		changed=1
		mv -f "$new" "$R$1"
	fi
}

reload=0
restart_0=0 # containerd.service

# fetch URL FILE [continue] downloads URL to FILE with curl or wget,
# whichever is installed; with a third argument it continues FILE.
fetch() {
	if command -v curl >/dev/null 2>&1; then
		if [ $# -gt 2 ]; then
			curl -fsSL --retry 3 -C - -o "$2" "$1"
		else
			curl -fsSL --retry 3 -o "$2" "$1"
		fi
	elif command -v wget >/dev/null 2>&1; then
		if [ $# -gt 2 ]; then
			wget -q -c -O "$2" "$1"
		else
			wget -q -O "$2" "$1"
		fi
	else
		die "neither curl nor wget is installed"
	fi
}

# sha256_ok FILE SHA checks FILE with sha256sum -c.
sha256_ok() {
	printf '%s  %s\n' "$2" "$1" | sha256sum -c - >/dev/null 2>&1
}

# checksum_of URL NAME prints the SHA-256 that the checksum file at URL
# lists for NAME, or the only digest it holds.
checksum_of() {
	fetch "$1" "$cache/.checksum" || die "cannot download $1"
	sum=$(awk -v n="$2" '
		/^[ \t]*(#|$)/ { next }
		{
			lines++
			if (NF == 1) only = $1
			f = $2; sub(/^\*/, "", f); b = f; sub(/.*\//, "", b)
			if (NF >= 2 && (f == n || b == n)) { found = tolower($1); exit }
		}
		END { if (found != "") print found; else if (lines == 1 && only != "") print tolower(only) }' "$cache/.checksum")
	rm -f "$cache/.checksum"
	printf '%s\n' "$sum" | grep -qE '^[0-9a-f]{64}$' || die "no SHA-256 for $2 in $1"
	printf '%s\n' "$sum"
}

# get_artifact URL SHA sets archive to the verified file in the cache:
# reused when it is there and matches, otherwise downloaded (continuing a
# cut download) and checked with sha256sum -c. A file that does not match
# is removed and the script stops before it writes anything.
get_artifact() {
	archive="$cache/$2"
	if [ -f "$archive" ] && sha256_ok "$archive" "$2"; then
		return 0
	fi
	rm -f "$archive"
	part="$archive.partial"
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

# unpack ARCHIVE DIR MEMBER... extracts only the named members of a
# tar.gz archive into DIR, after checking that no entry of it leaves its
# directory, and checks that each member is a regular file (a link could
# point anywhere).
unpack() {
	src=$1
	dst=$2
	shift 2
	tar -tzf "$src" | awk '/^\// || /(^|\/)\.\.(\/|$)/ { bad = 1 } END { exit bad }' ||
		die "$src holds an entry outside its directory"
	mkdir -p "$dst"
	tar -xzf "$src" -C "$dst" "$@" || die "cannot extract $* from $src"
	for m in "$@"; do
		if [ ! -f "$dst/$m" ] || [ -L "$dst/$m" ]; then die "$src: member $m is not a regular file"; fi
	done
}

cache="$R"'/var/cache/kubenode/artifacts'
mkdir -p "$cache"
work=$(mktemp -d "$cache/.unpack.XXXXXX")
trap 'rm -rf "$work"' EXIT

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

begin '/etc/systemd/system/containerd.service'
cat >"$new" <<'KUBENODE_EOF'
[Service]
ExecStart=/usr/bin/containerd
KUBENODE_EOF
install_file '/etc/systemd/system/containerd.service' '0644' 'root' 'root'
if [ "$changed" = 1 ]; then reload=1; restart_0=1; fi

begin '/etc/containerd/config.toml'
cat >"$new" <<'KUBENODE_EOF'
version = 3
KUBENODE_EOF
install_file '/etc/containerd/config.toml' '0644' 'root' 'root'
if [ "$changed" = 1 ]; then restart_0=1; fi

begin '/etc/containerd/certs.d/docker.io/hosts.toml'
cat >"$new" <<'KUBENODE_EOF'
server = "https://registry-1.docker.io"
KUBENODE_EOF
install_file '/etc/containerd/certs.d/docker.io/hosts.toml' '0644' 'root' 'root'

begin '/etc/crictl.yaml'
cat >"$new" <<'KUBENODE_EOF'
timeout: 10
KUBENODE_EOF
install_file '/etc/crictl.yaml' '0600' 'root' 'root'

begin '/usr/local/bin/containerd'
cp "$work/0"/'bin/containerd' "$new"
install_file '/usr/local/bin/containerd' '0755' root root
if [ "$changed" = 1 ]; then restart_0=1; fi

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

# systemd, only on the running system.
if [ -z "$R" ]; then
	if [ "$reload" = 1 ]; then systemctl daemon-reload; fi
	systemctl enable 'containerd.service'
	if [ "$restart_0" = 1 ]; then systemctl restart 'containerd.service'; else systemctl start 'containerd.service'; fi
fi
