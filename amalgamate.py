#!/usr/bin/env python3
"""Generates dtls_crypto.h and dtls.h from the modules in crypto/ and proto/.

    python3 amalgamate.py          write the two headers
    python3 amalgamate.py --check  exit 1 (and say which) if a committed header is stale

Reproducible: the output depends only on the files listed below (no dates, no
paths of this machine).  Every quoted #include must name a file of the
manifest, and every <system> include must be in ALLOWED_SYSTEM: anything else
is an error, so a module cannot quietly depend on something the single-header
user does not have.  Python 3 standard library only."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))

ALLOWED_SYSTEM = {"stddef.h", "stdint.h", "string.h", "limits.h", "avr/pgmspace.h"}  # the last only in prologue.h, under __AVR__

# Order matters: a header comes after the headers it includes.
CRYPTO_PUBLIC = [
    "crypto/prologue.h", "crypto/config.h", "crypto/algs.h", "crypto/error.h", "crypto/ct.h",
    "crypto/sha2.h", "crypto/hmac.h", "crypto/aes.h", "crypto/gcm.h", "crypto/ccm.h",
    "crypto/chachapoly.h", "crypto/x25519.h", "crypto/p256.h", "crypto/p384.h", "crypto/rsa.h",
    "crypto/hooks.h",
]
CRYPTO_PRIVATE = ["crypto/internal.h", "crypto/ecc_int.h", "crypto/p256_int.h", "crypto/bignum_int.h"]
CRYPTO_SOURCES = [
    "crypto/error.c", "crypto/ct.c", "crypto/sha2.c", "crypto/hmac.c", "crypto/aes.c",
    "crypto/gcm.c", "crypto/ccm.c", "crypto/chachapoly.c", "crypto/x25519.c", "crypto/ecc.c",
    "crypto/p256_fe32.c", "crypto/p256_fe64.c", "crypto/p256.c", "crypto/p384.c", "crypto/bignum.c",
    "crypto/rsa.c", "crypto/hooks.c",
]
# The private headers whose types the public structs embed come first (their
# functions stay private: see DTLS__PRIV in crypto/prologue.h).
PROTO_PUBLIC = ["proto/version.h", "proto/replay.h", "proto/record.h", "proto/hs_msg.h", "proto/cookie.h", "proto/x509.h",
                "proto/api.h"]
PROTO_PRIVATE = ["proto/buf.h", "proto/der.h", "proto/msg.h", "proto/suites.h", "proto/keys.h", "proto/engine.h", "proto/heartbeat.h", "proto/srtp.h", "proto/session.h"]
PROTO_SOURCES = ["proto/buf.c", "proto/replay.c", "proto/record.c", "proto/msg.c", "proto/suites.c", "proto/keys.c", "proto/cookie.c", "proto/hs_msg.c",
                 "proto/der.c", "proto/x509.c", "proto/x509_path.c", "proto/pem.c", "proto/engine.c", "proto/flight.c",
                 "proto/handshake.c", "proto/handshake_cert.c", "proto/heartbeat.c", "proto/srtp.c", "proto/session.c", "proto/blocking.c", "proto/server.c"]

# In a public header, the line before its private function declarations.
PRIVATE_MARK = "/* ---- dtls.h puts what follows (private functions) in its implementation half ---- */"

# Files that are part of the split sources only and never amalgamated.
SPLIT_ONLY = {"crypto/api.h", "proto/all.h"}

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


class AmalgamationError(Exception):
    pass


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def existing(files):
    """Optional manifest entries (internal headers, shared modules) may be absent;
    every other listed file must exist."""
    optional = {"crypto/ecc_int.h", "crypto/ecc.c"}
    out = []
    for rel in files:
        if os.path.exists(os.path.join(ROOT, rel)):
            out.append(rel)
        elif rel not in optional:
            raise AmalgamationError("%s: listed in the manifest but missing" % rel)
    return out


def inline(rel, known, extra_known=()):
    """The text of rel with its known quoted includes removed."""
    lines = []
    for n, line in enumerate(read(rel).splitlines(), 1):
        m = INCLUDE_RE.match(line)
        if m:
            kind, name = m.group(1), m.group(2)
            if kind == "<":
                if name not in ALLOWED_SYSTEM:
                    raise AmalgamationError("%s:%d: system include <%s> is not allowed" % (rel, n, name))
                lines.append(line)
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(rel), name)).replace(os.sep, "/")
            if target in known or name in extra_known:
                continue  # already part of the amalgamation (or of the sibling header)
            raise AmalgamationError("%s:%d: unknown include \"%s\"" % (rel, n, name))
        lines.append(line)
    return "/* ---- %s ---- */\n%s\n" % (rel, "\n".join(lines).strip("\n"))


def comment_block(text):
    body = "\n".join((" * " + l).rstrip() for l in text.strip("\n").splitlines())
    return "/*\n" + body + "\n */\n"


def version():
    m = re.search(r'#define DTLS_VERSION_STRING "([^"]+)"', read("proto/version.h"))
    if not m:
        raise AmalgamationError("proto/version.h: no DTLS_VERSION_STRING")
    return m.group(1)


def manual_block(rel):
    """The manual as the header's first comment, its first line naming the
    library and its version (stb style: line 1 says what and which)."""
    lines = read(rel).strip("\n").splitlines()
    name, _, rest = lines[0].partition(" - ")
    first = "/* %s %s - %s" % (name, version(), rest)
    body = "\n".join((" * " + l).rstrip() for l in lines[1:])
    return first + "\n" + body + "\n */\n"


def license_block():
    return comment_block(read("LICENSE"))


def build_crypto():
    pub = existing(CRYPTO_PUBLIC)
    priv = existing(CRYPTO_PRIVATE)
    srcs = existing(CRYPTO_SOURCES)
    known = set(pub) | set(priv) | set(srcs)
    out = [manual_block("docs/manual_crypto.txt")]
    out.append("#ifndef DTLS_CRYPTO_H\n#define DTLS_CRYPTO_H\n\n#define DTLS__AMALGAMATED 1\n\n")
    out += [inline(f, known) + "\n" for f in pub]
    out.append("#endif /* DTLS_CRYPTO_H */\n\n")
    out.append("#if defined(DTLS_CRYPTO_IMPLEMENTATION) || defined(DTLS_IMPLEMENTATION)\n"
               "#ifndef DTLS__CRYPTO_IMPLEMENTED\n#define DTLS__CRYPTO_IMPLEMENTED\n\n")
    out += [inline(f, known) + "\n" for f in priv + srcs]
    out.append("#endif /* DTLS__CRYPTO_IMPLEMENTED */\n#endif /* DTLS_CRYPTO_IMPLEMENTATION */\n\n")
    out.append(license_block())
    return "".join(out)


def build_dtls():
    pub = existing(PROTO_PUBLIC)
    priv = existing(PROTO_PRIVATE)
    srcs = existing(PROTO_SOURCES)
    known = set(pub) | set(priv) | set(srcs)
    # Protocol modules include crypto headers by their split path; in dtls.h
    # those come from dtls_crypto.h, included once at the top.
    crypto_known = set(CRYPTO_PUBLIC) | set(CRYPTO_PRIVATE) | SPLIT_ONLY
    known |= crypto_known
    out = [manual_block("docs/manual_dtls.txt")]
    out.append("#ifndef DTLS_H\n#define DTLS_H\n\n#define DTLS__AMALGAMATED 1\n"
               "#include \"dtls_crypto.h\"\n\n")
    # The public half holds the public API and the types its structs embed;
    # a public header's private functions (after PRIVATE_MARK) go to the
    # implementation half.
    public, private = [], []
    for f in pub:
        text = inline(f, known)
        if PRIVATE_MARK in text:
            head, tail = text.split(PRIVATE_MARK)
            tail = tail.rstrip("\n")
            guard_end = tail[tail.rindex("\n#endif") + 1:]
            head, tail = head.rstrip("\n") + "\n\n" + guard_end + "\n", tail[:tail.rindex("\n#endif")] + "\n"
            private.append("/* ---- %s (private functions) ---- */\n%s\n" % (f, tail.strip("\n") + "\n"))
            text = head
        if "DTLS__PRIV " in text:
            raise AmalgamationError("%s: a private function (DTLS__PRIV) before its PRIVATE_MARK would land in "
                                    "dtls.h's public half" % f)
        public.append(text + "\n")
    out += public
    out.append("#endif /* DTLS_H */\n\n")
    out.append("#if defined(DTLS_IMPLEMENTATION)\n#ifndef DTLS__IMPLEMENTED\n#define DTLS__IMPLEMENTED\n\n")
    out += private
    out += [inline(f, known) + "\n" for f in priv + srcs]
    out.append("#endif /* DTLS__IMPLEMENTED */\n#endif /* DTLS_IMPLEMENTATION */\n\n")
    out.append(license_block())
    return "".join(out)


def main(argv):
    check = "--check" in argv[1:]
    try:
        outputs = {"dtls_crypto.h": build_crypto(), "dtls.h": build_dtls()}
    except (AmalgamationError, OSError) as e:
        print("amalgamate.py: %s" % e, file=sys.stderr)
        return 2
    stale = []
    for name, text in outputs.items():
        path = os.path.join(ROOT, name)
        current = None
        if os.path.exists(path):
            with open(path, encoding="utf-8", newline="") as f:
                current = f.read()
        if current == text:
            continue
        if check:
            stale.append(name)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print("amalgamate.py: wrote %s" % name)
    if stale:
        print("amalgamate.py: stale: %s (run python3 amalgamate.py and commit)" % ", ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
