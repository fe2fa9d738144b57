#!/usr/bin/env python3
"""Reads "BENCH <operation> <impl> <value> <unit>" and "NOTE <operation> <impl>
<reason>" lines (from bench/bench_*, build/bench/hs_perf and
tools/bench_hs.py) and prints the tables of `make bench`: each operation with
dtls.h, OpenSSL, GnuTLS, mbedTLS and wolfSSL side by side (the columns a
section has figures for) and the ratio dtls.h / other for each.  Sections:
handshake instructions (callgrind), handshakes per CPU-second, wire,
memory, records through the record layer, primitives, dtls.h's server;
after the handshake instructions, dtls.h's session resumption (the
"BENCH resume_<case>_<mode>_<kind> dtls.h <value> <unit>" lines of
tools/bench_hs.py): each abbreviated handshake beside the full one of the
same configuration, and the ratio resumed / full.
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


RESUME_TITLE = (
    "Session resumption, dtls.h: one abbreviated handshake (RFC 5246 7.3) against the full one that made the "
    "session resumable, both in one process as above, the cookie exchange included in both (a resuming client "
    "still does it), each checked on the wire (no Certificate, ServerKeyExchange, ServerHelloDone or "
    "ClientKeyExchange when resumed) and by dtls_conn_resumed on both sides; the client restores the session "
    "it saved into a fresh connection.  By ticket: the server issues a NewSessionTicket (RFC 5077) and keeps no "
    "cache; by ID: tickets off, the server's session cache.  flights: both directions; round trips: the "
    "server's flights, each one the client waits for before it may send application data; datagrams and bytes: "
    "client + server (UDP payloads); Minstr as above, `5th`: the fifth handshake of the process with the "
    "previous pair's close and the new pair's creation (a resumable configuration's fifth handshake is a resumed "
    "one: no full figure).  bench/hs_cost.c MODE, tools/bench_hs.py.  "
    "`resumed / full`: the ratio of each figure, below 1 a saving")
RESUME_MODES = [("none", None), ("ticket", "ticket"), ("id", "ID")]


def resume_table(out, res, rows):
    """res[case][mode][kind][unit] = value; rows: the other BENCH rows (the plain full handshake's Minstr)."""
    out.append("| handshake | flights | round trips | datagrams | bytes | Minstr | Minstr, 5th |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")

    def figures(case, mode, kind):
        w = res[case][mode].get(kind, {})
        if mode == "none":
            hs = rows.get("hs_" + case, {})
            hs5 = rows.get("hs_%s_5th" % case, {})
            mi, mi5 = hs.get("dtls.h"), hs5.get("dtls.h")
        else:
            mi = w.get("Minstr")
            mi5 = res[case][mode].get(kind + "_5th", {}).get("Minstr")
        if "c2s_flights" not in w:
            return None
        return {"flights": w["c2s_flights"] + w["s2c_flights"], "rtt": w["s2c_flights"],
                "dg": (w["c2s_datagrams"], w["s2c_datagrams"]), "bytes": (w["c2s_bytes"], w["s2c_bytes"]),
                "mi": mi, "mi5": mi5}

    def cells(f):
        return ["%.0f" % f["flights"], "%.0f" % f["rtt"], "%.0f + %.0f = %.0f" % (f["dg"] + (sum(f["dg"]),)),
                "%.0f + %.0f = {:,.0f}".format(sum(f["bytes"])) % f["bytes"],
                "%.2f" % f["mi"] if f["mi"] is not None else "-", "%.2f" % f["mi5"] if f["mi5"] is not None else "-"]

    def ratio(a, b):
        return "%.2f" % (a / b) if a is not None and b else "-"

    for case in res:
        for mode, label in RESUME_MODES:
            if mode not in res[case]:
                continue
            full = figures(case, mode, "full")
            if full is None:
                continue
            what = "full, no tickets, no cache" if label is None else "full, %s" % (
                "issuing a ticket" if mode == "ticket" else "its session cached")
            out.append("| %s: %s | %s |" % (case, what, " | ".join(cells(full))))
            if label is None:
                continue
            r = figures(case, mode, "resumed")
            if r is None:
                continue
            out.append("| %s: resumed by %s | %s |" % (case, label, " | ".join(cells(r))))
            out.append("| %s: resumed / full, by %s | %s |" % (case, label, " | ".join([
                ratio(r["flights"], full["flights"]), ratio(r["rtt"], full["rtt"]),
                ratio(sum(r["dg"]), sum(full["dg"])), ratio(sum(r["bytes"]), sum(full["bytes"])),
                ratio(r["mi"], full["mi"]), ratio(r["mi5"], full["mi5"])])))


def resume_key(op):
    """(case, mode, kind) of a resume_<case>_<mode>_<kind> operation, or None."""
    if not op.startswith("resume_"):
        return None
    for mode, _ in RESUME_MODES:
        tag = "_%s_" % mode
        if tag in op:
            case, kind = op[len("resume_"):].split(tag, 1)
            return case, mode, kind
    return None


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
    rows, order, notes, res = {}, [], {}, {}
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
        rk = resume_key(op)
        if rk is not None:
            case, mode, kind = rk
            res.setdefault(case, {}).setdefault(mode, {}).setdefault(kind, {})[unit] = float(value)
            continue
        if op not in rows:
            rows[op] = {"unit": unit}
            order.append(op)
        rows[op][impl] = float(value)
    out = ["Measured by `make bench` in one run on %s.  Instruction counts do not depend on the load; "
           "rates (per CPU-second) do, less than wall-clock ones." % machine()]
    for sec, title in enumerate(TITLES):
        ops = [op for op in order if section(op, rows[op]["unit"]) == sec]
        if ops:
            out.append("")
            out.append(title + ":")
            out.append("")
            table(out, rows, ops)
        if sec == 0 and res:
            out.append("")
            out.append(RESUME_TITLE + ":")
            out.append("")
            resume_table(out, res, rows)
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
