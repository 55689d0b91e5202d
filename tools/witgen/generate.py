#!/usr/bin/env python3
"""Generates C++ host bindings from WIT (docs/wit-bindings.md).

    generate.py --out DIR [--features a,b] [--prefix p3] [--list] WIT_FOLDER...

Writes, under DIR, `wit/<ns>/<package>/<interface>.hpp|.cpp` for every interface,
`wit/<ns>/<package>.hpp|.cpp` per package and `wit/<ns>/<package>/<world>.hpp|.cpp` per world.
A file is rewritten only when its text changes, so a build recompiles only what changed.
`--list` prints the paths it would write (one a line) and writes nothing. Problems in the WIT
are reported as `file:line:col: message` with exit status 1.
"""
import argparse
import os
import re
import sys

sys.dont_write_bytecode = True  # nothing in the source tree but sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from witgen import emit_aggregate  # noqa: E402
from witgen.cpp_types import header_path, package_parts  # noqa: E402
from witgen.emit_interface import InterfaceEmitter  # noqa: E402
from witgen.errors import WitError  # noqa: E402
from witgen.resolve import load  # noqa: E402


def generate(folders, features=(), prefix=None):
    """{relative path: text} for every file the WIT folders give; `prefix` (a C++ identifier)
    puts every namespace under stratus::wit::<prefix> and every file under wit/<prefix>/."""
    if prefix is not None and not re.fullmatch(r"[a-z][a-z0-9_]*", prefix):
        raise WitError(None, f"--prefix {prefix!r}: lower-case letters, digits and _, a letter first")
    packages = load(folders, features)
    for pkg in packages:
        pkg.cpp_prefix = (prefix,) if prefix else ()
    files = {}
    namespaces = {}
    for pkg in packages:
        ns = tuple(package_parts(pkg))
        if ns in namespaces:
            raise WitError(None, f"packages {namespaces[ns]} and {pkg.name} would share the C++ namespace "
                                 f"{'::'.join(ns)}: generate them separately")
        namespaces[ns] = pkg.name
        label = os.path.basename(pkg.folder.rstrip("/")) or pkg.folder
        label = f"{pkg.name} ({label})"
        for iface in pkg.interfaces.values():
            e = InterfaceEmitter(iface, label)
            path = header_path(iface)
            files[path] = e.header()
            files[path[:-len(".hpp")] + ".cpp"] = e.source()
        ifaces = emit_aggregate.package_interfaces(pkg)
        if ifaces:
            path, h, s = emit_aggregate.emit(pkg, ifaces, label)
            files[path + ".hpp"], files[path + ".cpp"] = h, s
        for world in pkg.worlds.values():
            if world.imports:
                path, h, s = emit_aggregate.emit(pkg, world.imports, label, world)
                files[path + ".hpp"], files[path + ".cpp"] = h, s
    return files


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="the folder to write the bindings into")
    ap.add_argument("--features", default="", help="comma-separated @unstable features to include")
    ap.add_argument("--prefix", help="a namespace under stratus::wit (and folder under wit/) for every "
                                     "package, to keep two versions of one package apart")
    ap.add_argument("--list", action="store_true", help="print the files it would write, write nothing")
    ap.add_argument("--stamp", help="a file to touch after writing (for the build's dependency tracking)")
    ap.add_argument("folders", nargs="+", help="WIT folders (or files): their .wit files and deps/")
    args = ap.parse_args(argv)
    features = [f for f in args.features.split(",") if f]
    try:
        files = generate(args.folders, features, args.prefix)
    except WitError as e:
        print(f"witgen: {e}", file=sys.stderr)
        return 1
    if args.list:
        for rel in sorted(files):
            print(os.path.join(args.out, rel))
        return 0
    for rel, text in sorted(files.items()):
        write_if_changed(os.path.join(args.out, rel), text)
    if args.stamp:
        with open(args.stamp, "w", encoding="utf-8") as f:
            f.write("\n".join(sorted(files)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
