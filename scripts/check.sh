#!/bin/bash
# make check: checkpatch --strict over every patch in patches/, and the
# series applies with git am onto a clean checkout of the base.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_packages $PKGS_CHECK
[ -d "$TREE/.git" ] || die "no kernel tree at build/linux: run 'make tree' first"
mapfile -t patches < <(grep -v -e '^#' -e '^$' "$ROOT/patches/series" 2>/dev/null || true)
if [ ${#patches[@]} = 0 ]; then
	step "the series is empty: nothing to check"
	exit 0
fi

# checkpatch runs scripts/spdxcheck.py through "env python3": use Debian's,
# which has the python3-ply and python3-git modules it needs.
export PATH=/usr/bin:$PATH

step "checkpatch --strict over ${#patches[@]} patches"
bad=0
for p in "${patches[@]}"; do
	# FILE_PATH_CHANGES fires for every new file; the git am pass below
	# checks instead that MAINTAINERS covers each one. UNKNOWN_COMMIT_ID
	# fires for every Fixes: tag, as build/linux is a source package with
	# no upstream history to look the id up in; the tag's format is still
	# checked (GIT_COMMIT_ID), and the id must be checked against upstream
	# by hand when it is written.
	if ! out=$(cd "$TREE" && scripts/checkpatch.pl --strict --quiet --no-summary \
		--show-types --ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID \
		"$ROOT/patches/$p" 2>&1) ||
		[ -n "$out" ]; then
		echo "    $p:"
		sed 's/^/      /' <<<"$out"
		bad=1
	else
		echo "    $p: clean"
	fi
done

step "applying the series with git am onto a clean base"
wt=$BUILD/check-am
git -C "$TREE" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
git -C "$TREE" worktree prune
git -C "$TREE" worktree add -q --detach "$wt" base
for p in "${patches[@]}"; do
	git -C "$wt" am -q "$ROOT/patches/$p" ||
		{ git -C "$wt" am --abort; echo "    $p does not apply"; bad=1; break; }
	for f in $(git -C "$wt" diff --name-only --diff-filter=A HEAD~1 HEAD); do
		(cd "$wt" && perl scripts/get_maintainer.pl --no-git --no-git-fallback -f "$f") |
			grep -Eq '\((maintainer|supporter):' ||
			{ echo "    $p: no MAINTAINERS entry covers new file $f"; bad=1; }
	done
done
git -C "$TREE" worktree remove --force "$wt"
[ $bad = 0 ] || die "the series is not clean (see above)"
info "the series applies, is checkpatch --strict clean and every new file has a maintainer"
