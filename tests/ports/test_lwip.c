/* test_lwip.c - port/lwip.c against Debian's lwIP 2.1 (liblwip-dev: headers
 * and liblwip.so).  The real library provides the pbufs (pbuf_alloc,
 * pbuf_cat, pbuf_copy_partial, pbuf_take, pbuf_free) and udp_recv; this file
 * provides TEST DOUBLES for the four functions whose real versions need a
 * running stack (a netif, the tcpip thread): udp_sendto, sys_lock_tcpip_core,
 * sys_unlock_tcpip_core (Debian's lwipopts.h maps LOCK_TCPIP_CORE /
 * UNLOCK_TCPIP_CORE to them) and sys_now.  Defined in the executable, they
 * take precedence over liblwip.so's for the port's calls.
 *
 *   cc -I/usr/include/lwip -D_POSIX_C_SOURCE=200809L tests/ports/test_lwip.c port/lwip.c tests/impl_dtls.c -llwip */
#include "../../dtls.h"
#include "../../port/lwip.h"
#define DTLS_TEST_AMALGAMATED 1
#include "../test.h"

#include "lwip/sys.h"
#include "lwip/tcpip.h"

/* ---- test doubles (see the top of the file) ---- */
static int t_locks, t_unlocks, t_depth, t_depth_at_send, t_sends;
static err_t t_send_result;
static struct pbuf *t_sent;
static ip_addr_t t_sent_ip;
static u16_t t_sent_port;
static struct udp_pcb *t_sent_pcb;
static int t_headroom_ok;
static u32_t t_now;

void sys_lock_tcpip_core(void)
{
    t_locks++;
    t_depth++;
}

void sys_unlock_tcpip_core(void)
{
    t_unlocks++;
    t_depth--;
}

u32_t sys_now(void)
{
    return t_now;
}

err_t udp_sendto(struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *dst_ip, u16_t dst_port)
{
    t_sends++;
    t_depth_at_send = t_depth;
    t_sent_pcb = pcb;
    t_sent_port = dst_port;
    ip_addr_copy(t_sent_ip, *dst_ip);
    /* room for the UDP and IPv6 headers in front of the payload (PBUF_TRANSPORT) */
    t_headroom_ok = pbuf_add_header(p, UDP_HLEN + IP6_HLEN) == 0 && pbuf_remove_header(p, UDP_HLEN + IP6_HLEN) == 0;
    pbuf_ref(p); /* kept to look at after the port's pbuf_free */
    t_sent = p;
    return t_send_result;
}

static void t_reset(void)
{
    t_locks = t_unlocks = t_depth = t_depth_at_send = t_sends = 0;
    t_send_result = ERR_OK;
    if (t_sent != NULL)
        pbuf_free(t_sent);
    t_sent = NULL;
    t_sent_pcb = NULL;
    t_sent_port = 0;
    t_headroom_ok = 0;
}

/* ---- helpers ---- */
static struct udp_pcb pcb;
static dtls_lwip lw;
static dtls_lwip_slot meta[3];
static uint8_t bufs[3][512];

static void setup(size_t slot_cap, size_t n)
{
    t_reset();
    memset(&pcb, 0, sizeof pcb);
    memset(bufs, 0xEE, sizeof bufs);
    CHECK_EQ(dtls_lwip_init(&lw, &pcb, meta, &bufs[0][0], slot_cap, n, 0), 0);
}

/* One datagram of len bytes (value i * 7 + seed at i) in one PBUF_RAM pbuf. */
static struct pbuf *one(size_t len, unsigned seed)
{
    struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_RAM);
    size_t i;
    if (p == NULL) {
        fprintf(stderr, "pbuf_alloc failed\n");
        exit(2);
    }
    for (i = 0; i < len; i++)
        ((uint8_t *)p->payload)[i] = (uint8_t)(i * 7 + seed);
    return p;
}

static void deliver(struct pbuf *p, const ip_addr_t *from, u16_t port)
{
    /* what lwIP's udp_input does with a datagram for this pcb */
    pcb.recv(pcb.recv_arg, &pcb, p, from, port);
}

/* ---- cases ---- */

TEST(init_registers_callback)
{
    setup(512, 3);
    CHECK(pcb.recv == dtls_lwip_recv_cb);
    CHECK(pcb.recv_arg == &lw);
    CHECK_EQ(t_locks, 1); /* udp_recv is a raw API call: under the core lock */
    CHECK_EQ(t_unlocks, 1);
    CHECK_EQ(dtls_lwip_init(&lw, &pcb, meta, &bufs[0][0], 0, 3, 0), -1);
    CHECK_EQ(dtls_lwip_init(&lw, &pcb, meta, &bufs[0][0], 512, 0, 0), -1);
    CHECK_EQ(dtls_lwip_init(&lw, &pcb, meta, &bufs[0][0], 70000, 1, 0), -1);
}

TEST(chained_pbuf_copied_whole)
{
    struct pbuf *p = one(100, 1), *q = one(200, 2), *r = one(50, 3);
    uint8_t want[350], *d;
    const uint8_t *a;
    size_t len, alen;
    ip_addr_t from;
    static const uint8_t want_addr[7] = {4, 0x16, 0x34, 192, 0, 2, 7};
    setup(512, 3);
    memcpy(want, p->payload, 100);
    memcpy(want + 100, q->payload, 200);
    memcpy(want + 300, r->payload, 50);
    pbuf_cat(p, q);
    pbuf_cat(p, r);
    CHECK_EQ(p->tot_len, 350);
    CHECK_EQ(p->len, 100);
    pbuf_ref(p);
    IP_ADDR4(&from, 192, 0, 2, 7);
    deliver(p, &from, 5684);
    CHECK_EQ(p->ref, 1); /* the callback freed its reference */
    pbuf_free(p);
    CHECK_EQ(lw.received, 1);
    CHECK_EQ(dtls_lwip_peek(&lw, &d, &len, &a, &alen), 1);
    CHECK_EQ(len, 350);
    CHECK_MEM(d, want, 350);
    CHECK_EQ(alen, 7);
    CHECK_MEM(a, want_addr, 7);
    CHECK_EQ(d[350], 0xEE); /* nothing written past the datagram */
    dtls_lwip_release(&lw);
    CHECK_EQ(dtls_lwip_peek(&lw, &d, &len, NULL, NULL), 0);
    CHECK_EQ(t_locks, t_unlocks);
}

TEST(over_long_dropped_and_counted)
{
    uint8_t *d;
    size_t len;
    ip_addr_t from;
    struct pbuf *p = one(65, 9), *q = one(64, 10);
    setup(64, 3);
    IP_ADDR4(&from, 10, 0, 0, 1);
    pbuf_ref(p);
    deliver(p, &from, 1000);
    CHECK_EQ(p->ref, 1); /* freed even though dropped */
    pbuf_free(p);
    CHECK_EQ(lw.dropped_too_big, 1);
    CHECK_EQ(lw.received, 0);
    CHECK_EQ(dtls_lwip_peek(&lw, &d, &len, NULL, NULL), 0);
    deliver(q, &from, 1000); /* exactly slot_cap fits */
    CHECK_EQ(lw.dropped_too_big, 1);
    CHECK_EQ(dtls_lwip_peek(&lw, &d, &len, NULL, NULL), 1);
    CHECK_EQ(len, 64);
    CHECK_EQ(d[63], (uint8_t)(63 * 7 + 10));
}

TEST(queue_full_drops_and_counts_fifo)
{
    uint8_t *d;
    size_t len;
    ip_addr_t from;
    setup(128, 2);
    IP_ADDR4(&from, 10, 0, 0, 2);
    deliver(one(10, 1), &from, 1);
    deliver(one(11, 2), &from, 2);
    deliver(one(12, 3), &from, 3); /* no free slot */
    CHECK_EQ(lw.dropped_full, 1);
    CHECK_EQ(lw.received, 2);
    CHECK_EQ(dtls_lwip_peek(&lw, &d, &len, NULL, NULL), 1);
    CHECK_EQ(len, 10);
    CHECK_EQ(d[1], 8);
    dtls_lwip_release(&lw);
    deliver(one(13, 4), &from, 4); /* a slot is free again: goes after the 11-byte one */
    CHECK_EQ(lw.dropped_full, 1);
    CHECK_EQ(dtls_lwip_peek(&lw, &d, &len, NULL, NULL), 1);
    CHECK_EQ(len, 11);
    dtls_lwip_release(&lw);
    CHECK_EQ(dtls_lwip_peek(&lw, &d, &len, NULL, NULL), 1);
    CHECK_EQ(len, 13);
    CHECK_EQ(d[1], 11);
    dtls_lwip_release(&lw);
    CHECK_EQ(dtls_lwip_peek(&lw, &d, &len, NULL, NULL), 0);
    dtls_lwip_release(&lw); /* on an empty queue: nothing */
    CHECK_EQ(lw.count, 0);
    CHECK_EQ(t_locks, t_unlocks);
}

TEST(send_builds_pbuf_and_calls_udp_sendto_v4)
{
    uint8_t addr[DTLS_MAX_ADDR], data[300];
    ip_addr_t to, want;
    size_t i;
    int n;
    setup(512, 3);
    t_reset();
    for (i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i ^ 0x5A);
    IP_ADDR4(&to, 198, 51, 100, 20);
    n = dtls_lwip_addr_make(addr, sizeof addr, &to, 4433);
    CHECK_EQ(n, 7);
    CHECK_EQ(dtls_lwip_send(&lw, addr, (size_t)n, data, sizeof data), 300);
    CHECK_EQ(t_sends, 1);
    CHECK(t_sent_pcb == &pcb);
    CHECK_EQ(t_sent_port, 4433);
    IP_ADDR4(&want, 198, 51, 100, 20);
    CHECK(ip_addr_cmp(&t_sent_ip, &want));
    CHECK(t_sent != NULL);
    if (t_sent != NULL) {
        CHECK_EQ(t_sent->tot_len, 300);
        CHECK_EQ(t_sent->len, 300); /* one contiguous pbuf */
        CHECK(t_sent->next == NULL);
        CHECK_EQ(t_sent->type_internal, (u8_t)PBUF_RAM);
        CHECK(t_headroom_ok);
        CHECK_MEM(t_sent->payload, data, 300);
        CHECK_EQ(t_sent->ref, 1); /* the port freed its reference after udp_sendto */
    }
    CHECK_EQ(t_depth_at_send, 1); /* under LOCK_TCPIP_CORE */
    CHECK_EQ(t_locks, 1);
    CHECK_EQ(t_unlocks, 1);
    CHECK_EQ(lw.send_errors, 0);
}

TEST(send_v6_and_errors)
{
    uint8_t addr[DTLS_MAX_ADDR];
    ip_addr_t to;
    int n;
    setup(512, 3);
    t_reset();
    IP_ADDR6(&to, PP_HTONL(0x20010db8u), 0, 0, PP_HTONL(1u));
    n = dtls_lwip_addr_make(addr, sizeof addr, &to, 5684);
    CHECK_EQ(n, 20);
    CHECK_EQ(addr[0], 6);
    CHECK_EQ(addr[3], 0x20);
    CHECK_EQ(addr[4], 0x01);
    CHECK_EQ(addr[5], 0x0d);
    CHECK_EQ(addr[18], 1);
    CHECK_EQ(dtls_lwip_send(&lw, addr, (size_t)n, (const uint8_t *)"hi", 2), 2);
    CHECK_EQ(t_sent_port, 5684);
    CHECK(IP_IS_V6(&t_sent_ip));
    CHECK(ip_addr_cmp(&t_sent_ip, &to));
    /* udp_sendto fails: -1, counted, the lock released all the same */
    t_reset();
    t_send_result = ERR_RTE;
    CHECK_EQ(dtls_lwip_send(&lw, addr, (size_t)n, (const uint8_t *)"hi", 2), -1);
    CHECK_EQ(lw.send_errors, 1);
    CHECK_EQ(t_locks, 1);
    CHECK_EQ(t_unlocks, 1);
    if (t_sent != NULL)
        CHECK_EQ(t_sent->ref, 1);
    /* an address that is not ours: nothing sent, no lock taken */
    t_reset();
    CHECK_EQ(dtls_lwip_send(&lw, addr, 19, (const uint8_t *)"hi", 2), -1);
    addr[0] = 5;
    CHECK_EQ(dtls_lwip_send(&lw, addr, 20, (const uint8_t *)"hi", 2), -1);
    CHECK_EQ(t_sends, 0);
    CHECK_EQ(t_locks, 0);
    CHECK_EQ(lw.send_errors, 3);
    CHECK_EQ(dtls_lwip_addr_make(addr, 19, &to, 1), -1); /* does not fit */
}

TEST(in_tcpip_thread_takes_no_lock)
{
    uint8_t addr[DTLS_MAX_ADDR], *d;
    size_t len;
    ip_addr_t to;
    int n;
    t_reset();
    memset(&pcb, 0, sizeof pcb);
    CHECK_EQ(dtls_lwip_init(&lw, &pcb, meta, &bufs[0][0], 512, 3, DTLS_LWIP_IN_TCPIP_THREAD), 0);
    IP_ADDR4(&to, 127, 0, 0, 1);
    n = dtls_lwip_addr_make(addr, sizeof addr, &to, 9);
    CHECK_EQ(dtls_lwip_send(&lw, addr, (size_t)n, (const uint8_t *)"x", 1), 1);
    deliver(one(5, 0), &to, 9);
    CHECK_EQ(dtls_lwip_peek(&lw, &d, &len, NULL, NULL), 1);
    dtls_lwip_release(&lw);
    CHECK_EQ(t_sends, 1);
    CHECK_EQ(t_locks, 0);
    CHECK_EQ(t_unlocks, 0);
}

TEST(now_is_sys_now)
{
    t_now = 0xFFFFFFF0u;
    CHECK_EQ(dtls_lwip_now_ms(NULL), 0xFFFFFFF0u);
    t_now = 12345;
    CHECK_EQ(dtls_lwip_now_ms(&lw), 12345);
}

int main(void)
{
    RUN(init_registers_callback);
    RUN(chained_pbuf_copied_whole);
    RUN(over_long_dropped_and_counted);
    RUN(queue_full_drops_and_counts_fifo);
    RUN(send_builds_pbuf_and_calls_udp_sendto_v4);
    RUN(send_v6_and_errors);
    RUN(in_tcpip_thread_takes_no_lock);
    RUN(now_is_sys_now);
    t_reset();
    return test_done();
}
