#!/bin/sh
# Written by kubenode: 8 files, 1 groups, 2 unit actions.
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
group_target 'docker'
target '/etc/systemd/system/containerd.service'
target '/etc/containerd/config.toml'
target '/etc/containerd/certs.d/docker.io/hosts.toml'
target '/etc/crictl.yaml'
target '/etc/systemd/system/containerd.service.d/10-limits.conf'
target '/etc/docker/daemon.json'
target '/etc/kubenode/tricky'\''s file'
target '/etc/kubenode/empty'

reload=0
restart_0=0 # containerd.service
restart_1=0 # docker.service

add_group 'docker'

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

begin '/etc/systemd/system/containerd.service.d/10-limits.conf'
cat >"$new" <<'KUBENODE_EOF'
[Service]
LimitNOFILE=1048576
KUBENODE_EOF
install_file '/etc/systemd/system/containerd.service.d/10-limits.conf' '0644' 'root' 'root'
if [ "$changed" = 1 ]; then reload=1; restart_0=1; fi

begin '/etc/docker/daemon.json'
printf '%s' '{"exec-opts": ["native.cgroupdriver=systemd"]}' >"$new"
install_file '/etc/docker/daemon.json' '0640' 'root' 'docker'
if [ "$changed" = 1 ]; then restart_1=1; fi

begin '/etc/kubenode/tricky'\''s file'
cat >"$new" <<'KUBENODE_EOF_1'
KUBENODE_EOF
$HOME `id` \n 'quoted' "dq"
	tab
KUBENODE_EOF_1
install_file '/etc/kubenode/tricky'\''s file' '0600' 'root' 'root'

begin '/etc/kubenode/empty'
: >"$new"
install_file '/etc/kubenode/empty' '0644' 'root' 'root'

# systemd, only on the running system.
if [ -z "$R" ]; then
	if [ "$reload" = 1 ]; then systemctl daemon-reload; fi
	systemctl enable 'containerd.service'
	if [ "$restart_0" = 1 ]; then systemctl restart 'containerd.service'; else systemctl start 'containerd.service'; fi
	if [ "$restart_1" = 1 ] && systemctl is-active --quiet 'docker.service'; then systemctl restart 'docker.service'; fi
elif command -v systemctl >/dev/null 2>&1; then
	systemctl --root="$R" enable 'containerd.service'
else
	echo "warning: no systemctl here: the units of $ROOT are not enabled" >&2
fi
