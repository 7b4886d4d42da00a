#!/bin/bash
# make export: rewrite patches/ from base..HEAD in build/linux: numbered
# patches, the series file, and a cover letter built from cover-letter.txt.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/BASE"

[ -d "$TREE/.git" ] || die "no kernel tree at build/linux: run 'make tree' first"
[ -z "$(git -C "$TREE" status --porcelain)" ] ||
	die "build/linux has uncommitted changes: commit them first"
n=$(git -C "$TREE" rev-list --count base..HEAD)
step "exporting $n commits from build/linux to patches/"
rm -f "$ROOT"/patches/*.patch
if [ "$n" = 0 ]; then
	: >"$ROOT/patches/series"
	info "the series is empty"
	exit 0
fi
# --zero-commit keeps local commit ids out of the files, so an unchanged
# series exports byte for byte the same.
git -C "$TREE" format-patch -q --zero-commit --cover-letter \
	-o "$ROOT/patches" base..HEAD

# The cover letter: subject and text from cover-letter.txt, plus the base.
cover=$ROOT/patches/0000-cover-letter.patch
subject=$(head -1 "$ROOT/cover-letter.txt")
blurb=$(mktemp)
{
	tail -n +3 "$ROOT/cover-letter.txt"
	echo
	echo "Base: Debian $LINUX_SOURCE_PACKAGE $LINUX_SOURCE_VERSION"
	echo "(Linux $(make -s -C "$TREE" kernelversion)), /usr/src/$LINUX_SOURCE_PACKAGE.tar.xz with sha256"
	echo "$LINUX_SOURCE_SHA256."
} >"$blurb"
# The cover letter takes the newest patch's date, so an unchanged series
# exports identically.
last=$(ls "$ROOT"/patches/[0-9]*.patch | tail -1)
date=$(grep -m1 '^Date: ' "$last")
awk -v subject="$subject" -v blurb="$blurb" -v date="$date" '
	/^Date: / && !dated { print date; dated = 1; next }
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
	/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < blurb) > 0) print l; next }
	{ print }
' "$cover" >"$cover.new"
mv "$cover.new" "$cover"
rm -f "$blurb"
(cd "$ROOT/patches" && ls -1 [0-9]*.patch | grep -v '^0000-') >"$ROOT/patches/series"
info "$(wc -l <"$ROOT/patches/series") patches and a cover letter in patches/"
