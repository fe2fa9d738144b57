/* pcap_session.c - a DTLS session of the library written as a capture file,
 * for an independent dissector to read (tests/tools/tshark.sh): a client and
 * a server in memory, their datagrams as UDP/IPv4 packets in a classic pcap
 * file, and the session's NSS key log line (cfg.keylog, DTLS_ENABLE_KEYLOG).
 *
 *   pcap_session OUT.pcap KEYS.log SUITE CID
 *
 * SUITE: psk-ccm8 or psk-gcm; CID: 0 (no Connection ID) or 1 (the client
 * asks for 4 bytes, the server gives 6; RFC 9146).  After the handshake the
 * client sends "hello <n>" three times and the server echoes each; with CID
 * the client's source port changes before the third (a NAT rebinding) and the
 * echo goes to the new port.  Prints the CIDs (hex) and the number of
 * packets; exit status 0 when every echo came back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DTLS_IMPLEMENTATION
#include "dtls.h"

#define MAXQ 64

typedef struct pkt {
    int to_server;
    uint16_t sport;
    size_t len;
    uint8_t d[1500];
} pkt;

static pkt q[MAXQ];
static size_t qn;
static uint32_t now_ms = 1000;
static uint64_t rng = UINT64_C(0x0123456789ABCDEF);
static uint16_t client_port = 40000;
static FILE *pcap, *keys;
static uint32_t pcap_t;
static int echoes;
static const uint8_t key[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t srv_addr[4] = {10, 0, 0, 1};

static int t_random(void *u, uint8_t *out, size_t len)
{
    size_t i;
    (void)u;
    for (i = 0; i < len; i++) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        out[i] = (uint8_t)(rng >> 32);
    }
    return 0;
}

static uint32_t t_now(void *u)
{
    (void)u;
    return now_ms;
}

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void le32(FILE *f, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    fwrite(b, 1, 4, f);
}

/* One UDP/IPv4 packet (checksums left zero) into the capture. */
static void pcap_packet(int to_server, uint16_t cport, const uint8_t *d, size_t len)
{
    uint8_t h[28];
    const uint8_t cli[4] = {10, 0, 0, 2};
    memset(h, 0, sizeof h);
    h[0] = 0x45;
    put16(h + 2, (uint32_t)(28 + len));
    h[8] = 64;
    h[9] = 17;
    memcpy(h + 12, to_server ? cli : srv_addr, 4);
    memcpy(h + 16, to_server ? srv_addr : cli, 4);
    put16(h + 20, to_server ? cport : 4433);
    put16(h + 22, to_server ? 4433 : cport);
    put16(h + 24, (uint32_t)(8 + len));
    le32(pcap, pcap_t / 1000);
    le32(pcap, (pcap_t % 1000) * 1000);
    le32(pcap, (uint32_t)(28 + len));
    le32(pcap, (uint32_t)(28 + len));
    fwrite(h, 1, sizeof h, pcap);
    fwrite(d, 1, len, pcap);
    pcap_t += 10;
}

static void push(int to_server, uint16_t port, const uint8_t *d, size_t len)
{
    if (qn == MAXQ || len > sizeof q[0].d) {
        fprintf(stderr, "queue overflow\n");
        exit(1);
    }
    q[qn].to_server = to_server;
    q[qn].sport = port;
    q[qn].len = len;
    memcpy(q[qn].d, d, len);
    qn++;
    pcap_packet(to_server, port, d, len);
}

static int send_client(void *u, const uint8_t *a, size_t al, const uint8_t *d, size_t len)
{
    (void)u;
    (void)a;
    (void)al;
    push(1, client_port, d, len);
    return (int)len;
}

static int send_server(void *u, const uint8_t *a, size_t al, const uint8_t *d, size_t len)
{
    (void)u;
    if (al != 2) {
        fprintf(stderr, "unexpected address\n");
        exit(1);
    }
    push(0, (uint16_t)((a[0] << 8) | a[1]), d, len);
    return (int)len;
}

static int psk_server(void *u, const uint8_t *id, size_t idl, uint8_t *k, size_t *kl)
{
    (void)u;
    (void)id;
    (void)idl;
    memcpy(k, key, 16);
    *kl = 16;
    return 0;
}

static void on_data(void *u, dtls_conn *conn, const uint8_t *d, size_t len)
{
    (void)u;
    (void)dtls_conn_write(conn, d, len);
}

static void keylog(void *u, const char *line)
{
    (void)u;
    fprintf(keys, "%s\n", line);
}

static void hexline(const char *what, const uint8_t *p, size_t n)
{
    size_t i;
    printf("%s ", what);
    for (i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    static dtls_config ccfg, scfg;
    static dtls_ctx cctx, sctx;
    static dtls_hs chs, shs;
    static dtls_conn cconn, slots[2];
    static dtls_server srv;
    static uint8_t ctx_buf[1500], stx_buf[1500], rx[1500];
    static dtls_crypto_hooks hooks;
    uint16_t suite[1];
    int cid, i, round, r;

    if (argc != 5) {
        fprintf(stderr, "usage: pcap_session OUT.pcap KEYS.log psk-ccm8|psk-gcm 0|1\n");
        return 2;
    }
    suite[0] = strcmp(argv[3], "psk-gcm") == 0 ? DTLS_PSK_WITH_AES_128_GCM_SHA256 : DTLS_PSK_WITH_AES_128_CCM_8;
    cid = atoi(argv[4]);
    pcap = fopen(argv[1], "wb");
    keys = fopen(argv[2], "w");
    if (pcap == NULL || keys == NULL)
        return 1;
    le32(pcap, 0xa1b2c3d4u); /* pcap: microsecond timestamps, link type raw IPv4 (228) */
    fwrite("\x02\x00\x04\x00", 1, 4, pcap);
    le32(pcap, 0);
    le32(pcap, 0);
    le32(pcap, 65535);
    le32(pcap, 228);
    hooks.random = t_random;

    ccfg.role = DTLS_ROLE_CLIENT;
    ccfg.suites = suite;
    ccfg.n_suites = 1;
    ccfg.psk_identity = (const uint8_t *)"pcap";
    ccfg.psk_identity_len = 4;
    ccfg.psk = key;
    ccfg.psk_len = 16;
    ccfg.send = send_client;
    ccfg.now = t_now;
    ccfg.hooks = &hooks;
    ccfg.keylog = keylog;
    scfg.role = DTLS_ROLE_SERVER;
    scfg.psk_server = psk_server;
    scfg.send = send_server;
    scfg.now = t_now;
    scfg.hooks = &hooks;
    scfg.on_data = on_data;
    if (cid) {
        ccfg.flags |= DTLS_CFG_CID;
        ccfg.cid_len = 4;
        scfg.flags |= DTLS_CFG_CID;
        scfg.cid_len = 6;
    }
    if (dtls_ctx_init(&cctx, &ccfg, ctx_buf, sizeof ctx_buf, &chs, 1) != 0 ||
        dtls_conn_init(&cconn, &cctx, srv_addr, 4) != 0 ||
        dtls_ctx_init(&sctx, &scfg, stx_buf, sizeof stx_buf, &shs, 1) != 0 ||
        dtls_server_init(&srv, &sctx, slots, 2) != 0 || dtls_conn_connect(&cconn) != 0) {
        fprintf(stderr, "set-up failed\n");
        return 1;
    }
    for (round = 0; round < 4; round++) {
        if (round > 0) {
            char msg[16];
            if (round == 3 && cid)
                client_port = 40001; /* the NAT gives the client a new port */
            snprintf(msg, sizeof msg, "hello %d", round);
            if (dtls_conn_write(&cconn, (const uint8_t *)msg, strlen(msg)) != (int)strlen(msg))
                return 1;
        }
        for (i = 0; i < 100 && qn > 0; i++) {
            pkt p = q[0];
            memmove(q, q + 1, (qn - 1) * sizeof q[0]);
            qn--;
            now_ms += 5;
            if (p.to_server) {
                uint8_t a[2];
                put16(a, p.sport);
                r = dtls_server_input(&srv, p.d, p.len, a, 2);
            } else {
                memcpy(rx, p.d, p.len);
                if (p.sport != client_port)
                    continue; /* the old port: the NAT no longer maps it */
                r = dtls_conn_input(&cconn, rx, p.len);
                while (dtls_conn_read(&cconn, rx, sizeof rx) > 0)
                    echoes++;
            }
            (void)r;
        }
        if (!dtls_conn_is_established(&cconn))
            return 1;
    }
    if (cid) {
        const uint8_t *o, *pe;
        size_t ol, pl;
        if (dtls_conn_cid(&cconn, &o, &ol, &pe, &pl) != 1)
            return 1;
        hexline("client-cid", o, ol);
        hexline("server-cid", pe, pl);
    }
    printf("echoes %d\n", echoes);
    fclose(pcap);
    fclose(keys);
    return echoes == 3 ? 0 : 1;
}
