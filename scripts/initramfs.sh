#!/bin/bash
# make initramfs ARCH=...: pack static busybox, guest/init, the selftests
# named in tests/<arch>.list (stripped) and one list file per boot into
# build/initramfs-<arch>.cpio.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: initramfs.sh ARCH}
check_arch "$arch"
need_packages $PKGS_INITRAMFS
tests=$BUILD/selftests-$arch
[ -d "$tests" ] || die "no selftests in ${tests#$ROOT/}: run 'make selftests ARCH=$arch' first"

# Static busybox for the arch, from Debian's busybox-static package.
case "$arch" in
x86_64)
	busybox=/bin/busybox
	strip=strip
	;;
arm64)
	need_packages binutils-aarch64-linux-gnu
	busybox=$BUILD/busybox-arm64/bin/busybox
	strip=aarch64-linux-gnu-strip
	if [ ! -x "$busybox" ]; then
		step "fetching busybox-static:arm64"
		fetch_deb busybox-static arm64 "$BUILD/debs"
		dpkg-deb -x "$BUILD"/debs/busybox-static_*_arm64.deb "$BUILD/busybox-arm64"
	fi
	;;
esac

step "packing build/initramfs-$arch.cpio"
root=$BUILD/initramfs-$arch
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,rig/tests,rig/lists}
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$ROOT/guest/init" "$root/init"
"$strip" -o "$root/rig/kvm-hold" "$BUILD/kvm-hold-$arch"

# A program listed twice (other arguments) gets an id of its own: name#2.
declare -A seen=()
n=0
while read -r name limit boots args; do
	seen[$name]=$((${seen[$name]:-0} + 1))
	id=$name
	[ "${seen[$name]}" = 1 ] || id="$name#${seen[$name]}"
	[ -x "$tests/$name" ] || die "tests/$arch.list names $name, which the selftests build did not produce"
	mkdir -p "$root/rig/tests/$(dirname "$name")"
	"$strip" -o "$root/rig/tests/$name" "$tests/$name"
	for boot in $(boots "$arch"); do
		case ",$boots," in
		*,all,* | *,"$boot",*) echo "$id $name $limit $args" >>"$root/rig/lists/$boot.list" ;;
		esac
	done
	n=$((n + 1))
done < <(test_list "$arch")
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$root.cpio"
info "$n tests, $(du -h "$root.cpio" | cut -f1)"
