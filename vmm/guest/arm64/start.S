/*
 * Entry at EL1h with the MMU off and DAIF masked (KVM's vCPU reset state).
 * The VMM sets x0 = vCPU id, x1 = 0, x2 = hash of the secret,
 * SP_EL1 = this vCPU's stack.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	adr	x9, vectors
	msr	vbar_el1, x9
	isb
	bl	guest_main
1:	wfi
	b	1b

/* Every exception goes to guest_exception(ESR_EL1, ELR_EL1). */
	.balign	0x800
vectors:
	.rept	16
	.balign	0x80
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	b	guest_exception
	.endr
	.section .note.GNU-stack, "", @progbits
