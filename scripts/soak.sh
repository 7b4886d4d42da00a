#!/bin/bash
# make soak [SECONDS=60] [ARCH=x86_64|arm64] [SEED=n] [STEPS=100000]: the
# guest_memfd soak. Build the DEBUG=1 kernels (lockdep, DEBUG_VM, KASAN on
# x86_64), boot x86_64, arm64 VHE and arm64 protected in turn (ARCH= for
# one arch only), and in each run guest_memfd_soak_test for SECONDS and
# guest_memfd_model_test for STEPS steps of one seed (printed, so that a
# failure replays). A failed check, a hung program or a kernel splat fails
# the boot. Ends with "N passed, N failed"; logs in build/soak/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

secs=${SOAK_SECONDS:-60}
steps=${STEPS:-100000}
seed=${SEED:-$(date +%s)}
arches=${SOAK_ARCHES:-x86_64 arm64}
export DEBUG=1
out=$BUILD/soak
mkdir -p "$out"
total=$SECONDS

"$ROOT/scripts/tree.sh"
for arch in $arches; do
	build_for_tests "$arch"
done

# What runs in the guest: both programs, whatever the first answers.
script=$out/soak.sh
cat >"$script" <<SCRIPT
#!/bin/sh
rc=0
/rig/tests/guest_memfd_soak_test -t $secs -s $seed || rc=1
/rig/tests/guest_memfd_model_test -s $seed -n $steps || rc=1
exit \$rc
SCRIPT

pass=0 fail=0
for arch in $arches; do
	case "$arch" in x86_64) soak_boots=default ;; arm64) soak_boots="vhe protected" ;; esac
	for boot in $soak_boots; do
		log=$out/$arch-$boot.log
		step "soaking $arch ($boot): $secs s, then $steps model steps, seed $seed"
		start=$SECONDS
		rc=0
		# The model's steps run about three times slower on the debug kernels.
		BOOT=$boot BIN=$script VM_RUN_DIR=$out/vm-$arch-$boot \
			RUN_LIMIT=$((secs + 1800)) "$ROOT/scripts/vm-run.sh" "$arch" >"$log" 2>&1 || rc=$?
		grep -E '^# (seed|[0-9]+ s:|[0-9]+ operations|[0-9]+ steps,)|^(not )?ok ' "$log" | sed 's/^/    /' || true
		if grep -Eq '\[ *[0-9]+\.[0-9]+\] .*(WARNING:|BUG:|Oops|Kernel panic|hyp panic|KASAN:|possible circular locking)' \
			"$out/vm-$arch-$boot/console.log"; then
			echo "    the kernel reported a splat, see ${out#$ROOT/}/vm-$arch-$boot/console.log"
			rc=1
		fi
		if [ "$rc" = 0 ]; then
			echo "ok - $arch/$boot: soak and model, seed $seed ($(elapsed $start))"
			pass=$((pass + 1))
		else
			echo "not ok - $arch/$boot: seed $seed, log ${log#$ROOT/} ($(elapsed $start))"
			fail=$((fail + 1))
		fi
	done
done
info "make soak took $(elapsed $total)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
