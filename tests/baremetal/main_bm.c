/* main_bm.c - the bare-metal image (Cortex-M3, QEMU mps2-an385): pair.h's
 * scenario with no OS and no heap (run.sh checks what libc it links),
 * printing through ARM semihosting (SYS_WRITE0; startup.S ends the run with
 * SYS_EXIT_EXTENDED and main's value).  Around every library call the free
 * stack is painted and afterwards the lowest word written is found: the
 * depth of each role's deepest call (from the caller's SP) and the session's
 * peak (from the top of the stack, the harness's frames included). */
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"

#include "bm.h"

#define PAIR_PROBE_BEGIN() BM_PROBE_BEGIN()
#define PAIR_PROBE_END(role) BM_PROBE_END(role)
#include "pair.h"

static void pair_puts(const char *line)
{
    bm_puts(line);
}

static void bm_stack_line(const char *tag)
{
    pair_line l;
    l.n = 0;
    pl_str(&l, "stack ");
    pl_str(&l, tag);
    pl_str(&l, " client ");
    pl_u32(&l, bm_depth[PAIR_CLIENT]);
    pl_str(&l, " server ");
    pl_u32(&l, bm_depth[PAIR_SERVER]);
    pl_str(&l, " setup ");
    pl_u32(&l, bm_depth[PAIR_SETUP]);
    pl_str(&l, " peak ");
    pl_u32(&l, bm_peak);
    pl_str(&l, " of ");
    pl_u32(&l, (uint32_t)((uintptr_t)__stack_top - (uintptr_t)__stack_limit));
    pair_puts(l.b);
    memset(bm_depth, 0, sizeof bm_depth);
    bm_peak = 0;
}

static void bm_size_line(const char *what, size_t n)
{
    pair_line l;
    l.n = 0;
    pl_str(&l, "sizeof ");
    pl_str(&l, what);
    pl_str(&l, " ");
    pl_u32(&l, (uint32_t)n);
    pair_puts(l.b);
}

/* BM_FAULT_TEST 1 (run.sh's self-test): an undefined instruction mid-run
 * must end the run as a failure (startup.S's fault handler). */
#ifndef BM_FAULT_TEST
#define BM_FAULT_TEST 0
#endif

int main(void)
{
    pair_line l;
    pair_puts("baremetal: Cortex-M3 (mps2-an385), dtls.h client + server, semihosting");
#if BM_FAULT_TEST
    __asm__ volatile("udf #0");
#endif
    bm_size_line("dtls_config", sizeof(dtls_config));
    bm_size_line("dtls_ctx", sizeof(dtls_ctx));
    bm_size_line("dtls_conn", sizeof(dtls_conn));
    bm_size_line("dtls_hs", sizeof(dtls_hs));
    bm_size_line("dtls_server", sizeof(dtls_server));
    bm_size_line("dtls_credential", sizeof(dtls_credential));
    bm_size_line("dtls_private_key", sizeof(dtls_private_key));
    (void)pair_run(bm_stack_line);
    pair_suite_tag = "baremetal";
    pair_check(!bm_overflow, "the stack stayed inside its region", 0);
    l.n = 0;
    pl_str(&l, "RESULT ");
    pl_u32(&l, (uint32_t)pair_passed);
    pl_str(&l, " ");
    pl_u32(&l, (uint32_t)pair_failed);
    pl_str(&l, " 0");
    pair_puts(l.b);
    return pair_failed != 0;
}
