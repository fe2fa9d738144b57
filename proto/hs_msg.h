/* hs_msg.h - the DTLS 1.2 handshake message layer (private module).
 *
 * RFC 6347 §4.2.2 (the 12-byte handshake header: msg_type, length(24),
 * message_seq(16), fragment_offset(24), fragment_length(24)), §4.2.3
 * (fragmentation of a message to fit a record, and reassembly), §4.2.6 (a
 * message enters the transcript hash as if it had been sent unfragmented:
 * header with fragment_offset 0 and fragment_length = length, then the body).
 *
 * Ownership and lifetimes:
 * - dtls__hs_parse only reads p; *frag points into p (no copy).
 * - dtls__hs_fragment writes out (cap bytes); out must not overlap body.
 * - dtls__reasm is a caller-owned plain struct (no pointers to itself, so it
 *   may be copied or moved while no body pointer from peek is in use).  The
 *   byte buffer given to dtls__reasm_init is caller-owned (part of the
 *   handshake scratch) and must stay valid as long as the struct is used.
 *   At most DTLS__REASM_POS_MAX (65535) bytes of it are used, so a message
 *   longer than that (or than the buffer) is never reassembled: it is
 *   dropped and counted.  A body pointer from dtls__reasm_peek points into
 *   that buffer and is valid until the next dtls__reasm_add or _pop.
 *
 * Reassembly policy: fragments are kept for message_seq in
 * [next_seq, next_seq + DTLS__REASM_SLOTS - 1].  Space for a message (its full
 * length) is taken from the buffer when its first fragment arrives; messages
 * lie back to back in the buffer, and _pop closes the gap it leaves (memmove)
 * so a long flight never fragments the buffer.  When a message does not fit,
 * messages further ahead than it are evicted (farthest first, counted as
 * dropped; the peer's retransmission brings them again): the message the
 * engine waits for always has priority.  Received byte ranges are tracked per
 * message (DTLS__REASM_RANGES coalesced ranges); overlaps and duplicates are
 * copied over.  Partial messages survive retransmissions.
 *
 * Zero-copy fast path: when dtls__reasm_direct(r, h) is 1 (h is the whole
 * next expected message in one fragment), the engine may process the
 * fragment in place (in its datagram buffer) without dtls__reasm_add, then
 * call dtls__reasm_pop (which also releases any partial copy of that
 * message).  Otherwise: dtls__reasm_add, then while dtls__reasm_peek is 1,
 * process and dtls__reasm_pop. */
#ifndef DTLS_PROTO_HS_MSG_H
#define DTLS_PROTO_HS_MSG_H

#include "../crypto/prologue.h"
#include "../crypto/error.h"

DTLS__EXTERN_C_BEGIN

#define DTLS__HS_HEADER_LEN 12

enum {
    DTLS__HS_HELLO_REQUEST = 0,
    DTLS__HS_CLIENT_HELLO = 1,
    DTLS__HS_SERVER_HELLO = 2,
    DTLS__HS_HELLO_VERIFY_REQUEST = 3,
    DTLS__HS_CERTIFICATE = 11,
    DTLS__HS_SERVER_KEY_EXCHANGE = 12,
    DTLS__HS_CERTIFICATE_REQUEST = 13,
    DTLS__HS_SERVER_HELLO_DONE = 14,
    DTLS__HS_CERTIFICATE_VERIFY = 15,
    DTLS__HS_CLIENT_KEY_EXCHANGE = 16,
    DTLS__HS_FINISHED = 20
};

typedef struct dtls__hs_header {
    uint8_t type;
    uint32_t length;      /* 24-bit */
    uint16_t message_seq;
    uint32_t frag_offset; /* 24-bit */
    uint32_t frag_length; /* 24-bit */
} dtls__hs_header;

/* Bounded reassembly (see the policy above). */
#define DTLS__REASM_SLOTS 4
#define DTLS__REASM_RANGES 6 /* received byte ranges tracked per message (coalesced) */

/* Positions inside the reassembly buffer.  uint16_t keeps dtls__reasm small
 * (the range table is most of it); making this uint32_t (and POS_MAX
 * 0xFFFFFFFF) is the only change needed to allow messages above 64 KB. */
typedef uint16_t dtls__reasm_pos;
#define DTLS__REASM_POS_MAX 0xFFFFu

typedef struct dtls__reasm_slot {
    dtls__reasm_pos off;    /* where the body starts in buf */
    dtls__reasm_pos length; /* the message length (space taken in buf) */
    dtls__reasm_pos ranges[DTLS__REASM_RANGES][2]; /* received [start, end), sorted, disjoint, not adjacent */
    uint16_t seq;
    uint8_t type;
    uint8_t nranges; /* 0: slot free; an empty message's one range is [0, 0) */
} dtls__reasm_slot;

typedef struct dtls__reasm {
    uint8_t *buf;
    uint32_t dropped;     /* fragments dropped (inconsistent, out of window, no room) and messages evicted */
    dtls__reasm_pos cap;  /* usable bytes of buf (at most DTLS__REASM_POS_MAX) */
    dtls__reasm_pos used; /* messages occupy buf[0, used) back to back */
    uint16_t next_seq;
    dtls__reasm_slot slot[DTLS__REASM_SLOTS];
} dtls__reasm;

DTLS__EXTERN_C_END

/* ---- dtls.h puts what follows (private functions) in its implementation half ---- */
DTLS__EXTERN_C_BEGIN

/* Parses one handshake fragment at p (len bytes available): returns 0, sets
 * *h, *frag (= p + 12) and *consumed = 12 + frag_length.  DTLS_ERR_DECODE
 * (outputs untouched) when fewer than 12 bytes, frag_length exceeds the
 * bytes available after the header, or frag_offset + frag_length > length. */
DTLS__PRIV int dtls__hs_parse(dtls__hs_header *h, const uint8_t **frag, const uint8_t *p, size_t len,
                              size_t *consumed);

/* Writes h as 12 bytes (24-bit fields are truncated to their low 24 bits). */
DTLS__PRIV void dtls__hs_write_header(uint8_t out[12], const dtls__hs_header *h);

/* The 12-byte header a message is hashed with in the transcript: as if
 * unfragmented (offset 0, frag_length = length). */
DTLS__PRIV void dtls__hs_transcript_header(uint8_t out[12], uint8_t type, uint32_t length,
                                           uint16_t message_seq);

/* Writes the fragment of message (type, seq, body) that starts at offset, as
 * large as fits in cap (header included), to out.  Returns the number of body
 * bytes it holds: 0 only for an empty body (which still yields one 12-byte
 * fragment); the next fragment starts at offset + the result.
 * DTLS_ERR_BUFFER_TOO_SMALL when cap < 12, or cap < 13 and the body is not
 * empty; DTLS_ERR_BAD_ARG when body_len >= 2^24 or offset >= body_len (for a
 * non-empty body; offset must be 0 for an empty one).  Where int is 16 bits
 * a fragment holds at most INT_MAX body bytes. */
DTLS__PRIV int dtls__hs_fragment(uint8_t *out, size_t cap, uint8_t type, uint16_t seq, const uint8_t *body,
                                 uint32_t body_len, uint32_t offset);

/* buf must not be NULL (cap may be 0: then only empty messages are kept);
 * cap above DTLS__REASM_POS_MAX is clamped to it.  A cap above SIZE_MAX / 2
 * is a negative size converted to size_t (e.g. DTLS_HS_BUFFER -
 * DTLS__FLIGHT_CAP with a handshake buffer smaller than its flight part)
 * and counts as 0: the reassembly never writes outside buf[0, cap). */
DTLS__PRIV void dtls__reasm_init(dtls__reasm *r, uint8_t *buf, size_t cap, uint16_t next_seq);

/* Takes one fragment (h as parsed; frag holds h->frag_length bytes).
 *   0  stored, or a harmless duplicate / overlap;
 *   1  message_seq < next_seq: an old message (the peer retransmits; the
 *      engine may treat it as a retransmission signal); not counted;
 *   DTLS_ERR_DECODE  dropped and counted: type or length disagrees with
 *      earlier fragments of that message, or the fragment reaches beyond
 *      the length;
 *   DTLS_ERR_BUFFER_TOO_SMALL  dropped and counted for lack of room:
 *      message_seq >= next_seq + DTLS__REASM_SLOTS, the message does not fit
 *      in the buffer, or its range table is full.
 * Every negative result means "ignore this fragment": none is fatal. */
DTLS__PRIV int dtls__reasm_add(dtls__reasm *r, const dtls__hs_header *h, const uint8_t *frag);

/* If the next expected message is complete: sets *h (as if unfragmented) and
 * *body (into the buffer, valid until the next _add or _pop), returns 1;
 * else 0. */
DTLS__PRIV int dtls__reasm_peek(const dtls__reasm *r, dtls__hs_header *h, const uint8_t **body);

/* Consumes the next expected message (next_seq++), complete, partial or
 * absent (after the direct path), and frees its space, closing the gap. */
DTLS__PRIV void dtls__reasm_pop(dtls__reasm *r);

/* 1 if h (a valid header, as from dtls__hs_parse) is the whole next expected
 * message in one fragment (the zero-copy path: process the fragment in place,
 * then dtls__reasm_pop), else 0. */
DTLS__PRIV int dtls__reasm_direct(const dtls__reasm *r, const dtls__hs_header *h);

DTLS__PRIV uint32_t dtls__reasm_dropped(const dtls__reasm *r);

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_HS_MSG_H */
