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

#endif /* DTLS_WP_H */
