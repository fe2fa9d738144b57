#!/usr/bin/env bash
# tests/ports/run.sh - the lwIP and ESP-IDF ports and the ESP-IDF example:
#   - port/lwip.c compiled against Debian's lwIP 2.1 headers (liblwip-dev) with
#     gcc, clang and g++, and tests/ports/test_lwip.c linked with liblwip.so;
#   - port/esp_idf.c and examples/esp32/idf/main/main.c compiled for rv32imc
#     (the ESP32-C3's ISA; ESP-IDF 5.5 and 4.4 driver APIs) and xtensa-lx106
#     (as the original ESP32) against tests/ports/esp_idf_decl, and on the
#     host; the symbols each build calls; tests/ports/test_esp_idf.c (fakes
#     of the drivers) in the three configurations;
#   - the ESP-IDF branch of CMakeLists.txt with a stand-in
#     idf_component_register: Kconfig's bools become 0/1 definitions.
# What is NOT done here: an ESP-IDF build, a run on an ESP32 (no ESP-IDF and
# no device on Debian).
#
# One line "ok   NAME", "FAIL NAME" (then what was seen) or "skip NAME: why"
# per check; the last line "RESULT passed failed skipped" (tests/run.sh's
# `account`).  Exit status 1 when a check failed.
#   bash tests/ports/run.sh            (BUILD_DIR=... for the objects)
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
B=${BUILD_DIR:-build/test/ports}
case $B in /*) ;; *) B="$ROOT/$B" ;; esac
mkdir -p "$B"

NP=0 NF=0 NS=0
ok() { NP=$((NP + 1)); echo "ok   $1"; }
skip() { NS=$((NS + 1)); echo "skip $1: $2"; }
bad() { NF=$((NF + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && [ -s "$2" ] && head -n 25 "$2" | sed 's/^/    /'; return 0; }
have() { command -v "$1" >/dev/null 2>&1; }

WARN="-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion -Werror"
CXXWARN="-Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion -Werror"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
RV="riscv64-unknown-elf-gcc --specs=picolibc.specs -march=rv32imc -mabi=ilp32 -Os"
XT="xtensa-lx106-elf-gcc --specs=/usr/lib/xtensa-lx106-elf/picolibc.specs -mlongcalls -Os"
DECL="-Itests/ports/esp_idf_decl"
IDF44="-DESP_IDF_VERSION_MAJOR=4 -DESP_IDF_VERSION_MINOR=4"
# the example's sdkconfig.defaults as the definitions CMakeLists.txt makes of them
PSKONLY="-DDTLS_ENABLE_CERTS=0 -DDTLS_ENABLE_RSA=0 -DDTLS_ENABLE_P384=0 -DDTLS_ENABLE_SERVER=0"

# cc NAME LOG COMMAND...: ok when the command succeeds
cc() {
    local name=$1 log=$2
    shift 2
    if nice "$@" >"$log" 2>&1; then ok "$name"; else bad "$name" "$log"; fi
}

# runtest NAME LOG EXE: the program's ok/FAIL/skip lines under NAME/, its RESULT counted
runtest() {
    local name=$1 log=$2 exe=$3 rc line p f s
    "$exe" >"$log" 2>&1
    rc=$?
    grep -a -E '^(ok|FAIL|skip) ' "$log" | sed -E "s#^(ok|FAIL|skip) +#\1 $name/#; s#^ok #ok   #"
    grep -a -v -E '^(ok|FAIL|skip|RESULT) ' "$log" | head -n 20 | sed 's/^/    /'
    line=$(grep -a '^RESULT ' "$log" | tail -n 1)
    if [ -z "$line" ]; then bad "$name (no RESULT line, exit $rc)" "$log"; return; fi
    read -r _ p f s <<<"$line"
    NP=$((NP + p)); NF=$((NF + f)); NS=$((NS + s))
    [ "$rc" != 0 ] && [ "$f" = 0 ] && bad "$name (exit $rc with no failed case)" "$log"
    return 0
}

# nm_has NAME OBJ "must" "must-not": the undefined symbols an object calls
nm_has() {
    local name=$1 obj=$2 must=$3 mustnot=$4 u sym miss=""
    u=$(nm -u "$obj" 2>/dev/null | awk '{print $NF}')
    for sym in $must; do grep -qx "$sym" <<<"$u" || miss="$miss missing:$sym"; done
    for sym in $mustnot; do grep -qx "$sym" <<<"$u" && miss="$miss unexpected:$sym"; done
    if [ -z "$miss" ]; then ok "$name"; else echo "$u" >"$obj.syms"; bad "$name ($miss )" "$obj.syms"; fi
}

# ---- lwIP raw API port ----
LW="-I/usr/include/lwip -D_POSIX_C_SOURCE=200809L" # Debian's lwipopts.h; SSIZE_MAX needs POSIX
if [ -f /usr/include/lwip/lwip/udp.h ]; then
    cc "lwip: port/lwip.c, gcc C99, Debian lwIP 2.1 headers" "$B/lwip-gcc.log" gcc $WARN $LW -c port/lwip.c -o "$B/lwip-gcc.o"
    if have clang; then
        cc "lwip: port/lwip.c, clang" "$B/lwip-clang.log" clang $WARN $LW -c port/lwip.c -o "$B/lwip-clang.o"
    else skip "lwip: port/lwip.c, clang" "install clang"; fi
    cc "lwip: port/lwip.c, g++ (C++)" "$B/lwip-gxx.log" g++ -x c++ $CXXWARN $LW -c port/lwip.c -o "$B/lwip-gxx.o"
    cc "lwip: port/lwip.c with DTLS_LWIP_LOCK 0 (calls from the tcpip thread only)" "$B/lwip-nolock.log" \
        gcc $WARN $LW -DDTLS_LWIP_LOCK=0 -c port/lwip.c -o "$B/lwip-nolock.o"
    if nm -u "$B/lwip-nolock.o" | grep -q -E 'sys_(un)?lock_tcpip_core'; then bad "lwip: DTLS_LWIP_LOCK 0 takes no core lock"
    else ok "lwip: DTLS_LWIP_LOCK 0 takes no core lock"; fi
    if [ -e /usr/lib/x86_64-linux-gnu/liblwip.so ] || ls /usr/lib/*/liblwip.so >/dev/null 2>&1; then
        if nice gcc $WARN $LW -O1 -g $SAN -c tests/impl_dtls.c -o "$B/impl_dtls.o" >"$B/impl.log" 2>&1 &&
            nice gcc $WARN $LW -O1 -g $SAN tests/ports/test_lwip.c port/lwip.c "$B/impl_dtls.o" -llwip \
                -o "$B/test_lwip" >"$B/test_lwip.build.log" 2>&1; then
            runtest lwip "$B/test_lwip.log" "$B/test_lwip"
        else bad "lwip: test_lwip builds" "$B/test_lwip.build.log"; fi
    else skip "lwip: test_lwip" "Debian's liblwip-dev ships no liblwip.so here"; fi
else
    skip "lwip: port/lwip.c" "install liblwip-dev"
fi

# ---- ESP-IDF port and example ----
cc "esp-idf: port/esp_idf.c, gcc C99 (host)" "$B/esp-gcc.log" gcc $WARN $DECL -c port/esp_idf.c -o "$B/esp-gcc.o"
if have clang; then
    cc "esp-idf: port/esp_idf.c, clang (host)" "$B/esp-clang.log" clang $WARN $DECL -c port/esp_idf.c -o "$B/esp-clang.o"
fi
cc "esp-idf: port/esp_idf.c, g++ (C++)" "$B/esp-gxx.log" g++ -x c++ $CXXWARN $DECL -c port/esp_idf.c -o "$B/esp-gxx.o"
if have riscv64-unknown-elf-gcc; then
    cc "esp-idf: port/esp_idf.c for rv32imc (ESP32-C3, ESP-IDF 5.5 API)" "$B/esp-rv55.log" \
        $RV $WARN $DECL -c port/esp_idf.c -o "$B/esp-rv55.o" &&
        nm_has "esp-idf: rv32imc 5.5 calls esp_sha_set_mode + esp_sha_block, esp_aes_crypt_ecb, not esp_aes_acquire_hardware" \
            "$B/esp-rv55.o" "esp_sha_set_mode esp_sha_block esp_sha_acquire_hardware esp_sha_release_hardware esp_aes_crypt_ecb esp_fill_random esp_timer_get_time" \
            "esp_sha_dma esp_aes_acquire_hardware esp_aes_release_hardware"
    cc "esp-idf: port/esp_idf.c for rv32imc (ESP32-C3, ESP-IDF 4.4 API)" "$B/esp-rv44.log" \
        $RV $WARN $DECL $IDF44 -c port/esp_idf.c -o "$B/esp-rv44.o" &&
        nm_has "esp-idf: rv32imc 4.4 calls esp_sha_dma, not esp_sha_block / esp_sha_set_mode" \
            "$B/esp-rv44.o" "esp_sha_dma esp_sha_write_digest_state esp_sha_read_digest_state esp_aes_crypt_ecb" \
            "esp_sha_block esp_sha_set_mode esp_aes_acquire_hardware"
    cc "esp-idf: examples/esp32/idf/main/main.c for rv32imc (PSK-only, as sdkconfig.defaults)" "$B/ex-rv.log" \
        $RV $WARN $DECL -I. $PSKONLY -c examples/esp32/idf/main/main.c -o "$B/ex-rv.o"
    cc "esp-idf: dtls.c for rv32imc with the example's options" "$B/dtls-rv.log" \
        $RV $WARN $PSKONLY -c dtls.c -o "$B/dtls-rv.o"
else skip "esp-idf: rv32imc builds" "install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf"; fi
if have xtensa-lx106-elf-gcc; then
    cc "esp-idf: port/esp_idf.c for xtensa-lx106 (as the original ESP32)" "$B/esp-xt.log" \
        $XT $WARN $DECL -DCONFIG_IDF_TARGET_ESP32=1 -c port/esp_idf.c -o "$B/esp-xt.o" &&
        nm_has "esp-idf: ESP32 build hashes in software (no esp_sha_*), AES on the peripheral" \
            "$B/esp-xt.o" "esp_aes_crypt_ecb esp_fill_random" \
            "esp_sha_acquire_hardware esp_sha_block esp_sha_dma esp_sha_read_digest_state"
    cc "esp-idf: examples/esp32/idf/main/main.c for xtensa-lx106 (default options)" "$B/ex-xt.log" \
        $XT $WARN $DECL -I. -DCONFIG_IDF_TARGET_ESP32=1 -c examples/esp32/idf/main/main.c -o "$B/ex-xt.o"
else skip "esp-idf: xtensa-lx106 builds" "install gcc-xtensa-lx106 picolibc-xtensa-lx106-elf"; fi
cc "esp-idf: examples/esp32/idf/main/main.c, gcc C99 (host)" "$B/ex-gcc.log" \
    gcc $WARN $DECL -I. -c examples/esp32/idf/main/main.c -o "$B/ex-gcc.o"
[ -f "$B/impl_dtls.o" ] || nice gcc $WARN -O1 -g $SAN -c tests/impl_dtls.c -o "$B/impl_dtls.o" >"$B/impl.log" 2>&1
for cfgn in "c3-idf5.5:" "c3-idf4.4:$IDF44" "esp32-idf5.5:-DCONFIG_IDF_TARGET_ESP32=1"; do
    n=${cfgn%%:*}
    f=${cfgn#*:}
    if nice gcc $WARN $DECL -D_POSIX_C_SOURCE=200809L $f -O1 -g $SAN tests/ports/test_esp_idf.c port/esp_idf.c \
        "$B/impl_dtls.o" -o "$B/test_esp_idf-$n" >"$B/test_esp_idf-$n.build.log" 2>&1; then
        runtest "esp-idf-$n" "$B/test_esp_idf-$n.log" "$B/test_esp_idf-$n"
    else bad "esp-idf: test_esp_idf ($n) builds" "$B/test_esp_idf-$n.build.log"; fi
done

# ---- Kconfig -> CMakeLists.txt -> 0/1 definitions ----
kc=$(grep -oE '^ *config DTLS_ENABLE_[A-Z0-9_]+' Kconfig | awk '{print $2}' | sed 's/^DTLS_ENABLE_//' | sort | tr '\n' ' ')
cm=$(sed -n '/set(dtls_options/,/)/p' CMakeLists.txt | tr -d '()' | tr ' ' '\n' | grep -E '^[A-Z0-9_]+$' | sort | tr '\n' ' ')
hd=$(grep -ohE '^#ifndef DTLS_ENABLE_[A-Z0-9_]+' crypto/config.h | sed 's/^#ifndef DTLS_ENABLE_//' | sort | tr '\n' ' ')
if [ -n "$kc" ] && [ "$kc" = "$cm" ] && [ "$kc" = "$hd" ]; then
    ok "esp-idf: Kconfig, the CMake list and crypto/config.h name the same DTLS_ENABLE_* options ($(wc -w <<<"$kc"))"
else
    printf 'Kconfig:  %s\nCMake:    %s\nconfig.h: %s\n' "$kc" "$cm" "$hd" >"$B/kconfig.log"
    bad "esp-idf: Kconfig, the CMake list and crypto/config.h name the same options" "$B/kconfig.log"
fi
if have cmake; then
    d="$B/idfcmake"
    rm -rf "$d"
    mkdir -p "$d/src"
    # a stand-in for ESP-IDF's idf_component_register (a macro there too);
    # CONFIG_* as sdkconfig.cmake sets them: "y", or "" for a bool that is off
    cat >"$d/src/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.5)
project(idfsim C)
set(ESP_PLATFORM 1)
macro(idf_component_register)
  add_library(dtls_component STATIC "$ROOT/dtls.c")
  set(COMPONENT_LIB dtls_component)
endmacro()
foreach(n AES GCM CCM CHACHAPOLY SHA384 X25519 P256 P384 CLIENT SERVER CID HEARTBEAT RECORD_SIZE SRTP RESUMPTION KEYLOG ERROR_TEXT LOG)
  set(CONFIG_DTLS_ENABLE_\${n} "y")
endforeach()
set(CONFIG_DTLS_ENABLE_CERTS "")
set(CONFIG_DTLS_ENABLE_RSA "")
add_subdirectory("$ROOT" dtls)
get_target_property(defs dtls_component INTERFACE_COMPILE_DEFINITIONS)
message(STATUS "DEFS=\${defs}")
EOF
    if cmake -S "$d/src" -B "$d/b" >"$d/log" 2>&1; then
        defs=$(grep -o 'DEFS=.*' "$d/log")
        if grep -q 'DTLS_ENABLE_CERTS=0' <<<"$defs" && grep -q 'DTLS_ENABLE_X509=0' <<<"$defs" && grep -q 'DTLS_ENABLE_RSA=0' <<<"$defs" &&
            grep -q 'DTLS_ENABLE_AES=1' <<<"$defs" && grep -q 'DTLS_ENABLE_ERROR_TEXT=1' <<<"$defs" &&
            [ "$(tr ';' '\n' <<<"${defs#DEFS=}" | grep -c '^DTLS_ENABLE_[A-Z0-9_]*=[01]$')" = 21 ]; then
            ok "esp-idf: CMakeLists.txt's ESP-IDF branch gives 21 explicit 0/1 definitions (off bools: 0)"
        else echo "$defs" >"$d/defs"; bad "esp-idf: CMakeLists.txt's ESP-IDF branch definitions" "$d/defs"; fi
    else bad "esp-idf: CMakeLists.txt's ESP-IDF branch configures" "$d/log"; fi
else skip "esp-idf: CMakeLists.txt's ESP-IDF branch" "install cmake"; fi
if have cmake-format; then
    if cmake-format --check CMakeLists.txt examples/esp32/idf/CMakeLists.txt examples/esp32/idf/main/CMakeLists.txt \
        >"$B/cmf.log" 2>&1; then ok "cmake-format --check: CMakeLists.txt and the example's CMake files"
    else bad "cmake-format --check: the example's CMake files" "$B/cmf.log"; fi
else skip "cmake-format" "install cmake-format"; fi

echo "RESULT $NP $NF $NS"
[ "$NF" = 0 ]
