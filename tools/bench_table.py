#!/usr/bin/env python3
"""Reads "BENCH <operation> <impl> <value> <unit>" lines (from bench/*) and prints
one table: each operation with dtls.h, OpenSSL and mbedTLS side by side and
the ratios of dtls.h to each (> 1 means dtls.h is faster).  Rows in the
cost unit Minstr (millions of instructions per handshake, from
tools/bench_hs.py) go into a second table, where lower is better and the same
ratio dtls.h / other below 1 means dtls.h executes fewer instructions.
With --readme the tables also replace the bench block of README.md."""
import platform
import subprocess
import sys

IMPLS = ["dtls.h", "openssl", "mbedtls"]


COST_UNITS = ("Minstr",)


def table(out, rows, ops):
    out.append("| operation | unit | dtls.h | OpenSSL | mbedTLS | dtls.h / OpenSSL | dtls.h / mbedTLS |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    for op in ops:
        r = rows[op]
        fmt = "%.2f" if r["unit"] in COST_UNITS else "%.1f"
        cells = []
        for impl in IMPLS:
            cells.append(fmt % r[impl] if impl in r else "-")
        ratios = []
        for impl in IMPLS[1:]:
            if "dtls.h" in r and impl in r and r[impl] > 0:
                ratios.append("%.2f" % (r["dtls.h"] / r[impl]))
            else:
                ratios.append("-")
        out.append("| %s | %s | %s | %s |" % (op, r["unit"], " | ".join(cells), " | ".join(ratios)))


def main():
    rows, order = {}, []
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 5 or parts[0] != "BENCH":
            if line.strip():
                print(line.rstrip(), file=sys.stderr)
            continue
        _, op, impl, value, unit = parts
        if op not in rows:
            rows[op] = {"unit": unit}
            order.append(op)
        rows[op][impl] = float(value)
    out = []
    cpu = platform.processor() or platform.machine()
    rates = [op for op in order if rows[op]["unit"] not in COST_UNITS]
    costs = [op for op in order if rows[op]["unit"] in COST_UNITS]
    if rates:
        out.append("Measured by `make bench` (%s, %s; one run, higher is better)" % (cpu, platform.system()))
        out.append("")
        table(out, rows, rates)
    if costs:
        if out:
            out.append("")
        out.append("Handshake cost from `make bench-hs` (also run by `make bench`; %s, %s; one run, all three in it; "
                   "lower is better, so a ratio below 1 means dtls.h executes fewer instructions): millions of "
                   "instructions counted by `valgrind --tool=callgrind` for client and server of one DTLS 1.2 "
                   "handshake in one process over in-memory datagram queues, with the HelloVerifyRequest cookie "
                   "exchange, minus the same program stopped just before the handshake (start-up, library init, "
                   "key and certificate loading, contexts, the connection objects); ECDHE_ECDSA: P-256 ECDHE, a "
                   "P-256 leaf issued by the client's P-256 root anchor, verified with name and dates, no client "
                   "certificate; PSK: a 16-byte key; `_2nd`: a second handshake in the same process on a fresh "
                   "connection pair (bench/hs_cost.c, tools/bench_hs.py)." % (cpu, platform.system()))
        out.append("")
        table(out, rows, costs)
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if "--readme" in sys.argv[1:]:
        subprocess.run([sys.executable, __file__.replace("bench_table.py", "readme_block.py"), "bench"],
                       input=text, text=True, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
