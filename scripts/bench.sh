#!/bin/bash
# make bench [RUNS=5] [ARGS="-s 12"]: the guest_memfd benchmark. Build what
# is missing or stale (tree, x86_64 kernel, selftests, initramfs), boot the
# kernel under QEMU and run x86_64/guest_memfd_perf_test in full mode there:
# in-place conversion against the 6.12 two-fd way, host faults against
# shmem, private guest faults against a classic guest_memfd, the bytes of
# state tracking, and how conversion time scales. Everything is measured in
# one boot and reported as ratios; the log and a CSV go to build/bench/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs=${RUNS:-5}
out=$BUILD/bench
prog=x86_64/guest_memfd_perf_test

"$ROOT/scripts/tree.sh"
"$ROOT/scripts/kernel.sh" x86_64
"$ROOT/scripts/selftests.sh" x86_64
"$ROOT/scripts/check-lists.sh" x86_64
"$ROOT/scripts/initramfs.sh" x86_64

mkdir -p "$out"
step "booting x86_64 and running $prog -r $runs -c ${ARGS:-} (a few minutes)"
start=$SECONDS
rc=0
# The guest has 4 GiB (scripts/vm.sh): the 1 GiB round trips need at most
# 1 GiB at a time. Nothing else runs in the guest while it measures.
VM_RUN_DIR=$BUILD/vm-run-bench BIN=$BUILD/selftests-x86_64/$prog \
	ARGS="-r $runs -c ${ARGS:-}" RUN_LIMIT=${RUN_LIMIT:-3600} \
	"$ROOT/scripts/vm-run.sh" x86_64 >"$out/bench.log" || rc=$?
# The table to the terminal, without kernel messages that the console
# interleaves (TCG prints hrtimer complaints), the CSV block to its own file.
awk '/^csv-begin/ { inside = 1 } !inside && !/^\[ *[0-9]+\.[0-9]+\] / { print }
	/^csv-end/ { inside = 0 }' "$out/bench.log"
awk '/^csv-end/ { inside = 0 } inside { print } /^csv-begin/ { inside = 1 }' \
	"$out/bench.log" >"$out/bench.csv"
info "run took $(elapsed $start); log build/bench/bench.log, CSV build/bench/bench.csv ($(($(wc -l <"$out/bench.csv") - 1)) rows)"
trap - EXIT
exit "$rc"
