# Sourced by the scripts in .ci/install.d: where the e2e module's tools go,
# and how each is built once. Every tool lands in $tools/NAME-VERSION/NAME,
# where e2e/harness.Tool finds it, and is skipped when already built, so a
# second run costs nothing.

tools="${KUBENODE_E2E_TOOLS:-$HOME/.cache/kubenode-e2e}"
mkdir -p "$tools"

# The tools are stripped when linked (-ldflags=-s), so the DWARF the
# compiler would write for every package is thrown away: not writing it
# takes 13-15 % less CPU on a cold build (measured on the CNI plugins, user
# time 38-40 s against 33 s), on the machine's two cores that all the
# install scripts share.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-gcflags=all=-dwarf=false"

# crio_tags are the build tags of CRI-O's daemon (crio-daemon.sh) and of
# crio-checker (crio.sh): they leave out the parts of containers/image and
# containers/storage that need C headers (gpgme, btrfs, devmapper,
# ostree), so no apt package is needed. One list, so that the two builds
# share their compiled packages.
crio_tags='containers_image_openpgp exclude_graphdriver_btrfs exclude_graphdriver_devmapper containers_image_ostree_stub'

# go_install NAME VERSION PACKAGE: `go install PACKAGE@vVERSION` into
# $tools/NAME-VERSION/, without cgo (no C headers needed) and stripped.
go_install() {
  local name=$1 version=$2 pkg=$3
  local dir="$tools/$name-$version"
  if [ -x "$dir/$name" ]; then
    echo "$dir/$name: already built"
    return
  fi
  local start=$SECONDS
  mkdir -p "$dir"
  GOBIN="$dir" CGO_ENABLED=0 retry go install -trimpath -ldflags=-s "$pkg@v$version"
  echo "$dir/$name: built in $((SECONDS - start))s"
}

# build_checker NAME VERSION SRC [GO BUILD FLAGS...]: build the checker
# module in SRC (its own go.mod, under e2e/checkers) into
# $tools/NAME-VERSION/NAME, unless a build from the same sources, flags and
# Go toolchain is there (a stamp file beside it records them).
build_checker() {
  local name=$1 version=$2 src=$3
  shift 3
  local dir="$tools/$name-$version"
  local out="$dir/$name"
  local stamp
  stamp=$( (cat "$src/go.mod" "$src/go.sum" "$src"/*.go; echo "$*"; go version) | sha256sum | cut -c1-16)
  if [ -x "$out" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "$out: already built"
    return
  fi
  local start=$SECONDS
  mkdir -p "$dir"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath "$@" -o "$out.tmp" .)
  mv "$out.tmp" "$out"
  echo "$stamp" >"$out.stamp"
  echo "$out: built in $((SECONDS - start))s"
}

# go_build_module NAME VERSION PACKAGE: build PACKAGE at vVERSION into
# $tools/NAME-VERSION/ from a module made for it, for a
# module whose own go.mod `go install` refuses (exclude or replace
# directives: containerd 1.7's), since a dependency's directives do not
# apply. Without cgo and stripped, as go_install.
go_build_module() {
  local name=$1 version=$2 pkg=$3
  local dir="$tools/$name-$version"
  if [ -x "$dir/$name" ]; then
    echo "$dir/$name: already built"
    return
  fi
  local start=$SECONDS work
  work=$(mktemp -d)
  mkdir -p "$dir"
  (cd "$work" && go mod init kubenode.invalid/build >/dev/null 2>&1 &&
    retry go get "$pkg@v$version" &&
    CGO_ENABLED=0 go build -trimpath -ldflags=-s -o "$dir/$name" "$pkg")
  rm -rf "$work"
  echo "$dir/$name: built in $((SECONDS - start))s"
}

# retry COMMAND...: run COMMAND, and twice more a minute apart if it fails.
# For the steps that fetch modules: a module fetched without a go.sum of
# ours is looked up in the checksum database, and such a lookup once
# failed for minutes ("404 Not Found") and then worked again. A command
# that fails for its own reasons fails three times; a build's packages
# are cached, so a second try costs little.
retry() {
  local try
  for try in 1 2; do
    "$@" && return
    echo "retry: \`$*\` failed (try $try of 3); again in 60s" >&2
    sleep 60
  done
  "$@"
}

# after_tool PATH PRODUCER: wait until the tool at PATH, built by the
# install script PRODUCER running beside this one, is there. A checker
# that compiles mostly the same packages as another (kubeadm-checker and
# kube-apiserver share most of the kubelet checker's) then builds from the
# warm build cache, instead of compiling those packages at the same time
# on a cold machine. .ci/run records in $KUBENODE_CI_INSTALL_STATUS each
# install script's exit status when it ends: a PRODUCER that ended without
# building PATH fails this script at once, rather than after a long wait.
# Run alone (no .ci/run), nothing else builds PATH, so nothing is waited
# for; nor more than 40 minutes in any case.
after_tool() {
  local path=$1 producer=$2
  local status=${KUBENODE_CI_INSTALL_STATUS:-}
  [ -n "$status" ] || return 0
  for _ in $(seq 1 480); do
    [ -x "$path" ] && return
    if [ -e "$status/$producer.rc" ]; then
      [ -x "$path" ] && return
      echo "$path: $producer ended (status $(cat "$status/$producer.rc")) without building it" >&2
      return 1
    fi
    sleep 5
  done
  echo "$path: not there after 40 minutes; building anyway"
}
