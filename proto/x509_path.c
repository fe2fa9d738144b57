/* x509_path.c - certification path validation (RFC 5280 6.1, the profile
 * of x509.h), server identity (RFC 9525), IP literals (RFC 791 dotted quad,
 * RFC 4291 2.2) and the alert of each certificate error.
 *
 * Path building.  The peer's chain is leaf first, then intermediates in any
 * order (unused extras allowed).  From the leaf, the issuer of the current
 * top certificate is looked up by byte comparison of its issuer Name with
 * the subject Names of the trust anchors first, then of the chain's other
 * certificates (never one already in the path).  Every candidate is tried:
 * the search is depth first with an explicit stack of at most DTLS_MAX_CHAIN
 * entries (no recursion); the chain's certificates are parsed again when
 * needed instead of being held (two dtls_x509 on the stack).  The first
 * path that validates wins.  When none does, the error is that of the first
 * path that reached an anchor within max_depth certificates; when no path
 * does, DTLS_ERR_CERT_TOO_BIG if one reaches an anchor with more than
 * max_depth certificates, else DTLS_ERR_CERT_UNKNOWN_CA.  A max_depth above
 * DTLS_MAX_CHAIN counts as DTLS_MAX_CHAIN.  The search is bounded: at most
 * DTLS_MAX_CHAIN certificates, each used once per path.
 *
 * A self-signed certificate given both as the leaf and as an anchor is a
 * path of one certificate whose issuer is the anchor: it must then be a CA
 * (pin bare end-entity keys with raw public keys or the verify callback).
 * DTLS_ERR_IN_PROGRESS from an ECDSA verification hook is passed on; the
 * verification is stateless, so calling again starts it over.
 *
 * Order of checks (the first failure is returned):
 *   1. arguments (DTLS_ERR_BAD_ARG); more than DTLS_MAX_CHAIN certificates
 *      (DTLS_ERR_CERT_TOO_BIG)
 *   2. every chain certificate parses, in chain order (DTLS_ERR_CERT_PARSE);
 *      an anchor that does not parse is ignored (it matches nothing)
 *   3. path building (DTLS_ERR_CERT_UNKNOWN_CA, DTLS_ERR_CERT_TOO_BIG)
 *   4. along the path from the anchor down to the leaf:
 *        the anchor: unknown critical extension (_CRITICAL), validity
 *        (_EXPIRED); then for each certificate X with issuer I:
 *        I may issue: an EC P-256/P-384 or RSA 2048..DTLS_RSA_MAX_BITS key
 *        (_UNSUPPORTED), a v3 certificate with basicConstraints CA:TRUE,
 *        keyCertSign when it has keyUsage, its pathLenConstraint not
 *        exceeded by the CA certificates below it (_ISSUER);
 *        X's signature algorithm is supported (_UNSUPPORTED) and its
 *        signature verifies with I's key (_SIGNATURE);
 *        X has no unknown critical extension (_CRITICAL);
 *        X is valid at now when check_time (_EXPIRED).
 *   5. nameConstraints of the anchor and of each intermediate, applied to
 *      every certificate below it (_CONSTRAINTS)
 *   6. the leaf: key P-256 or RSA 2048..DTLS_RSA_MAX_BITS (_UNSUPPORTED);
 *      keyUsage, when present, has digitalSignature (_UNSUPPORTED);
 *      extendedKeyUsage, when present, has serverAuth (purpose SERVER) or
 *      clientAuth (CLIENT) or anyExtendedKeyUsage (_UNSUPPORTED)
 *   7. the name (DTLS_ERR_CERT_NAME)
 * The anchor's own constraints (basicConstraints, pathLen, keyUsage,
 * nameConstraints, validity, critical extensions) are enforced as for an
 * intermediate; only its signature is not checked.  pathLen counts every CA
 * certificate below the issuer, self-issued ones included (stricter than
 * RFC 5280 6.1.4 (l)).
 *
 * Name constraints (RFC 5280 4.2.1.10): permitted and excluded subtrees of
 * the forms dNSName and iPAddress (address and mask, 8 or 32 bytes) only;
 * any other form, a subtree with minimum or maximum, or a malformed
 * extension is DTLS_ERR_CERT_CONSTRAINTS, never ignored.  They apply to the
 * dNSName and iPAddress subjectAltNames of every certificate below (other
 * subjectAltName forms cannot be constrained here, which is safe since a
 * constraint on their form is refused), and, when cn_fallback is set and
 * the leaf has no dNSName or iPAddress subjectAltName, to the leaf's
 * common name as a dNSName.  A dNSName constraint "example.com" admits
 * example.com and names under it (label boundary), ".example.com" only
 * names under it, "" everything.  A wildcard name "*.example.com" is inside
 * a subtree when the name itself is, and is excluded also when an excluded
 * subtree is one label under its base ("a.example.com").
 *
 * Names (RFC 9525 6.3): see dtls_x509_check_name. */
#include "x509.h"
#include "der.h"
#include "api.h"
#include "../crypto/sha2.h"

#if DTLS_ENABLE_CERTS

/* ---- small helpers ---- */

static const uint8_t *dtls__x509p_chr(const uint8_t *p, size_t n, uint8_t c)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i] == c)
            return p + i;
    return NULL;
}

/* ---- IP literals ---- */

/* Exactly s[0..n) as a dotted quad: four decimal parts 0..255, no leading zeros. */
static int dtls__x509p_ipv4(const char *s, size_t n, uint8_t out[4])
{
    size_t i = 0;
    unsigned part;
    for (part = 0; part < 4; part++) {
        uint32_t v = 0;
        size_t digits = 0;
        if (part > 0) {
            if (i >= n || s[i] != '.')
                return 0;
            i++;
        }
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (digits == 3)
                return 0;
            v = v * 10U + (uint32_t)(s[i] - '0');
            digits++;
            i++;
        }
        if (digits == 0 || v > 255U || (digits > 1 && s[i - digits] == '0'))
            return 0;
        out[part] = (uint8_t)v;
    }
    return i == n;
}

static int dtls__x509p_hex(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Exactly s[0..n) as an RFC 4291 2.2 text address: eight groups of 1-4 hex
 * digits, one "::" standing for one or more zero groups, a dotted quad in
 * place of the last two groups.  No zone, no brackets, no prefix length. */
static int dtls__x509p_ipv6(const char *s, size_t n, uint8_t out[16])
{
    uint8_t w[16];
    size_t i = 0, nb = 0, k;
    int gap = -1;

    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
        if (n == 2) {
            memset(out, 0, 16);
            return 1;
        }
    }
    for (;;) {
        size_t j = i, dot = 0;
        uint32_t v = 0;
        while (j < n && s[j] != ':') {
            if (s[j] == '.')
                dot = 1;
            j++;
        }
        if (j == i)
            return 0; /* an empty group: ":::", a lone leading or trailing ':' */
        if (dot) {
            if (j != n || nb > 12 || !dtls__x509p_ipv4(s + i, j - i, w + nb))
                return 0;
            nb += 4;
            break;
        }
        if (j - i > 4 || nb > 14)
            return 0;
        for (k = i; k < j; k++) {
            int d = dtls__x509p_hex(s[k]);
            if (d < 0)
                return 0;
            v = (v << 4) | (uint32_t)d;
        }
        w[nb++] = (uint8_t)(v >> 8);
        w[nb++] = (uint8_t)v;
        if (j == n)
            break;
        if (j + 1 < n && s[j + 1] == ':') {
            if (gap >= 0)
                return 0;
            gap = (int)nb;
            i = j + 2;
            if (i == n)
                break;
        } else {
            i = j + 1;
        }
    }
    if (gap < 0) {
        if (nb != 16)
            return 0;
        memcpy(out, w, 16);
    } else {
        size_t g = (size_t)gap;
        if (nb > 14)
            return 0;
        memset(out, 0, 16);
        memcpy(out, w, g);
        memcpy(out + 16 - (nb - g), w + g, nb - g);
    }
    return 1;
}

DTLS_API int dtls_ip_parse(const char *name, uint8_t ip[16], size_t *ip_len)
{
    uint8_t tmp[16];
    size_t n, len;

    if (name == NULL)
        return 0;
    for (n = 0; n < 64 && name[n] != '\0'; n++) {
    }
    if (n == 0 || n >= 64)
        return 0;
    if (dtls__x509p_chr((const uint8_t *)name, n, ':') != NULL) {
        if (!dtls__x509p_ipv6(name, n, tmp))
            return 0;
        len = 16;
    } else {
        if (!dtls__x509p_ipv4(name, n, tmp))
            return 0;
        len = 4;
    }
    if (ip != NULL)
        memcpy(ip, tmp, len);
    if (ip_len != NULL)
        *ip_len = len;
    return 1;
}

#if DTLS_ENABLE_X509 /* what follows checks certificates; dtls_ip_parse above also serves SNI */

static uint8_t dtls__x509p_lower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + ('a' - 'A')) : c;
}

/* 1 when a and b are equal ignoring ASCII case. */
static int dtls__x509p_ieq(const uint8_t *a, const uint8_t *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (dtls__x509p_lower(a[i]) != dtls__x509p_lower(b[i]))
            return 0;
    return 1;
}

static int dtls__x509p_blob_eq(const dtls_blob *a, const dtls_blob *b)
{
    return a->len == b->len && a->data != NULL && b->data != NULL && memcmp(a->data, b->data, a->len) == 0;
}

/* ---- DNS names (RFC 9525 6.3) ---- */

/* The expected DNS name without one trailing dot: its length, or 0 when it
 * cannot be a reference identifier (empty, over 253 characters, an empty
 * label, a '*'). */
static size_t dtls__x509p_host(const char *name)
{
    size_t n, i;
    for (n = 0; n < 256 && name[n] != '\0'; n++) {
    }
    if (n > 0 && name[n - 1] == '.')
        n--;
    if (n == 0 || n > 253)
        return 0;
    for (i = 0; i < n; i++) {
        if (name[i] == '*')
            return 0;
        if (name[i] == '.' && (i == 0 || name[i - 1] == '.'))
            return 0;
    }
    return n;
}

/* 1 when p[0..n) is a usable presented DNS name: non-empty labels, and a
 * '*' only as the whole left-most label followed by at least two labels. */
static int dtls__x509p_presented_ok(const uint8_t *p, size_t n)
{
    size_t i, labels = 1;
    if (n == 0 || p[0] == '.' || p[n - 1] == '.')
        return 0;
    for (i = 0; i < n; i++) {
        if (p[i] == '.') {
            if (p[i - 1] == '.')
                return 0;
            labels++;
        } else if (p[i] == '*' && !(i == 0 && n > 1 && p[1] == '.')) {
            return 0;
        } else if (p[i] == '\0') {
            return 0;
        }
    }
    return p[0] != '*' || labels >= 3;
}

/* 1 when presented identifier p matches host h (already normalised). */
static int dtls__x509p_dns_match(const uint8_t *p, size_t pn, const uint8_t *h, size_t hn)
{
    const uint8_t *dot;
    if (!dtls__x509p_presented_ok(p, pn))
        return 0;
    if (p[0] != '*')
        return pn == hn && dtls__x509p_ieq(p, h, hn);
    /* "*.rest": the host's first label (non-empty) then ".rest" */
    dot = dtls__x509p_chr(h, hn, '.');
    if (dot == NULL || dot == h)
        return 0;
    return (size_t)(h + hn - dot) == pn - 1 && dtls__x509p_ieq(dot, p + 1, pn - 1);
}

DTLS_API int dtls_x509_check_name(const dtls_x509 *cert, const char *name, int cn_fallback)
{
    uint8_t ip[16];
    size_t ip_len = 0, hn = 0;
    int is_ip, have_id = 0;

    if (cert == NULL || name == NULL)
        return DTLS_ERR_BAD_ARG;
    is_ip = dtls_ip_parse(name, ip, &ip_len);
    if (!is_ip) {
        hn = dtls__x509p_host(name);
        if (hn == 0)
            return DTLS_ERR_CERT_NAME;
    }
    if (cert->san.data != NULL) {
        dtls__der d;
        dtls__der_tlv t;
        dtls__der_init(&d, cert->san.data, cert->san.len);
        while (!dtls__der_done(&d)) {
            if (dtls__der_next(&d, &t) != 0)
                return DTLS_ERR_CERT_NAME;
            if (t.tag == DTLS__DER_CTX_PRIM(2)) {
                have_id = 1;
                if (!is_ip && dtls__x509p_dns_match(t.c, t.len, (const uint8_t *)name, hn))
                    return 0;
            } else if (t.tag == DTLS__DER_CTX_PRIM(7)) {
                have_id = 1;
                if (is_ip && t.len == ip_len && memcmp(t.c, ip, ip_len) == 0)
                    return 0;
            }
        }
    }
    if (!have_id && cn_fallback && !is_ip && cert->cn.data != NULL &&
        dtls__x509p_dns_match(cert->cn.data, cert->cn.len, (const uint8_t *)name, hn))
        return 0;
    return DTLS_ERR_CERT_NAME;
}

/* ---- name constraints ---- */

/* 1 when DNS name n is inside subtree c (case-insensitive, label boundary). */
static int dtls__x509p_dns_within(const uint8_t *n, size_t nn, const uint8_t *c, size_t cn)
{
    if (cn == 0)
        return 1;
    if (c[0] == '.')
        return nn > cn && dtls__x509p_ieq(n + nn - cn, c, cn);
    if (nn == cn)
        return dtls__x509p_ieq(n, c, cn);
    return nn > cn && n[nn - cn - 1] == '.' && dtls__x509p_ieq(n + nn - cn, c, cn);
}

/* 1 when DNS name n is caught by excluded subtree c: inside it, or a
 * wildcard "*.base" that can stand for c itself (c = label.base). */
static int dtls__x509p_dns_excluded(const uint8_t *n, size_t nn, const uint8_t *c, size_t cn)
{
    const uint8_t *dot;
    if (dtls__x509p_dns_within(n, nn, c, cn))
        return 1;
    if (nn < 3 || n[0] != '*' || n[1] != '.' || cn == 0 || c[0] == '.')
        return 0;
    dot = dtls__x509p_chr(c, cn, '.');
    return dot != NULL && (size_t)(c + cn - dot) == nn - 1 && dtls__x509p_ieq(dot, n + 1, nn - 1);
}

/* 1 when address a (4 or 16 bytes) is inside c (address then mask). */
static int dtls__x509p_ip_within(const uint8_t *a, size_t an, const uint8_t *c, size_t cn)
{
    size_t i;
    if (cn != 2 * an)
        return 0;
    for (i = 0; i < an; i++)
        if (((a[i] ^ c[i]) & c[an + i]) != 0)
            return 0;
    return 1;
}

/* Walks the NameConstraints contents nc.  With name == NULL it only checks
 * the form: returns 0 or DTLS_ERR_CERT_CONSTRAINTS.  Otherwise it returns
 * 1 when name (a dNSName when tag is [2], an iPAddress when [7]) is allowed. */
static int dtls__x509p_nc_walk(const dtls_blob *nc, uint8_t tag, const uint8_t *name, size_t len)
{
    dtls__der d, sd, gd;
    dtls__der_tlv trees, sub, base;
    int last = -1, permitted_seen = 0, permitted_hit = 0;

    dtls__der_init(&d, nc->data, nc->len);
    if (dtls__der_done(&d))
        return name ? 0 : DTLS_ERR_CERT_CONSTRAINTS; /* RFC 5280: not an empty sequence */
    while (!dtls__der_done(&d)) {
        int which;
        if (dtls__der_next(&d, &trees) != 0)
            return name ? 0 : DTLS_ERR_CERT_CONSTRAINTS;
        which = trees.tag == DTLS__DER_CTX(0) ? 0 : trees.tag == DTLS__DER_CTX(1) ? 1 : -1;
        if (which <= last)
            return name ? 0 : DTLS_ERR_CERT_CONSTRAINTS;
        last = which;
        dtls__der_enter(&sd, &trees);
        if (dtls__der_done(&sd))
            return name ? 0 : DTLS_ERR_CERT_CONSTRAINTS;
        while (!dtls__der_done(&sd)) {
            if (dtls__der_expect(&sd, DTLS__DER_SEQUENCE, &sub) != 0)
                return name ? 0 : DTLS_ERR_CERT_CONSTRAINTS;
            dtls__der_enter(&gd, &sub);
            if (dtls__der_next(&gd, &base) != 0 || !dtls__der_done(&gd))
                return name ? 0 : DTLS_ERR_CERT_CONSTRAINTS; /* minimum / maximum present */
            if (base.tag == DTLS__DER_CTX_PRIM(2)) {
                if (dtls__x509p_chr(base.c, base.len, '\0') != NULL)
                    return name ? 0 : DTLS_ERR_CERT_CONSTRAINTS;
            } else if (base.tag == DTLS__DER_CTX_PRIM(7)) {
                if (base.len != 8 && base.len != 32)
                    return name ? 0 : DTLS_ERR_CERT_CONSTRAINTS;
            } else {
                return name ? 0 : DTLS_ERR_CERT_CONSTRAINTS; /* another form: refused */
            }
            if (name == NULL || base.tag != tag)
                continue;
            if (which == 0) {
                permitted_seen = 1;
                if (tag == DTLS__DER_CTX_PRIM(2) ? dtls__x509p_dns_within(name, len, base.c, base.len)
                                                 : dtls__x509p_ip_within(name, len, base.c, base.len))
                    permitted_hit = 1;
            } else {
                if (tag == DTLS__DER_CTX_PRIM(2) ? dtls__x509p_dns_excluded(name, len, base.c, base.len)
                                                 : dtls__x509p_ip_within(name, len, base.c, base.len))
                    return 0;
            }
        }
    }
    if (name == NULL)
        return 0;
    return !permitted_seen || permitted_hit;
}

/* The names of sub (dNSName, iPAddress subjectAltNames; the CN as a dNSName
 * when use_cn and there is none) against constraints nc. */
static int dtls__x509p_nc_check(const dtls_blob *nc, const dtls_x509 *sub, int use_cn)
{
    int rc = dtls__x509p_nc_walk(nc, 0, NULL, 0), have_id = 0;
    if (rc != 0)
        return rc;
    if (sub->san.data != NULL) {
        dtls__der d;
        dtls__der_tlv t;
        dtls__der_init(&d, sub->san.data, sub->san.len);
        while (!dtls__der_done(&d)) {
            if (dtls__der_next(&d, &t) != 0)
                return DTLS_ERR_CERT_CONSTRAINTS;
            if (t.tag == DTLS__DER_CTX_PRIM(2) || t.tag == DTLS__DER_CTX_PRIM(7)) {
                have_id = 1;
                if ((t.tag == DTLS__DER_CTX_PRIM(7) && t.len != 4 && t.len != 16) ||
                    !dtls__x509p_nc_walk(nc, t.tag, t.c, t.len))
                    return DTLS_ERR_CERT_CONSTRAINTS;
            }
        }
    }
    if (use_cn && !have_id && sub->cn.data != NULL && sub->cn.len > 0 &&
        !dtls__x509p_nc_walk(nc, DTLS__DER_CTX_PRIM(2), sub->cn.data, sub->cn.len))
        return DTLS_ERR_CERT_CONSTRAINTS;
    return 0;
}

/* ---- path validation ---- */

/* 1 when an RSA modulus has 2048..DTLS_RSA_MAX_BITS bits. */
static int dtls__x509p_rsa_ok(const dtls_public_key *k)
{
#if DTLS_ENABLE_RSA
    size_t bits;
    uint8_t top;
    if (k->type != DTLS_KEY_RSA || k->rsa.n == NULL || k->rsa.n_len == 0)
        return 0;
    bits = (k->rsa.n_len - 1) * 8;
    for (top = k->rsa.n[0]; top != 0; top = (uint8_t)(top >> 1))
        bits++;
    return bits >= 2048 && bits <= DTLS_RSA_MAX_BITS;
#else
    (void)k;
    return 0;
#endif
}

/* The anchor or chain certificate with index k (anchors first). */
static int dtls__x509p_get(const dtls_x509_verify_params *p, const dtls_blob *chain, size_t k, dtls_x509 *c)
{
    const dtls_blob *b = k < p->n_anchors ? &p->anchors[k] : &chain[k - p->n_anchors];
    if (b->data == NULL)
        return DTLS_ERR_CERT_PARSE;
    return dtls_x509_parse(c, b->data, b->len) != 0 ? DTLS_ERR_CERT_PARSE : 0;
}

/* x's signature by issuer's key: 0, _UNSUPPORTED (algorithm), _SIGNATURE. */
static int dtls__x509p_sig(const dtls_x509_verify_params *p, const dtls_x509 *x, const dtls_x509 *issuer)
{
    uint8_t h[48];
    size_t hn;
    int rc;
    switch (x->sig_alg) {
    case DTLS_SIG_ECDSA_SHA256:
    case DTLS_SIG_RSA_PKCS1_SHA256:
    case DTLS_SIG_RSA_PSS_SHA256:
        dtls_sha256(h, x->tbs.data, x->tbs.len);
        hn = 32;
        break;
#if DTLS_ENABLE_SHA384
    case DTLS_SIG_ECDSA_SHA384:
    case DTLS_SIG_RSA_PKCS1_SHA384:
    case DTLS_SIG_RSA_PSS_SHA384:
        dtls_sha384(h, x->tbs.data, x->tbs.len);
        hn = 48;
        break;
#endif
    default:
        return DTLS_ERR_CERT_UNSUPPORTED;
    }
    rc = dtls_pubkey_verify(p->hooks, &issuer->key, x->sig_alg, h, hn, x->sig.data, x->sig.len);
    if (rc == DTLS_ERR_IN_PROGRESS)
        return rc;
    return rc == 0 ? 0 : DTLS_ERR_CERT_SIGNATURE;
}

/* Checks one certificate's own critical extensions and validity. */
static int dtls__x509p_self(const dtls_x509_verify_params *p, const dtls_x509 *x)
{
    if (x->unknown_critical)
        return DTLS_ERR_CERT_CRITICAL;
    if (p->check_time && (p->now < x->not_before || p->now > x->not_after))
        return DTLS_ERR_CERT_EXPIRED;
    return 0;
}

/* Validates the path chain[path[0]] (the leaf) .. chain[path[depth-1]]
 * under anchor number a (steps 4 and 5 of the order at the top), using the
 * two certificate structs the caller lends. */
static int dtls__x509p_check_path(const dtls_x509_verify_params *p, const dtls_blob *chain, const size_t *path,
                                  size_t depth, size_t a, dtls_x509 *iss, dtls_x509 *x)
{
    size_t i, j;
    int rc;

    if ((rc = dtls__x509p_get(p, chain, a, iss)) != 0)
        return DTLS_ERR_CERT_UNKNOWN_CA; /* cannot happen: the anchor parsed when it matched */
    if ((rc = dtls__x509p_self(p, iss)) != 0)
        return rc;
    /* from the certificate below the anchor down to the leaf; x at path
     * position i (leaf = 0) has i CA certificates below it, and becomes the
     * next one's issuer */
    for (i = depth; i-- > 0;) {
        dtls_x509 *t;
        if ((rc = dtls__x509p_get(p, chain, p->n_anchors + path[i], x)) != 0)
            return rc;
        if (!(iss->key.type == DTLS_KEY_P256 || iss->key.type == DTLS_KEY_P384 || dtls__x509p_rsa_ok(&iss->key)))
            return DTLS_ERR_CERT_UNSUPPORTED;
        if (iss->version != 3 || !iss->has_basic_constraints || !iss->is_ca)
            return DTLS_ERR_CERT_ISSUER;
        if (iss->has_key_usage && (iss->key_usage & DTLS_KU_KEY_CERT_SIGN) == 0)
            return DTLS_ERR_CERT_ISSUER;
        if (iss->path_len >= 0 && i > (size_t)iss->path_len)
            return DTLS_ERR_CERT_ISSUER;
        if ((rc = dtls__x509p_sig(p, x, iss)) != 0)
            return rc;
        if ((rc = dtls__x509p_self(p, x)) != 0)
            return rc;
        t = iss;
        iss = x;
        x = t;
    }
    /* name constraints: of the anchor (j == depth) and of each intermediate */
    for (j = depth + 1; j-- > 1;) {
        if ((rc = j == depth ? dtls__x509p_get(p, chain, a, iss)
                             : dtls__x509p_get(p, chain, p->n_anchors + path[j], iss)) != 0)
            return rc;
        if (iss->name_constraints.data == NULL)
            continue;
        for (i = j; i-- > 0;) {
            if ((rc = dtls__x509p_get(p, chain, p->n_anchors + path[i], x)) != 0)
                return rc;
            if ((rc = dtls__x509p_nc_check(&iss->name_constraints, x, i == 0 && p->cn_fallback)) != 0)
                return rc;
        }
    }
    return 0;
}

DTLS_API int dtls_x509_verify(const dtls_x509_verify_params *p, const dtls_blob *chain, size_t n, dtls_x509 *leaf)
{
    dtls_x509 top, cand;
    size_t path[DTLS_MAX_CHAIN], cur[DTLS_MAX_CHAIN];
    size_t i, depth, total, limit;
    int rc, first_err = 0, too_long = 0, found = 0, top_ok = 0;

    if (p == NULL || chain == NULL || n == 0 || (p->anchors == NULL && p->n_anchors != 0) ||
        (p->purpose != DTLS_X509_SERVER && p->purpose != DTLS_X509_CLIENT))
        return DTLS_ERR_BAD_ARG;
    if (n > DTLS_MAX_CHAIN)
        return DTLS_ERR_CERT_TOO_BIG;
    limit = DTLS_MAX_CHAIN; /* (no constant compared with the uint8_t: DTLS_MAX_CHAIN may be 255) */
    if (p->max_depth != 0 && p->max_depth < limit)
        limit = p->max_depth;

    /* 2: every chain certificate parses */
    for (i = 0; i < n; i++) {
        if (chain[i].data == NULL && chain[i].len != 0)
            return DTLS_ERR_BAD_ARG;
        if (chain[i].data == NULL || dtls_x509_parse(&cand, chain[i].data, chain[i].len) != 0)
            return DTLS_ERR_CERT_PARSE;
    }

    /* 3-5: depth-first search over issuer candidates (anchors, then the chain) */
    total = p->n_anchors + n;
    path[0] = 0;
    cur[0] = 0;
    depth = 1;
    while (depth > 0 && !found) {
        size_t d = depth - 1, k;
        if (cur[d] >= total) {
            depth--;
            top_ok = 0;
            continue;
        }
        k = cur[d]++;
        if (k >= p->n_anchors) {
            size_t j = k - p->n_anchors, m;
            for (m = 0; m < depth && path[m] != j; m++) {
            }
            if (m < depth)
                continue; /* already in the path (the leaf included) */
        }
        if (!top_ok) { /* chain certificates parsed above: this cannot fail */
            if (dtls__x509p_get(p, chain, p->n_anchors + path[d], &top) != 0)
                return DTLS_ERR_CERT_PARSE;
            top_ok = 1;
        }
        if (dtls__x509p_get(p, chain, k, &cand) != 0 || !dtls__x509p_blob_eq(&cand.subject, &top.issuer))
            continue;
        if (k < p->n_anchors) {
            if (depth > limit) {
                too_long = 1;
                continue;
            }
            rc = dtls__x509p_check_path(p, chain, path, depth, k, &top, &cand);
            top_ok = 0; /* top and cand were lent */
            if (rc == DTLS_ERR_IN_PROGRESS)
                return rc;
            if (rc == 0)
                found = 1;
            else if (first_err == 0)
                first_err = rc;
        } else if (depth < n) {
            path[depth] = k - p->n_anchors;
            cur[depth] = 0;
            depth++;
            top = cand;
        }
    }
    if (!found)
        return first_err != 0 ? first_err : too_long ? DTLS_ERR_CERT_TOO_BIG : DTLS_ERR_CERT_UNKNOWN_CA;

    /* 6: the leaf */
    if (dtls_x509_parse(&top, chain[0].data, chain[0].len) != 0)
        return DTLS_ERR_CERT_PARSE;
    if (!(top.key.type == DTLS_KEY_P256 || dtls__x509p_rsa_ok(&top.key)))
        return DTLS_ERR_CERT_UNSUPPORTED;
    if (top.has_key_usage && (top.key_usage & DTLS_KU_DIGITAL_SIGNATURE) == 0)
        return DTLS_ERR_CERT_UNSUPPORTED;
    if (top.has_eku &&
        (top.eku & (DTLS_EKU_ANY | (p->purpose == DTLS_X509_SERVER ? DTLS_EKU_SERVER_AUTH : DTLS_EKU_CLIENT_AUTH))) == 0)
        return DTLS_ERR_CERT_UNSUPPORTED;
    /* 7: the name */
    if (p->name != NULL && (rc = dtls_x509_check_name(&top, p->name, p->cn_fallback)) != 0)
        return rc;
    if (leaf != NULL)
        *leaf = top;
    return 0;
}

#endif /* DTLS_ENABLE_X509 */

DTLS_API uint8_t dtls_x509_alert(int err)
{
    switch (err) {
    case DTLS_ERR_CERT_PARSE:
    case DTLS_ERR_CERT_SIGNATURE:
    case DTLS_ERR_CERT_ISSUER:
    case DTLS_ERR_CERT_CRITICAL:
    case DTLS_ERR_CERT_CONSTRAINTS:
    case DTLS_ERR_CERT_TOO_BIG:
        return DTLS_ALERT_BAD_CERTIFICATE;
    case DTLS_ERR_CERT_UNSUPPORTED:
        return DTLS_ALERT_UNSUPPORTED_CERTIFICATE;
    case DTLS_ERR_CERT_EXPIRED:
        return DTLS_ALERT_CERTIFICATE_EXPIRED;
    case DTLS_ERR_CERT_NAME:
    case DTLS_ERR_CERT_NO_TIME:
        return DTLS_ALERT_CERTIFICATE_UNKNOWN;
    case DTLS_ERR_CERT_UNKNOWN_CA:
        return DTLS_ALERT_UNKNOWN_CA;
    default:
        return 0;
    }
}

#endif /* DTLS_ENABLE_CERTS */
