#!/usr/bin/env python3
"""Reads "BENCH <operation> <impl> <value> <unit>" and "NOTE <operation> <impl>
<reason>" lines (from bench/bench_*, build/bench/hs_perf and
tools/bench_hs.py) and prints the tables of `make bench`: each operation with
dtls.h, OpenSSL, GnuTLS, mbedTLS and wolfSSL side by side (the columns a
section has figures for) and the ratio dtls.h / other for each.  Sections:
handshake instructions (callgrind), handshakes per CPU-second, wire,
memory, records through the record layer, primitives, dtls.h's server.
In the cost sections (instructions, datagrams, bytes, memory, ns) lower is
better, so a ratio below 1 means dtls.h needs less; in the rate sections a
ratio above 1 means dtls.h is faster.  "-": no figure; why, when the
library's build cannot do it, in the notes under the tables (each reason
once).  With --readme the text also replaces the bench block of README.md
(tools/readme_block.py)."""
import os
import platform
import subprocess
import sys

IMPLS = ["dtls.h", "openssl", "gnutls", "mbedtls", "wolfssl"]
NAMES = {"dtls.h": "dtls.h", "openssl": "OpenSSL", "gnutls": "GnuTLS", "mbedtls": "mbedTLS", "wolfssl": "wolfSSL"}
COST_UNITS = ("Minstr", "datagrams", "bytes", "B", "ns")
FORMATS = {"Minstr": "%.2f", "hs/s": "%.0f", "datagrams": "%.0f", "bytes": "%.0f", "B": "{:,.0f}", "ns": "%.0f"}


def fmt(unit, v):
    f = FORMATS.get(unit, "%.1f")
    return f.format(v) if "{" in f else f % v


def section(op, unit):
    """The section an operation belongs to: (order, title)."""
    if unit == "Minstr":
        return 0
    if op.endswith("_per_cpu_s"):
        return 1
    if op.endswith("_datagrams") or op.endswith("_bytes"):
        return 2
    if op.endswith("_mem_peak") or op.endswith("_mem_retained"):
        return 3
    if op.startswith("records_"):
        return 4
    if unit in COST_UNITS:
        return 6
    return 5


TITLES = [
    "Handshake cost: millions of instructions counted by `valgrind --tool=callgrind` for client and server of "
    "one DTLS 1.2 handshake in one process over in-memory datagram queues, HelloVerifyRequest cookie exchange "
    "included, minus the same program stopped just before the handshake (start-up, library init, key and "
    "certificate loading, contexts, the connection objects); `_5th`: the fifth handshake of the process, "
    "in steady state (with the previous pair's close and the new pair's creation).  dtls.h portable C, hooks off.  "
    "ECDHE_ECDSA: a P-256 leaf issued by the client's P-256 root anchor, verified with name and dates, no "
    "client certificate, ECDHE group as named; PSK: a 16-byte key (bench/hs_cost.c, tools/bench_hs.py).  "
    "Lower is better",
    "Handshakes per CPU-second (CPU time of the process over a loop of handshakes, each on a fresh pair "
    "made, handshaken and closed; bench/hs_perf.c).  Higher is better",
    "On the wire per handshake, both directions, HelloVerifyRequest exchange included (bench/hs_perf.c).  "
    "Lower is better",
    "Memory per client+server pair, bytes: dtls.h, which allocates nothing, sizeof what the caller provides "
    "(both endpoints' dtls_ctx, transmit and receive buffers of 1232 bytes, the client's dtls_conn, the server "
    "and its one slot, and for `_mem_peak` the two dtls_hs handshake scratch areas, which return to the "
    "endpoint's pool); the others, their heap counted by a malloc wrapper (malloc_usable_size of each block): "
    "`_mem_peak` the most live at once from making the pair to the end of its handshake (a cache kept across "
    "connections can be in it: wolfSSL's fixed-point ECC tables in its P-256 cases), `_mem_retained` what "
    "releasing the established pair gives back, measured after a few hundred handshakes; none includes the SSL_CTX / configuration "
    "/ credentials made once (bench/hs_perf.c, bench/hs_malloc.c).  Lower is better",
    "Records of 1 KiB through each library's record layer, MB/s of CPU time, at the client of an established "
    "pair in memory: `seal` its write down to the datagram, `open` its read of a datagram the server sealed; "
    "`_x86hooks`: dtls.h with port/x86.c (AES-NI, PCLMULQDQ; ChaCha20-Poly1305 stays software), the other "
    "libraries' figures repeated (bench/bench_x86_records.c).  Higher is better",
    "Primitives (bench/bench_*.c).  Higher is better",
    "dtls.h's server and other costs (bench/bench_*.c).  Lower is better",
]


def table(out, rows, ops):
    impls = [i for i in IMPLS if any(i in rows[op] for op in ops)]
    others = [i for i in impls if i != "dtls.h"]
    out.append("| operation | unit | %s |%s" % (" | ".join(NAMES[i] for i in impls),
                                             "".join(" dtls.h / %s |" % NAMES[i] for i in others)))
    out.append("|---|---|%s%s" % ("---:|" * len(impls), "---:|" * len(others)))
    for op in ops:
        r = rows[op]
        cells = [fmt(r["unit"], r[i]) if i in r else "-" for i in impls]
        ratios = []
        for i in others:
            if "dtls.h" in r and i in r and r[i] > 0:
                ratios.append("%.2f" % (r["dtls.h"] / r[i]))
            else:
                ratios.append("-")
        out.append("| %s | %s | %s |%s" % (op, r["unit"], " | ".join(cells), "".join(" %s |" % x for x in ratios)))


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = "load average %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else "load unknown"
    return "%s, %d processors, %s %s; %s when the table was made" % (
        cpu, os.cpu_count() or 0, platform.system(), platform.release(), load)


def main():
    rows, order, notes = {}, [], {}
    for line in sys.stdin:
        parts = line.split()
        if len(parts) >= 4 and parts[0] == "NOTE":
            op, impl, reason = parts[1], parts[2], " ".join(parts[3:])
            if reason.startswith(impl + ": "):
                reason = reason[len(impl) + 2:]
            notes.setdefault((impl, reason), [])
            if op not in notes[(impl, reason)]:
                notes[(impl, reason)].append(op)
            continue
        if len(parts) != 5 or parts[0] != "BENCH":
            if line.strip():
                print(line.rstrip(), file=sys.stderr)
            continue
        _, op, impl, value, unit = parts
        if op not in rows:
            rows[op] = {"unit": unit}
            order.append(op)
        rows[op][impl] = float(value)
    out = ["Measured by `make bench` in one run on %s.  Instruction counts do not depend on the load; "
           "rates (per CPU-second) do, less than wall-clock ones." % machine()]
    for sec, title in enumerate(TITLES):
        ops = [op for op in order if section(op, rows[op]["unit"]) == sec]
        if not ops:
            continue
        out.append("")
        out.append(title + ":")
        out.append("")
        table(out, rows, ops)
    if notes:
        out.append("")
        out.append("Not measured (\"-\"):")
        out.append("")
        for (impl, reason), ops in notes.items():
            base = sorted(set(op for op in ops))
            out.append("- %s, %s: %s." % (NAMES.get(impl, impl), ", ".join(base), reason))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if "--readme" in sys.argv[1:]:
        subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "readme_block.py"),
                        "bench"], input=text, text=True, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
