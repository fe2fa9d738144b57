#!/usr/bin/env python3
"""check_manifests.py - the package manifests follow their ecosystem's rules
and the library (tests/run.sh, stage packaging).

    python3 tests/cmake/check_manifests.py [--root DIR] [--use NAME=PATH ...]
    python3 tests/cmake/check_manifests.py --keywords > keywords.txt

Checks library.properties (Arduino library specification 1.5), keywords.txt
(Arduino: KEYWORD1 types, KEYWORD2 functions, LITERAL1 constants, one tab),
library.json (PlatformIO's documented field rules) and idf_component.yml (ESP
component manager: metadata, targets, the idf dependency), read with a small
parser of the YAML subset it uses, and PyYAML as a second reader when present.
Every manifest carries the header's DTLS_VERSION_STRING and the same
repository.  keywords.txt must be current: exactly the public types and
functions of dtls.h / dtls_crypto.h and their DTLS_* constants (--keywords
prints it).  --use NAME=PATH checks PATH in place of the repository's NAME
(the stage's refusal tests).  Prints one line per manifest; exit 1 on any
error.
"""
import fnmatch
import glob
import json
import os
import re
import sys

ERRORS = []


def err(manifest, msg):
    ERRORS.append("%s: %s" % (manifest, msg))


# ---- the library's public names (the part of each header before its
# implementation) ----

def public_text(root):
    crypto = open(os.path.join(root, "dtls_crypto.h")).read()
    proto = open(os.path.join(root, "dtls.h")).read()
    crypto = crypto.split("\n#if defined(DTLS_CRYPTO_IMPLEMENTATION) || defined(DTLS_IMPLEMENTATION)")[0]
    proto = proto.split("\n#if defined(DTLS_IMPLEMENTATION)\n")[0]
    return re.sub(r"/\*.*?\*/", " ", crypto + "\n" + proto, flags=re.S)


def public_names(root):
    code = public_text(root)
    funcs = set(re.findall(r"DTLS_API\s[^;{]*?\b(dtls_[a-z0-9_]+)\s*\(", code))
    # dtls_ctx_init etc. are macros over *_layout (the layout guard): users
    # write the macro, never the *_layout function
    macros = set(re.findall(r"#define\s+(dtls_[a-z0-9_]+)\(", code))
    funcs = {f for f in funcs if not (f.endswith("_layout") and f[: -len("_layout")] in macros)} | macros
    types = set(re.findall(r"\}\s*(dtls_[a-z0-9_]+)\s*;", code))
    types |= set(re.findall(r"typedef\s[^;()]*?\b(dtls_[a-z0-9_]+)\s*;", code))
    types |= set(re.findall(r"typedef[^;]*?\(\s*\*\s*(dtls_[a-z0-9_]+)\s*\)", code))
    consts = set(re.findall(r"#define\s+(DTLS_[A-Z0-9_]+)\b(?![ \t]*\n)", code))  # not the include guards
    consts |= set(re.findall(r"\bX\((DTLS_ERR_[A-Z0-9_]+)", code))
    consts |= set(re.findall(r"\b(DTLS_[A-Z0-9_]+)\s*=", code))
    consts |= set(re.findall(r"defined\((DTLS_[A-Z0-9_]+)\)", code))  # DTLS_IMPLEMENTATION, DTLS_STATIC, ...
    consts -= {"DTLS_API", "DTLS_LAYOUT", "DTLS_ERROR_LIST"}  # plumbing nobody writes
    consts = {c for c in consts if not c.endswith("_BASE") and not c.startswith("DTLS__")}
    types = {t for t in types if not t.startswith("dtls__")}
    funcs = {f for f in funcs if not f.startswith("dtls__")}  # private macros (prologue.h's dtls__rom_*)
    return sorted(types), sorted(funcs), sorted(consts)


def keywords_text(root):
    types, funcs, consts = public_names(root)
    out = ["# keywords.txt - Arduino IDE syntax colouring for dtls.h (tab-separated).",
           "# Generated from the headers: python3 tests/cmake/check_manifests.py --keywords > keywords.txt",
           "", "# types (KEYWORD1)"]
    out += ["%s\tKEYWORD1" % t for t in types]
    out += ["", "# functions (KEYWORD2)"]
    out += ["%s\tKEYWORD2" % f for f in funcs]
    out += ["", "# constants and options (LITERAL1)"]
    out += ["%s\tLITERAL1" % c for c in consts]
    return "\n".join(out) + "\n"


# ---- a reader for the YAML subset of idf_component.yml: block mappings,
# block sequences of scalars, quoted or plain scalars, comments ----

def yaml_scalar(text, where):
    text = text.strip()
    if text.startswith('"'):
        m = re.match(r'"((?:[^"\\]|\\.)*)"\s*(#.*)?$', text)
        if not m:
            raise ValueError("%s: bad double-quoted scalar %s" % (where, text))
        return json.loads('"%s"' % m.group(1))
    if text.startswith("'"):
        m = re.match(r"'((?:[^']|'')*)'\s*(#.*)?$", text)
        if not m:
            raise ValueError("%s: bad single-quoted scalar %s" % (where, text))
        return m.group(1).replace("''", "'")
    text = re.sub(r"\s+#.*$", "", text)
    if text[:1] in "[{&*!|>%@`":
        raise ValueError("%s: unsupported YAML construct %s" % (where, text))
    if text in ("true", "false"):
        return text == "true"
    return text


def yaml_load(src):
    lines = []
    for n, raw in enumerate(src.split("\n"), 1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ValueError("line %d: tab in indentation" % n)
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        lines.append((n, len(raw) - len(raw.lstrip(" ")), raw.strip()))

    def block(i, indent):
        n, ind, text = lines[i]
        if text.startswith("- ") or text == "-":
            seq = []
            while i < len(lines) and lines[i][1] == indent and lines[i][2].startswith("-"):
                n, _, text = lines[i]
                if text == "-" or re.match(r"-\s+[^\"'\s][^:]*:(\s|$)", text):
                    raise ValueError("line %d: only sequences of scalars are supported" % n)
                seq.append(yaml_scalar(text[1:], "line %d" % n))
                i += 1
            return seq, i
        mapping = {}
        while i < len(lines) and lines[i][1] == indent:
            n, _, text = lines[i]
            m = re.match(r"([A-Za-z0-9_./-]+|\"[^\"]+\"|'[^']+'):(?:\s+(.*))?$", text)
            if not m:
                raise ValueError("line %d: expected 'key: value', got %s" % (n, text))
            key = m.group(1).strip("\"'")
            if key in mapping:
                raise ValueError("line %d: duplicate key %s" % (n, key))
            value = m.group(2)
            i += 1
            if value is None or value.startswith("#"):
                if i < len(lines) and lines[i][1] > indent:
                    mapping[key], i = block(i, lines[i][1])
                elif i < len(lines) and lines[i][1] == indent and lines[i][2].startswith("- "):
                    mapping[key], i = block(i, indent)  # a sequence at the key's indentation
                else:
                    mapping[key] = None
            else:
                mapping[key] = yaml_scalar(value, "line %d" % n)
        if i < len(lines) and lines[i][1] > indent:
            raise ValueError("line %d: unexpected indentation" % lines[i][0])
        return mapping, i

    if not lines:
        return {}
    doc, i = block(0, lines[0][1])
    if i != len(lines):
        raise ValueError("line %d: unexpected indentation" % lines[i][0])
    return doc


# ---- the manifests ----

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/-]*)?$")


def repo_url(url):
    """The repository's web address without a trailing .git or slash."""
    return re.sub(r"(\.git)?/?$", "", url or "")


def check_properties(path, root, version):
    name = "library.properties"
    allowed = {"name", "version", "author", "maintainer", "email", "sentence", "paragraph", "category", "url",
               "architectures", "depends", "dot_a_linkage", "includes", "precompiled", "ldflags"}
    required = ["name", "version", "author", "maintainer", "sentence", "paragraph", "category", "url",
                "architectures"]
    props = {}
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        err(name, "not UTF-8")
        return None
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "=" not in line:
            err(name, "line %d is not key=value" % n)
            continue
        k, v = line.split("=", 1)
        if k != k.strip() or k not in allowed:
            err(name, "line %d: unknown field %r" % (n, k))
        if k in props:
            err(name, "line %d: %s given twice" % (n, k))
        props[k] = v.strip()
    for k in required:
        if not props.get(k):
            err(name, "required field %s is missing or empty" % k)
    n = props.get("name", "")
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]*$", n) or not re.search(r"[A-Za-z]", n) or len(n) > 63:
        err(name, "name %r: letters, digits, spaces, _ . -; starts with a letter or digit; at most 63" % n)
    if n.lower().startswith("arduino"):
        err(name, "name %r: names starting with Arduino are reserved" % n)
    if props.get("version") != version:
        err(name, "version %r is not the header's %s" % (props.get("version"), version))
    categories = {"Display", "Communication", "Signal Input/Output", "Sensors", "Device Control", "Timing",
                  "Data Storage", "Data Processing", "Other"}
    if props.get("category") not in categories:
        err(name, "category %r is not one of %s" % (props.get("category"), sorted(categories)))
    if not HTTPS.match(props.get("url", "")):
        err(name, "url %r is not an https address" % props.get("url"))
    arch = props.get("architectures", "")
    if not all(re.match(r"^(\*|[a-z0-9_]+)$", a.strip()) for a in arch.split(",")):
        err(name, "architectures %r: a comma-separated list of architectures, or *" % arch)
    for inc in (props.get("includes") or "").split(","):
        if inc.strip() and not os.path.isfile(os.path.join(root, inc.strip())):
            err(name, "includes names %r, which is not at the library's root" % inc.strip())
    if "dtls.h" not in [i.strip() for i in (props.get("includes") or "").split(",")]:
        err(name, "includes must name dtls.h")
    # Arduino archives a library (dot_a_linkage) only in the recursive src/
    # layout; in dtls.h's flat layout the key would do nothing, and the
    # pattern it suggests (the implementation in a sketch's .c tab) fails to
    # link (tests/arduino/run.sh shows it; examples/arduino/README.md)
    if props.get("dot_a_linkage", "false") not in ("true", "false"):
        err(name, "dot_a_linkage must be true or false")
    if props.get("dot_a_linkage") == "true" and not os.path.isdir(os.path.join(root, "src")):
        err(name, "dot_a_linkage=true has no effect in the flat layout (no src/ folder): "
                  "a sketch sets options with DTLS_STATIC (examples/arduino/README.md)")
    words = props.get("sentence", "") + " " + props.get("paragraph", "")
    for bad in (r"\bnext\b", r"\bsoon\b", r"\btoday\b", r"\bplanned\b", r"\bcoming\b", r"\bTODO\b"):
        if re.search(bad, words, re.I):
            err(name, "sentence/paragraph say %r: the library is a complete DTLS 1.2 client and server" % bad)
    if not (re.search(r"DTLS 1\.2", props.get("sentence", "")) and re.search(r"\bclient\b", words)
            and re.search(r"\bserver\b", words)):
        err(name, "sentence/paragraph must say what it is: a DTLS 1.2 client and server")
    return props


def check_keywords(path, root):
    name = "keywords.txt"
    types, funcs, consts = public_names(root)
    want = {}
    for t in types:
        want[t] = "KEYWORD1"
    for f in funcs:
        want[f] = "KEYWORD2"
    for c in consts:
        want[c] = "LITERAL1"
    have = {}
    for n, line in enumerate(open(path).read().split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or " " in line or not fields[0]:
            err(name, "line %d: expected KEYWORD<TAB>TYPE, got %r" % (n, line))
            continue
        word, kind = fields
        if kind not in ("KEYWORD1", "KEYWORD2", "KEYWORD3", "LITERAL1", "LITERAL2"):
            err(name, "line %d: %r is not an Arduino keyword type" % (n, kind))
        if word in have:
            err(name, "line %d: %s listed twice" % (n, word))
        have[word] = kind
        if word not in want:
            err(name, "line %d: %s is no public type, function or constant of dtls.h" % (n, word))
        elif want[word] != kind:
            err(name, "line %d: %s should be %s, not %s" % (n, word, want[word], kind))
    missing = [w for w in sorted(want) if w not in have]
    if missing:
        err(name, "not current: %d public names missing (%s%s); regenerate with "
                  "python3 tests/cmake/check_manifests.py --keywords > keywords.txt"
            % (len(missing), ", ".join(missing[:5]), ", ..." if len(missing) > 5 else ""))
    return len(types), len(funcs), len(consts)


def check_library_json(path, root, version):
    name = "library.json"
    try:
        data = json.load(open(path))
    except ValueError as e:
        err(name, "not valid JSON: %s" % e)
        return None
    if not isinstance(data, dict):
        err(name, "not a JSON object")
        return None
    fields = {"$schema", "name", "version", "description", "keywords", "homepage", "repository", "authors",
              "license", "frameworks", "platforms", "headers", "examples", "dependencies", "export", "scripts",
              "build"}
    for k in data:
        if k not in fields:
            err(name, "unknown field %r (fields: docs.platformio.org/en/latest/manifests/library-json)" % k)
    for k in ("name", "version", "description", "keywords"):
        if not data.get(k):
            err(name, "required field %s is missing or empty" % k)
    n = data.get("name", "")
    if not isinstance(n, str) or not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", n) or len(n) > 50:
        err(name, "name %r: a-z, digits and single dashes, not at either end, at most 50" % n)
    if data.get("version") != version:
        err(name, "version %r is not the header's %s" % (data.get("version"), version))
    if not isinstance(data.get("description"), str) or len(data.get("description", "")) > 255:
        err(name, "description: a string of at most 255 characters")
    kw = data.get("keywords", [])
    kw = [k.strip() for k in kw.split(",")] if isinstance(kw, str) else kw
    if not isinstance(kw, list) or not all(isinstance(k, str) for k in kw):
        err(name, "keywords: a list of strings or a comma-separated string")
    else:
        for k in kw:
            if not re.match(r"^[a-z0-9]([a-z0-9._+-]*[a-z0-9])?$", k) or len(k) > 50:
                err(name, "keyword %r: lowercase a-z, digits, . _ + -, not starting or ending with . _ + -" % k)
        if len(", ".join(kw)) > 255:
            err(name, "keywords longer than 255 characters")
    repo = data.get("repository")
    if not isinstance(repo, dict) or repo.get("type") not in ("git", "hg", "svn") or not HTTPS.match(
            str(repo.get("url", ""))):
        err(name, "repository: {\"type\": \"git\" (or hg, svn), \"url\": an https address}")
        repo = {}
    authors = data.get("authors", [])
    authors = [authors] if isinstance(authors, dict) else authors
    if not isinstance(authors, list) or not all(isinstance(a, dict) and 1 <= len(a.get("name", "")) <= 50
                                                 for a in authors):
        err(name, "authors: objects with a name of 1..50 characters")
    lic = data.get("license")
    first = open(os.path.join(root, "LICENSE")).readline().strip()
    if lic != "MIT" or first != "MIT License":
        err(name, "license %r does not match LICENSE (%r)" % (lic, first))

    def str_list(field):
        v = data.get(field, [])
        v = [x.strip() for x in v.split(",")] if isinstance(v, str) else v
        if not isinstance(v, list) or not v:
            err(name, "%s: a list or a comma-separated string" % field)
            return []
        for x in v:
            if not isinstance(x, str) or not re.match(r"^([a-z\d_-]+|\*)$", x):
                err(name, "%s entry %r: only a-z 0-9 - _ or *" % (field, x))
        return v

    fw = str_list("frameworks")
    for f in ("arduino", "espidf"):
        if f not in fw:
            err(name, "frameworks must list %s" % f)
    str_list("platforms")
    headers = data.get("headers", [])
    headers = [headers] if isinstance(headers, str) else headers
    for h in headers:
        if not os.path.isfile(os.path.join(root, h)):
            err(name, "headers: %s does not exist" % h)
    if "dtls.h" not in headers:
        err(name, "headers must name dtls.h")
    examples = data.get("examples", [])
    if not examples:
        err(name, "examples: none listed")
    for ex in examples:
        if isinstance(ex, str):
            if not glob.glob(os.path.join(root, ex)):
                err(name, "example pattern %r matches no file" % ex)
        elif isinstance(ex, dict):
            if not re.match(r"^[a-zA-Z\d_/-]{1,100}$", str(ex.get("name", ""))):
                err(name, "example name %r: only a-z A-Z 0-9 - _ /" % ex.get("name"))
            base = os.path.join(root, str(ex.get("base", "")))
            if not os.path.isdir(base):
                err(name, "example base %r is not a directory" % ex.get("base"))
            files = ex.get("files")
            if not isinstance(files, list) or not files:
                err(name, "example %r: files must be a non-empty list" % ex.get("name"))
            else:
                for f in files:
                    if not os.path.isfile(os.path.join(base, f)):
                        err(name, "example %r: %s does not exist" % (ex.get("name"), f))
        else:
            err(name, "examples: glob patterns or {name, base, files} objects")
    for ex in sorted(glob.glob(os.path.join(root, "examples/arduino/*/*.ino"))):
        rel = os.path.relpath(ex, root)
        listed = any(isinstance(e, str) and fnmatch.fnmatch(rel, e) for e in examples) or any(
            isinstance(e, dict) and os.path.normpath(os.path.join(e.get("base", ""), f)) == rel
            for e in examples for f in e.get("files", []))
        if not listed:
            err(name, "examples: the sketch %s is not listed" % rel)
    build = data.get("build", {})
    if build.get("includeDir") and not os.path.isdir(os.path.join(root, build["includeDir"])):
        err(name, "build.includeDir %r is not a directory" % build["includeDir"])
    flt = build.get("srcFilter", [])
    flt = flt.split() if isinstance(flt, str) else flt
    if flt != ["-<*>", "+<dtls.c>"] or build.get("srcDir") != ".":
        err(name, "build: srcDir \".\" and srcFilter [\"-<*>\", \"+<dtls.c>\"]: compile dtls.c and nothing else")
    for inc in data.get("export", {}).get("include", []):
        if not glob.glob(os.path.join(root, inc)):
            err(name, "export.include %r matches nothing" % inc)
    return repo_url(repo.get("url"))


def check_idf(path, root, version):
    name = "idf_component.yml"
    src = open(path).read()
    try:
        data = yaml_load(src)
    except ValueError as e:
        err(name, "not the YAML this check reads: %s" % e)
        return None
    try:
        import yaml  # a second reader, when PyYAML is installed
        other = yaml.safe_load(src)
        if other != data:
            err(name, "PyYAML reads it differently: %r" % other)
    except ImportError:
        pass
    except Exception as e:  # noqa: BLE001 - any PyYAML error is a finding
        err(name, "PyYAML: %s" % e)
    if not isinstance(data, dict):
        err(name, "not a mapping")
        return None
    known = {"name", "version", "targets", "maintainers", "description", "license", "tags", "dependencies",
             "files", "examples", "url", "repository", "documentation", "issues", "discussion",
             "repository_info"}
    for k in data:
        if k not in known:
            err(name, "unknown field %r" % k)
    if data.get("version") != version:
        err(name, "version %r is not the header's %s" % (data.get("version"), version))
    if not isinstance(data.get("description"), str) or not data.get("description"):
        err(name, "description is missing")
    if data.get("license") != "MIT":
        err(name, "license %r does not match LICENSE (MIT)" % data.get("license"))
    for k in ("url", "documentation", "issues", "discussion"):
        if k in data and not HTTPS.match(str(data[k])):
            err(name, "%s %r is not an https address" % (k, data[k]))
    if not data.get("url"):
        err(name, "url is missing")
    if "repository" in data and not re.match(r"^https://[A-Za-z0-9.-]+/[A-Za-z0-9._/-]+\.git$",
                                             str(data["repository"])):
        err(name, "repository %r is not a git URL" % data["repository"])
    known_targets = {"esp32", "esp32s2", "esp32s3", "esp32c2", "esp32c3", "esp32c5", "esp32c6", "esp32c61",
                     "esp32h2", "esp32h21", "esp32h4", "esp32p4", "esp32s31", "linux"}
    targets = data.get("targets")
    if not isinstance(targets, list) or not targets:
        err(name, "targets: a list of ESP-IDF targets")
    else:
        for t in targets:
            if t not in known_targets:
                err(name, "target %r is not an ESP-IDF target" % t)
        if len(set(targets)) != len(targets):
            err(name, "targets listed twice")
    for t in data.get("tags") or []:
        if not re.match(r"^[A-Za-z0-9_-]{3,32}$", str(t)):
            err(name, "tag %r: 3..32 of A-Z a-z 0-9 _ -" % t)
    deps = data.get("dependencies")
    idf = deps.get("idf") if isinstance(deps, dict) else None
    spec = idf.get("version") if isinstance(idf, dict) else idf
    if not isinstance(spec, str) or not re.match(r"^(\s*(>=|<=|==|!=|>|<|~=|\^|~)?\s*\d+(\.\d+){0,2}\s*,?)+$",
                                                 spec):
        err(name, "dependencies: idf: version must give the ESP-IDF versions (e.g. \">=4.4\"), got %r" % spec)
    files = data.get("files") or {}
    for inc in files.get("include", []) if isinstance(files, dict) else []:
        if not glob.glob(os.path.join(root, inc)):
            err(name, "files.include %r matches nothing" % inc)
    for must in ("dtls.c", "dtls.h", "dtls_crypto.h", "CMakeLists.txt"):
        if isinstance(files, dict) and files.get("include") and must not in files["include"]:
            err(name, "files.include leaves out %s" % must)
    return repo_url(data.get("url")), repo_url(data.get("repository"))


def main(argv):
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    use = {}
    args = list(argv)
    if "--root" in args:
        i = args.index("--root")
        root = args[i + 1]
        del args[i:i + 2]
    if args == ["--keywords"]:
        sys.stdout.write(keywords_text(root))
        return 0
    while args:
        a = args.pop(0)
        if a == "--use" and args and "=" in args[0]:
            k, v = args.pop(0).split("=", 1)
            use[k] = v
        else:
            sys.stderr.write(__doc__)
            return 2

    def path(n):
        return use.get(n, os.path.join(root, n))

    m = re.search(r'#define DTLS_VERSION_STRING "([^"]+)"', open(os.path.join(root, "dtls.h")).read())
    version = m.group(1) if m else None
    if not version or not SEMVER.match(version):
        err("dtls.h", "no semantic DTLS_VERSION_STRING")

    props = check_properties(path("library.properties"), root, version) or {}
    nt, nf, nc = check_keywords(path("keywords.txt"), root)
    pio_url = check_library_json(path("library.json"), root, version)
    idf_urls = check_idf(path("idf_component.yml"), root, version) or (None, None)
    urls = {"library.properties url": repo_url(props.get("url")), "library.json repository.url": pio_url,
            "idf_component.yml url": idf_urls[0], "idf_component.yml repository": idf_urls[1]}
    if len(set(urls.values())) != 1:
        err("manifests", "name different repositories: %s" % urls)

    for e in ERRORS:
        print("  " + e)
    if ERRORS:
        print("%d manifest error(s)" % len(ERRORS))
        return 1
    print("version %s and repository %s in every manifest; keywords.txt: %d types, %d functions, %d constants"
          % (version, urls["library.properties url"], nt, nf, nc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
