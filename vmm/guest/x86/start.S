/*
 * Entry: the VMM sets rdi = vCPU id, rsi = 1 for vmmcall (AMD),
 * rdx = hash of the secret, rsp = this vCPU's stack.
 */
	.section .text.start, "ax"
	.code64
	.globl _start
_start:
	call	guest_main
1:	hlt
	jmp	1b
	.section .note.GNU-stack, "", @progbits
