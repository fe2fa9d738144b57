/* bm.h - what the bare-metal images share (main_bm.c, replay_bm.c):
 * ARM semihosting output, and the stack measurement.  startup.S paints the
 * stack at reset; around every library call (BM_PROBE_BEGIN / BM_PROBE_END)
 * the free stack is painted again and afterwards the lowest word written is
 * found: per role the deepest call below its caller's SP, and the peak below
 * the top of the stack (the harness's frames included). */
#ifndef DTLS_BAREMETAL_BM_H
#define DTLS_BAREMETAL_BM_H

extern uint32_t __stack_limit[], __stack_top[]; /* the linker script (mps2-an385.ld, microbit.ld) */

#define BM_PAINT UINT32_C(0xA5A5A5A5) /* startup.S paints with the same word */

/* ARM semihosting (IHI 0056, "Semihosting for AArch32 and AArch64"): on
 * M-profile the call is BKPT 0xAB, r0 the operation, r1 its argument. */
static void bm_semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
}

static void bm_puts(const char *line)
{
    bm_semihost(0x04, line); /* SYS_WRITE0 */
    bm_semihost(0x04, "\n");
}

/* ---- stack measurement */

static uint32_t bm_probe_sp;     /* the caller's SP before the library call */
static uint32_t bm_depth[3];     /* per role: the deepest call below its caller's SP */
static uint32_t bm_peak;         /* the session's peak below __stack_top */
static int bm_overflow;

static inline __attribute__((always_inline)) uint32_t bm_sp(void)
{
    uint32_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

/* Paints every word below this function's own frame. */
static __attribute__((noinline)) void bm_paint(void)
{
    volatile uint32_t *p = __stack_limit;
    uint32_t *end = (uint32_t *)(uintptr_t)(bm_sp() & ~UINT32_C(3));
    while (p < end)
        *p++ = BM_PAINT;
}

static __attribute__((noinline)) void bm_probe_end(int role)
{
    const volatile uint32_t *p = __stack_limit;
    uint32_t low, depth, peak;
    while (p < __stack_top && *p == BM_PAINT)
        p++;
    if (p == __stack_limit)
        bm_overflow = 1; /* the bottom word was written: the stack may have overflowed */
    low = (uint32_t)(uintptr_t)p;
    depth = bm_probe_sp - low;
    peak = (uint32_t)(uintptr_t)__stack_top - low;
    if (depth > bm_depth[role])
        bm_depth[role] = depth;
    if (peak > bm_peak)
        bm_peak = peak;
}

#define BM_PROBE_BEGIN() (bm_probe_sp = bm_sp(), bm_paint())
#define BM_PROBE_END(role) bm_probe_end(role)

#endif /* DTLS_BAREMETAL_BM_H */
