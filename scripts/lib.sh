# Sourced by every script in scripts/: paths, logging and package checks.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
TREE=$BUILD/linux

step() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run the rest of the script with the step that failed named on error.
trap 'rc=$?; [ $rc -eq 0 ] || printf "error: %s failed (exit %d)\n" "$(basename "$0")" $rc >&2' EXIT

# check_arch ARCH: only the two arches the rig knows.
check_arch() {
	case "$1" in
	x86_64 | arm64) ;;
	*) die "ARCH must be x86_64 or arm64, not '$1'" ;;
	esac
}

# build_for_tests ARCH: what a boot of the test initramfs needs, built where
# stale (the kernel in DEBUG=1's object dir if set, the selftests, the
# initramfs), and the test lists checked against what was built.
build_for_tests() {
	check_arch "$1"
	"$ROOT/scripts/kernel.sh" "$1"
	"$ROOT/scripts/selftests.sh" "$1"
	"$ROOT/scripts/check-lists.sh" "$1"
	"$ROOT/scripts/initramfs.sh" "$1"
}

# The toolchain prefix and kernel make variables for an arch.
kmake_args() {
	case "$1" in
	x86_64) echo "ARCH=x86_64" ;;
	arm64) echo "ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-" ;;
	esac
}

# apt_update_once: refresh apt's package lists unless that was done in
# the last 12 hours (an index older than that may name .debs that the
# archive has replaced).
apt_update_once() {
	if [ ! -f "$BUILD/.apt-updated" ] || [ -n "$(find "$BUILD/.apt-updated" -mmin +720)" ]; then
		apt-get update -qq || die "apt-get update failed"
		mkdir -p "$BUILD" && touch "$BUILD/.apt-updated"
	fi
}

# fetch_deb PKG ARCH DIR [VERSION]: download the .deb of PKG for ARCH into
# DIR, emptied first, without installing it. A foreign ARCH is added to
# dpkg's architectures for that, once (apt then also fetches that
# architecture's lists). With VERSION, that version while the archive
# serves it, else the newest, which is named.
fetch_deb() {
	local pkg=$1 arch=$2 dir=$3 version=${4:-} spec archs
	[ "$(id -u)" -eq 0 ] || die "fetching $pkg:$arch needs root (apt-get, dpkg --add-architecture)"
	archs=$(dpkg --print-architecture; dpkg --print-foreign-architectures)
	if ! grep -qx "$arch" <<<"$archs"; then
		info "adding $arch to dpkg's architectures, to download $pkg:$arch"
		dpkg --add-architecture "$arch"
		rm -f "$BUILD/.apt-updated"
	fi
	apt_update_once
	spec=$pkg:$arch
	if [ -n "$version" ]; then
		if apt-cache madison "$spec" | awk '{print $3}' | grep -qxF "$version"; then
			spec=$spec=$version
		else
			info "$pkg $version is not served any more: taking the newest"
		fi
	fi
	rm -rf "$dir" && mkdir -p "$dir"
	# apt downloads as user _apt: let it write there.
	chmod 777 "$dir"
	(cd "$dir" && apt-get download -qq "$spec") ||
		die "cannot download $spec from the Debian archive"
}

# need_packages PKG...: install the Debian packages that are missing.
# Safe to re-run; names the package when apt cannot provide it.
need_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}): run as root or install them"
	step "installing packages: ${missing[*]}"
	apt_update_once
	for p in "${missing[@]}"; do
		apt-cache show "${p%%=*}" >/dev/null 2>&1 ||
			die "package '${p%%=*}' is not available from the configured Debian sources"
	done
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

# Packages per job. Every script asks only for what it uses.
PKGS_TREE="git xz-utils"
PKGS_CHECK="git perl python3-ply python3-git"
PKGS_KERNEL="build-essential bc bison flex libelf-dev libssl-dev ccache cpio kmod python3"
PKGS_KERNEL_arm64="gcc-aarch64-linux-gnu"
PKGS_SELFTESTS="build-essential ccache"
PKGS_VMM="build-essential"
PKGS_VMM_arm64="gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
PKGS_MAPLE="build-essential liburcu-dev"
PKGS_SELFTESTS_arm64="gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
PKGS_INITRAMFS="cpio busybox-static"
PKGS_QEMU_x86_64="qemu-system-x86"
PKGS_QEMU_arm64="qemu-system-arm"

# Elapsed time since a `start=$SECONDS`, as "1m05s".
elapsed() {
	local s=$((SECONDS - $1))
	printf '%dm%02ds' $((s / 60)) $((s % 60))
}

# Where the kernel for an arch is built: build/<arch>, or build/<arch>-debug
# with DEBUG=1, so switching between the two rebuilds nothing.
kernel_out() {
	# KERNEL_OUT: another object dir, e.g. a kernel built with a protection
	# removed, to boot with vm-run.sh and see a test fail.
	if [ -n "${KERNEL_OUT:-}" ]; then echo "$KERNEL_OUT"
	elif [ "${DEBUG:-0}" = 1 ]; then echo "$BUILD/$1-debug"; else echo "$BUILD/$1"; fi
}
kernel_image_target() {
	case "$1" in x86_64) echo bzImage ;; arm64) echo Image ;; esac
}
kernel_image() {
	case "$1" in
	x86_64) echo "$(kernel_out "$1")/arch/x86/boot/bzImage" ;;
	arm64) echo "$(kernel_out "$1")/arch/arm64/boot/Image" ;;
	esac
}

# vmm_make ARCH [TARGET...]: build the demo VMM (vmm/) for ARCH against
# that kernel's UAPI headers; vmm_bin ARCH: the static binary it makes.
vmm_make() {
	local arch=$1 kargs
	shift
	read -r -a kargs <<<"$(kmake_args "$arch")"
	make -s -C "$ROOT/vmm" "${kargs[@]}" KHDR="$(kernel_out "$arch")/usr/include" "$@"
}
vmm_bin() {
	case "$1" in
	x86_64) echo "$ROOT/vmm/build/vmm" ;;
	arm64) echo "$ROOT/vmm/build/arm64/vmm" ;;
	esac
}

# bench_bin ARCH: the program `make bench` runs in the guest, from the
# selftest build; `make test` checks that it is built.
bench_bin() {
	echo "$BUILD/selftests-$1/guest_memfd_perf_test"
}

# The boots `make test` makes per arch, and what each adds to the command line.
boots() {
	case "$1" in
	x86_64) echo default ;;
	arm64) echo "vhe nvhe protected" ;;
	esac
}
boot_cmdline() {
	case "$1" in
	nvhe) echo "kvm-arm.mode=nvhe" ;;
	protected) echo "kvm-arm.mode=protected" ;;
	*) echo "" ;;
	esac
}

# The test list of an arch without comments: "name timeout boots args...".
test_list() {
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$ROOT/tests/$1.list"
}
