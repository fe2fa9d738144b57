/* wp.h - reads Wycheproof vectors flattened by tests/wp_convert.py.
 *
 * The directory comes from the environment variable DTLS_VECTORS (the Makefile
 * sets it from WYCHEPROOF_DIR).  When a file is missing the caller skips, and
 * says so: a user's clone has no ../shared/vectors.
 *
 *   wp_file f;
 *   if (!wp_open(&f, "aes_gcm")) { test_skip(...); return; }
 *   while (wp_next(&f)) { wp_get(&f.group, "ivSize"); wp_hex(&f.test, "msg", buf, sizeof buf); ... }
 *   wp_close(&f);
 */
#ifndef DTLS_WP_H
#define DTLS_WP_H

#include "test.h"

#define WP_MAX_LINE (1u << 20)
#define WP_MAX_FIELDS 64

typedef struct {
    char *line;
    const char *key[WP_MAX_FIELDS];
    const char *val[WP_MAX_FIELDS];
    int n;
} wp_rec;

typedef struct {
    FILE *fp;
    wp_rec group, test;
    char path[512];
    long valid, invalid, acceptable; /* counts of the "result" field seen */
} wp_file;

static DTLS__UNUSED void wp__split(wp_rec *r)
{
    char *p = r->line + 1; /* skip the G/T tag */
    r->n = 0;
    while (*p == '\t' && r->n < WP_MAX_FIELDS) {
        char *eq;
        *p++ = 0;
        eq = strchr(p, '=');
        if (!eq) break;
        *eq = 0;
        r->key[r->n] = p;
        r->val[r->n] = eq + 1;
        r->n++;
        p = eq + 1;
        while (*p && *p != '\t' && *p != '\n') p++;
        if (*p == '\n') *p = 0;
    }
}

/* Returns 1 when the vector file exists, else 0 (and prints where it looked). */
static DTLS__UNUSED int wp_open(wp_file *f, const char *name)
{
    const char *dir = getenv("DTLS_VECTORS");
    memset(f, 0, sizeof *f);
    if (!dir || !*dir) dir = "build/vectors";
    snprintf(f->path, sizeof f->path, "%s/%s.txt", dir, name);
    f->fp = fopen(f->path, "r");
    if (!f->fp) {
        printf("     wycheproof: %s not found (set WYCHEPROOF_DIR to a Wycheproof testvectors_v1 folder)\n", f->path);
        return 0;
    }
    f->group.line = (char *)malloc(WP_MAX_LINE);
    f->test.line = (char *)malloc(WP_MAX_LINE);
    if (!f->group.line || !f->test.line) { fprintf(stderr, "out of memory\n"); exit(2); }
    return 1;
}

/* Advances to the next test, updating f->group at group boundaries.
 * Returns 1 while there is a test, 0 at the end of the file. */
static DTLS__UNUSED int wp_next(wp_file *f)
{
    for (;;) {
        if (!fgets(f->test.line, (int)WP_MAX_LINE, f->fp)) return 0;
        if (f->test.line[0] == 'G') {
            char *t = f->group.line;
            f->group.line = f->test.line;
            f->test.line = t;
            wp__split(&f->group);
            continue;
        }
        if (f->test.line[0] != 'T') continue;
        wp__split(&f->test);
        return 1;
    }
}

static DTLS__UNUSED void wp_close(wp_file *f)
{
    if (f->fp) fclose(f->fp);
    free(f->group.line);
    free(f->test.line);
    f->fp = NULL;
    f->group.line = f->test.line = NULL;
}

/* The value of key, or NULL. */
static DTLS__UNUSED const char *wp_get(const wp_rec *r, const char *key)
{
    int i;
    for (i = 0; i < r->n; i++)
        if (strcmp(r->key[i], key) == 0) return r->val[i];
    return NULL;
}

/* Integer value of key (0 when absent). */
static DTLS__UNUSED long wp_int(const wp_rec *r, const char *key)
{
    const char *v = wp_get(r, key);
    return v ? strtol(v, NULL, 10) : 0;
}

/* Hex-decodes the value of key into out; returns the length (aborts if absent). */
static DTLS__UNUSED size_t wp_hex(const wp_rec *r, const char *key, unsigned char *out, size_t cap)
{
    const char *v = wp_get(r, key);
    if (!v) { fprintf(stderr, "wycheproof: field %s missing\n", key); exit(2); }
    return unhex(out, cap, v);
}

/* 1 if the test's flags list contains flag. */
static DTLS__UNUSED int wp_has_flag(const wp_rec *t, const char *flag)
{
    const char *v = wp_get(t, "flags");
    size_t n = strlen(flag);
    while (v && *v) {
        if (strncmp(v, flag, n) == 0 && (v[n] == ',' || v[n] == 0)) return 1;
        v = strchr(v, ',');
        if (v) v++;
    }
    return 0;
}

/* "valid", "invalid" or "acceptable". */
static DTLS__UNUSED const char *wp_result(const wp_rec *t)
{
    const char *r = wp_get(t, "result");
    return r ? r : "";
}

/* Hex-decodes the value of key (at most 64 bytes) as a big-endian number into
 * exactly len bytes: leading zero bytes dropped, a shorter value zero-padded
 * on the left.  Returns 1, or 0 when the number does not fit in len bytes. */
static DTLS__UNUSED int wp_hex_be(const wp_rec *r, const char *key, unsigned char *out, size_t len)
{
    unsigned char b[64];
    const unsigned char *p = b;
    size_t n = wp_hex(r, key, b, sizeof b);
    while (n > len && p[0] == 0) { p++; n--; }
    if (n > len) return 0;
    memset(out, 0, len);
    memcpy(out + len - n, p, n);
    return 1;
}

/* A file's vectors counted by outcome (wp_tally_add), and its summary line
 * (wp_tally_print); a test adds its own failures (an unexpected code, a
 * decision not kept) to failures, and its by_design cases. */
typedef struct {
    long valid_ok, invalid_rej, acc_yes, acc_no, by_design, failures;
} wp_tally;

/* One vector of file name, test tcId tc, against its result res: ret is the
 * call's code (0: accepted), ok whether the accepted output is right.
 * "valid" counts when ret is 0 and ok, "invalid" when ret is nonzero; either
 * otherwise is a failure, said on stderr.  "acceptable" counts as accepted or
 * rejected and returns 1, so that the caller applies its decision; else 0. */
static DTLS__UNUSED int wp_tally_add(wp_tally *t, const char *name, long tc, const char *res, int ret, int ok)
{
    if (strcmp(res, "valid") == 0) {
        if (ret == 0 && ok) t->valid_ok++;
        else { fprintf(stderr, "%s tcId %ld: valid vector failed (%d)\n", name, tc, ret); t->failures++; }
    } else if (strcmp(res, "invalid") == 0) {
        if (ret != 0) t->invalid_rej++;
        else { fprintf(stderr, "%s tcId %ld: invalid vector accepted\n", name, tc); t->failures++; }
    } else {
        if (ret == 0) t->acc_yes++;
        else t->acc_no++;
        return 1;
    }
    return 0;
}

/* The summary line; by_design says what the rejected-by-design count is. */
static DTLS__UNUSED void wp_tally_print(const wp_tally *t, const char *name, const char *by_design)
{
    printf("     wycheproof %s: %ld valid ok, %ld invalid rejected, %ld acceptable (accepted %ld / "
           "rejected %ld), %ld rejected-by-design (%s), %ld failures\n",
           name, t->valid_ok, t->invalid_rej, t->acc_yes + t->acc_no, t->acc_yes, t->acc_no, t->by_design,
           by_design, t->failures);
}

#endif /* DTLS_WP_H */
