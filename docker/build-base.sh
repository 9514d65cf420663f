#!/bin/sh
# Build the local base image the lab's containers start from, out of this machine's own files:
# no registry is reachable here, so nothing is pulled. It holds the node binary with the
# shared libraries it links, the libraries the project's native addons link (ffi-rs,
# better-sqlite3), `ip`/`nft`/`tc` for debugging inside a container, /etc basics and CA
# certificates. Usage: docker/build-base.sh [TAG]   (default pulseboard-base:local)
set -eu
TAG="${1:-pulseboard-base:local}"
cd "$(dirname "$0")/.."
ROOT="$(mktemp -d)"
trap 'rm -rf "$ROOT"' EXIT

copy() { # copy a file with its directory path, following symlinks
  for f in "$@"; do
    [ -e "$f" ] || continue
    mkdir -p "$ROOT$(dirname "$f")"
    cp -L "$f" "$ROOT$f"
  done
}
copy_libs() { # the shared libraries a binary or addon links
  ldd "$1" 2>/dev/null | awk '/=>/ { print $3 } /^\t\// { print $1 }' | while read -r lib; do copy "$lib"; done
}
copy_with_libs() {
  copy "$1"
  copy_libs "$1"
}

copy_with_libs "$(command -v node)"
copy_with_libs /bin/sh
for b in ip nft tc; do p="$(command -v "$b" || true)"; [ -n "$p" ] && copy_with_libs "$p"; done
find node_modules -name '*.node' -path '*linux-x64*' -o -name '*.node' -path '*/build/Release/*' |
  while read -r addon; do copy_libs "$addon"; done
# ffi-rs dlopen()s libc by its soname.
copy /lib/x86_64-linux-gnu/libc.so.6 /lib64/ld-linux-x86-64.so.2
copy /etc/passwd /etc/group /etc/hosts /etc/nsswitch.conf /etc/ssl/certs/ca-certificates.crt
mkdir -p "$ROOT/tmp" "$ROOT/data" "$ROOT/run/pulseboard-lab"
chmod 1777 "$ROOT/tmp"
tar -C "$ROOT" -c . | docker import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin' - "$TAG"
echo "built $TAG"
