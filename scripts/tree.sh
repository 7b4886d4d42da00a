#!/bin/bash
# make tree: extract the pinned base into build/linux, commit and tag it
# `base`, and apply the series in patches/ on top. Never drops commits.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/BASE"

need_packages $PKGS_TREE
tarball=/usr/src/$LINUX_SOURCE_PACKAGE.tar.xz
pinned="$LINUX_SOURCE_PACKAGE=$LINUX_SOURCE_VERSION"

installed=$(dpkg-query -W -f='${Version}' "$LINUX_SOURCE_PACKAGE" 2>/dev/null || true)
if [ "$installed" != "$LINUX_SOURCE_VERSION" ]; then
	step "installing $pinned"
	apt_update_once
	if ! apt-cache madison "$LINUX_SOURCE_PACKAGE" | awk '{print $3}' |
		grep -qxF "$LINUX_SOURCE_VERSION"; then
		served=$(apt-cache madison "$LINUX_SOURCE_PACKAGE" | awk '{print $3}' | head -1)
		die "$pinned is no longer served (newest served: ${served:-none}).
  To re-pin: set LINUX_SOURCE_VERSION=${served:-<version>} in BASE, install it
  (apt-get install $LINUX_SOURCE_PACKAGE=${served:-<version>}), put the output of
  'sha256sum $tarball' in LINUX_SOURCE_SHA256, then 'make tree FORCE=1 && make test'."
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		--allow-downgrades "$pinned" >/dev/null || die "apt-get install $pinned failed"
fi

step "checking $tarball against BASE"
sum=$(sha256sum "$tarball" | cut -d' ' -f1)
[ "$sum" = "$LINUX_SOURCE_SHA256" ] ||
	die "sha256 of $tarball is $sum, BASE pins $LINUX_SOURCE_SHA256"

git_tree() { git -C "$TREE" "$@"; }

apply_series() {
	local p n=0
	[ -s "$ROOT/patches/series" ] || { info "patches/series is empty: tree is the base"; return 0; }
	while read -r p; do
		case "$p" in '' | '#'*) continue ;; esac
		git_tree am -q --3way "$ROOT/patches/$p" || die "git am $p failed (tree left mid-am: 'git -C build/linux am --abort')"
		n=$((n + 1))
	done <"$ROOT/patches/series"
	info "applied $n patches"
}

# The patch-ids of the series and of base..HEAD, one per line, in order.
series_ids() {
	local p
	[ -s "$ROOT/patches/series" ] || return 0
	grep -v -e '^#' -e '^$' "$ROOT/patches/series" | while read -r p; do
		git_tree patch-id --stable <"$ROOT/patches/$p" | cut -d' ' -f1
	done
}
tree_ids() {
	git_tree format-patch --stdout base..HEAD | git_tree patch-id --stable | cut -d' ' -f1
}

if [ -e "$TREE" ] && ! git_tree rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	# An earlier run stopped before tagging the base: nothing there can
	# be work, unless commits were made on top of an untagged tree.
	[ "$(git_tree rev-list --count HEAD 2>/dev/null || echo 0)" -le 1 ] ||
		die "build/linux has commits but no 'base' tag: move it away by hand"
	step "removing an incomplete build/linux from an interrupted run"
	rm -rf "$TREE"
fi

if [ -d "$TREE/.git" ]; then
	[ ! -e "$(git_tree rev-parse --git-path rebase-apply)" ] ||
		die "build/linux is in the middle of 'git am': finish it or 'git -C build/linux am --abort'"
	tagged=$(git_tree tag -l --format='%(contents:subject)' base)
	[ "$tagged" = "$pinned" ] ||
		[ "${FORCE:-0}" = 1 ] || die "build/linux is based on '$tagged', BASE pins '$pinned': 'make tree FORCE=1' rebuilds it"
	if [ "${FORCE:-0}" = 1 ]; then
		[ -z "$(git_tree status --porcelain)" ] ||
			die "build/linux has uncommitted changes: commit or discard them before FORCE=1"
		backup=backup-$(date +%Y%m%d-%H%M%S)
		if [ "$tagged" = "$pinned" ]; then
			git_tree branch "$backup" HEAD
			[ "$(git_tree rev-parse master)" = "$(git_tree rev-parse HEAD)" ] ||
				git_tree branch "$backup-master" master
			step "FORCE=1: old HEAD (and master) kept as branch $backup*; rebuilding from patches/"
			git_tree checkout -q --detach base
			git_tree branch -f master base
			git_tree checkout -q master
			apply_series
			exit 0
		fi
		mv -T "$TREE" "$BUILD/linux-$backup"
		step "FORCE=1: the old tree (other base) moved to build/linux-$backup"
	elif [ -n "$(git_tree status --porcelain)" ]; then
		step "build/linux has uncommitted changes: leaving it as it is"
		exit 0
	elif [ -z "$(git_tree rev-list base..HEAD)" ]; then
		step "build/linux is at base: applying patches/"
		apply_series
		exit 0
	elif [ "$(series_ids)" = "$(tree_ids)" ]; then
		step "build/linux already holds patches/ ($(git_tree rev-list --count base..HEAD) commits)"
		exit 0
	else
		step "build/linux has commits that differ from patches/: leaving them"
		info "'make export' saves them to patches/; 'make tree FORCE=1' rebuilds from"
		info "patches/ and keeps the current HEAD as a backup branch"
		exit 0
	fi
fi

step "extracting $tarball into build/linux"
start=$SECONDS
mkdir -p "$BUILD"
rm -rf "$BUILD/$LINUX_SOURCE_PACKAGE" "$TREE.tmp"
mkdir "$TREE.tmp"
tar -C "$TREE.tmp" -xf "$tarball"
mv -T "$TREE.tmp/$LINUX_SOURCE_PACKAGE" "$TREE"
rmdir "$TREE.tmp"
# Debian ignores everything at the top level ("/*"); git must see the tree.
sed -i '\|^/\*$|d' "$TREE/.gitignore"

step "committing the base and tagging it 'base'"
git -C "$TREE" init -q -b master
git_tree config user.name >/dev/null || git_tree config user.name "guest_memfd rig"
git_tree config user.email >/dev/null || git_tree config user.email "rig@localhost"
git_tree config gc.auto 0
git_tree add -A -f  # every file of the tarball, dotfiles included
git_tree commit -q -m "Debian $pinned"
git_tree tag -a -m "$pinned" base
info "base committed in $(elapsed $start)"

step "applying patches/"
apply_series
