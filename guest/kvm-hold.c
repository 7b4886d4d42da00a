// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-hold: create one empty VM and keep it until killed.
 *
 * While any VM exists, KVM keeps preempt_notifier_key enabled. Without this
 * the key flips every time a test creates the first VM or destroys the last
 * one, and the kernel patches the static branches in __schedule() and
 * finish_task_switch() while the other vCPU runs them. QEMU 7.2's
 * multi-threaded TCG can keep executing the old instruction after such a
 * patch: KVM's sched_out notifier then never fires, sched_in loads the vCPU
 * a second time, and on arm64 the test thread returns to userspace with the
 * guest's TPIDR_EL0 (see scripts/vm.sh). Holding one VM for the whole boot
 * patches those sites once, before any test runs.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR);
	int vm = kvm < 0 ? -1 : ioctl(kvm, KVM_CREATE_VM, 0);

	/* Silent on success: vm-run passes the console through as output. */
	if (vm < 0) {
		perror("kvm-hold: KVM_CREATE_VM");
		return 1;
	}
	for (;;)
		pause();
}
