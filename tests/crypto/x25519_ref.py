#!/usr/bin/env python3
"""x25519_ref.py - checks X25519 results against RFC 7748 section 5 computed
here with Python integers (an implementation independent of crypto/x25519.c).

Reads lines "scalar point result return" (32-byte little-endian hex values and
the return code) as tests/crypto/test_x25519_diff.c writes them with
DTLS_X25519_DIFF_DUMP=FILE, recomputes each, and prints "ok ..." or
"FAIL ..." lines; exit status 1 on any mismatch.  The return code must be
-N (DTLS_ERR_ZERO_SHARED, given as --zero-code) exactly when the result is
all zeros, else 0.

    python3 tests/crypto/x25519_ref.py DUMP [--max N] [--zero-code C]"""
import sys

P = 2**255 - 19
A24 = 121665


def decode_u(b):
    # RFC 7748 section 5: mask the top bit; u >= p is accepted (reduced below)
    return int.from_bytes(b, "little") & ((1 << 255) - 1)


def decode_scalar(b):
    k = bytearray(b)
    k[0] &= 248
    k[31] &= 127
    k[31] |= 64
    return int.from_bytes(k, "little")


def x25519(k_bytes, u_bytes):
    k = decode_scalar(k_bytes)
    x1 = decode_u(u_bytes) % P
    x2, z2, x3, z3, swap = 1, 0, x1, 1, 0
    for t in range(254, -1, -1):
        kt = (k >> t) & 1
        swap ^= kt
        if swap:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = kt
        a = (x2 + z2) % P
        aa = a * a % P
        b = (x2 - z2) % P
        bb = b * b % P
        e = (aa - bb) % P
        c = (x3 + z3) % P
        d = (x3 - z3) % P
        da = d * a % P
        cb = c * b % P
        x3 = (da + cb) ** 2 % P
        z3 = x1 * (da - cb) ** 2 % P
        x2 = aa * bb % P
        z2 = e * (aa + A24 * e) % P
    if swap:
        x2, x3, z2, z3 = x3, x2, z3, z2
    return (x2 * pow(z2, P - 2, P) % P).to_bytes(32, "little")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[1]
    limit = int(argv[argv.index("--max") + 1]) if "--max" in argv else None
    zero_code = int(argv[argv.index("--zero-code") + 1]) if "--zero-code" in argv else None
    n = bad = 0
    with open(path) as f:
        for line in f:
            if limit is not None and n >= limit:
                break
            k, u, out, ret = line.split()
            want = x25519(bytes.fromhex(k), bytes.fromhex(u))
            ret = int(ret)
            ok = bytes.fromhex(out) == want
            if want == bytes(32):
                ok = ok and ret != 0 and (zero_code is None or ret == zero_code)
            else:
                ok = ok and ret == 0
            n += 1
            if not ok:
                bad += 1
                if bad <= 10:
                    print("FAIL x25519 ref: k=%s u=%s got %s (%d) want %s" % (k, u, out, ret, want.hex()))
    if n == 0:
        print("FAIL x25519 ref: no lines in %s" % path)
        return 1
    if bad:
        print("FAIL x25519 ref: %d of %d results differ from RFC 7748 section 5 in Python integers" % (bad, n))
        return 1
    print("ok   x25519 ref: %d results equal RFC 7748 section 5 computed in Python integers" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
