#!/usr/bin/env bash
# tests/crypto/p256_diff.sh - the two P-256 profiles against each other.
#
# Builds tests/crypto/test_p256_diff.c twice against the split crypto sources,
# with -DDTLS_P256_SPEED=0 (32-bit limbs, no table) and -DDTLS_P256_SPEED=1
# (64-bit limbs, comb table; needs a compiler with unsigned __int128), runs
# OPS iterations of random keygen / ECDH / RFC 6979 signing / verification in
# each (every output and return code digested with SHA-256, each iteration
# also checked for self-consistency) and compares the digests.
# Prints "ok ..." / "FAIL ..." lines; exits non-zero on any failure.
#
#   bash tests/crypto/p256_diff.sh [BUILD_DIR]     (OPS=20000, CC=gcc by default)
set -u
cd "$(dirname "$0")/../.."
B=${1:-build/test/p256_diff}
OPS=${OPS:-20000}
CC=${CC:-gcc}
. tests/crypto/diff_lib.sh
mkdir -p "$B"
for sp in 0 1; do
    exe="$B/test_p256_diff_$sp"
    if ! $CC $WARN -O2 -DDTLS_P256_SPEED=$sp -Icrypto tests/crypto/test_p256_diff.c crypto/*.c -o "$exe" 2>"$exe.build.log"; then
        echo "FAIL p256 diff: build with DTLS_P256_SPEED=$sp"; head -n 20 "$exe.build.log" | sed 's/^/    /'
        rc=1; continue
    fi
    diff_digest "p256 diff: DTLS_P256_SPEED=$sp" "$exe" DTLS_P256_DIFF_OPS=$OPS
done
diff_compare "p256 diff" profiles profiles
exit $rc
