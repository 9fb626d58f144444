#!/bin/sh
# Written by kubenode: 8 files, 1 groups, 2 unit actions.
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
fi
