#!/bin/bash
# make selftests ARCH=x86_64|arm64: build the KVM selftests from build/linux,
# statically linked (cross-compiled for arm64), into build/selftests-<arch>.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: selftests.sh ARCH}
check_arch "$arch"
pk=PKGS_SELFTESTS_$arch
need_packages $PKGS_SELFTESTS ${!pk:-}
out=$BUILD/selftests-$arch
hdrs=$(kernel_out "$arch")/usr/include
[ -d "$hdrs/linux" ] || die "no UAPI headers in ${hdrs#$ROOT/}: run 'make kernel ARCH=$arch' first"

case "$arch" in
x86_64) cc="ccache gcc" ;;
arm64) cc="ccache aarch64-linux-gnu-gcc" ;;
esac
read -r -a kargs <<<"$(kmake_args "$arch")"
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
# Paths relative to the checkout, so another clone hits the same cache.
export CCACHE_BASEDIR=$ROOT

# The selftests' dependency files do not work with an absolute OUTPUT, so
# a changed library header would leave stale objects: rebuild from scratch
# (ccache keeps that cheap) whenever tools/ or the UAPI headers changed.
stamp=$BUILD/.selftests-$arch.stamp
want=$({ git -C "$TREE" rev-parse HEAD:tools; git -C "$TREE" diff HEAD -- tools
	git -C "$TREE" status --porcelain -- tools
	find "$hdrs" -type f -exec sha256sum {} + | sort; } | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	rm -rf "$out"
	rm -f "$stamp"
fi

step "building $arch KVM selftests (static, OUTPUT=${out#$ROOT/})"
start=$SECONDS
mkdir -p "$out/tools"
# abs_objdir keeps arm64's generated sysreg headers out of the source tree.
log=$out/build.log
make -s -C "$TREE/tools/testing/selftests/kvm" -j"$(nproc)" "${kargs[@]}" \
	CC="$cc" OUTPUT="$out" abs_objdir="$out" \
	KHDR_INCLUDES="-isystem $hdrs" EXTRA_CFLAGS=-static all >"$log" 2>&1 ||
	{ tail -30 "$log"; die "selftests build for $arch failed (log: ${log#$ROOT/})"; }
echo "$want" >"$stamp"
# The rig's own guest helper (see guest/kvm-hold.c), built like the tests.
$cc -O2 -Wall -static -isystem "$hdrs" -o "$BUILD/kvm-hold-$arch" "$ROOT/guest/kvm-hold.c" ||
	die "cannot build guest/kvm-hold.c for $arch"
# Reports the KUnit suites the x86_64 kernel ran at boot (guest/kunit-results.c).
if [ "$arch" = x86_64 ]; then
	mkdir -p "$out/rig"
	$cc -O2 -Wall -Werror -static -o "$out/rig/kunit-results" "$ROOT/guest/kunit-results.c" ||
		die "cannot build guest/kunit-results.c for $arch"
fi
info "$(find "$out" -type f -perm -u+x ! -name '*.o' | wc -l) programs in $(elapsed $start)"
