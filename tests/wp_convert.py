#!/usr/bin/env python3
"""Flattens Wycheproof JSON vector files into a line format C tests read.

Usage: wp_convert.py SRC_DIR DST_DIR
For every SRC_DIR/*_test.json writes DST_DIR/<name>.txt (name without _test.json):
  G<TAB>key=value<TAB>...   one per testGroup (nested objects flattened as a.b)
  T<TAB>key=value<TAB>...   one per test (flags joined with ',')
Values are copied as they are (hex stays hex); tabs and newlines in comments
become spaces.  Standard library only."""
import json
import os
import sys


def flat(prefix, obj, out):
    if isinstance(obj, dict):
        for k, v in obj.items():
            flat(prefix + k + ("." if isinstance(v, dict) else ""), v, out)
    elif isinstance(obj, list):
        out.append((prefix, ",".join(str(x) for x in obj)))
    else:
        if isinstance(obj, bool):
            obj = "true" if obj else "false"
        out.append((prefix, str(obj).replace("\t", " ").replace("\n", " ")))


def line(tag, obj, skip):
    pairs = []
    for k, v in obj.items():
        if k in skip:
            continue
        flat(k + ("." if isinstance(v, dict) else ""), v, pairs)
    return tag + "".join("\t%s=%s" % (k, v) for k, v in pairs) + "\n"


def main():
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    for fn in sorted(os.listdir(src)):
        if not fn.endswith("_test.json"):
            continue
        with open(os.path.join(src, fn), encoding="utf-8") as f:
            data = json.load(f)
        name = fn[: -len("_test.json")]
        tmp = os.path.join(dst, name + ".txt.tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            for g in data["testGroups"]:
                out.write(line("G", g, ("tests",)))
                for t in g["tests"]:
                    out.write(line("T", t, ()))
        os.replace(tmp, os.path.join(dst, name + ".txt"))


if __name__ == "__main__":
    main()
