/* fuzz_main.c - the main of a fuzz target built without libFuzzer
 * (TARGET-replay: the target's object linked with this file, ASan + UBSan):
 *
 *   TARGET-replay --make-corpus DIR [ARGS]   writes the target's seed corpus into DIR
 *   TARGET-replay FILE|DIR ...               runs every file once through the target;
 *                                            NAME.hex is hex text ('#' starts a comment,
 *                                            whitespace is ignored), anything else raw bytes
 *   TARGET-replay --to-hex FILE              prints FILE (e.g. a crash-* artifact of
 *                                            libFuzzer) as hex text for tests/fuzz/regressions
 *
 * Exit status: 0, 1 for an unreadable file, 2 for usage; a finding aborts
 * through the sanitizers as under libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int fz_make_corpus(const char *dir, int argc, char **argv);


/* Hex text into bytes, in place: the count, or -1 on a stray character or an odd digit. */
static long fm_unhex(uint8_t *t, size_t n)
{
    size_t i, o = 0;
    int hi = -1;
    for (i = 0; i < n; i++) {
        int c = t[i], v;
        if (c == '#') {
            while (i < n && t[i] != '\n')
                i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            return -1;
        if (hi < 0) {
            hi = v;
        } else {
            t[o++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    return hi < 0 ? (long)o : -1;
}

static int fm_run_file(const char *path)
{
    uint8_t *buf = NULL, *exact;
    long n = fz_read_file(path, &buf);
    size_t pl = strlen(path);
    if (n < 0) {
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    if (pl > 4 && strcmp(path + pl - 4, ".hex") == 0 && (n = fm_unhex(buf, (size_t)n)) < 0) {
        fprintf(stderr, "%s: not hex text\n", path);
        free(buf);
        return 1;
    }
    /* exactly n bytes on the heap, as libFuzzer passes an input */
    exact = (uint8_t *)malloc(n ? (size_t)n : 1);
    if (exact == NULL)
        abort();
    memcpy(exact, buf, (size_t)n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, (size_t)n);
    free(exact);
    printf("ran %s (%ld bytes)\n", path, n);
    return 0;
}

static int fm_run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "no such file: %s\n", path);
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        int bad = 0;
        if (d == NULL)
            return 1;
        while ((e = readdir(d)) != NULL) {
            char sub[4096];
            if (e->d_name[0] == '.')
                continue;
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            bad |= fm_run_path(sub);
        }
        closedir(d);
        return bad;
    }
    return fm_run_file(path);
}

int main(int argc, char **argv)
{
    int i, bad = 0;
    if (argc >= 3 && strcmp(argv[1], "--make-corpus") == 0) {
        DIR *d;
        struct dirent *e;
        int r, n = 0;
        mkdir(argv[2], 0777);
        r = fz_make_corpus(argv[2], argc - 3, argv + 3);
        d = opendir(argv[2]);
        while (d != NULL && (e = readdir(d)) != NULL)
            n += e->d_name[0] != '.';
        if (d != NULL)
            closedir(d);
        printf("%d inputs in %s%s\n", n, argv[2], r ? " (some could not be made)" : "");
        return r != 0;
    }
    if (argc == 3 && strcmp(argv[1], "--to-hex") == 0) {
        uint8_t *buf = NULL;
        long n = fz_read_file(argv[2], &buf), k;
        if (n < 0)
            return 1;
        printf("# %ld bytes\n", n);
        for (k = 0; k < n; k++)
            printf("%02x%s", buf[k], (k % 32 == 31 || k == n - 1) ? "\n" : "");
        free(buf);
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: %s --make-corpus DIR [ARGS] | --to-hex FILE | FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++)
        bad |= fm_run_path(argv[i]);
    return bad;
}
