#!/bin/bash
# make check-builds: build every commit of the series (base..HEAD of
# build/linux) for x86_64 with warnings as errors (KVM_AMD_SEV=y), then the
# last one again with KVM as modules, for arm64, and the directories the
# series touches with Debian's own amd64 and arm64 configs
# (scripts/distro-build.sh). Uses a worktree, so build/linux and
# its uncommitted changes are left alone.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -e "$TREE/.git" ] || die "no kernel tree at build/linux: run 'make tree' first"
wt=$BUILD/check-builds
git -C "$TREE" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
git -C "$TREE" worktree prune
git -C "$TREE" worktree add -q --detach "$wt" base
trap 'git -C "$TREE" worktree remove --force "$wt"' EXIT

mapfile -t commits < <(git -C "$TREE" rev-list --reverse base..HEAD)
[ ${#commits[@]} -gt 0 ] || { step "the series is empty: nothing to build"; exit 0; }
export KERNEL_SRC=$wt
i=0
for c in "${commits[@]}"; do
	i=$((i + 1))
	git -C "$wt" checkout -q "$c"
	step "patch $i/${#commits[@]}: $(git -C "$wt" log -1 --format=%s)"
	KERNEL_OUT=$BUILD/check-builds-x86_64 "$ROOT/scripts/kernel.sh" x86_64
done
step "the last patch with KVM as modules"
KERNEL_OUT=$BUILD/check-builds-x86_64-modules \
	EXTRA_FRAGMENTS="$ROOT/configs/modules.config" "$ROOT/scripts/kernel.sh" x86_64
step "the last patch for arm64"
KERNEL_OUT=$BUILD/check-builds-arm64 "$ROOT/scripts/kernel.sh" arm64
step "the last patch with Debian's own configs"
KERNEL_OUT=$BUILD/check-builds-distro-x86_64 "$ROOT/scripts/distro-build.sh" x86_64
KERNEL_OUT=$BUILD/check-builds-distro-arm64 "$ROOT/scripts/distro-build.sh" arm64
info "all ${#commits[@]} patches build"
