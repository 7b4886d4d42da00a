/* The guest payload, a flat binary linked at CODE_GPA, embedded here. */
	.section .rodata
	.balign 16
	.globl guest_payload, guest_payload_end
guest_payload:
	.incbin GUEST_BIN
guest_payload_end:
	.section .note.GNU-stack, "", @progbits
