# tests/crypto/diff_lib.sh - sourced by p256_diff.sh and x25519_diff.sh (the
# differential tests, each built twice with one option 0 and 1): the warning
# set, one build's digest, the comparison of the two digests.  rc is 1 after
# any failure; digests holds the digests read so far.
WARN="-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion -Werror"
rc=0
digests=()

# diff_digest LABEL EXE VAR=VALUE...: runs EXE with VAR=VALUE... in its
# environment (output in EXE.log), then "ok   LABEL: digest ..." and the digest
# appended to digests; a FAIL line if it failed a check or printed no digest.
diff_digest() {
    local label=$1 exe=$2 d
    shift 2
    if ! env "$@" "$exe" >"$exe.log" 2>&1; then
        echo "FAIL $label: an operation failed its own check"
        grep -v '^ok' "$exe.log" | head -n 20 | sed 's/^/    /'
        rc=1
    fi
    d=$(sed -n 's/^digest \([0-9a-f]\{64\}\) .*/\1/p' "$exe.log")
    if [ -z "$d" ]; then echo "FAIL $label printed no digest"; rc=1; return; fi
    echo "ok   $label: $(grep '^digest ' "$exe.log")"
    digests+=("$d")
}

# diff_compare NAME BOTH WHICH: "ok   NAME: both BOTH give the same digest over
# $OPS iterations", or "FAIL NAME: the WHICH differ (the digests)".
diff_compare() {
    if [ ${#digests[@]} = 2 ] && [ "${digests[0]}" = "${digests[1]}" ]; then
        echo "ok   $1: both $2 give the same digest over $OPS iterations"
    else
        echo "FAIL $1: the $3 differ (${digests[*]:-no digests})"; rc=1
    fi
}
