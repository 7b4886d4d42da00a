#!/bin/bash
# The host part of make test: the kernel's userspace maple tree tests
# (tools/testing/radix-tree, MAPLE_TREE_QUICK: the regression tests and the
# reproducer of the series' RCU free walk fix), built with ASan and UBSan
# in a copy of the parts of build/linux they need, as they build in their
# source directory. Prints one "ok"/"not ok" line; exits 1 on failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_packages $PKGS_MAPLE
[ -e "$TREE/.git" ] || die "no kernel tree at build/linux: run 'make tree' first"
src=$BUILD/radix-tree
rm -rf "$src" && mkdir -p "$src/tools/testing"
cp -a "$TREE/include" "$TREE/lib" "$src/"
cp -a "$TREE/tools/include" "$TREE/tools/lib" "$TREE/tools/arch" "$src/tools/"
cp -a "$TREE/tools/testing/radix-tree" "$TREE/tools/testing/shared" "$src/tools/testing/"
log=$BUILD/maple-test.log
start=$SECONDS
# A failed test is a result, not a failure of this script: no error trailer.
trap - EXIT
if ! make -s -C "$src/tools/testing/radix-tree" -j"$(nproc)" maple >"$log" 2>&1; then
	echo "not ok - host: maple tree tests did not build (log: ${log#$ROOT/})"
	tail -20 "$log"
	exit 1
fi
rc=0
(cd "$src/tools/testing/radix-tree" && MAPLE_TREE_QUICK=1 ./maple) >>"$log" 2>&1 || rc=$?
result=$(grep -h 'maple_tree: .* tests passed' "$log" | tail -1 || true)
# A count with every test passed, no leak report and exit 0.
if [ $rc = 0 ] && [[ "$result" =~ ([0-9]+)\ of\ ([0-9]+) ]] &&
	[ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] && ! grep -q '^nr_allocated' "$log"; then
	echo "ok - host: maple tree regression tests (${result#maple_tree: }, $(elapsed $start))"
else
	echo "not ok - host: maple tree regression tests # exit $rc, see ${log#$ROOT/}"
	tail -20 "$log"
	exit 1
fi
