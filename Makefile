# dtls.h - build, test, benchmark and size targets.
#
#   make demo    crypto self-test and speed, then a PSK and a certificate handshake with an echo on loopback
#   make tools   build/dtls-client and build/dtls-server (examples/linux)
#   make baremetal  Cortex-M3 image under qemu (semihosting): handshakes, data, close, flash/RAM/stack
#   make flood   dtls-server under a loopback flood: the denial-of-service budget (tests/tools/flood.sh)
#   make test    every test stage (tests/run.sh); ends with "N passed, N failed"
#   make bench   this library beside OpenSSL, GnuTLS, mbedTLS and wolfSSL, with ratios: handshake instructions
#                (valgrind), handshakes per CPU-second, wire, memory, records, primitives (about 6 minutes)
#   make bench-hs  only the handshake cost (valgrind --tool=callgrind instructions), with ratios, and
#                dtls.h's session resumption (by ticket and by session ID, cookie exchange included) beside
#                the full handshake, with the ratio resumed / full
#   make bench-scale  one dtls-server holding 100,000 PSK connections on loopback (bench/scale.sh; also in
#                make bench; SCALE_ARGS="--connections 2000" for the CI size)
#   make size    named configurations (psk-client, psk-client-nat, rpk-client, x509-client, psk-server-4,
#                full) linked for Cortex-M0+/M4 with measured peak stack under qemu and the budgets, the M4
#                flash by module; the flash each deployment feature (CID, heartbeat, resumption, record size,
#                SRTP) adds to psk-client and rpk-client; then M4 flash / RAM per primitive and peak stack
#                per function
#   make headers regenerate dtls.h and dtls_crypto.h from the modules
#   make fuzz    the libFuzzer targets of tests/fuzz (clang): seed corpora, regressions, then
#                FUZZ_SECONDS (60) of fuzzing each; per-target summary; fails on a finding;
#                then the region coverage of each library module by each corpus (make fuzz-cover)
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

.PHONY: all demo tools test bench bench-scale size headers check-headers clean fuzz fuzz-cover flood baremetal

all: $(BUILD)/crypto_demo

headers:
	$(PYTHON) amalgamate.py

check-headers:
	$(PYTHON) amalgamate.py --check

$(BUILD)/crypto_demo: examples/linux/crypto_demo.c dtls.h dtls_crypto.h port/posix.c port/port.h
	@mkdir -p $(BUILD)
	$(CC) $(WARN) $(CFLAGS) -Iport -o $@ examples/linux/crypto_demo.c port/posix.c

tools: $(BUILD)/dtls-client $(BUILD)/dtls-server

# The tools are built with the key log (--keylog, SSLKEYLOGFILE: debugging).
TOOL_OPTS = -DDTLS_ENABLE_KEYLOG=1
$(BUILD)/dtls.o: dtls.c dtls.h dtls_crypto.h
	@mkdir -p $(BUILD)
	$(CC) $(WARN) -Werror $(CFLAGS) $(TOOL_OPTS) -c -o $@ dtls.c

$(BUILD)/dtls-%: examples/linux/dtls-%.c examples/linux/common.h $(BUILD)/dtls.o port/posix.c port/port.h
	$(CC) $(WARN) -Werror $(CFLAGS) $(TOOL_OPTS) -I. -Iport -o $@ $< $(BUILD)/dtls.o port/posix.c

# The server scale benchmark (bench/scale.sh): one dtls-server holding 100,000 PSK connections on
# loopback, the load generator bench/scale.c; SCALE_ARGS="--connections 2000" for the CI size.
$(BUILD)/bench/scale: bench/scale.c $(BUILD)/dtls.o port/posix.c port/port.h
	@mkdir -p $(BUILD)/bench
	$(CC) $(WARN) -Werror $(CFLAGS) -I. -Iport -o $@ bench/scale.c $(BUILD)/dtls.o port/posix.c
bench-scale:
	BUILD=$(BUILD) bash bench/scale.sh $(SCALE_ARGS)

# The denial-of-service budget (tests/tools/flood.sh): the server under a flood on loopback.
$(BUILD)/flood: tests/tools/flood.c $(BUILD)/dtls.o port/posix.c port/port.h
	$(CC) -std=c99 -Wall -Wextra -Werror $(CFLAGS) -I. -Iport -o $@ tests/tools/flood.c port/posix.c

flood: tools $(BUILD)/flood
	BUILD=$(BUILD) TOOLS_BIN=$(BUILD) bash tests/tools/flood.sh

DEMO_PSK = --psk-identity demo --psk 000102030405060708090a0b0c0d0e0f
DEMO_CERTS = $(BUILD)/demo-certs
DEMO_REQ = openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30
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
	@d=$(DEMO_CERTS); echo; \
	if ! command -v openssl >/dev/null 2>&1; then \
	    echo "certificate demo SKIPPED: openssl (which makes the demo certificates) is not installed"; exit 0; fi; \
	echo "certificates made with openssl in $$d: P-256 root CA -> intermediate CA -> leaf (localhost, 127.0.0.1)"; \
	rm -rf $$d; mkdir -p $$d; \
	if ! { $(DEMO_REQ) -keyout $$d/root.key -out $$d/root.pem -subj "/CN=dtls.h demo root CA" \
	        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign && \
	    $(DEMO_REQ) -keyout $$d/int.key -out $$d/int.pem -subj "/CN=dtls.h demo intermediate CA" \
	        -CA $$d/root.pem -CAkey $$d/root.key \
	        -addext basicConstraints=critical,CA:TRUE,pathlen:0 -addext keyUsage=critical,keyCertSign,cRLSign && \
	    $(DEMO_REQ) -keyout $$d/leaf.key -out $$d/leaf.pem -subj "/CN=localhost" -CA $$d/int.pem -CAkey $$d/int.key \
	        -addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature \
	        -addext extendedKeyUsage=serverAuth -addext subjectAltName=DNS:localhost,IP:127.0.0.1 && \
	    cat $$d/leaf.pem $$d/int.pem >$$d/chain.pem; } >$$d/openssl.log 2>&1; then \
	    echo "  making the certificates FAILED:"; cat $$d/openssl.log; exit 1; fi; \
	port=$$((20000 + ($$$$ + 7) % 10000)); \
	echo "dtls-server --cert (leaf + intermediate) and dtls-client --ca (root) --servername localhost, port $$port:"; \
	timeout 30 $(BUILD)/dtls-server -q --once --echo --bind 127.0.0.1 --cert $$d/chain.pem --key $$d/leaf.key \
	    $$port >/dev/null 2>$(BUILD)/demo-cert-server.log & srv=$$!; \
	sleep 0.3; \
	echo "hello over DTLS 1.2 with certificates" | timeout 30 $(BUILD)/dtls-client --wait-ms 500 \
	    --ca $$d/root.pem --servername localhost 127.0.0.1 $$port >$(BUILD)/demo-cert-echo.txt; rc=$$?; \
	wait $$srv; src=$$?; \
	echo "  echoed back: $$(cat $(BUILD)/demo-cert-echo.txt)"; \
	if [ $$rc = 0 ] && [ $$src = 0 ] && \
	    [ "$$(cat $(BUILD)/demo-cert-echo.txt)" = "hello over DTLS 1.2 with certificates" ]; then \
	    echo "  DTLS certificate handshake (chain verified to the root, name localhost) and echo on loopback ok"; \
	else echo "  DTLS certificate demo FAILED (client exit $$rc, server exit $$src); server log:"; \
	    cat $(BUILD)/demo-cert-server.log; exit 1; fi

test:
	WYCHEPROOF_DIR="$(WYCHEPROOF_DIR)" bash tests/run.sh

$(BUILD)/bench/%: bench/%.c $(CRYPTO_SRC) $(CRYPTO_HDR)
	@mkdir -p $(BUILD)/bench
	$(CC) -std=c99 -O2 -Icrypto -o $@ $< $(CRYPTO_SRC) -lcrypto -lmbedcrypto

# Handshake cost (bench/hs_*.c): one program, the implementation chosen on its
# command line, run under valgrind --tool=callgrind by tools/bench_hs.py; hs_perf:
# handshakes per CPU-second, wire and memory per handshake, natively (with a malloc
# wrapper); bench_x86_records: records through each record layer, with and without
# port/x86.c.  libssl before libwolfssl: both define a few OpenSSL-named functions
# (SSL_SESSION_set1_id, ...), the first in the search order wins.
HS_COST = $(BUILD)/bench/hs_cost
HS_PERF = $(BUILD)/bench/hs_perf
HS_SRC = bench/hs_common.c bench/hs_dtls.c bench/hs_openssl.c bench/hs_gnutls.c bench/hs_mbedtls.c bench/hs_wolfssl.c
HS_DEPS = $(HS_SRC) bench/hs_common.h bench/hs_certs.h dtls.c dtls.h dtls_crypto.h port/posix.c port/port.h port/x86.c port/x86.h
HS_LIBS = -lssl -lcrypto -lgnutls -lmbedtls -lmbedx509 -lmbedcrypto -lwolfssl
HS_CC = $(CC) -std=c99 -O2 -I. -Iport
$(HS_COST): bench/hs_cost.c $(HS_DEPS)
	@mkdir -p $(BUILD)/bench
	$(HS_CC) -o $@ bench/hs_cost.c $(HS_SRC) dtls.c port/posix.c port/x86.c $(HS_LIBS)
$(HS_PERF): bench/hs_perf.c bench/hs_malloc.c bench/hs_malloc.h $(HS_DEPS)
	@mkdir -p $(BUILD)/bench
	$(HS_CC) -o $@ bench/hs_perf.c bench/hs_malloc.c $(HS_SRC) dtls.c port/posix.c port/x86.c $(HS_LIBS)
$(BUILD)/bench/bench_x86_records: bench/bench_x86_records.c $(HS_DEPS)
	@mkdir -p $(BUILD)/bench
	$(HS_CC) -o $@ bench/bench_x86_records.c $(HS_SRC) dtls.c port/posix.c port/x86.c $(HS_LIBS)

BENCH_BIN = $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
# Every bench's BENCH lines into one file first, so that a failing bench fails make.
BENCH_RUN = { for b in $(BENCH_BIN) $(HS_PERF); do $$b || exit 1; done; \
	$(PYTHON) tools/bench_hs.py $(HS_COST) || exit 1; \
	BUILD=$(BUILD) SCALE_NO_BUILD=1 bash bench/scale.sh $(SCALE_ARGS) >$(BUILD)/bench/scale.log 2>&1 || \
	{ tail -n 20 $(BUILD)/bench/scale.log >&2; exit 1; }; grep '^BENCH' $(BUILD)/bench/scale.log; } >$(BUILD)/bench/results.txt

bench: $(BENCH_BIN) $(HS_COST) $(HS_PERF) $(BUILD)/dtls-server $(BUILD)/bench/scale
	@$(BENCH_RUN); $(PYTHON) tools/bench_table.py <$(BUILD)/bench/results.txt

bench-hs: $(HS_COST)
	@$(PYTHON) tools/bench_hs.py $(HS_COST) >$(BUILD)/bench/results-hs.txt && \
	    $(PYTHON) tools/bench_table.py <$(BUILD)/bench/results-hs.txt

size:
	$(PYTHON) tools/size.py

# Bare metal (tests/baremetal): a Cortex-M3 image under qemu-system-arm in which a client and a
# server complete PSK-CCM_8 and ECDHE-ECDSA-CCM_8 handshakes, then the transcript digests compared
# across x86-64, i386, armhf, s390x and the image
baremetal:
	BUILD_DIR=$(BUILD)/baremetal bash tests/baremetal/run.sh && BUILD_DIR=$(BUILD)/baremetal bash tests/baremetal/transcript.sh

# libFuzzer targets (tests/fuzz/fuzz.sh; tests/fuzz/README.md): builds in $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
fuzz:
	bash tests/fuzz/fuzz.sh $(BUILD)/fuzz all $(FUZZ_SECONDS)
	bash tests/fuzz/fuzz.sh $(BUILD)/fuzz cover

# region coverage per library module reached by each target's corpus (llvm-cov)
fuzz-cover:
	bash tests/fuzz/fuzz.sh $(BUILD)/fuzz cover

clean:
	rm -rf $(BUILD)

.PHONY: bench-hs bench-readme size-readme
bench-readme: $(BENCH_BIN) $(HS_COST) $(HS_PERF) $(BUILD)/dtls-server $(BUILD)/bench/scale
	@$(BENCH_RUN); $(PYTHON) tools/bench_table.py --readme <$(BUILD)/bench/results.txt

size-readme:
	$(PYTHON) tools/size.py --readme
