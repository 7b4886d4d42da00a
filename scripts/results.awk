# Reads a guest console stream (stdin) and prints one TAP line per test.
# Variables: logdir (per-test logs go there), label (prefix of each line),
# expect (file with the test names the guest should run, in order).
# Writes "pass fail skip" to logdir/summary.
function splat(line) {
	return line ~ /\[ *[0-9]+\.[0-9]+\] .*(WARNING:|BUG:|kernel BUG at|Oops|Unable to handle kernel|general protection fault|Kernel panic|hyp panic|detected stall|self-detected stall|LOCKUP|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|KASAN:|UBSAN:|Internal error:|blocked for more than)/
}
function report(name, status, why) {
	if (status == "pass") { pass++; printf "ok - %s: %s%s\n", label, name, why }
	else if (status == "skip") { skip++; printf "ok - %s: %s # SKIP%s\n", label, name, why }
	else { fail++; printf "not ok - %s: %s # %s\n", label, name, why }
	done[name] = 1
	fflush()
}
BEGIN {
	n = 0
	while ((getline t < expect) > 0) if (t != "") order[++n] = t
	cur = ""
}
{
	sub(/\r$/, "")
	print > (logdir "/console.log")
	fflush(logdir "/console.log")
	if (splat($0)) {
		splats = splats "\n    " $0
		if (cur != "") cursplat = 1; else bootsplat = 1
	}
}
# A marker may follow a printk or output without a newline on its line:
# take it from where it starts.
(i = index($0, "RIG-BEGIN ")) {
	if (i > 1 && cur != "") print substr($0, 1, i - 1) > logf
	split(substr($0, i), f, " ")
	cur = f[2]; start = f[4]; cursplat = 0
	logf = logdir "/" safe(cur) ".log"
	printf "" > logf
	next
}
(i = index($0, "RIG-END ")) {
	if (i > 1 && cur != "") print substr($0, 1, i - 1) > logf
	split(substr($0, i), f, " ")
	name = f[2]; rc = f[3]; secs = sprintf(" (%ds)", f[4] - start)
	close(logf)
	if (cursplat) report(name, "fail", "kernel splat during the test, see " logf)
	else if (rc == 0) report(name, "pass", secs)
	else if (rc == 4) report(name, "skip", secs)
	else if (rc == 137) report(name, "fail", "killed after its time limit" secs ", see " logf)
	else report(name, "fail", "exit " rc secs ", see " logf)
	cur = ""
	next
}
(i = index($0, "RIG-ERROR ")) {
	errors = errors "\n    " substr($0, i)
}
index($0, "RIG-DONE") { finished = 1 }
{ if (cur != "") print > logf }
function safe(s) { gsub(/\//, "_", s); return s }
END {
	if (cur != "")
		report(cur, "fail", "no result: the guest died or hung during it, see " logdir "/console.log")
	for (i = 1; i <= n; i++)
		if (!(order[i] in done))
			report(order[i], "fail", "never ran: the guest stopped before it")
	if (errors != "") {
		fail++
		printf "not ok - %s: guest set-up # %s\n", label, substr(errors, 6)
	}
	if (bootsplat) {
		fail++
		printf "not ok - %s: kernel log clean # splat outside any test\n", label
	}
	if (splats != "") printf "    kernel splats in %s/console.log:%s\n", logdir, splats
	if (!finished && n == 0) { fail++; printf "not ok - %s: boot # the guest did not finish\n", label }
	print pass + 0, fail + 0, skip + 0 > (logdir "/summary")
}
