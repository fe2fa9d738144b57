#!/usr/bin/env python3
"""Handshake cost: runs build/bench/hs_cost (bench/hs_cost.c) under
valgrind --tool=callgrind for each implementation (dtls.h, openssl, mbedtls)
and case (ecdsa, psk) with N = 0, 1 and 2 handshakes, reads the total
instruction count (the "summary:" line of each callgrind out file, event Ir),
and prints

  BENCH hs_<case> <impl> <I(1) - I(0) in millions> Minstr
  BENCH hs_<case>_2nd <impl> <I(2) - I(1) in millions> Minstr

I(0) is the same program stopped just before the first handshake call:
process start-up and exit (dynamic loading of all three libraries), library
initialisation, parsing the key and certificates, the configurations /
SSL_CTX / contexts, cookie secrets, and creating the first client and server
connection objects.  So hs_<case> is one complete handshake, both sides,
including everything each implementation does lazily on its first handshake.
hs_<case>_2nd is a second handshake in the same process on a fresh pair,
including that pair's creation.  The baselines and datagram counts go to
stderr.  Usage: bench_hs.py PATH/TO/hs_cost [--keep DIR]"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

IMPLS = ["dtls.h", "openssl", "mbedtls"]
CASES = [("ecdsa", "hs_ecdhe_ecdsa_p256_aes128gcm"), ("psk", "hs_psk_aes128ccm8")]


def count(binary, impl, case, n, outdir):
    out = os.path.join(outdir, "callgrind.%s.%s.%d" % (impl, case, n))
    cmd = ["valgrind", "-q", "--tool=callgrind", "--callgrind-out-file=" + out, binary, impl, case, str(n)]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s failed (exit %d):\n%s" % (" ".join(cmd), p.returncode, p.stderr))
    with open(out) as f:
        m = re.search(r"^summary:\s+(\d+)", f.read(), re.M)
    if not m:
        raise RuntimeError("%s: no summary line" % out)
    return int(m.group(1)), p.stderr.strip()


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(args[0])
    keep = args[args.index("--keep") + 1] if "--keep" in args else None
    if shutil.which("valgrind") is None:
        print("bench_hs.py: valgrind is not installed (Debian: apt-get install valgrind); "
              "the handshake cost needs --tool=callgrind", file=sys.stderr)
        return 1
    outdir = keep or tempfile.mkdtemp(prefix="bench_hs.")
    os.makedirs(outdir, exist_ok=True)
    jobs = [(impl, case, n) for case, _ in CASES for impl in IMPLS for n in (0, 1, 2)]
    res = {}
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as ex:
            futs = {ex.submit(count, binary, impl, case, n, outdir): (impl, case, n) for impl, case, n in jobs}
            for fut in concurrent.futures.as_completed(futs):
                res[futs[fut]] = fut.result()
    except RuntimeError as e:
        print("bench_hs.py: %s" % e, file=sys.stderr)
        return 1
    finally:
        if keep is None:
            shutil.rmtree(outdir, ignore_errors=True)
    for case, op in CASES:
        for impl in IMPLS:
            i0, i1, i2 = (res[(impl, case, n)][0] for n in (0, 1, 2))
            print("bench_hs: %s %s: %d instructions up to the handshake (subtracted), %d with one, %d with two; %s"
                  % (case, impl, i0, i1, i2, res[(impl, case, 1)][1].replace("hs_cost: ", "")), file=sys.stderr)
            print("BENCH %s %s %.2f Minstr" % (op, impl, (i1 - i0) / 1e6))
        for impl in IMPLS:
            i1, i2 = (res[(impl, case, n)][0] for n in (1, 2))
            print("BENCH %s_2nd %s %.2f Minstr" % (op, impl, (i2 - i1) / 1e6))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
