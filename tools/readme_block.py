#!/usr/bin/env python3
"""Replaces the text between <!-- NAME:begin --> and <!-- NAME:end --> in README.md
with the contents of standard input (figures in the README come from make
targets, never typed by hand).  Usage: readme_block.py NAME < text"""
import os
import sys


def main():
    name = sys.argv[1]
    text = sys.stdin.read().rstrip("\n") + "\n"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "README.md")
    with open(path, encoding="utf-8") as f:
        readme = f.read()
    begin, end = "<!-- %s:begin -->\n" % name, "<!-- %s:end -->" % name
    i, j = readme.find(begin), readme.find(end)
    if i < 0 or j < i:
        print("readme_block.py: README.md has no %s block" % name, file=sys.stderr)
        return 1
    readme = readme[: i + len(begin)] + text + readme[j:]
    with open(path, "w", encoding="utf-8") as f:
        f.write(readme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
