# dtls.h - build, test, benchmark and size targets.
#
#   make demo    build and run the demo (today: crypto self-test and speed)
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

.PHONY: all demo test bench size headers check-headers clean

all: $(BUILD)/crypto_demo

headers:
	$(PYTHON) amalgamate.py

check-headers:
	$(PYTHON) amalgamate.py --check

$(BUILD)/crypto_demo: examples/linux/crypto_demo.c dtls.h dtls_crypto.h port/posix.c port/port.h
	@mkdir -p $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -Iport -o $@ examples/linux/crypto_demo.c port/posix.c

demo: $(BUILD)/crypto_demo
	$(BUILD)/crypto_demo

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
