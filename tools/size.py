#!/usr/bin/env python3
"""`make size`: the footprint of each named configuration (issue 10's
budgets), then flash and static RAM of each crypto module and the static
stack bounds of the entry points and public functions.

Part 1, per configuration (CONFIGS) and CPU (Cortex-M0+, Cortex-M4):
  - flash (text + exidx + data) and static RAM (data + bss) of the footprint
    program, tests/footprint/fp_program.c: the configuration's smallest whole
    application (-Os, -ffunction-sections -fdata-sections, --gc-sections,
    newlib-nano, tests/baremetal/startup.S; a main calling every entry point
    a device uses), minus the empty program (the same startup, a main with
    no library call).  The caller's structures and buffers (its object
    fp_app: dtls_config, hooks, dtls_ctx, dtls_hs, dtls_conn or the server
    and its slots, the 512-byte tx and rx datagram buffers) are reported
    apart, and taken out of the static RAM, which is then the library's own.
  - the MEASURED peak stack: tests/baremetal/fp_record.c records on the host
    a deterministic session (handshake with a cookie exchange, one lost
    datagram recovered by the subject's retransmission timer, data both
    ways, close) as the subject (the client; for psk-server-4 the server)
    sees it; tests/baremetal/fp_replay.c, built with the configuration's
    options, replays it alone under qemu-system-arm (mps2-an386 for M4,
    microbit, a Cortex-M0, for the M0+ code: QEMU has no M0+ machine),
    checking its every datagram byte for byte, and paints the stack around
    every library call (tests/baremetal/bm.h): the deepest call below the
    caller's SP;
  - beside it, the static bound: the deepest chain of the replay's own
    translation unit from GCC's -fcallgraph-info=su over the entry points it
    calls (indirect calls charged with the deepest of dtls_aes_ecb and the
    replay's callbacks; libc's memcpy/memset/memcmp as 0);
  - RAM = static RAM + measured peak stack + structures and buffers, and
    each budget: "meets" or "misses by N B".
  And for each configuration with a budget, on Cortex-M4, the footprint program's flash by source
  module (symbols of the linked program attributed to the crypto/*.c and
  proto/*.c file that defines them; static functions inlined into another
  count for that one).
Then the deployment features (issue 12: DTLS_ENABLE_CID, _HEARTBEAT,
_RESUMPTION, _RECORD_SIZE, _SRTP; FEATURES), for psk-client and rpk-client
on each CPU: the footprint program's flash with the five off (the base),
with each one on alone and with all five on, minus the base; in
parentheses, the same with the public functions a device calls to use the
feature kept by the linker (-Wl,-u: the footprint program does not call
them); and the caller's structures (fp_app) that all five add.
Part 2 (Cortex-M4, from objects): flash and static RAM of each crypto
module, and the static stack bound of the protocol's entry points and of
each public crypto function, as before.

With --readme the output also replaces the size block of README.md.
--quick: part 1 only, without the features table (tests/run.sh's size stage).  The exit status is 1 when
a build, a recording or a replay failed (budgets are reported, not asserted).
Work files: $SIZE_BUILD_DIR (default build/size); $SIZE_CONFIGS (names,
comma-separated) measures a subset."""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CC = os.environ.get("ARM_CC", "arm-none-eabi-gcc")
HOST_CC = os.environ.get("HOST_CC", "cc")
QEMU = os.environ.get("QEMU_ARM", "qemu-system-arm")
FLAGS = ["-mcpu=cortex-m4", "-mthumb", "-Os", "-std=c99", "-ffunction-sections", "-fdata-sections"]
WARN = ["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow", "-Wundef", "-Wconversion", "-Werror"]
INDIRECT = ["dtls_aes_ecb"]
# The protocol's entry points whose deepest path is stated (the hardening
# issue's stack budget): the caller's own callbacks (send, now, on_data, ...)
# are charged like the other indirect calls.
PROTO_ENTRIES = ["dtls_conn_connect", "dtls_conn_input", "dtls_conn_timer", "dtls_conn_write",
                 "dtls_server_input", "dtls_server_timer"]
PSK_ONLY = ["-DDTLS_ENABLE_GCM=0", "-DDTLS_ENABLE_CHACHAPOLY=0", "-DDTLS_ENABLE_SHA384=0", "-DDTLS_ENABLE_X25519=0",
            "-DDTLS_ENABLE_P256=0", "-DDTLS_ENABLE_P384=0", "-DDTLS_ENABLE_RSA=0"]

# ---- part 1: the named configurations
# tests/run.sh's cross stage PSKONLY list
PSKONLY_CROSS = PSK_ONLY + ["-DDTLS_ENABLE_ERROR_TEXT=0"]
P256_ONLY = ["-DDTLS_ENABLE_GCM=0", "-DDTLS_ENABLE_CHACHAPOLY=0", "-DDTLS_ENABLE_SHA384=0", "-DDTLS_ENABLE_X25519=0",
             "-DDTLS_ENABLE_P384=0", "-DDTLS_ENABLE_RSA=0", "-DDTLS_ENABLE_ERROR_TEXT=0"]
ROLE_OPTS = ("-DDTLS_ENABLE_SERVER=0", "-DDTLS_ENABLE_CLIENT=0")
# A device's own sizes: its identity (16 B here) and key (16 B) within the
# maxima, the handshake scratch at the minimum they allow (proto/api.h)
DEVICE_SIZES = ["-DDTLS_MAX_IDENTITY=32", "-DDTLS_MAX_PSK=16"]
# the device configurations drop the log lines as they drop the error texts
NO_LOG = ["-DDTLS_ENABLE_LOG=0"]
# The deployment features (issue 12), measured apart: psk-client-nat has them
NO_DEPLOY = ["-DDTLS_ENABLE_CID=0", "-DDTLS_ENABLE_HEARTBEAT=0", "-DDTLS_ENABLE_RESUMPTION=0", "-DDTLS_ENABLE_RECORD_SIZE=0", "-DDTLS_ENABLE_SRTP=0"]
KB = 1024


class Conf:
    def __init__(self, name, fp, opts, budget, what):
        self.name, self.fp, self.opts, self.budget, self.what = name, fp, opts, budget, what
        self.notes = []


def configs():
    """The named configurations; rpk-client compiles X.509 out when the
    library has an option for it (DTLS_ENABLE_X509), else it is marked."""
    with open(os.path.join(ROOT, "dtls.h"), encoding="utf-8") as f:
        has_x509_opt = "DTLS_ENABLE_X509" in f.read()
    rpk = Conf("rpk-client", 2, P256_ONLY + NO_LOG + NO_DEPLOY + ["-DDTLS_ENABLE_SERVER=0", "-DDTLS_MAX_CERT_MSG=94",
                                             "-DDTLS_MAX_CHAIN=1"] + (["-DDTLS_ENABLE_X509=0"] if has_x509_opt else []),
               (20 * KB, 6 * KB), "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, the server's raw public key pinned, P-256 only, without the deployment features")
    if not has_x509_opt:
        rpk.notes.append("X.509 code included: raw public keys cannot be built without it yet (no DTLS_ENABLE_X509)")
    return [
        Conf("psk-client", 1, PSKONLY_CROSS + NO_LOG + ["-DDTLS_ENABLE_SERVER=0"] + NO_DEPLOY + DEVICE_SIZES +
             ["-DDTLS_HS_BUFFER=898"], (12 * KB, 3 * KB),
             "TLS_PSK_WITH_AES_128_CCM_8 only, client only, a 16-byte identity and key, without the deployment "
             "features (Connection ID, heartbeat, resumption, record size limits, use_srtp: psk-client-nat has them)"),
        Conf("psk-client-nat", 1, PSKONLY_CROSS + NO_LOG + ["-DDTLS_ENABLE_SERVER=0"] + DEVICE_SIZES +
             ["-DDTLS_HS_BUFFER=898"], None,
             "psk-client with Connection ID, heartbeat, resumption, record size limits and use_srtp built in (a sleepy device behind a NAT)"),
        rpk,
        Conf("x509-client", 3, P256_ONLY + NO_LOG + NO_DEPLOY + ["-DDTLS_ENABLE_SERVER=0", "-DDTLS_MAX_CERT_MSG=1209", "-DDTLS_MAX_CHAIN=3"],
             (30 * KB, 8 * KB), "the same suite, verifying root anchor + intermediate + leaf (P-256, each <= 600 B), without the deployment features"),
        Conf("psk-server-4", 4, PSKONLY_CROSS + ["-DDTLS_ENABLE_CLIENT=0"], None,
             "TLS_PSK_WITH_AES_128_CCM_8 server, 4 connection slots, 1 handshake at a time"),
        Conf("full", 5, [], None, "every option at its default (both roles compiled), a client offering every suite"),
    ]


# name, -mcpu, linker script, qemu machine
CPUS = [("M0+", "cortex-m0plus", "fp_m0.ld", "microbit"), ("M4", "cortex-m4", "fp_m4.ld", "mps2-an386")]
CLIENT_ENTRIES = ["dtls_ctx_init_layout", "dtls_conn_init_layout", "dtls_conn_connect", "dtls_conn_input",
                  "dtls_conn_read", "dtls_conn_deadline", "dtls_conn_timer", "dtls_conn_write", "dtls_conn_close"]
SERVER_ENTRIES = ["dtls_ctx_init_layout", "dtls_server_init_layout", "dtls_server_input", "dtls_server_deadline",
                  "dtls_server_timer", "dtls_conn_write"]


def run(cmd, log, cwd=None, timeout=300):
    """Runs cmd, its output into log; True when it exited 0."""
    with open(log, "w") as f:
        try:
            return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=cwd, timeout=timeout).returncode == 0
        except subprocess.TimeoutExpired:
            f.write("\ntimed out after %d s\n" % timeout)
            return False


def tail(path, n=15):
    try:
        with open(path, errors="replace") as f:
            return "".join("    " + line for line in f.readlines()[-n:])
    except OSError:
        return ""


def elf_sections(elf):
    out = subprocess.run([CC.replace("gcc", "size"), "-A", elf], capture_output=True, text=True, check=True).stdout
    s = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            s[parts[0]] = s.get(parts[0], 0) + int(parts[1])
    flash = s.get(".text", 0) + s.get(".ARM.exidx", 0) + s.get(".data", 0)
    ram = s.get(".data", 0) + s.get(".bss", 0)
    return flash, ram


def elf_symbols(elf):
    """name -> (size, type) of the defined, sized symbols."""
    out = subprocess.run([CC.replace("gcc", "nm"), "-S", "-t", "d", "--defined-only", elf],
                         capture_output=True, text=True, check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            syms[parts[3]] = (int(parts[1]), parts[2])
    return syms


def link_cmd(cpu, ld, extra, srcs, out):
    return ([CC] + WARN + ["-mcpu=" + cpu, "-mthumb", "-Os", "-ffunction-sections", "-fdata-sections"] + extra +
            ["--specs=nano.specs", "-nostartfiles", "-L" + os.path.join(ROOT, "tests", "baremetal"),
             "-L" + os.path.join(ROOT, "tests", "footprint"), "-T", os.path.join(ROOT, "tests", "footprint", ld),
             "-Wl,--gc-sections", "-Wl,-Map=" + out + ".map", os.path.join(ROOT, "tests", "baremetal", "startup.S")] +
            srcs + ["-o", out])


def build_empty(d, cpu):
    _, mcpu, ld, _ = cpu
    elf = os.path.join(d, "empty-%s.elf" % mcpu)
    if not run(link_cmd(mcpu, ld, ["-DFP_CONF=0"], [os.path.join(ROOT, "tests", "footprint", "fp_program.c")], elf),
               elf + ".log"):
        return None, "the empty program does not build (%s):\n%s" % (mcpu, tail(elf + ".log"))
    return elf_sections(elf), None


def measure(conf, d, cpus, do_run):
    """Records the session, then per CPU builds the footprint program and the
    replay image and runs it.  Returns {cpu name: figures} and failures."""
    res, fails = {}, []
    os.makedirs(d, exist_ok=True)
    rec_opts = [o for o in conf.opts if o not in ROLE_OPTS] + ["-DDTLS_P256_SPEED=0"]
    rec = os.path.join(d, "record")
    header = os.path.join(d, "fp_data.h")
    recorded = run([HOST_CC] + WARN + ["-O1", "-DFP_CONF=%d" % conf.fp] + rec_opts +
                   [os.path.join(ROOT, "tests", "baremetal", "fp_record.c"), "-o", rec], rec + ".log")
    if recorded:
        with open(header, "w") as out, open(rec + ".run.log", "w") as err:
            recorded = subprocess.run([rec], stdout=out, stderr=err).returncode == 0
        if not recorded:
            fails.append("%s: fp_record.c's session failed:\n%s" % (conf.name, tail(rec + ".run.log")))
        else:
            with open(header) as f:
                kinds = re.findall(r"^    \{(\d+), UINT32_C", f.read(), re.M)
            res["events"] = (kinds.count("0"), kinds.count("1"), len(kinds) - kinds.count("0") - kinds.count("1"))
    else:
        fails.append("%s: fp_record.c does not build:\n%s" % (conf.name, tail(rec + ".log")))
    for cname, mcpu, ld, machine in cpus:
        r = {}
        res[cname] = r
        defs = ["-DFP_CONF=%d" % conf.fp] + conf.opts
        elf = os.path.join(d, "fp-%s.elf" % mcpu)
        if run(link_cmd(mcpu, ld, defs, [os.path.join(ROOT, "tests", "footprint", "fp_program.c")], elf), elf + ".log"):
            r["flash"], r["ram"] = elf_sections(elf)
            syms = elf_symbols(elf)
            r["app"] = syms.get("fp_app", (0, "b"))[0]
            r["syms"] = syms
        else:
            fails.append("%s (%s): the footprint program does not build:\n%s" % (conf.name, mcpu, tail(elf + ".log")))
        if not recorded:
            continue
        # the replay: compiled apart for its call graph, then linked
        obj = os.path.join(d, "replay-%s.o" % mcpu)
        ci_path = obj[:-2] + ".ci"  # GCC writes the call graph beside the object
        if os.path.exists(ci_path):
            os.unlink(ci_path)
        cflags = [CC] + WARN + ["-mcpu=" + mcpu, "-mthumb", "-Os", "-ffunction-sections", "-fdata-sections"] + defs
        if not run(cflags + ["-I" + d, "-fcallgraph-info=su", "-c",
                             os.path.join(ROOT, "tests", "baremetal", "fp_replay.c"), "-o", obj], obj + ".log"):
            fails.append("%s (%s): fp_replay.c does not build:\n%s" % (conf.name, mcpu, tail(obj + ".log")))
            continue
        if not os.path.exists(ci_path):
            fails.append("%s (%s): no call graph (%s) from -fcallgraph-info=su" % (conf.name, mcpu, ci_path))
            ci_path = None
        if ci_path:
            own, edges = callgraph(ci_path)
            indirect = INDIRECT + sorted(f for f in own if f.startswith("cb_"))
            entries = SERVER_ENTRIES if conf.fp == 4 else CLIENT_ENTRIES
            memo = {}
            bounds = [(peak(e, own, edges, memo, indirect), e) for e in entries if e in own]
            if bounds:
                r["bound"], r["bound_fn"] = max(bounds)
        relf = os.path.join(d, "replay-%s.elf" % mcpu)
        if not run(link_cmd(mcpu, ld, [], [obj], relf), relf + ".log"):
            fails.append("%s (%s): the replay image does not link:\n%s" % (conf.name, mcpu, tail(relf + ".log")))
            continue
        if not do_run:
            continue
        out = relf + ".out"
        ok = run([QEMU, "-M", machine, "-nographic", "-monitor", "none", "-serial", "none",
                  "-semihosting-config", "enable=on,target=native", "-kernel", relf], out, timeout=300)
        with open(out, errors="replace") as f:
            text = f.read()
        m = re.search(r"^stack (\d+) peak (\d+) of (\d+)", text, re.M)
        res_line = re.search(r"^RESULT (\d+) (\d+) (\d+)", text, re.M)
        sz = re.search(r"^sizeof (.*)$", text, re.M)
        if sz:
            r["sizeof"] = sz.group(1)
        if ok and m and res_line and res_line.group(2) == "0" and int(res_line.group(1)) > 0:
            r["stack"] = int(m.group(1))
            r["checks"] = int(res_line.group(1))
        else:
            fails.append("%s (%s): the replay on qemu %s failed:\n%s" % (conf.name, mcpu, machine, tail(out)))
    return res, fails


# ---- the deployment features (issue 12), each compiled in alone and all together
# (option, label, the public functions a client using it calls)
FEATURES = [
    ("DTLS_ENABLE_CID", "Connection ID", ["dtls_conn_cid"]),
    ("DTLS_ENABLE_HEARTBEAT", "heartbeat", []),
    ("DTLS_ENABLE_RESUMPTION", "resumption", ["dtls_conn_session_restore", "dtls_conn_session_save",
                                              "dtls_conn_resumed"]),
    ("DTLS_ENABLE_RECORD_SIZE", "record size limits", []),
    ("DTLS_ENABLE_SRTP", "use_srtp", ["dtls_conn_srtp_profile"]),
]
FEATURE_CONFS = ["psk-client", "rpk-client"]


def feature_build(conf, d, cpu, on, keep):
    """The footprint program of conf on cpu with the features in on (option
    names) compiled in, the others out, the functions keep kept: (flash,
    fp_app bytes), or an error text."""
    _, mcpu, ld, _ = cpu
    names = [f[0] for f in FEATURES]
    opts = [o for o in conf.opts if o.split("=")[0][2:] not in names] + ["-D%s=%d" % (n, n in on) for n in names]
    tag = "-".join(sorted(n[len("DTLS_ENABLE_"):].lower() for n in on)) or "base"
    elf = os.path.join(d, "%s-%s-%s%s.elf" % (conf.name, mcpu, tag, "-api" if keep else ""))
    extra = ["-Wl,-u," + fn for fn in keep]
    if not run(link_cmd(mcpu, ld, ["-DFP_CONF=%d" % conf.fp] + opts + extra,
                        [os.path.join(ROOT, "tests", "footprint", "fp_program.c")], elf), elf + ".log"):
        return None, "%s (%s) with %s: the footprint program does not build:\n%s" % (conf.name, mcpu, tag,
                                                                                        tail(elf + ".log"))
    syms = elf_symbols(elf)
    missing = [fn for fn in keep if fn not in syms]
    if missing:
        return None, "%s (%s) with %s: %s not linked" % (conf.name, mcpu, tag, ", ".join(missing))
    return (elf_sections(elf)[0], syms.get("fp_app", (0, "b"))[0]), None


def features_table():
    """The lines of the features table and the failures."""
    t0 = time.time()
    d = os.path.join(os.environ.get("SIZE_BUILD_DIR", os.path.join(ROOT, "build", "size")), "features")
    os.makedirs(d, exist_ok=True)
    only = os.environ.get("SIZE_CONFIGS")
    confs = [c for c in configs() if c.name in FEATURE_CONFS and (not only or c.name in only.split(","))]
    all_on = [f[0] for f in FEATURES]
    all_api = [fn for f in FEATURES for fn in f[2]]
    variants = [((), ())] + [((f[0],), ()) for f in FEATURES] + [((f[0],), tuple(f[2])) for f in FEATURES if f[2]] + \
        [(tuple(all_on), ()), (tuple(all_on), tuple(all_api))]
    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=int(os.environ.get("SIZE_JOBS", "2"))) as pool:
        for conf in confs:
            for cpu in CPUS:
                for on, keep in variants:
                    jobs[(conf.name, cpu[0], on, keep)] = pool.submit(feature_build, conf, d, cpu, on, list(keep))
        empties = {cpu[0]: pool.submit(build_empty, d, cpu) for cpu in CPUS}
        res, fails = {}, []
        empty = {}
        for cname, f in empties.items():
            empty[cname], err = f.result()
            if err:
                fails.append(err)
        for k, f in jobs.items():
            r, err = f.result()
            res[k] = r
            if err:
                fails.append(err)
    lines = ["Deployment features (issue 12), each compiled in alone and all five together: the flash they add "
             "to the footprint program of psk-client and of rpk-client built with the five off (the base: its "
             "flash minus the empty program's, as above), linked with the same compiler and options, minus the "
             "base; in parentheses, with the public "
             "functions a device calls to use the feature kept too (%s; the footprint program does not call "
             "them); structures: the caller's structures and buffers (fp_app) all five add.  Every feature "
             "is an option (DTLS_ENABLE_*=0 compiles it out)." % "; ".join(
                 "%s: %s" % (f[1], ", ".join(f[2])) for f in FEATURES if f[2]), "",
             "| configuration | CPU | base flash | %s | all five | structures, all five |" % " | ".join(
                 f[1] for f in FEATURES),
             "|---|---|---:|%s---:|---:|" % ("---:|" * len(FEATURES))]

    def cell(conf, cpu, on, keep_fns):
        base, r = res.get((conf, cpu, (), ())), res.get((conf, cpu, on, ()))
        if base is None or r is None:
            return "build failed"
        text = "+%d" % (r[0] - base[0])
        if keep_fns:
            ra = res.get((conf, cpu, on, tuple(keep_fns)))
            text += " (+%d)" % (ra[0] - base[0]) if ra else " (build failed)"
        return text

    for conf in confs:
        for cpu in CPUS:
            base = res.get((conf.name, cpu[0], (), ()))
            full = res.get((conf.name, cpu[0], tuple(all_on), ()))
            e = empty.get(cpu[0])
            lines.append("| %s | %s | %s | %s | %s | %s |" % (
                conf.name, cpu[0], base[0] - e[0] if base and e else "build failed",
                " | ".join(cell(conf.name, cpu[0], (f[0],), f[2]) for f in FEATURES),
                cell(conf.name, cpu[0], tuple(all_on), all_api),
                "+%d" % (full[1] - base[1]) if base and full else "-"))
    lines.append("")
    return lines, fails, "features table in %.0f s" % (time.time() - t0)


def selftest(d):
    """The replay must be able to fail: psk-client's recording with one byte
    of the ClientHello's random changed must fail on Cortex-M4."""
    src = os.path.join(d, "psk-client", "fp_data.h")
    sd = os.path.join(d, "selftest")
    os.makedirs(sd, exist_ok=True)
    if not os.path.exists(src):
        return "the self-test has no recording (psk-client)"
    with open(src) as f:
        text = f.read()
    start = text.index("rec_bytes[")
    tokens = list(re.finditer(r"0x[0-9a-f]{2}", text[start:]))
    t = tokens[30]  # byte 30 of the ClientHello datagram: its random
    pos = start + t.start()
    flipped = "0x%02x" % (int(t.group(0), 16) ^ 1)
    with open(os.path.join(sd, "fp_data.h"), "w") as f:
        f.write(text[:pos] + flipped + text[pos + 4:])
    _, mcpu, ld, machine = CPUS[1]
    elf = os.path.join(sd, "replay.elf")
    conf = configs()[0]
    if not run(link_cmd(mcpu, ld, ["-DFP_CONF=%d" % conf.fp, "-I" + sd] + conf.opts,
                        [os.path.join(ROOT, "tests", "baremetal", "fp_replay.c")], elf), elf + ".log"):
        return "the self-test's replay does not build:\n" + tail(elf + ".log")
    ok = run([QEMU, "-M", machine, "-nographic", "-monitor", "none", "-serial", "none",
              "-semihosting-config", "enable=on,target=native", "-kernel", elf], elf + ".out", timeout=300)
    with open(elf + ".out", errors="replace") as f:
        out = f.read()
    if ok or "FAIL fp: every datagram equals the recording" not in out:
        return "a recording with one byte changed did not fail the replay:\n" + tail(elf + ".out")
    return None


def budget_cell(value, limit):
    if limit is None:
        return "report"
    if value is None:
        return "<= %d KB: not measured" % (limit // KB)
    if value <= limit:
        return "<= %d KB: meets (%d B spare)" % (limit // KB, limit - value)
    return "<= %d KB: misses by %d B" % (limit // KB, value - limit)


# source module of each symbol: definitions at the start of a line in crypto/*.c and proto/*.c
DEF_RE = re.compile(r"^(?!return\b|typedef\b|struct\b|enum\b|union\b|#)[A-Za-z_][\w \t\*]*?\b(\w+)\s*[\(\[]", re.M)
MODULE_LABEL = {
    "sha2": "SHA-256", "aes": "AES-128 block", "ccm": "CCM", "hmac": "HMAC, TLS PRF", "hooks": "crypto dispatch",
    "ct": "constant-time helpers", "error": "error texts", "p256": "P-256", "p256_fe32": "P-256 field (32-bit)",
    "ecc": "ECC common", "bignum": "bignum", "record": "record layer", "replay": "replay window",
    "engine": "engine", "flight": "flight", "handshake": "handshake (client/server state)",
    "hs_msg": "handshake messages", "msg": "message build/parse", "keys": "key schedule", "suites": "suites",
    "buf": "buffers", "server": "server", "cookie": "cookies", "x509": "X.509", "x509_path": "X.509 path",
    "der": "DER", "handshake_cert": "certificate handshake",
}


def module_map():
    """symbol -> "crypto/x.c": where it is defined (a body or an initializer
    follows); declarations only where no file defines it; headers last."""
    defs, decls = {}, {}
    for ext in (".c", ".h"):
        for sub in ("crypto", "proto"):
            for fn in sorted(os.listdir(os.path.join(ROOT, sub))):
                if not fn.endswith(ext):
                    continue
                with open(os.path.join(ROOT, sub, fn), encoding="utf-8") as f:
                    text = f.read()
                for mm in DEF_RE.finditer(text):
                    rest = text[mm.end():mm.end() + 4000]
                    semi, brace, eq = rest.find(";"), rest.find("{"), rest.find("=")
                    is_def = brace >= 0 and (semi < 0 or brace < semi) or (eq >= 0 and 0 <= semi and eq < semi)
                    (defs if is_def else decls).setdefault(mm.group(1), "%s/%s" % (sub, fn))
    for k, v in decls.items():
        defs.setdefault(k, v)
    return defs


def profile_by_module(res):
    """Flash of a linked program by source module: {module: bytes}, the bytes
    attributed to symbols."""
    mods = module_map()
    by = {}
    attributed = 0
    for name, (size, typ) in res["syms"].items():
        if typ.lower() not in ("t", "r", "d"):
            continue
        base = name.split(".")[0]
        if base in mods:
            key = mods[base]
        elif base in ("memcpy", "memmove", "memset", "memcmp") or base.startswith("__aeabi") or base.startswith("__"):
            key = "libc (newlib-nano) and libgcc"
        elif base.startswith("dtls"):
            key = "other dtls* symbols"
        else:
            key = "the application (fp_program.c, fp_app.h), startup.S"
        by[key] = by.get(key, 0) + size
        attributed += size
    return by, attributed


def profile_lines(named, empty_flash):
    """One table: the Cortex-M4 flash of each named configuration's program
    by module (named: [(name, result)], the budget configurations)."""
    cols = [(n, r) + profile_by_module(r) for n, r in named]
    keys = {}
    for _, _, by, _ in cols:
        for k, v in by.items():
            keys[k] = max(keys.get(k, 0), v)
    lines = ["| Cortex-M4: flash by module | %s |" % " | ".join(n for n, _, _, _ in cols),
             "|---|%s" % ("---:|" * len(cols))]
    for key in sorted(keys, key=lambda k: -keys[k]):
        stem = os.path.basename(key)[:-2] if key.endswith(".c") else ""
        label = "%s (%s)" % (MODULE_LABEL.get(stem, stem), key) if stem else key
        lines.append("| %s | %s |" % (label, " | ".join(str(by.get(key, 0)) for _, _, by, _ in cols)))
    lines.append("| string literals, merged constants, alignment (no symbol) | %s |" %
                 " | ".join(str(r["flash"] - att) for _, r, _, att in cols))
    for sub_, what in (("crypto/", "the crypto core (crypto/*)"), ("proto/", "the protocol (proto/*)")):
        lines.append("| subtotal: %s | %s |" % (what, " | ".join(
            str(sum(v for k, v in by.items() if k.startswith(sub_))) for _, _, by, _ in cols)))
    lines.append("| **the program** (the empty program: %d B of it) | %s |" % (
        empty_flash, " | ".join("**%d**" % r["flash"] for _, r, _, _ in cols)))
    return lines


def part1(quick_lines, do_run):
    t0 = time.time()
    d = os.environ.get("SIZE_BUILD_DIR", os.path.join(ROOT, "build", "size"))
    os.makedirs(d, exist_ok=True)
    only = os.environ.get("SIZE_CONFIGS")  # e.g. "psk-client,rpk-client": a subset while working
    confs = [c for c in configs() if not only or c.name in only.split(",")]
    fails = []
    selftest_ok = False
    with concurrent.futures.ThreadPoolExecutor(max_workers=int(os.environ.get("SIZE_JOBS", "2"))) as pool:
        empties = {c[0]: pool.submit(build_empty, d, c) for c in CPUS}
        futs = [pool.submit(measure, c, os.path.join(d, c.name), CPUS, do_run) for c in confs]
        results = []
        for f in futs:
            r, fl = f.result()
            results.append(r)
            fails += fl
        empty = {}
        for cname, f in empties.items():
            e, err = f.result()
            empty[cname] = e
            if err:
                fails.append(err)
    if do_run:
        err = selftest(d)
        if err:
            fails.append(err)
        else:
            selftest_ok = True
    version = subprocess.run([CC, "-dumpversion"], capture_output=True, text=True).stdout.strip()
    qv = subprocess.run([QEMU, "--version"], capture_output=True, text=True).stdout.split("\n")[0].split()
    lines = []
    lines.append("Measured by `make size` (tools/size.py): %s %s -Os -ffunction-sections -fdata-sections, "
                 "--gc-sections, newlib-nano; stack measured under %s %s (mps2-an386 for M4, microbit, a Cortex-M0, "
                 "for the M0+ code).  Flash = text + data, static RAM = data + bss of the footprint program "
                 "(tests/footprint/fp_program.c), both minus the empty program (%s), the caller's structures apart; "
                 "stack = the deepest library call measured by painting while replaying a recorded session "
                 "(handshake with a cookie exchange and one retransmission, data both ways, close), beside the "
                 "static bound from -fcallgraph-info=su; RAM = static RAM + measured stack + structures and buffers."
                 % (CC, version, qv[0] if qv else QEMU, qv[3] if len(qv) > 3 else "",
                    "; ".join("%s: flash %d B, RAM %d B" % (c, e[0], e[1]) for c, e in empty.items() if e)))
    lines.append("")
    lines.append("| configuration | CPU | flash | static RAM | structures + buffers | stack measured (static bound) "
                 "| RAM | flash budget | RAM budget |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---|---|")
    details = []
    for conf, res in zip(confs, results):
        for cname, _, _, _ in CPUS:
            r = res.get(cname, {})
            e = empty.get(cname)
            flash = r["flash"] - e[0] if "flash" in r and e else None
            sram = r["ram"] - e[1] - r["app"] if "ram" in r and e else None
            app = r.get("app")
            stack = r.get("stack")
            ram = sram + stack + app if None not in (sram, stack, app) else None
            stack_cell = "%s (%s)" % (stack if stack is not None else "not measured",
                                      r["bound"] if "bound" in r else "-")
            lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                conf.name, cname, flash if flash is not None else "build failed",
                sram if sram is not None else "-", app if app is not None else "-", stack_cell,
                ram if ram is not None else "-",
                budget_cell(flash, conf.budget[0] if conf.budget else None),
                budget_cell(ram, conf.budget[1] if conf.budget else None)))
        m4 = res.get("M4", {})
        detail = "- **%s**: %s.  Options: %s." % (conf.name, conf.what, " ".join(conf.opts) or "none (the defaults)")
        if "sizeof" in m4:
            parts = m4["sizeof"].split()
            named = ", ".join("%s %s%s" % (parts[i], parts[i + 1], " x 4" if parts[i] == "conn" and conf.fp == 4 else "")
                              for i in range(0, len(parts) - 1, 2))
            detail += "  Structures (M4, bytes): %s, tx 512, rx 512%s: fp_app %d." % (
                named, ", the echo's 72" if conf.fp == 4 else "", m4.get("app", 0))
        ev = res.get("events")
        if ev:
            detail += "  Session replayed (%s): %d datagrams sent, checked byte for byte, %d fed, %s." % (
                "the server" if conf.fp == 4 else "the client", ev[0], ev[1],
                "the timer once" if conf.fp == 4 else "connect, 2 writes, close and the timer once")
        bfn = sorted({res[c[0]]["bound_fn"] for c in CPUS if "bound_fn" in res.get(c[0], {})})
        if bfn:
            detail += "  Deepest static path: %s." % ", ".join(bfn)
        for n in conf.notes:
            detail += "  **Note: %s.**" % n
        details.append(detail)
    lines.append("")
    lines += details
    if selftest_ok:
        lines.append("- Self-test: psk-client's recording with one byte of the ClientHello changed fails the "
                     "Cortex-M4 replay, as it must.")
    named = [(c.name, r.get("M4", {})) for c, r in zip(confs, results) if c.budget is not None]
    named = [(n, r) for n, r in named if "syms" in r]
    if named and empty.get("M4"):
        lines.append("")
        lines += profile_lines(named, empty["M4"][0])
    lines.append("")
    quick_lines.append("make size: part 1 in %.0f s" % (time.time() - t0))
    return lines, fails


# ---- part 2: crypto modules from objects, static bounds from the amalgamation

def sections(obj):
    out = subprocess.run([CC.replace("gcc", "size"), "-A", obj], capture_output=True, text=True, check=True).stdout
    flash = ram = 0
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        name, size = parts[0], int(parts[1])
        if name.startswith(".text") or name.startswith(".rodata"):
            flash += size
        elif name.startswith(".data") or name.startswith(".bss"):
            ram += size
    return flash, ram


def callgraph(ci_path):
    own, edges = {}, {}
    node_re = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
    edge_re = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
    with open(ci_path) as f:
        for line in f:
            m = node_re.search(line)
            if m:
                title, label = m.group(1), m.group(2)
                m2 = re.search(r"(\d+) bytes", label)
                own[title.split(":")[-1]] = int(m2.group(1)) if m2 else 0
                continue
            m = edge_re.search(line)
            if m:
                edges.setdefault(m.group(1).split(":")[-1], set()).add(m.group(2).split(":")[-1])
    return own, edges


def peak(fn, own, edges, memo, indirect=None, stack=()):
    if fn in memo:
        return memo[fn]
    if fn in stack:  # recursion would be unbounded: the library has none
        return float("inf")
    best = 0
    for callee in edges.get(fn, ()):
        targets = (indirect or INDIRECT) if callee == "__indirect_call" else [callee]
        for t in targets:
            best = max(best, peak(t, own, edges, memo, indirect, stack + (fn,)))
    memo[fn] = own.get(fn, 0) + best
    return memo[fn]


def part2():
    lines = []
    version = subprocess.run([CC, "-dumpversion"], capture_output=True, text=True).stdout.strip()
    lines.append("Per crypto module (objects, not linked): %s %s, %s" % (CC, version, " ".join(FLAGS[:3])))
    lines.append("")
    lines.append("| module | flash (text+rodata) | static RAM (data+bss) |")
    lines.append("|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        srcs = sorted(f for f in os.listdir(os.path.join(ROOT, "crypto")) if f.endswith(".c"))
        for src in srcs:
            obj = os.path.join(tmp, src + ".o")
            subprocess.run([CC] + FLAGS + ["-I", os.path.join(ROOT, "crypto"), "-c",
                                           os.path.join(ROOT, "crypto", src), "-o", obj], check=True)
            flash, ram = sections(obj)
            lines.append("| %s | %d | %d |" % (src[:-2], flash, ram))
        obj = os.path.join(tmp, "impl.o")
        subprocess.run([CC] + FLAGS + ["-fcallgraph-info=su", "-x", "c", "-c",
                                       os.path.join(ROOT, "tests", "impl_crypto.c"), "-o", obj],
                       check=True, cwd=tmp)
        flash, ram = sections(obj)
        lines.append("| **whole core** (dtls_crypto.h, everything enabled) | **%d** | **%d** |" % (flash, ram))
        ci = [f for f in os.listdir(tmp) if f.endswith(".ci")]
        own, edges = callgraph(os.path.join(tmp, ci[0]))
    lines.append("")
    lines.append("| protocol entry point (static bound, Cortex-M4) | peak stack, everything enabled | PSK-CCM_8 only |")
    lines.append("|---|---:|---:|")
    graphs = []
    with tempfile.TemporaryDirectory() as tmp:
        for defs in ([], PSK_ONLY):
            obj = os.path.join(tmp, "proto.o")
            for f in os.listdir(tmp):
                os.unlink(os.path.join(tmp, f))
            subprocess.run([CC] + FLAGS + ["-fcallgraph-info=su"] + defs + ["-x", "c", "-c",
                                           os.path.join(ROOT, "tests", "impl_dtls.c"), "-o", obj],
                           check=True, cwd=tmp)
            ci = [f for f in os.listdir(tmp) if f.endswith(".ci")]
            graphs.append(callgraph(os.path.join(tmp, ci[0])))
    for fn in PROTO_ENTRIES:
        cells = []
        for pown, pedges in graphs:
            cells.append(str(peak(fn, pown, pedges, {})) if fn in pown else "-")
        lines.append("| %s | %s |" % (fn, " | ".join(cells)))
    lines.append("")
    lines.append("| public function | peak stack (bytes) |")
    lines.append("|---|---:|")
    memo = {}
    for fn in sorted(f for f in own if f.startswith("dtls_") and not f.startswith("dtls__") and "." not in f):
        lines.append("| %s | %s |" % (fn, peak(fn, own, edges, memo)))
    return lines


def have(tool):
    try:
        subprocess.run([tool, "--version"], capture_output=True, check=True)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


def main():
    t0 = time.time()
    args = sys.argv[1:]
    if not have(CC):
        print("make size needs arm-none-eabi-gcc (Debian package gcc-arm-none-eabi)")
        return 1
    nano = subprocess.run([CC, "-print-file-name=nano.specs"], capture_output=True, text=True).stdout.strip()
    if not os.path.isfile(nano) or not have(HOST_CC):
        print("make size needs newlib-nano (Debian package libnewlib-arm-none-eabi) and a host C compiler ($HOST_CC)")
        return 1
    do_run = have(QEMU)
    timing = []
    lines, fails = part1(timing, do_run)
    if not do_run:
        lines.append("(stack not measured: %s is missing; Debian package qemu-system-arm)" % QEMU)
        lines.append("")
    if "--quick" not in args:
        flines, ffails, ftime = features_table()
        lines += flines
        fails += ffails
        timing.append(ftime)
        lines += part2()
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    for f in fails:
        print("FAIL size: " + f)
    print("%s; make size: %.0f s in all" % ("; ".join(timing), time.time() - t0))
    if "--readme" in args and not fails:
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "readme_block.py"), "size"],
                       input=text, text=True, check=True)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
