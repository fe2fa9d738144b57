#!/usr/bin/env bash
# tests/crypto/x25519_diff.sh - the two X25519 field implementations against
# each other, the RFC 7748 vectors, Wycheproof and an independent reference.
#
# For -DDTLS_X25519_SPEED=0 (ten 25.5-bit limbs) and =1 (five 51-bit limbs;
# needs a compiler with unsigned __int128), against the split crypto sources:
#   - tests/crypto/test_x25519.c: RFC 7748 §5.2 (1 and 1,000 iterations),
#     §6.1, low-order points, Wycheproof x25519 (from $DTLS_VECTORS, as
#     tests/run.sh converts them; skipped there when absent);
#   - tests/crypto/test_x25519_diff.c: OPS iterations of random and edge
#     inputs digested with SHA-256; the two digests must be equal;
#   - the first REF calls of the speed build's stream recomputed by
#     tests/crypto/x25519_ref.py (RFC 7748 §5 in Python integers).
# Prints "ok ..." / "FAIL ..." lines; exits non-zero on any failure.
#
#   bash tests/crypto/x25519_diff.sh [BUILD_DIR]   (OPS=20000, REF=3000, CC=gcc by default)
set -u
cd "$(dirname "$0")/../.."
B=${1:-build/test/x25519_diff}
OPS=${OPS:-20000}
REF=${REF:-3000}
CC=${CC:-gcc}
. tests/crypto/diff_lib.sh
mkdir -p "$B"
for sp in 0 1; do
    for t in test_x25519 test_x25519_diff; do
        if ! $CC $WARN -O2 -DDTLS_X25519_SPEED=$sp -Icrypto tests/crypto/$t.c crypto/*.c -o "$B/${t}_$sp" 2>"$B/${t}_$sp.build.log"; then
            echo "FAIL x25519 diff: build $t with DTLS_X25519_SPEED=$sp"; head -n 20 "$B/${t}_$sp.build.log" | sed 's/^/    /'
            rc=1
        fi
    done
    exe="$B/test_x25519_$sp"
    if [ -x "$exe" ]; then
        if "$exe" >"$exe.log" 2>&1; then
            echo "ok   x25519 vectors: DTLS_X25519_SPEED=$sp: $(grep -c '^ok ' "$exe.log") cases, $(grep -c '^skip ' "$exe.log") skipped$(grep -o 'wycheproof x25519: [0-9]* valid ok' "$exe.log" | sed 's/^/, /')"
        else
            echo "FAIL x25519 vectors: DTLS_X25519_SPEED=$sp"; grep -v '^ok' "$exe.log" | head -n 20 | sed 's/^/    /'; rc=1
        fi
    fi
    exe="$B/test_x25519_diff_$sp"
    [ -x "$exe" ] || continue
    dump=""
    [ $sp = 1 ] && dump="$B/calls.txt"
    diff_digest "x25519 diff: DTLS_X25519_SPEED=$sp" "$exe" DTLS_X25519_DIFF_OPS=$OPS DTLS_X25519_DIFF_DUMP=$dump
done
diff_compare "x25519 diff" "field implementations" implementations
if [ -s "$B/calls.txt" ]; then
    python3 tests/crypto/x25519_ref.py "$B/calls.txt" --max "$REF" --zero-code -8 || rc=1
else
    echo "FAIL x25519 ref: no calls written by the DTLS_X25519_SPEED=1 build"; rc=1
fi
exit $rc
