#!/usr/bin/env bash
# tests/arduino/run.sh - the Arduino side of dtls.h: DtlsArduino.h, the
# example sketches and the way a sketch sets options.
#
#   bash tests/arduino/run.sh            (work files in a temporary directory)
#   ARDUINO_OUT=DIR bash tests/arduino/run.sh
#
# 1. arduino-builder with Debian's arduino-core-avr for an Arduino Mega
#    (arduino:avr:mega, ATmega2560): examples/arduino/crypto_selftest and
#    examples/arduino/psk_client compiled and linked, the self-test and the
#    layout guard (tests/arduino/layout_guard) run under simavr, and why
#    dot_a_linkage cannot help a flat-layout library (tests/arduino/impl_tab).
#    Debian's AVR core 1.8.7 does not compile its own WString.cpp with
#    Debian's avr-gcc 5.4 (DECIMAL_DIG undeclared): the core alone is built
#    once with -DDECIMAL_DIG=17 (the value for IEEE double) into a build
#    cache that the sketch builds then reuse; no sketch or library file sees
#    that flag.
# 2. examples/esp32/arduino/dtls_esp32 compiled as C++ for rv32imc and
#    xtensa-lx106 against tests/arduino_decl (declarations of the
#    Arduino-ESP32 core, cores 3.x and 2.x); its object must call esp_random
#    and never random().
# 3. DtlsArduino.h run on the host (ASan+UBSan) over a loopback UDP object
#    against an in-process dtls_server: tests/arduino/host_adapter.cpp.
#
# One line "ok   NAME", "FAIL NAME" (followed by what was seen) or
# "skip NAME: why" per check and a last line "RESULT passed failed skipped"
# (tests/run.sh's `account`).  Exit status 1 when a check failed.
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
if [ -n "${ARDUINO_OUT:-}" ]; then W=$ARDUINO_OUT; rm -rf "$W"; mkdir -p "$W"
else W=$(mktemp -d "${TMPDIR:-/tmp}/arduino.XXXXXX"); trap 'rm -rf "$W"' EXIT; fi

NP=0 NF=0 NS=0
ok() { NP=$((NP + 1)); echo "ok   $1"; }
fail() { NF=$((NF + 1)); echo "FAIL $1"; }
skip() { NS=$((NS + 1)); echo "skip $1: $2"; }
have() { command -v "$1" >/dev/null 2>&1; }
show() { grep -a -v '^WARNING' "$1" | tail -n "${2:-15}" | sed 's/^/    /'; }

AVR_CORE=/usr/share/arduino/hardware/arduino/avr
if have arduino-builder && have avr-gcc && [ -d "$AVR_CORE" ]; then
    # the library as a user unpacks it into libraries/: the repository's files
    mkdir -p "$W/libraries/dtls" "$W/tools" "$W/cache"
    tar --exclude=./build --exclude=./.git --exclude=./.ci -cf - . | tar -xf - -C "$W/libraries/dtls"
    # ab NAME SKETCH [arduino-builder args]: builds into $W/NAME, log $W/NAME.log
    ab() {
        local n=$1 sketch=$2; shift 2
        rm -rf "$W/$n"; mkdir -p "$W/$n"
        nice arduino-builder -compile -verbose -hardware /usr/share/arduino/hardware \
            -hardware /usr/share/arduino-builder -tools "$W/tools" -libraries "${LIBS:-$W/libraries}" \
            -fqbn arduino:avr:mega:cpu=atmega2560 -build-cache "$W/cache" -build-path "$W/$n" "$@" \
            "$sketch" >"$W/$n.log" 2>&1
    }
    # sim ELF: the serial output of the program under simavr (it ends when the
    # sketch sleeps with interrupts off, or after 10 s)
    sim() { timeout 10 simavr -m atmega2560 -f 16000000 "$1" 2>&1 | tr -d '\033' | sed 's/\[[0-9;]*m//g'; }

    # the core, once, with the fix (an empty sketch; its core.a is cached)
    mkdir -p "$W/empty"; printf 'void setup() {}\nvoid loop() {}\n' >"$W/empty/empty.ino"
    if ab core "$W/empty/empty.ino" -prefs=compiler.cpp.extra_flags=-DDECIMAL_DIG=17 &&
        compgen -G "$W/cache/core/core_arduino_avr_mega*.a" >/dev/null; then
        ok "arduino:avr:mega: Debian's AVR core built once with -DDECIMAL_DIG=17 (the core only, cached)"
    else fail "arduino:avr:mega: the AVR core does not build even with -DDECIMAL_DIG=17"; show "$W/core.log"; fi

    # (a) the crypto self-test: compiled, linked, and run
    s=crypto_selftest
    if ab $s examples/arduino/$s/$s.ino && [ -f "$W/$s/$s.ino.elf" ]; then
        objs=$(cd "$W/$s" && find libraries -name '*.o' | sort | tr '\n' ' ')
        if [ "$objs" = "libraries/dtls/dtls.c.o " ]; then
            ok "$s: compiled and linked for the Mega; the library compiled exactly one file (dtls.c)"
        else fail "$s: library objects are '$objs', expected dtls.c.o alone"; fi
        if have simavr; then
            out=$(sim "$W/$s/$s.ino.elf")
            if grep -q "SHA-256 ok" <<<"$out" && grep -q "AES-128-CCM_8 ok" <<<"$out"; then
                ok "$s under simavr (ATmega2560): $(grep -o 'SHA-256 ok' <<<"$out"), $(grep -o 'AES-128-CCM_8 ok' <<<"$out"), $(grep -o 'CCM_8 seal of 64 bytes: [0-9]* us' <<<"$out")"
            else fail "$s under simavr: known answers not reported ok"; sed 's/^/    /' <<<"$out" | head -n 10; fi
        else skip "$s under simavr" "install simavr"; fi
    else fail "$s: arduino-builder"; show "$W/$s.log"; fi

    # (b) the PSK client: its options compiled in the sketch (DTLS_STATIC)
    s=psk_client
    if ab $s examples/arduino/$s/$s.ino && [ -f "$W/$s/$s.ino.elf" ]; then
        read -r text data bss <<<"$(avr-size "$W/$s/$s.ino.elf" | awk 'NR == 2 {print $1, $2, $3}')"
        obj=$(avr-nm -S "$W/$s/$s.ino.elf" | awk '$4 == "dtls" {print $2}'); obj=$((16#${obj:-0}))
        ok "$s: links for the Mega: flash $((text + data)) B, static RAM $((data + bss)) B of 8192 ($data data + $bss bss; the DtlsArduinoClient<512> object $obj B), $((8192 - data - bss)) B left for the stack"
        # the sketch's object refers to no symbol of the library's dtls.c: its
        # own copy (static) serves every call, the library's is dropped
        refs=$(avr-gcc-nm "$W/$s/sketch/$s.ino.cpp.o" 2>/dev/null | awk '$1 == "U" && $2 ~ /^dtls_/ {print $2}' | tr '\n' ' ')
        lib=$(avr-gcc-nm "$W/$s/libraries/dtls/dtls.c.o" 2>/dev/null | grep -c ' T dtls_x509_parse$')
        x509=$(avr-nm "$W/$s/$s.ino.elf" | grep -c -i x509)
        ext=$(avr-nm "$W/$s/$s.ino.elf" | grep -c -E ' T dtls_ctx_init_layout$')
        if [ -z "$refs" ] && [ "$lib" = 1 ] && [ "$x509" = 0 ] && [ "$ext" = 0 ]; then
            ok "$s: the options took effect: the sketch's object uses none of the library's dtls.c (which has dtls_x509_parse), the program holds no x509 symbol"
        else fail "$s: options: sketch refers to library symbols '$refs'; library dtls_x509_parse $lib; x509 symbols in the program $x509; library dtls_ctx_init_layout linked $ext"; fi
        if avr-nm "$W/$s/$s.ino.elf" | grep -q -E ' (random|rand|srandom|srand)$'; then
            fail "$s: random()/rand() is linked: the adapter must never fall back to it"
        else ok "$s: no random()/rand() in the program (the sketch's board_random is the only source)"; fi
    else fail "$s: arduino-builder (compile or link)"; show "$W/$s.log" 25; fi

    # (c) the layout guard: an option set only in the sketch is refused
    s=layout_guard
    if have simavr; then
        for v in "0:-36 the application and the library were built with different options" "1:0 success"; do
            own=${v%%:*} want=${v#*:}
            n="$s-$own"
            if ab "$n" tests/arduino/$s/$s.ino -prefs=compiler.cpp.extra_flags=-DLAYOUT_OWN_IMPL=$own && [ -f "$W/$n/$s.ino.elf" ]; then
                out=$(sim "$W/$n/$s.ino.elf")
                got=$(grep -a -o 'dtls_ctx_init: .*' <<<"$out" | head -n 1 | sed 's/\.*$//')
                hs=$(grep -a -o 'sizeof(dtls_hs) [0-9]*' <<<"$out" | head -n 1)
                what=$([ "$own" = 1 ] && echo "the sketch compiles the implementation with the option" || echo "DTLS_ENABLE_CERTS 0 set only in the sketch, library with the defaults")
                if [ "$got" = "dtls_ctx_init: $want" ]; then ok "layout guard under simavr ($what): $got; sketch's $hs"
                else fail "layout guard ($what): got '$got', want 'dtls_ctx_init: $want'"; sed 's/^/    /' <<<"$out" | head -n 10; fi
            else fail "$n: arduino-builder"; show "$W/$n.log"; fi
        done
    else skip "layout guard under simavr" "install simavr"; fi

    # (d) dot_a_linkage: ignored by a flat-layout library, so a .c tab holding
    # the implementation collides with the library's dtls.c
    mkdir -p "$W/libs-dota"; cp -a "$W/libraries/dtls" "$W/libs-dota/dtls"
    echo "dot_a_linkage=true" >>"$W/libs-dota/dtls/library.properties"
    s=impl_tab
    LIBS="$W/libs-dota" ab $s tests/arduino/$s/$s.ino; rc=$?
    archives=$(cd "$W/$s" 2>/dev/null && find libraries -name '*.a' | tr '\n' ' ')
    if [ $rc != 0 ] && grep -q "multiple definition of" "$W/$s.log" && [ -z "$archives" ] &&
        grep -q "libraries/dtls/dtls.c.o" "$W/$s.log"; then
        ok "dot_a_linkage=true in the flat layout: no archive, dtls.c.o linked directly; a .c tab with the implementation fails with 'multiple definition' (hence DTLS_STATIC in the sketch)"
    else fail "dot_a_linkage: expected a multiple-definition link failure and no archive (exit $rc, archives '$archives')"; show "$W/$s.log"; fi
else
    skip "arduino-builder (arduino:avr:mega)" "install arduino-builder arduino-core-avr gcc-avr avr-libc simavr"
fi

# 2. the ESP32 sketch against the declaration files
esp=examples/esp32/arduino/dtls_esp32/dtls_esp32.ino
EFLAGS="-std=gnu++17 -Os -Wall -Wextra -Wshadow -Wconversion -Wpedantic -Wundef -Werror -fno-exceptions -fno-rtti -DARDUINO=10607 -DESP32 -Itests/arduino_decl -I."
for t in "rv32imc:riscv64-unknown-elf-g++ --specs=picolibc.specs -march=rv32imc -mabi=ilp32:riscv64-unknown-elf-nm:gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf" \
    "xtensa-lx106:xtensa-lx106-elf-g++ --specs=/usr/lib/xtensa-lx106-elf/picolibc.specs -mlongcalls:xtensa-lx106-elf-nm:gcc-xtensa-lx106 picolibc-xtensa-lx106-elf"; do
    IFS=: read -r arch cxx nm pkgs <<<"$t"
    if ! have "${cxx%% *}"; then skip "ESP32 sketch ($arch)" "install $pkgs"; continue; fi
    for major in 3 2; do
        o="$W/dtls_esp32-$arch-$major.o"
        # shellcheck disable=SC2086
        if $cxx $EFLAGS -DARDUINO_ARCH_ESP32 -DDECL_ESP_ARDUINO_MAJOR=$major -x c++ -include Arduino.h -c "$esp" -o "$o" >"$o.log" 2>&1; then
            u=$($nm -u "$o" | awk '{print $2}')
            if grep -qx esp_random <<<"$u" && grep -qx dtls_ctx_init_layout <<<"$u" && ! grep -qx -E 'random|rand' <<<"$u"; then
                ok "dtls_esp32.ino + DtlsArduino.h compile for $arch (Arduino-ESP32 $major.x declarations, -Wall -Wextra -Wconversion -Werror); esp_random is the RNG"
            else fail "dtls_esp32 ($arch, core $major.x): undefined symbols do not show esp_random + dtls_ctx_init_layout without random: $(tr '\n' ' ' <<<"$u")"; fi
        else fail "dtls_esp32.ino ($arch, core $major.x) does not compile"; head -n 20 "$o.log" | sed 's/^/    /'; fi
    done
done
# No hardware RNG and no random function: the adapter does not compile (no
# silent fallback); with ARDUINO_ARCH_ESP32 the one-argument form does.
if have g++; then
    printf '#include <DtlsArduino.h>\n#include <WiFiUdp.h>\nWiFiUDP u;\nDtlsArduinoClient<> c(u);\n' >"$W/norng.cpp"
    if g++ -std=gnu++11 -Itests/arduino_decl -I. -DDECL_ESP_ARDUINO_MAJOR=2 -include Arduino.h -c "$W/norng.cpp" -o "$W/norng.o" >"$W/norng.log" 2>&1; then
        fail "DtlsArduinoClient without a random function compiled on a board without a hardware RNG"
    elif grep -q "no matching function" "$W/norng.log" &&
        g++ -std=gnu++11 -DARDUINO_ARCH_ESP32 -Itests/arduino_decl -I. -DDECL_ESP_ARDUINO_MAJOR=2 -include Arduino.h -c "$W/norng.cpp" -o "$W/norng.o" >"$W/norng-esp.log" 2>&1; then
        ok "DtlsArduinoClient(udp) without a random function: a compile error unless ARDUINO_ARCH_ESP32 (esp_random)"
    else fail "DtlsArduinoClient(udp): unexpected compiler result"; head -n 10 "$W/norng.log" "$W/norng-esp.log" | sed 's/^/    /'; fi
else skip "adapter without a random function" "install g++"; fi

# 3. the adapter driven on the host: DtlsArduinoClient over a loopback UDP
# object against an in-process dtls_server (tests/arduino/host_adapter.cpp)
if have gcc && have g++; then
    san="-fsanitize=address,undefined -fno-sanitize-recover=all"
    if gcc -std=c99 -O1 -g $san -c dtls.c -o "$W/dtls_host.o" >"$W/host.log" 2>&1 &&
        g++ -std=c++11 -O1 -g $san -Wall -Wextra -Werror -Itests/arduino_decl -I. -include Arduino.h \
            tests/arduino/host_adapter.cpp "$W/dtls_host.o" -o "$W/host_adapter" >>"$W/host.log" 2>&1; then
        ASAN_OPTIONS=detect_leaks=0 timeout 60 "$W/host_adapter" >"$W/host.out" 2>&1
        grep -a -E '^(ok|FAIL)' "$W/host.out" | sed 's/^ok   /ok   adapter on the host: /; s/^FAIL /FAIL adapter on the host: /'
        read -r _ p f _ <<<"$(grep -a '^RESULT ' "$W/host.out" | tail -n 1)"
        if [[ "${p:-x}" =~ ^[0-9]+$ && "${f:-x}" =~ ^[0-9]+$ ]]; then NP=$((NP + p)); NF=$((NF + f))
        else fail "adapter on the host: no RESULT line"; tail -n 20 "$W/host.out" | sed 's/^/    /'; fi
    else fail "adapter on the host: build"; head -n 20 "$W/host.log" | sed 's/^/    /'; fi
else skip "adapter on the host" "install gcc g++"; fi

echo "RESULT $NP $NF $NS"
[ "$NF" = 0 ]
