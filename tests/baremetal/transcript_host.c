/* transcript_host.c - the scenario of pair.h on a hosted system (x86-64,
 * i386, armhf and s390x under qemu-user: tests/baremetal/transcript.sh),
 * printing its checks and transcript digests on stdout, then
 * "RESULT <passed> <failed> 0".  Exit status: 0 when every check passed. */
#include <stdio.h>
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "pair.h"

static void pair_puts(const char *line)
{
    puts(line);
}

int main(void)
{
    int failed = pair_run(NULL);
    printf("RESULT %d %d 0\n", pair_passed, failed);
    return failed != 0;
}
