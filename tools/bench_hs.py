#!/usr/bin/env python3
"""Handshake cost: runs build/bench/hs_cost (bench/hs_cost.c) under
valgrind --tool=callgrind for each implementation (dtls.h, openssl, gnutls,
mbedtls, wolfssl) and case (psk-ccm8, psk-gcm, ecdhe-psk-chacha,
ecdsa-{gcm,ccm8,chacha}-{p256,x25519}) with N = 0, 1, WARM - 1 and WARM (5)
handshakes, reads
the total instruction count (the "summary:" line of each callgrind out file,
event Ir), and prints

  BENCH hs_<case> <impl> <I(1) - I(0) in millions> Minstr
  BENCH hs_<case>_5th <impl> <I(5) - I(4) in millions> Minstr
  NOTE hs_<case> <impl> <why>          (a case this build of a library cannot do: hs_cost exit 3)

I(0) is the same program stopped just before the first handshake call:
process start-up and exit (dynamic loading of all five libraries), library
initialisation, parsing the key and certificates, the configurations /
SSL_CTX / contexts, cookie secrets, and creating the first client and server
connection objects.  So hs_<case> is one complete handshake, both sides,
including everything each implementation does lazily on its first handshake.
hs_<case>_5th is the fifth handshake in the same process, in steady state:
the previous pair's close (close_notify, release), the fresh pair's creation
and its handshake (wolfSSL builds its fixed-point ECC tables during the first
two: 63 M and 90 M instructions, then 16 M each).  dtls.h runs with its hooks off (portable
C).

Session resumption, dtls.h (RESUME_CASES: PSK-CCM_8 and ECDHE-ECDSA P-256 CCM_8),
by ticket and by session ID (hs_cost MODE ticket-full, ticket, id-full, id):

  BENCH resume_<case>_<mode>_full dtls.h <I(1) - I(0) with MODE <mode>-full> Minstr
  BENCH resume_<case>_<mode>_resumed dtls.h <I(1) - I(0) with MODE <mode>> Minstr
  BENCH resume_<case>_<mode>_resumed_5th dtls.h <I(5) - I(4) with MODE <mode>> Minstr
  BENCH resume_<case>_<mode>_<kind> dtls.h <n> c2s_datagrams|c2s_bytes|c2s_flights|s2c_datagrams|...

<mode>-full's first handshake is the full one that makes the session resumable
(the server's NewSessionTicket, or its session cache); in MODE <mode> that
handshake and its close are part of I(0), so I(1) - I(0) is one abbreviated
handshake, cookie exchange included, checked on the wire (no Certificate,
ServerKeyExchange, ServerHelloDone, ClientKeyExchange) and by
dtls_conn_resumed on both sides.  <mode> "none": the full handshake of the
table above (no tickets, no cache), wire only.  The wire figures are the
hs_wire line of the N = 1 run (bench/hs_common.c hs_one): datagrams, bytes and
flights each direction; the server's flights are the round trips the client
waits for before it may send application data.

The baselines and datagram counts go to stderr.  The runs go in
parallel, one per processor (instruction counts do not depend on the load).
Usage: bench_hs.py PATH/TO/hs_cost [--keep DIR] [--impl NAME]... [--case NAME]..."""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

IMPLS = ["dtls.h", "openssl", "gnutls", "mbedtls", "wolfssl"]
# (hs_cost's case name, the BENCH operation): bench/hs_common.c's hs_cases
CASES = [
    ("psk-ccm8", "hs_psk_aes128ccm8"),
    ("psk-gcm", "hs_psk_aes128gcm"),
    ("ecdhe-psk-chacha", "hs_ecdhe_psk_x25519_chacha20"),
    ("ecdsa-gcm-p256", "hs_ecdhe_ecdsa_p256_aes128gcm"),
    ("ecdsa-gcm-x25519", "hs_ecdhe_ecdsa_x25519_aes128gcm"),
    ("ecdsa-ccm8-p256", "hs_ecdhe_ecdsa_p256_aes128ccm8"),
    ("ecdsa-ccm8-x25519", "hs_ecdhe_ecdsa_x25519_aes128ccm8"),
    ("ecdsa-chacha-p256", "hs_ecdhe_ecdsa_p256_chacha20"),
    ("ecdsa-chacha-x25519", "hs_ecdhe_ecdsa_x25519_chacha20"),
]
# the resumption runs (dtls.h only): (case, BENCH name) and hs_cost's modes
RESUME_CASES = [("psk-ccm8", "resume_psk_aes128ccm8"), ("ecdsa-ccm8-p256", "resume_ecdhe_ecdsa_p256_aes128ccm8")]
RESUME_MODES = ["ticket", "id"]
WARM = 5  # the steady-state handshake: I(WARM) - I(WARM - 1)
UNSUPPORTED = 3  # hs_cost's exit code for a case the library's build cannot do


class Unsupported(Exception):
    pass


WIRE = re.compile(r"^hs_wire: handshake \d+ (full|resumed): client (\d+) datagrams (\d+) bytes (\d+) flights; "
                  r"server (\d+) datagrams (\d+) bytes (\d+) flights$", re.M)


def wire(msg, kind):
    """The last handshake's wire figures in an hs_cost stderr: [(unit, value)]; kind: "full" or "resumed"."""
    found = WIRE.findall(msg)
    if not found or found[-1][0] != kind:
        raise RuntimeError("no hs_wire line of a %s handshake in:\n%s" % (kind, msg))
    v = [int(x) for x in found[-1][1:]]
    return list(zip(["c2s_datagrams", "c2s_bytes", "c2s_flights", "s2c_datagrams", "s2c_bytes", "s2c_flights"], v))


def count(binary, impl, case, n, outdir, mode="full"):
    out = os.path.join(outdir, "callgrind.%s.%s.%d.%s" % (impl, case, n, mode))
    cmd = ["valgrind", "-q", "--tool=callgrind", "--callgrind-out-file=" + out, binary, impl, case, str(n), mode]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode == UNSUPPORTED:
        m = re.search(r"^unsupported: (.*)$", p.stderr, re.M)
        return None, m.group(1) if m else "unsupported"
    if p.returncode != 0:
        raise RuntimeError("%s failed (exit %d):\n%s" % (" ".join(cmd), p.returncode, p.stderr))
    with open(out) as f:
        m = re.search(r"^summary:\s+(\d+)", f.read(), re.M)
    if not m:
        raise RuntimeError("%s: no summary line" % out)
    return int(m.group(1)), p.stderr.strip()


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(args[0])

    def opts(name):
        return [args[i + 1] for i, a in enumerate(args[:-1]) if a == name]

    keep = (opts("--keep") or [None])[0]
    impls = opts("--impl") or IMPLS
    cases = [c for c in CASES if c[0] in opts("--case")] if opts("--case") else CASES
    if shutil.which("valgrind") is None:
        print("bench_hs.py: valgrind is not installed (Debian: apt-get install valgrind); "
              "the handshake cost needs --tool=callgrind", file=sys.stderr)
        return 1
    outdir = keep or tempfile.mkdtemp(prefix="bench_hs.")
    os.makedirs(outdir, exist_ok=True)
    # the slow ones (mbedTLS's certificate cases) first, so that the pool ends together
    jobs = [(impl, case, n) for impl in sorted(impls, key=lambda i: i != "mbedtls")
            for case, _ in sorted(cases, key=lambda c: not c[0].startswith("ecdsa")) for n in (WARM, WARM - 1, 1, 0)]
    jobs = [j + ("full",) for j in jobs]
    resume_cases = [rc for rc in RESUME_CASES if "dtls.h" in impls and rc[0] in [c for c, _ in cases]]
    for case, _ in resume_cases:
        for mode in RESUME_MODES:
            jobs += [("dtls.h", case, n, mode) for n in (WARM, WARM - 1, 1, 0)]
            jobs += [("dtls.h", case, n, mode + "-full") for n in (1, 0)]
    res = {}
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as ex:
            futs = {ex.submit(count, binary, impl, case, n, outdir, mode): (impl, case, n, mode)
                    for impl, case, n, mode in jobs}
            for fut in concurrent.futures.as_completed(futs):
                res[futs[fut]] = fut.result()
    except RuntimeError as e:
        print("bench_hs.py: %s" % e, file=sys.stderr)
        return 1
    finally:
        if keep is None:
            shutil.rmtree(outdir, ignore_errors=True)
    for case, op in cases:
        for impl in impls:
            (i0, _), (i1, msg1), (i4, _), (i5, _) = (res[(impl, case, n, "full")] for n in (0, 1, WARM - 1, WARM))
            if None in (i0, i1, i4, i5):
                print("NOTE %s %s %s" % (op, impl, msg1 if i1 is None else "unsupported"))
                continue
            print("bench_hs: %s %s: %d instructions up to the handshake (subtracted), %d with one, %d with %d, "
                  "%d with %d; %s" % (case, impl, i0, i1, i4, WARM - 1, i5, WARM, msg1.replace("hs_cost: ", "")),
                  file=sys.stderr)
            print("BENCH %s %s %.2f Minstr" % (op, impl, (i1 - i0) / 1e6))
        for impl in impls:
            i4, i5 = (res[(impl, case, n, "full")][0] for n in (WARM - 1, WARM))
            if i4 is not None and i5 is not None:
                print("BENCH %s_%dth %s %.2f Minstr" % (op, WARM, impl, (i5 - i4) / 1e6))
    try:
        for case, op in resume_cases:
            i0, msg = res[("dtls.h", case, 1, "full")]
            if i0 is None:
                print("NOTE %s_none_full dtls.h %s" % (op, msg))
                continue
            for unit, v in wire(msg, "full"):
                print("BENCH %s_none_full dtls.h %d %s" % (op, v, unit))
            for mode in RESUME_MODES:
                (f0, _), (f1, fmsg) = (res[("dtls.h", case, n, mode + "-full")] for n in (0, 1))
                (r0, _), (r1, rmsg), (r4, _), (r5, _) = (res[("dtls.h", case, n, mode)] for n in (0, 1, WARM - 1, WARM))
                if None in (f0, f1, r0, r1, r4, r5):
                    print("NOTE %s_%s dtls.h %s" % (op, mode, rmsg if r1 is None else fmsg))
                    continue
                print("bench_hs: %s dtls.h %s: %d instructions up to the full handshake, %d with it; %d up to the "
                      "resumed one, %d with it, %d with %d, %d with %d" % (case, mode, f0, f1, r0, r1, r4, WARM - 1,
                                                                          r5, WARM), file=sys.stderr)
                print("BENCH %s_%s_full dtls.h %.3f Minstr" % (op, mode, (f1 - f0) / 1e6))
                print("BENCH %s_%s_resumed dtls.h %.3f Minstr" % (op, mode, (r1 - r0) / 1e6))
                print("BENCH %s_%s_resumed_%dth dtls.h %.3f Minstr" % (op, mode, WARM, (r5 - r4) / 1e6))
                for kind, m in (("full", fmsg), ("resumed", rmsg)):
                    for unit, v in wire(m, kind):
                        print("BENCH %s_%s_%s dtls.h %d %s" % (op, mode, kind, v, unit))
    except RuntimeError as e:
        print("bench_hs.py: %s" % e, file=sys.stderr)
        return 1
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
