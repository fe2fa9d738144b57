/* lwip.h - lwIP raw API port (what STM32Cube and most bare-metal boards ship):
 * a udp_pcb's receive callback that only copies datagrams into a small
 * caller-owned queue, a send callback over udp_sendto, and sys_now() as the
 * clock.  Compiled against lwIP 2.1 (Debian's liblwip-dev in make test).
 *
 * Why a queue: lwIP calls the udp_recv callback in the tcpip thread (or, with
 * NO_SYS=1, inside the driver's netif input call).  A handshake step may take
 * milliseconds to seconds (ECDH, signatures), which would stall every other
 * protocol of the stack.  So the callback copies the pbuf chain
 * (pbuf_copy_partial) into a free slot and returns; the application's loop
 * takes the datagram from the queue and feeds dtls_conn_input /
 * dtls_server_input itself.  Nothing is allocated but the pbuf that
 * dtls_lwip_send hands to udp_sendto (pbuf_alloc, lwIP's own pool).
 *
 * Threads (lwIP's rule: raw API calls only from the tcpip thread or under
 * the core lock, lwIP doc "Multithreading"):
 *   - NO_SYS=1: one context runs everything; no lock is taken.
 *   - NO_SYS=0 with LWIP_TCPIP_CORE_LOCKING=1 (the default): dtls_lwip_send and
 *     the queue functions take LOCK_TCPIP_CORE() / UNLOCK_TCPIP_CORE() around
 *     their lwIP calls and queue updates, unless dtls_lwip_init was told the
 *     caller runs in the tcpip thread itself (DTLS_LWIP_IN_TCPIP_THREAD: the
 *     core mutex is not recursive).
 *   - NO_SYS=0 without core locking: define DTLS_LWIP_LOCK to 0 and call
 *     everything from the tcpip thread (tcpip_callback), or the build stops.
 * DTLS_LWIP_LOCK (0/1) overrides the choice.
 *
 * Use (a client; a server calls dtls_lwip_server_poll instead):
 *     static dtls_lwip lw;  static dtls_lwip_slot meta[4];  static uint8_t bufs[4][1232];
 *     pcb = udp_new(); udp_bind(pcb, IP_ANY_TYPE, 0);            (under the core lock)
 *     dtls_lwip_init(&lw, pcb, meta, &bufs[0][0], sizeof bufs[0], 4, 0);
 *     cfg.send = dtls_lwip_send; cfg.now = dtls_lwip_now_ms; cfg.user = &lw;
 *     n = dtls_lwip_addr_make(addr, sizeof addr, &server_ip, 4433);
 *     dtls_conn_init(&conn, &ctx, addr, (size_t)n); dtls_conn_connect(&conn);
 *     for (;;) {
 *         uint8_t *d; size_t len;
 *         while (dtls_lwip_peek(&lw, &d, &len, NULL, NULL)) {
 *             dtls_conn_input(&conn, d, len);             (decrypted in place)
 *             while ((r = dtls_conn_read(&conn, msg, sizeof msg)) > 0) ...;
 *             dtls_lwip_release(&lw);                     (after reading: records point into d)
 *         }
 *         if (dtls_conn_deadline(&conn, &at) && (int32_t)(dtls_lwip_now_ms(NULL) - at) >= 0)
 *             dtls_conn_timer(&conn);
 *         ...sleep until a datagram or the deadline (NO_SYS: sys_check_timeouts())...
 *     }
 *
 * Peer addresses are opaque bytes for the library; here a canonical encoding
 * that compares equal exactly when the peers are equal (a server tells its
 * peers apart by these bytes): [4][port, big-endian][4 address bytes] (7
 * bytes) or [6][port][16 address bytes][zone] (20 bytes).  Both fit the
 * library's DTLS_MAX_ADDR default (28); lwip.c checks at compile time. */
#ifndef DTLS_PORT_LWIP_H
#define DTLS_PORT_LWIP_H

#include <stddef.h>
#include <stdint.h>

#include "lwip/opt.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"

#ifndef DTLS_LWIP_LOCK
#if !NO_SYS && LWIP_TCPIP_CORE_LOCKING
#define DTLS_LWIP_LOCK 1
#elif !NO_SYS
#error "lwIP without LWIP_TCPIP_CORE_LOCKING: define DTLS_LWIP_LOCK 0 and call the dtls_lwip_* functions from the tcpip thread only"
#else
#define DTLS_LWIP_LOCK 0
#endif
#endif

#if LWIP_IPV6
#define DTLS_LWIP_ADDR_MAX 20
#else
#define DTLS_LWIP_ADDR_MAX 7
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct dtls_server;

/* dtls_lwip_init's flags: the caller runs in the tcpip thread (a
 * tcpip_callback, or NO_SYS): no core lock is taken. */
#define DTLS_LWIP_IN_TCPIP_THREAD 0x01

/* One queued datagram's length and source (the bytes are in the caller's
 * buffer, slot i at buf + i * slot_cap). */
typedef struct dtls_lwip_slot {
    uint16_t len;
    uint8_t addr_len;
    uint8_t addr[DTLS_LWIP_ADDR_MAX];
} dtls_lwip_slot;

/* The port's state: caller-owned, never moved while the pcb's callback is
 * registered.  The counters may be read at any time. */
typedef struct dtls_lwip {
    struct udp_pcb *pcb;
    dtls_lwip_slot *slots;
    uint8_t *buf;
    uint16_t slot_cap;
    uint8_t n_slots, head, count, flags;
    uint32_t received;        /* datagrams queued */
    uint32_t dropped_too_big; /* longer than slot_cap: dropped whole (never cut) */
    uint32_t dropped_full;    /* no free slot (the peer retransmits) */
    uint32_t dropped_other;   /* empty, a short pbuf chain, or an address we cannot encode */
    uint32_t send_errors;     /* pbuf_alloc or udp_sendto failed (a lost datagram) */
} dtls_lwip;

/* Sets up lw over the caller's storage: slots[n_slots] and buf (n_slots x
 * slot_cap bytes; slot_cap 1..65535, n_slots 1..255) and registers the
 * receive callback on pcb with udp_recv (takes the core lock unless flags
 * say DTLS_LWIP_IN_TCPIP_THREAD).  0, or -1 for a bad argument. */
int dtls_lwip_init(dtls_lwip *lw, struct udp_pcb *pcb, dtls_lwip_slot *slots, uint8_t *buf, size_t slot_cap,
                   size_t n_slots, unsigned flags);

/* The udp_recv callback dtls_lwip_init registers (arg: the dtls_lwip), for
 * an application that demultiplexes a pcb itself: copies p into a free slot,
 * or drops and counts it; frees p in every case. */
void dtls_lwip_recv_cb(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port);

/* The oldest queued datagram: 1 with *data / *len (and its source in *addr /
 * *addr_len when not NULL), 0 when the queue is empty.  The slot stays
 * reserved, and its bytes valid (dtls_conn_input decrypts them in place and
 * dtls_conn_read reads from them), until dtls_lwip_release. */
int dtls_lwip_peek(dtls_lwip *lw, uint8_t **data, size_t *len, const uint8_t **addr, size_t *addr_len);
/* Frees the slot dtls_lwip_peek returned. */
void dtls_lwip_release(dtls_lwip *lw);

/* Feeds every queued datagram to dtls_server_input (on_data sees the bytes
 * during the call) and releases it; the number fed. */
int dtls_lwip_server_poll(dtls_lwip *lw, struct dtls_server *srv);

/* dtls_send_fn (cfg->user = the dtls_lwip): one pbuf (PBUF_TRANSPORT,
 * PBUF_RAM) with data, udp_sendto to the decoded address and port, under the
 * core lock.  len, or -1 (counted in send_errors). */
int dtls_lwip_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len);

/* dtls_now_fn: sys_now(), lwIP's millisecond clock (wraps at 2^32). */
uint32_t dtls_lwip_now_ms(void *user);

/* Encodes ip and port (host order) into out (cap bytes): the length (7 or
 * 20), or -1 when it does not fit or the address type is unknown. */
int dtls_lwip_addr_make(uint8_t *out, size_t cap, const ip_addr_t *ip, u16_t port);
/* Decodes an address made by dtls_lwip_addr_make: 0, or -1. */
int dtls_lwip_addr_parse(const uint8_t *addr, size_t addr_len, ip_addr_t *ip, u16_t *port);

#ifdef __cplusplus
}
#endif

#endif /* DTLS_PORT_LWIP_H */
