#!/usr/bin/env python3
"""Checks tests/BUG_CLASSES.md: every row names at least one test, and every
named test `program:test` exists as TEST(test) in tests/proto/program.c or
tests/crypto/program.c.  Exit 1 with the stale names.

    python3 tools/check_bugclasses.py [BUG_CLASSES.md]"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(ROOT, "tests", "BUG_CLASSES.md")
    rows = bad = 0
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].isdigit():
            continue
        rows += 1
        names = re.findall(r"`([a-z0-9_]+):([a-z0-9_]+)`", cells[3])
        if not names:
            print("check_bugclasses: row %s names no test" % cells[0])
            bad += 1
        for prog, test in names:
            src = None
            for d in ("proto", "crypto"):
                p = os.path.join(ROOT, "tests", d, prog + ".c")
                if os.path.exists(p):
                    src = open(p, encoding="utf-8").read()
            if src is None or not re.search(r"^TEST\(%s\)" % re.escape(test), src, re.M):
                print("check_bugclasses: row %s: %s:%s does not exist" % (cells[0], prog, test))
                bad += 1
    if rows == 0:
        print("check_bugclasses: no rows in %s" % path)
        return 1
    print("check_bugclasses: %d rows, %s" % (rows, "every named test exists" if not bad else "%d stale" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
