/* startup.S - the smallest Cortex-M start for the bare-metal images (M0, M3, M4): the
 * vector table (ARMv7-M ARM B1.5.2: word 0 the initial SP, word 1 the reset
 * vector), a reset handler that copies .data from flash, zeroes .bss, paints
 * the stack with 0xA5A5A5A5 (main_bm.c finds the high-water mark), calls
 * main and reports its value through semihosting SYS_EXIT_EXTENDED; every
 * fault ends the run with exit status 3 after a line on the console. */
    .syntax unified
    .thumb

    .section .vectors, "a"
    .align 2
    .global bm_vectors
bm_vectors:
    .word __stack_top
    .word bm_reset + 1
    .word bm_fault + 1          /* NMI */
    .word bm_fault + 1          /* HardFault */
    .word bm_fault + 1          /* MemManage */
    .word bm_fault + 1          /* BusFault */
    .word bm_fault + 1          /* UsageFault */
    .word 0, 0, 0, 0
    .word bm_fault + 1          /* SVCall */
    .word bm_fault + 1          /* DebugMonitor */
    .word 0
    .word bm_fault + 1          /* PendSV */
    .word bm_fault + 1          /* SysTick */

    .text
    .thumb_func
    .global bm_reset
bm_reset:                       /* ARMv6-M Thumb only: the same code runs on M0, M3, M4 */
    ldr r0, =__data_load        /* .data: flash -> RAM */
    ldr r1, =__data_start
    ldr r2, =__data_end
1:  cmp r1, r2
    bhs 2f
    ldr r3, [r0]
    str r3, [r1]
    adds r0, r0, #4
    adds r1, r1, #4
    b 1b
2:  ldr r1, =__bss_start        /* .bss: zero */
    ldr r2, =__bss_end
    movs r3, #0
3:  cmp r1, r2
    bhs 4f
    str r3, [r1]
    adds r1, r1, #4
    b 3b
4:  ldr r1, =__stack_limit      /* the stack below SP: painted */
    mov r2, sp
    ldr r3, =0xA5A5A5A5
5:  cmp r1, r2
    bhs 6f
    str r3, [r1]
    adds r1, r1, #4
    b 5b
6:  bl main
    mov r1, r0                  /* main's value is the exit status */
    b bm_exit_r1

    .thumb_func
    .global bm_fault
bm_fault:
    ldr r1, =bm_fault_msg
    movs r0, #0x04              /* SYS_WRITE0 */
    bkpt 0xab
    movs r1, #3
    /* fall through */
bm_exit_r1:                     /* SYS_EXIT_EXTENDED {ADP_Stopped_ApplicationExit, r1} */
    ldr r0, =0x20026
    sub sp, #8
    str r0, [sp]
    str r1, [sp, #4]
    mov r1, sp
    movs r0, #0x20
    bkpt 0xab
7:  b 7b

    .section .rodata
bm_fault_msg:
    .asciz "FAIL baremetal: fault exception (HardFault/BusFault/UsageFault...)\n"
