#!/usr/bin/env python3
"""Checks that every identifier and path a Markdown doc names exists in the repository:
   - every dtls_* / DTLS_* word (prose and code blocks) is defined or used in the sources;
   - every other backticked identifier (foo, foo(), foo.bar) occurs in the sources (your_* skipped);
   - every backticked or linked path exists; every `make X` is a Makefile target.
   usage: check_docs.py ROOT doc.md ..."""
import os, re, sys, subprocess
root = sys.argv[1]
SRC_EXT = ('.c', '.h', '.cpp', '.ino', '.py', '.sh', '.txt', '.cmake', '.in', '.yml', '.json', '.properties', '.S', '.ld')
corpus = []
for d, dirs, files in os.walk(root):
    dirs[:] = [x for x in dirs if x not in ('.git', 'build') and not x.startswith('.')]
    for f in files:
        if f.endswith(SRC_EXT) or f in ('Kconfig', 'Makefile', 'CMakeLists.txt', 'Kconfig.projbuild', 'sdkconfig.defaults', 'keywords.txt'):
            try:
                corpus.append(open(os.path.join(d, f), encoding='utf-8', errors='replace').read())
            except OSError:
                pass
text_all = '\n'.join(corpus)
words = set(re.findall(r'[A-Za-z_][A-Za-z0-9_]*', text_all))
mk = open(os.path.join(root, 'Makefile')).read()
targets = set(re.findall(r'^([a-z][a-z0-9_-]*):', mk, re.M)) | set(re.findall(r'^\.PHONY:(.*)$', mk, re.M)[0].split() if re.findall(r'^\.PHONY:(.*)$', mk, re.M) else [])
for m in re.findall(r'^\.PHONY:(.*)$', mk, re.M):
    targets |= set(m.split())
bad = 0
# named on purpose although not in this repository: the user's file, an ESP-IDF build function
EXTERNAL = {'platformio.ini', 'idf_build_set_property'}
for doc in sys.argv[2:]:
    s = open(doc, encoding='utf-8').read()
    ddir = os.path.dirname(os.path.abspath(doc))
    def err(msg):
        global bad
        bad += 1
        print('%s: %s' % (os.path.relpath(doc, root), msg))
    # anchors: every (#x) must be a heading of this file (GitHub's slugs)
    slugs = set()
    for h in re.findall(r'^#+ (.*)$', s, re.M):
        slugs.add(re.sub(r'[^\w\- ]', '', h.strip().lower()).replace(' ', '-'))
    for a in re.findall(r'\]\(#([^)]+)\)', s):
        if a not in slugs:
            err('no heading for anchor #%s' % a)
    prose = re.sub(r'\]\([^)]*\)', ']', s)
    for w in sorted(set(re.findall(r'\b(?:dtls|DTLS)_[A-Za-z0-9_]*\b', prose))):
        if w not in words:
            err('unknown dtls name: %s' % w)
    for link in re.findall(r'\]\(([^)#]+)', s):
        if link.startswith('http'):
            continue
        if not os.path.exists(os.path.normpath(os.path.join(ddir, link))):
            err('broken link: %s' % link)
    for tok in re.findall(r'`([^`\n]+)`', s):
        t = tok.strip()
        m = re.match(r'make ([a-z-]+)', t)
        if m:
            if m.group(1) not in targets:
                err('no make target: %s' % t)
            continue
        if re.match(r'^[\w.-]+(/[\w.*<>-]*)+/?$', t) or re.match(r'^[\w-]+\.(c|h|md|sh|py|ino|ld|txt|yml|json)$', t):
            cand = [os.path.join(root, t), os.path.join(ddir, t)]
            if not any(os.path.exists(c) for c in cand) and '*' not in t and '<' not in t:
                # a bare file name: search
                if '/' not in t and subprocess.run(['find', root, '-name', t, '-not', '-path', '*/.git/*'], capture_output=True, text=True).stdout:
                    continue
                err('no such path: %s' % t)
            continue
        if t in EXTERNAL or t.split('(')[0] in EXTERNAL:
            continue
        m = re.match(r'^([A-Za-z_][A-Za-z0-9_]*)(\(|$|\.|->)', t)
        if m and not m.group(1).startswith('your_'):
            ident = m.group(1)
            if ident not in words:
                err('identifier not found in sources: %s  (in `%s`)' % (ident, t))
            for sub in re.findall(r'(?:\.|->)([A-Za-z_][A-Za-z0-9_]*)', t.split('(')[0]):
                if sub not in words:
                    err('member not found in sources: %s  (in `%s`)' % (sub, t))
print('check_docs: %d problem(s)' % bad)
sys.exit(1 if bad else 0)
