#!/bin/bash
# check-lists.sh ARCH: every KVM selftest built for ARCH is either run
# (tests/ARCH.list) or left out with a reason (tests/excluded.list).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: check-lists.sh ARCH}
check_arch "$arch"
out=$BUILD/selftests-$arch
listed=$(test_list "$arch" | awk '{ print $1 }' | sort -u)
excluded=$(grep -v -e '^#' -e '^$' "$ROOT/tests/excluded.list" |
	awk -v a="$arch" '$1 == a && NF > 2 { print $2 }' | sort -u)
built=$(cd "$out" && find . -type f -perm -u+x ! -name '*.o' ! -path './lib/*' \
	! -path './tools/*' | sed 's|^\./||' | sort)
bad=0
for t in $built; do
	if ! grep -qxF "$t" <<<"$listed" && ! grep -qxF "$t" <<<"$excluded"; then
		echo "    $t is built but neither in tests/$arch.list nor in tests/excluded.list"
		bad=1
	fi
done
for t in $listed $excluded; do
	grep -qxF "$t" <<<"$built" || { echo "    $t is listed for $arch but not built"; bad=1; }
done
[ $bad = 0 ] || die "test lists for $arch are out of date (see above)"
