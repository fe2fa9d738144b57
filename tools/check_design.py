#!/usr/bin/env python3
"""Checks docs/DESIGN.md's map (section 0): every function a row names is
defined in one of the files the row names.  Exit 1 with the stale rows.

    python3 tools/check_design.py [DESIGN.md]"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(ROOT, "docs", "DESIGN.md")
    text = open(path, encoding="utf-8").read()
    start = text.find("## 0. Map")
    if start < 0:
        print("check_design: no '## 0. Map' section in %s" % path)
        return 1
    section = text[start:text.find("\n## ", start + 1)]
    rows = bad = 0
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[1].startswith("`proto/") and not cells[1].startswith("`crypto/"):
            continue
        files = re.findall(r"`([^`]+)`", cells[1])
        funcs = re.findall(r"`([^`]+)`", cells[2])
        sources = ""
        for f in files:
            try:
                sources += open(os.path.join(ROOT, f), encoding="utf-8").read()
            except OSError:
                print("check_design: %s: no such file (row: %s)" % (f, cells[0]))
                bad += 1
        for fn in funcs:
            # a definition: the name at the start of a declaration line, then '('
            if not re.search(r"^(?:static |DTLS__PRIV |DTLS_API )?[\w ]+\**\b%s\(" % re.escape(fn), sources, re.M):
                print("check_design: %s is not defined in %s (row: %s)" % (fn, ", ".join(files), cells[0]))
                bad += 1
        rows += 1
    if rows == 0:
        print("check_design: the map has no rows")
        return 1
    print("check_design: %d rows, %s" % (rows, "every named function exists" if not bad else "%d stale" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
