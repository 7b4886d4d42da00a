#!/bin/bash
# The rig's own test: feed made-up guest consoles through results.awk and
# check the pass/fail/skip counts it reports. Run by `make test` first, so
# a parser that would let a failure through stops the run before any boot.
set -euo pipefail
awkf=$(cd "$(dirname "$0")/../.." && pwd)/scripts/results.awk
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0

# case NAME "expected tests" "pass fail skip" CONSOLE
case_() {
	local name=$1 expect=$2 want=$3 console=$4
	mkdir -p "$tmp/$name"
	tr ' ' '\n' <<<"$expect" >"$tmp/$name/expected"
	printf '%b' "$console" | awk -v logdir="$tmp/$name" -v label="$name" \
		-v expect="$tmp/$name/expected" -f "$awkf" >"$tmp/$name/out"
	got=$(cat "$tmp/$name/summary")
	if [ "$got" = "$want" ]; then
		echo "ok - rig: $name"
	else
		echo "not ok - rig: $name # counted '$got', want '$want'"
		sed 's/^/    /' "$tmp/$name/out"
		bad=1
	fi
}

case_ pass-skip-fail "a b c" "1 1 1" \
	'RIG-BEGIN a 60 1\nRIG-END a 0 2\nRIG-BEGIN b 60 2\nRIG-END b 4 3\nRIG-BEGIN c 60 3\nRIG-END c 254 4\nRIG-DONE\n'
case_ killed-at-limit "a" "0 1 0" \
	'RIG-BEGIN a 60 1\nRIG-END a 137 61\nRIG-DONE\n'
case_ splat-in-test "a b" "1 1 0" \
	'RIG-BEGIN a 60 1\n[    2.5] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x0/0x4\nRIG-END a 0 2\nRIG-BEGIN b 60 2\nRIG-END b 0 3\nRIG-DONE\n'
case_ splat-between-tests "a" "1 1 0" \
	'RIG-BEGIN a 60 1\nRIG-END a 0 2\n[    3.0] rcu: INFO: rcu_sched self-detected stall on CPU\nRIG-DONE\n'
case_ guest-died-mid-test "a b" "0 2 0" \
	'RIG-BEGIN a 60 1\n[    2.0] Kernel panic - not syncing: x\n'
case_ never-booted "a b" "0 3 0" \
	'[    1.5] Kernel panic - not syncing: No working init found.\n'
case_ marker-after-partial-line "a" "1 0 0" \
	'RIG-BEGIN a 60 1\nlast words without newlineRIG-END a 0 2\nRIG-DONE\n'
case_ no-kvm "a" "0 2 0" \
	'RIG-ERROR no /dev/kvm: KVM did not initialise\nRIG-BEGIN a 60 1\nRIG-END a 1 2\nRIG-DONE\n'
case_ user-text-is-not-a-splat "a" "1 0 0" \
	'RIG-BEGIN a 60 1\nWARNING: this is the test talking\nRIG-END a 0 2\nRIG-DONE\n'
exit $bad
