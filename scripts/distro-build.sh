#!/bin/bash
# distro-build.sh ARCH: compile the code the series touches with Debian's
# own kernel config for ARCH (package linux-config-6.12 of ARCH, unpacked
# into build/, the version of BASE while the archive serves it) and
# warnings as errors: amd64's has KVM_AMD_SEV=y and KVM as modules, and no
# KVM_SW_PROTECTED_VM.
# Compiles only: these are single targets, so nothing is linked and
# modpost does not run. That KVM links as modules is checked by
# check-builds' build with configs/modules.config.
# KERNEL_SRC and KERNEL_OUT as for kernel.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/BASE"

arch=${1:?usage: distro-build.sh ARCH}
check_arch "$arch"
pk=PKGS_KERNEL_$arch
need_packages xz-utils $PKGS_KERNEL ${!pk:-}
TREE=${KERNEL_SRC:-$TREE}
[ -e "$TREE/.git" ] || die "no kernel tree at ${TREE#$ROOT/}: run 'make tree' first"
out=${KERNEL_OUT:-$BUILD/distro-$arch}

# virt/kvm is built as part of the arch's kvm directory.
case "$arch" in
x86_64) deb_arch=amd64 flavour=amd64_none_amd64 dirs=(arch/x86/kvm/ mm/ lib/maple_tree.o) cross= ;;
arm64) deb_arch=arm64 flavour=arm64_none_arm64 dirs=(arch/arm64/kvm/ mm/ lib/maple_tree.o) cross=aarch64-linux-gnu- ;;
esac

# Each architecture's linux-config-6.12 has only its own configs: unpack
# the package of ARCH, not install it.
pkgdir=$BUILD/linux-config-$deb_arch
config=$pkgdir/usr/src/linux-config-6.12/config.$flavour.xz
if [ ! -f "$config" ]; then
	step "fetching linux-config-6.12:$deb_arch"
	fetch_deb linux-config-6.12 "$deb_arch" "$BUILD/debs-config-$deb_arch" "$LINUX_SOURCE_VERSION"
	rm -rf "$pkgdir"
	dpkg-deb -x "$BUILD"/debs-config-$deb_arch/linux-config-6.12_*_"$deb_arch".deb "$pkgdir"
fi
[ -f "$config" ] || die "no ${config#$pkgdir} in package linux-config-6.12:$deb_arch"
version=$(basename "$BUILD"/debs-config-$deb_arch/linux-config-6.12_*_"$deb_arch".deb 2>/dev/null |
	cut -d_ -f2 || echo unknown)

read -r -a kargs <<<"$(kmake_args "$arch")"
kmake() {
	make -s -C "$TREE" O="$out" "${kargs[@]}" CC="ccache ${cross}gcc" "$@"
}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
export CCACHE_BASEDIR=$ROOT
export KBUILD_BUILD_TIMESTAMP="2024-11-17 00:00:00" KBUILD_BUILD_USER=rig KBUILD_BUILD_HOST=rig

step "configuring $arch with Debian's config (linux-config-6.12 $version, $flavour)"
mkdir -p "$out"
xz -dc "$config" >"$out/.config"
# Warnings as errors everywhere; no signing keys, which only the image and
# modules_install need and Debian keeps out of the source package.
"$TREE/scripts/config" --file "$out/.config" --enable WERROR --enable KVM_WERROR \
	--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
	--disable MODULE_SIG_ALL --disable DEBUG_INFO_BTF
kmake olddefconfig >/dev/null
for opt in WERROR $( [ "$arch" = x86_64 ] && echo KVM_AMD_SEV KVM_WERROR); do
	grep -qx "CONFIG_$opt=y" "$out/.config" || die "CONFIG_$opt=y did not stick in Debian's $arch config"
done
info "$(grep -E '^CONFIG_KVM(_AMD|_INTEL|_AMD_SEV)?=' "$out/.config" | tr '\n' ' ')"

step "building ${dirs[*]} for $arch (O=${out#$ROOT/})"
start=$SECONDS
kmake -j"$(nproc)" "${dirs[@]}"
info "built in $(elapsed $start)"
