#!/usr/bin/env bash
# Builds the test VM's kernel (bzImage) from Debian's linux-source-6.1: `make tinyconfig` plus
# kernel.config beside this script. Source and build live outside the repository, under the
# user's cache folder; the image is cached by a hash of (the fragment's settings, RECIPE, the
# source package version). Prints the bzImage path as the last line of stdout.
# First build: ~10 min on 2 cores (and 1.6 GB of unpacked source); afterwards instant.
#   build-kernel.sh            build if needed, print the path
#   build-kernel.sh --path     print the path the cache would use, without building
#   build-kernel.sh --arch arm64 [--path]
#                              the arm64 system VM's Image instead (kernel-arm64.config,
#                              cross-built: needs gcc-aarch64-linux-gnu; not used by npm test)
set -euo pipefail
# Bump when the build steps below change in a way that changes the image.
RECIPE=1
here="$(cd "$(dirname "$0")" && pwd)"
arch=x86
if [[ ${1:-} == --arch ]]; then arch=${2:-}; shift 2; fi
case $arch in
  x86) fragment="$here/kernel.config" make_args=() target=bzImage built=arch/x86/boot/bzImage ;;
  arm64)
    fragment="$here/kernel-arm64.config" target=Image built=arch/arm64/boot/Image
    make_args=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
    command -v aarch64-linux-gnu-gcc >/dev/null ||
      { echo "build-kernel: aarch64-linux-gnu-gcc missing (apt-get install gcc-aarch64-linux-gnu)" >&2; exit 2; }
    ;;
  *) echo "build-kernel: unknown --arch $arch (x86 or arm64)" >&2; exit 2 ;;
esac
tarball=/usr/src/linux-source-6.1.tar.xz
[[ -r $tarball ]] || { echo "build-kernel: $tarball missing (apt-get install linux-source-6.1)" >&2; exit 2; }

src_version="$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || stat -c %Y "$tarball")"
# Comments and blank lines do not change the kernel, so they do not change the key.
# (x86 keeps the key it had before arm64 existed, so its cached image stays valid.)
key="$( { grep -Ev '^(#|$)' "$fragment"; echo "recipe=$RECIPE"; echo "source=$src_version"
  [[ $arch == x86 ]] || echo "arch=$arch"; } | sha256sum | cut -c1-16)"
cache="${PULSEBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulseboard}"
out="$cache/kernel/$key"
image="$out/$target"

if [[ ${1:-} == --path ]]; then echo "$image"; exit 0; fi
if [[ -s $image ]]; then echo "$image"; exit 0; fi

# One build at a time per cache folder (npm test and a hand run may race).
mkdir -p "$cache/kernel"
exec 9>"$cache/kernel/.lock"
flock 9
if [[ -s $image ]]; then echo "$image"; exit 0; fi

# Unpacked source, shared by every config (kept clean: builds go to their own O= folder).
srcdir="$cache/src/linux-source-6.1-$src_version"
if [[ ! -f $srcdir/.unpacked ]]; then
  echo "build-kernel: unpacking $tarball (1.6 GB) into $srcdir" >&2
  rm -rf "$srcdir" && mkdir -p "$srcdir"
  tar -xJf "$tarball" -C "$srcdir" --strip-components=1
  touch "$srcdir/.unpacked"
fi

build="$cache/kernel/build-$key"
rm -rf "$build" && mkdir -p "$build"
started=$SECONDS
echo "build-kernel: configuring in $build" >&2
make -s -C "$srcdir" O="$build" "${make_args[@]}" tinyconfig >&2
"$srcdir/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" "$fragment" >/dev/null
make -s -C "$srcdir" O="$build" "${make_args[@]}" olddefconfig >&2

# A fragment option silently dropped (unmet dependency) would give a kernel that boots but
# lacks a feature; fail here instead, naming it.
missing=0
while IFS= read -r line; do
  [[ $line =~ ^CONFIG_ ]] || continue
  if ! grep -qx "$line" "$build/.config"; then
    echo "build-kernel: $line did not survive olddefconfig (unmet dependency?)" >&2
    missing=1
  fi
done <"$fragment"
((missing == 0)) || exit 1

echo "build-kernel: compiling (about 10 min on 2 cores)" >&2
make -s -C "$srcdir" O="$build" "${make_args[@]}" -j"$(nproc)" "$target" >&2
mkdir -p "$out"
cp "$build/$built" "$image.tmp"
cp "$build/.config" "$out/config"
mv "$image.tmp" "$image"
rm -rf "$build"
echo "build-kernel: built in $((SECONDS - started)) s" >&2
echo "$image"
