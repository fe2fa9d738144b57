#!/usr/bin/env python3
"""Reads "BENCH <operation> <impl> <value> <unit>" lines (from bench/*) and prints
one table: each operation with dtls.h, OpenSSL and mbedTLS side by side and
the ratios of dtls.h to each (> 1 means dtls.h is faster).
With --readme the table also replaces the bench block of README.md."""
import platform
import subprocess
import sys

IMPLS = ["dtls.h", "openssl", "mbedtls"]


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
    out.append("Measured by `make bench` (%s, %s; one run, higher is better)" % (cpu, platform.system()))
    out.append("")
    out.append("| operation | unit | dtls.h | OpenSSL | mbedTLS | dtls.h / OpenSSL | dtls.h / mbedTLS |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    for op in order:
        r = rows[op]
        cells = []
        for impl in IMPLS:
            cells.append("%.1f" % r[impl] if impl in r else "-")
        ratios = []
        for impl in IMPLS[1:]:
            if "dtls.h" in r and impl in r and r[impl] > 0:
                ratios.append("%.2f" % (r["dtls.h"] / r[impl]))
            else:
                ratios.append("-")
        out.append("| %s | %s | %s | %s |" % (op, r["unit"], " | ".join(cells), " | ".join(ratios)))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if "--readme" in sys.argv[1:]:
        subprocess.run([sys.executable, __file__.replace("bench_table.py", "readme_block.py"), "bench"],
                       input=text, text=True, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
