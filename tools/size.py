#!/usr/bin/env python3
"""`make size`: flash and static RAM of each crypto module and of the whole core,
the peak stack of the protocol's entry points (everything enabled, and the
PSK-CCM_8-only build) and of each public crypto function, for Cortex-M4 at -Os.

Flash = .text + .rodata, RAM = .data + .bss, from arm-none-eabi-gcc objects.
Peak stack = the function's own frame plus the deepest chain of callees, from
GCC's -fcallgraph-info=su call graph of the amalgamated core (every call is
visible there, static ones included).  Indirect calls (the ECB block function
GCM/CCM use, the caller's random callback) are charged with the deepest
library function that can be called that way (INDIRECT below); the caller's
own callbacks are not counted.  With --readme the tables also replace the size
block of README.md."""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CC = os.environ.get("ARM_CC", "arm-none-eabi-gcc")
FLAGS = ["-mcpu=cortex-m4", "-mthumb", "-Os", "-std=c99", "-ffunction-sections", "-fdata-sections"]
INDIRECT = ["dtls_aes_ecb"]
# The protocol's entry points whose deepest path is stated (the hardening
# issue's stack budget): the caller's own callbacks (send, now, on_data, ...)
# are charged like the other indirect calls.
PROTO_ENTRIES = ["dtls_conn_connect", "dtls_conn_input", "dtls_conn_timer", "dtls_conn_write",
                 "dtls_server_input", "dtls_server_timer"]
PSK_ONLY = ["-DDTLS_ENABLE_GCM=0", "-DDTLS_ENABLE_CHACHAPOLY=0", "-DDTLS_ENABLE_SHA384=0", "-DDTLS_ENABLE_X25519=0",
            "-DDTLS_ENABLE_P256=0", "-DDTLS_ENABLE_P384=0", "-DDTLS_ENABLE_RSA=0"]


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


def peak(fn, own, edges, memo, stack=()):
    if fn in memo:
        return memo[fn]
    if fn in stack:  # recursion would be unbounded: the library has none
        return float("inf")
    best = 0
    for callee in edges.get(fn, ()):
        targets = INDIRECT if callee == "__indirect_call" else [callee]
        for t in targets:
            best = max(best, peak(t, own, edges, memo, stack + (fn,)))
    memo[fn] = own.get(fn, 0) + best
    return memo[fn]


def main():
    try:
        subprocess.run([CC, "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        print("make size needs arm-none-eabi-gcc (Debian package gcc-arm-none-eabi)")
        return 1
    lines = []
    version = subprocess.run([CC, "-dumpversion"], capture_output=True, text=True).stdout.strip()
    lines.append("Measured by `make size`: %s %s, %s" % (CC, version, " ".join(FLAGS[:3])))
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
    lines.append("| protocol entry point | peak stack, everything enabled | PSK-CCM_8 only |")
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
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if "--readme" in sys.argv[1:]:
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "readme_block.py"), "size"],
                       input=text, text=True, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
