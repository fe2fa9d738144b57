/* lwip.c - lwIP raw API port (see lwip.h): a udp_recv callback that only
 * queues, udp_sendto under the core lock, sys_now(). */
#include "../dtls.h"
#include "lwip.h"

#include <string.h>

#include "lwip/sys.h"
#if !NO_SYS
#include "lwip/tcpip.h"
#endif

#if DTLS_LWIP_ADDR_MAX > DTLS_MAX_ADDR
#error "DTLS_MAX_ADDR is smaller than the lwIP port's addresses (DTLS_LWIP_ADDR_MAX: 7 for IPv4 only, 20 with IPv6)"
#endif

/* The core lock, unless the caller said it runs in the tcpip thread: lwIP's
 * core mutex is not recursive. */
static void dtls__lwip_lock(const dtls_lwip *lw)
{
#if DTLS_LWIP_LOCK
    if (!(lw->flags & DTLS_LWIP_IN_TCPIP_THREAD))
        LOCK_TCPIP_CORE();
#else
    (void)lw;
#endif
}

static void dtls__lwip_unlock(const dtls_lwip *lw)
{
#if DTLS_LWIP_LOCK
    if (!(lw->flags & DTLS_LWIP_IN_TCPIP_THREAD))
        UNLOCK_TCPIP_CORE();
#else
    (void)lw;
#endif
}

int dtls_lwip_addr_make(uint8_t *out, size_t cap, const ip_addr_t *ip, u16_t port)
{
    if (out == NULL || ip == NULL)
        return -1;
#if LWIP_IPV6
    if (IP_IS_V6(ip)) {
        const ip6_addr_t *a = ip_2_ip6(ip);
        if (cap < 20)
            return -1;
        out[0] = 6;
        out[1] = (uint8_t)(port >> 8);
        out[2] = (uint8_t)port;
        memcpy(out + 3, a->addr, 16); /* network byte order already */
        out[19] = (uint8_t)ip6_addr_zone(a);
        return 20;
    }
#endif
#if LWIP_IPV4
    if (cap < 7)
        return -1;
    out[0] = 4;
    out[1] = (uint8_t)(port >> 8);
    out[2] = (uint8_t)port;
    memcpy(out + 3, &ip_2_ip4(ip)->addr, 4);
    return 7;
#else
    (void)cap;
    (void)port;
    return -1;
#endif
}

int dtls_lwip_addr_parse(const uint8_t *addr, size_t addr_len, ip_addr_t *ip, u16_t *port)
{
    if (addr == NULL || ip == NULL || port == NULL || addr_len < 3)
        return -1;
    memset(ip, 0, sizeof *ip);
#if LWIP_IPV4
    if (addr[0] == 4 && addr_len == 7) {
        ip4_addr_t a;
        memcpy(&a.addr, addr + 3, 4);
        ip_addr_copy_from_ip4(*ip, a);
        *port = (u16_t)((addr[1] << 8) | addr[2]);
        return 0;
    }
#endif
#if LWIP_IPV6
    if (addr[0] == 6 && addr_len == 20) {
        ip6_addr_t a;
        memset(&a, 0, sizeof a);
        memcpy(a.addr, addr + 3, 16);
        ip6_addr_set_zone(&a, addr[19]);
        ip_addr_copy_from_ip6(*ip, a);
        *port = (u16_t)((addr[1] << 8) | addr[2]);
        return 0;
    }
#endif
    return -1;
}

void dtls_lwip_recv_cb(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    dtls_lwip *lw = (dtls_lwip *)arg;
    (void)pcb;
    if (p == NULL)
        return;
    /* Runs in the tcpip thread (core lock held) or, NO_SYS, in the only
     * context: the queue needs no other protection.  Only a copy here. */
    if (p->tot_len > lw->slot_cap) {
        lw->dropped_too_big++; /* never cut: a cut record fails authentication anyway */
    } else if (lw->count >= lw->n_slots) {
        lw->dropped_full++;
    } else {
        unsigned idx = (unsigned)(lw->head + lw->count) % lw->n_slots;
        dtls_lwip_slot *s = &lw->slots[idx];
        uint8_t *dst = lw->buf + (size_t)idx * lw->slot_cap;
        int alen = dtls_lwip_addr_make(s->addr, sizeof s->addr, addr, port);
        if (p->tot_len == 0 || alen < 0 || pbuf_copy_partial(p, dst, p->tot_len, 0) != p->tot_len) {
            lw->dropped_other++;
        } else {
            s->len = p->tot_len;
            s->addr_len = (uint8_t)alen;
            lw->count++;
            lw->received++;
        }
    }
    pbuf_free(p); /* the callback owns p (lwIP udp_recv_fn) */
}

int dtls_lwip_init(dtls_lwip *lw, struct udp_pcb *pcb, dtls_lwip_slot *slots, uint8_t *buf, size_t slot_cap,
                   size_t n_slots, unsigned flags)
{
    if (lw == NULL || pcb == NULL || slots == NULL || buf == NULL || slot_cap == 0 || slot_cap > 0xFFFF ||
        n_slots == 0 || n_slots > 255)
        return -1;
    memset(lw, 0, sizeof *lw);
    lw->pcb = pcb;
    lw->slots = slots;
    lw->buf = buf;
    lw->slot_cap = (uint16_t)slot_cap;
    lw->n_slots = (uint8_t)n_slots;
    lw->flags = (uint8_t)flags;
    dtls__lwip_lock(lw);
    udp_recv(pcb, dtls_lwip_recv_cb, lw);
    dtls__lwip_unlock(lw);
    return 0;
}

int dtls_lwip_peek(dtls_lwip *lw, uint8_t **data, size_t *len, const uint8_t **addr, size_t *addr_len)
{
    unsigned idx;
    int have;
    dtls__lwip_lock(lw); /* count is written by the callback in the tcpip thread */
    have = lw->count > 0;
    idx = lw->head;
    dtls__lwip_unlock(lw);
    if (!have)
        return 0;
    /* The callback writes only at head + count: this slot stays ours. */
    *data = lw->buf + (size_t)idx * lw->slot_cap;
    *len = lw->slots[idx].len;
    if (addr != NULL && addr_len != NULL) {
        *addr = lw->slots[idx].addr;
        *addr_len = lw->slots[idx].addr_len;
    }
    return 1;
}

void dtls_lwip_release(dtls_lwip *lw)
{
    dtls__lwip_lock(lw);
    if (lw->count > 0) {
        lw->head = (uint8_t)((lw->head + 1u) % lw->n_slots);
        lw->count--;
    }
    dtls__lwip_unlock(lw);
}

int dtls_lwip_server_poll(dtls_lwip *lw, struct dtls_server *srv)
{
    uint8_t *d;
    const uint8_t *a;
    size_t len, alen;
    int n = 0;
    while (dtls_lwip_peek(lw, &d, &len, &a, &alen)) {
        (void)dtls_server_input(srv, d, len, a, alen); /* "in progress": the server's deadline says now */
        dtls_lwip_release(lw);
        n++;
    }
    return n;
}

int dtls_lwip_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    dtls_lwip *lw = (dtls_lwip *)user;
    ip_addr_t ip;
    u16_t port;
    struct pbuf *p;
    err_t e = ERR_MEM;
    if (lw == NULL || len > 0xFFFF || dtls_lwip_addr_parse(addr, addr_len, &ip, &port) < 0) {
        if (lw != NULL)
            lw->send_errors++;
        return -1;
    }
    dtls__lwip_lock(lw);
    /* PBUF_TRANSPORT leaves room for the UDP, IP and link headers in front;
     * PBUF_RAM: one contiguous pbuf that lwIP may queue (ARP) after we return. */
    p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
    if (p != NULL) {
        e = pbuf_take(p, data, (u16_t)len);
        if (e == ERR_OK)
            e = udp_sendto(lw->pcb, p, &ip, port);
        pbuf_free(p); /* udp_sendto does not take ownership */
    }
    dtls__lwip_unlock(lw);
    if (e != ERR_OK) {
        lw->send_errors++;
        return -1;
    }
    return (int)len;
}

uint32_t dtls_lwip_now_ms(void *user)
{
    (void)user;
    return (uint32_t)sys_now();
}
