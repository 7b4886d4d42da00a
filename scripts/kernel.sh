#!/bin/bash
# make kernel ARCH=x86_64|arm64 [DEBUG=1]: configure tinyconfig plus the
# fragments in configs/ and build the kernel image with ccache.
# check-builds.sh points it elsewhere: KERNEL_SRC (a worktree of build/linux),
# KERNEL_OUT (the object dir) and EXTRA_FRAGMENTS (more config fragments).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: kernel.sh ARCH}
check_arch "$arch"
debug=${DEBUG:-0}
pk=PKGS_KERNEL_$arch
need_packages $PKGS_KERNEL ${!pk:-}
TREE=${KERNEL_SRC:-$TREE}
[ -e "$TREE/.git" ] || die "no kernel tree at ${TREE#$ROOT/}: run 'make tree' first"

out=${KERNEL_OUT:-$(kernel_out "$arch")}
fragments=("$ROOT/configs/common.config" "$ROOT/configs/$arch.config")
if [ "$debug" = 1 ]; then
	fragments+=("$ROOT/configs/debug.config")
	[ "$arch" = x86_64 ] && fragments+=("$ROOT/configs/kasan.config")
	[ "$arch" = arm64 ] && fragments+=("$ROOT/configs/arm64-debug.config")
fi
read -r -a extra <<<"${EXTRA_FRAGMENTS:-}"
fragments+=("${extra[@]}")
mkdir -p "$out"
read -r -a kargs <<<"$(kmake_args "$arch")"
kmake() {
	make -s -C "$TREE" O="$out" "${kargs[@]}" CC="ccache ${CROSS:-}gcc" "$@"
}
CROSS=
[ "$arch" = arm64 ] && CROSS=aarch64-linux-gnu-
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
# Paths relative to the checkout, so another clone hits the same cache.
export CCACHE_BASEDIR=$ROOT
export KBUILD_BUILD_TIMESTAMP="2024-11-17 00:00:00" KBUILD_BUILD_USER=rig KBUILD_BUILD_HOST=rig

# check-builds.sh builds commits from before the series adds some of the
# options the fragments ask for (CONFIG_FAIL_KVM_GMEM): there, and only
# there, an option this tree's Kconfig does not define is left out, and
# the set of such options is part of the stamp, so that the commit that
# adds one reconfigures. Anywhere else an unknown option is an error.
unknown=
if [ -n "${KERNEL_SRC:-}" ]; then
	known=$(git -C "$TREE" grep -h -E '^[[:space:]]*(menu)?config [A-Za-z0-9_]+' -- '*Kconfig*' |
		awk '{ print "CONFIG_" $2 }' | sort -u)
	unknown=$(cat "${fragments[@]}" | sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1/p' | sort -u |
		comm -23 - <(printf '%s\n' "$known"))
fi

# Reconfigure only when a fragment changed, so a re-run rebuilds nothing.
stamp=$out/.rig-fragments
want=$({ cat "${fragments[@]}"; printf '%s\n' "$unknown"; } | sha256sum | cut -d' ' -f1)
if [ ! -f "$out/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	step "configuring $arch kernel (O=${out#$ROOT/}): tinyconfig + ${fragments[*]##*/}"
	kmake tinyconfig >/dev/null
	KCONFIG_CONFIG=$out/.config "$TREE/scripts/kconfig/merge_config.sh" \
		-m -O "$out" "$out/.config" "${fragments[@]}" >/dev/null
	kmake olddefconfig >/dev/null
	# Fail when a requested option did not survive olddefconfig. A later
	# fragment overrides an earlier one, as in merge_config.sh.
	declare -A want_opt=()
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) want_opt[${line%%=*}]=${line#*=} ;; esac
	done < <(cat "${fragments[@]}")
	bad=0
	for opt in "${!want_opt[@]}"; do
		val=${want_opt[$opt]}
		if grep -qx "$opt" <<<"$unknown"; then
			echo "    $opt: not in this tree yet, left out"
		elif [ "$val" = n ]; then
			grep -q "^$opt=" "$out/.config" && { echo "    $opt is set, wanted n"; bad=1; }
		elif ! grep -qx "$opt=$val" "$out/.config"; then
			echo "    $opt=$val did not stick: $(grep -E "^(# )?$opt[= ]" "$out/.config" || echo unset)"
			bad=1
		fi
	done
	[ $bad = 0 ] || die "config fragments for $arch do not apply (see above)"
	echo "$want" >"$stamp"
fi

# The tree's Kconfig may have changed (a patch adds an option): take the
# defaults for new symbols instead of letting the build prompt for them.
kmake olddefconfig >/dev/null

step "building $arch kernel (O=${out#$ROOT/})"
start=$SECONDS
kmake -j"$(nproc)" "$(kernel_image_target "$arch")"
# The image target leaves modules out: build them too when there are any.
if grep -q '^CONFIG_MODULES=y' "$out/.config"; then
	kmake -j"$(nproc)" modules
fi
kmake headers >/dev/null
img=$(kernel_image "$arch")
img=$out/${img#"$(kernel_out "$arch")"/}
info "${img#$ROOT/} built in $(elapsed $start)"
