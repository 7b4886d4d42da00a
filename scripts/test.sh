#!/bin/bash
# make test [ARCHES="x86_64 arm64"]: build everything that is missing or
# stale, boot each kernel under QEMU for each of its boots, run the listed
# selftests and end with one line "N passed, N failed, N skipped".
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arches=${ARCHES:-x86_64 arm64}
total=$SECONDS
# The result parser is checked first: a parser that lets a failure
# through would make every run below meaningless.
step "checking the rig's result parser"
"$ROOT/tests/rig/check-results.sh" || die "scripts/results.awk miscounts (see above)"
"$ROOT/scripts/tree.sh"
# The host's part: the userspace maple tree tests, before any kernel build.
step "running the kernel's userspace maple tree tests on the host"
host_pass=0 host_fail=0
if "$ROOT/scripts/maple-test.sh"; then host_pass=1; else host_fail=1; fi
for arch in $arches; do
	build_for_tests "$arch"
done
# `make bench` runs a program that `make test` otherwise only runs from its
# list: a move or rename of it must fail here, not in the next benchmark.
for arch in $arches; do
	bin=$(bench_bin "$arch")
	if [ -x "$bin" ]; then
		echo "ok - $arch: make bench finds ${bin#$BUILD/}"
		host_pass=$((host_pass + 1))
	else
		echo "not ok - $arch: make bench finds no ${bin#$BUILD/}"
		host_fail=$((host_fail + 1))
	fi
done
# The VMM's unit tests (of both arches' exit handling) run on the host, in
# the x86_64 build; the arm64 VMM is cross-built.
for arch in $arches; do
	pk=PKGS_VMM_$arch
	need_packages $PKGS_VMM ${!pk:-}
	log=$BUILD/vmm-$arch.log
	if [ "$arch" = x86_64 ]; then
		step "building the VMM (vmm/) for x86_64 and running its unit tests"
		vmm_make x86_64 all check >"$log" 2>&1 ||
			{ tail -20 "$log"; die "the VMM build or its unit tests failed (log: ${log#$ROOT/})"; }
		info "$(grep -h ' passed, ' "$log" | paste -sd ';' -)"
	else
		step "building the VMM (vmm/) for $arch"
		vmm_make "$arch" all >"$log" 2>&1 ||
			{ tail -20 "$log"; die "the $arch VMM build failed (log: ${log#$ROOT/})"; }
	fi
done

# Lockdep and KASAN slow the guest down about threefold under TCG.
scale=1
[ "${DEBUG:-0}" = 1 ] && scale=3
pass=$host_pass fail=$host_fail skip=0

# Stop the boot when the guest makes no progress: no RIG-BEGIN/RIG-END
# marker for the running test's limit plus a minute (five minutes outside
# a test, which covers booting a debug kernel). A wedged guest (a stalled
# CPU whose timers never fire) cannot kill its own test, and would
# otherwise hold the run for the whole boot limit.
watch_boot() {
	local stream=$1 pidfile=$2 last= cur since=$SECONDS allowed
	while sleep 5; do
		[ -s "$pidfile" ] || continue
		kill -0 "$(cat "$pidfile")" 2>/dev/null || return 0
		cur=$(grep -ao 'RIG-\(BEGIN\|END\) [^ ]* [0-9]*' "$stream" | tail -1) || true
		if [ "$cur" != "$last" ]; then
			last=$cur since=$SECONDS
			continue
		fi
		allowed=300
		case "$cur" in "RIG-BEGIN "*) allowed=$((${cur##* } + 60)) ;; esac
		if [ $((SECONDS - since)) -gt "$allowed" ]; then
			echo "watchdog: no progress for $allowed s after '${cur:-boot}': stopping QEMU" >&2
			kill "$(cat "$pidfile")"
			return 0
		fi
	done
}

for arch in $arches; do
	for boot in $(boots "$arch"); do
		list=$BUILD/initramfs-$arch/rig/lists/$boot.list
		[ -s "$list" ] || continue
		logdir=$BUILD/logs/$arch-$boot
		rm -rf "$logdir" && mkdir -p "$logdir"
		cut -d' ' -f1 "$list" >"$logdir/expected"
		# The whole boot may take every test's limit plus two minutes.
		limit=$(awk -v k=$scale '{ s += $3 * k } END { print s + 120 }' "$list")
		step "running $(wc -l <"$list") tests on $arch ($boot), logs in ${logdir#$ROOT/}"
		start=$SECONDS
		# A QEMU that fails or hits the limit ends the stream early; the
		# parser then fails every test that has no result.
		rm -f "$logdir/qemu.pid"
		watch_boot "$logdir/stream" "$logdir/qemu.pid" &
		watcher=$!
		VM_PIDFILE=$logdir/qemu.pid \
			"$ROOT/scripts/vm.sh" "$arch" "$boot" "$BUILD/initramfs-$arch.cpio" "$limit" \
			rig.mode=tests rig.list="$boot" rig.scale=$scale | tee "$logdir/stream" |
			awk -v logdir="$logdir" -v label="$arch/$boot" -v expect="$logdir/expected" \
				-f "$ROOT/scripts/results.awk" || true
		kill "$watcher" 2>/dev/null || true
		wait "$watcher" 2>/dev/null || true
		rm -f "$logdir/stream" "$logdir/qemu.pid"
		read -r p f s <"$logdir/summary"
		if [ "$p" = 0 ]; then
			echo "not ok - $arch/$boot: no test passed (is KVM up in this boot?)"
			f=$((f + 1))
		fi
		info "$arch ($boot): $p passed, $f failed, $s skipped in $(elapsed $start)"
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	done
done
# The demo (make run) on x86_64, and on arm64 in the vhe and protected
# boots: the VMM must pass with all of guest RAM private, and with its
# conversion to private skipped it must fail and say that the host read
# the secret.
demo() {
	local arch=$1 boot=$2 what=$3 want=$4 pattern=$5 label out rc=0
	shift 5
	label=$arch/demo
	[ "$boot" = default ] || label=$arch/$boot/demo
	out=$(BOOT=$boot BIN=$(vmm_bin "$arch") ARGS="$*" RUN_LIMIT=300 \
		VM_RUN_DIR=$BUILD/logs/demo-$arch-$boot "$ROOT/scripts/vm-run.sh" "$arch" 2>&1) || rc=$?
	if { [ "$want" = pass ] && [ $rc = 0 ] && grep -q "$pattern" <<<"$out"; } ||
		{ [ "$want" = fail ] && [ $rc != 0 ] && [ $rc != 124 ] &&
			grep -q "$pattern" <<<"$out"; }; then
		echo "ok - $label: $what"
		pass=$((pass + 1))
	else
		echo "not ok - $label: $what (exit $rc)"
		sed 's/^/    /' <<<"$out"
		fail=$((fail + 1))
	fi
}
for arch in $arches; do
	case "$arch" in
	x86_64) demo_boots=default ;;
	arm64) demo_boots="vhe protected" ;;
	esac
	for boot in $demo_boots; do
		where=$arch
		[ "$boot" = default ] || where="$arch ($boot)"
		step "running the demo VMM (vmm/) on $where"
		demo "$arch" "$boot" "make run" pass "all guest RAM converted to private"
		# There the VM is pKVM's protected type: the kernel must say the
		# hypervisor holds the secret.
		[ "$boot" = protected ] &&
			demo "$arch" "$boot" "the secret is out of the host's stage-2" pass \
				"secret: out of the host's stage-2: .* faults (kvm_gmem_probe)"
		demo "$arch" "$boot" "--skip-private is caught" fail "could read the guest's secret" --skip-private
	done
done

step "make test took $(elapsed $total)"
# The summary is the last line: failed tests are not a failure of the script.
trap - EXIT
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
