# dtls.h - build, test, benchmark and size targets.
#
#   make demo    crypto self-test and speed, then a PSK handshake and an echo on loopback
#   make tools   build/dtls-client and build/dtls-server (examples/linux)
#   make test    every test stage (tests/run.sh); ends with "N passed, N failed"
#   make bench   this library beside OpenSSL and mbedTLS, with ratios
#   make size    Cortex-M4 flash / RAM per primitive and peak stack per function
#   make headers regenerate dtls.h and dtls_crypto.h from the modules
#
# Variables: CC, CFLAGS, WYCHEPROOF_DIR (Wycheproof JSON vectors; default
# ../shared/vectors/wycheproof, the tests skip them plainly when absent).

CC ?= cc
PYTHON ?= python3
WYCHEPROOF_DIR ?= ../shared/vectors/wycheproof
BUILD ?= build
CFLAGS ?= -O2
WARN = -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion
CRYPTO_SRC = $(sort $(wildcard crypto/*.c))
CRYPTO_HDR = $(sort $(wildcard crypto/*.h))
BENCH_SRC = $(sort $(wildcard bench/bench_*.c))

.PHONY: all demo tools test bench size headers check-headers clean

all: $(BUILD)/crypto_demo

headers:
	$(PYTHON) amalgamate.py

check-headers:
	$(PYTHON) amalgamate.py --check

$(BUILD)/crypto_demo: examples/linux/crypto_demo.c dtls.h dtls_crypto.h port/posix.c port/port.h
	@mkdir -p $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -Iport -o $@ examples/linux/crypto_demo.c port/posix.c

tools: $(BUILD)/dtls-client $(BUILD)/dtls-server

$(BUILD)/dtls.o: dtls.c dtls.h dtls_crypto.h
	@mkdir -p $(BUILD)
	$(CC) $(WARN) -Werror $(CFLAGS) -c -o $@ dtls.c

$(BUILD)/dtls-%: examples/linux/dtls-%.c examples/linux/common.h $(BUILD)/dtls.o port/posix.c port/port.h
	$(CC) $(WARN) -Werror $(CFLAGS) -I. -Iport -o $@ $< $(BUILD)/dtls.o port/posix.c

DEMO_PSK = --psk-identity demo --psk 000102030405060708090a0b0c0d0e0f
demo: $(BUILD)/crypto_demo tools
	$(BUILD)/crypto_demo
	@port=$$((20000 + $$$$ % 10000)); echo; echo "dtls-server and dtls-client on loopback port $$port (PSK):"; \
	timeout 30 $(BUILD)/dtls-server -q --once --echo --bind 127.0.0.1 $(DEMO_PSK) $$port >/dev/null \
	    2>$(BUILD)/demo-server.log & srv=$$!; \
	sleep 0.3; \
	echo "hello over DTLS 1.2" | timeout 30 $(BUILD)/dtls-client --wait-ms 500 $(DEMO_PSK) 127.0.0.1 $$port \
	    >$(BUILD)/demo-echo.txt; rc=$$?; wait $$srv; src=$$?; \
	echo "  echoed back: $$(cat $(BUILD)/demo-echo.txt)"; \
	if [ $$rc = 0 ] && [ $$src = 0 ] && [ "$$(cat $(BUILD)/demo-echo.txt)" = "hello over DTLS 1.2" ]; then \
	    echo "  DTLS PSK handshake and echo on loopback ok"; \
	else echo "  DTLS PSK demo FAILED"; cat $(BUILD)/demo-server.log; exit 1; fi

test:
	WYCHEPROOF_DIR="$(WYCHEPROOF_DIR)" bash tests/run.sh

$(BUILD)/bench/%: bench/%.c $(CRYPTO_SRC) $(CRYPTO_HDR)
	@mkdir -p $(BUILD)/bench
	$(CC) -std=c99 -O2 -Icrypto -o $@ $< $(CRYPTO_SRC) -lcrypto -lmbedcrypto

bench: $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
	@for b in $^; do ./$$b || exit 1; done | $(PYTHON) tools/bench_table.py

size:
	$(PYTHON) tools/size.py

clean:
	rm -rf $(BUILD)

.PHONY: bench-readme size-readme
bench-readme: $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
	@for b in $^; do ./$$b || exit 1; done | $(PYTHON) tools/bench_table.py --readme

size-readme:
	$(PYTHON) tools/size.py --readme
