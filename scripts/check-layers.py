#!/usr/bin/env python3
"""Fails when an #include points up the layer order, or a layer links other than it includes.

The order and the owner of each public header come from src/CMakeLists.txt (STRATUS_LAYERS,
STRATUS_PUBLIC_HEADERS_<layer>). A file belongs to the layer of its folder under src/, or, in
include/stratus/, to the layer that owns it. An include of "<layer>/..." or "stratus/<header>"
names the layer it reaches; it must not be above the including file's layer. Each layer must
also link (target_link_libraries in src/<layer>/CMakeLists.txt) exactly the other layers its
files include, so the include roots the build gives it are the ones it needs.

    scripts/check-layers.py [repo root]     (default: the repository holding this script)
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*"([^"]+)"', re.MULTILINE)
SOURCE_SUFFIXES = {".hpp", ".cpp", ".h", ".c", ".def", ".inc"}


def cmake_lists(text, name):
    """The words of `set(<name> ...)` in a CMake file."""
    m = re.search(r"^set\(" + re.escape(name) + r"\s+([^)]*)\)", text, re.MULTILINE)
    return m.group(1).split() if m else None


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    src_cmake = (root / "src" / "CMakeLists.txt").read_text()
    layers = cmake_lists(src_cmake, "STRATUS_LAYERS")
    if not layers:
        print("check-layers: no STRATUS_LAYERS in src/CMakeLists.txt", file=sys.stderr)
        return 2
    rank = {layer: i for i, layer in enumerate(layers)}
    problems = []

    header_owner = {}
    for layer in layers:
        for header in cmake_lists(src_cmake, "STRATUS_PUBLIC_HEADERS_" + layer) or []:
            if header in header_owner:
                problems.append(f"include/stratus/{header}: owned by both {header_owner[header]} and {layer}")
            header_owner[header] = layer
    public_root = root / "include" / "stratus"
    for path in sorted(p for p in public_root.rglob("*") if p.is_file()):
        header = path.relative_to(public_root).as_posix()
        if header not in header_owner:
            problems.append(f"include/stratus/{header}: no layer owns it (add it to a "
                            "STRATUS_PUBLIC_HEADERS_<layer> list in src/CMakeLists.txt)")
    for header in header_owner:
        if not (root / "include" / "stratus" / header).exists():
            problems.append(f"src/CMakeLists.txt: public header {header} does not exist")

    files = []  # (path relative to root, layer)
    for folder in sorted((root / "src").iterdir()):
        if not folder.is_dir():
            continue
        if folder.name not in rank:
            problems.append(f"src/{folder.name}/: not a layer (add it to STRATUS_LAYERS)")
            continue
        files += [(p, folder.name) for p in sorted(folder.rglob("*")) if p.suffix in SOURCE_SUFFIXES]
    files += [(root / "include" / "stratus" / h, owner) for h, owner in header_owner.items()
              if (root / "include" / "stratus" / h).exists()]

    included = {layer: set() for layer in layers}  # other layers each layer's files include
    for path, layer in files:
        text = path.read_text(errors="replace")
        for m in INCLUDE.finditer(text):
            target = m.group(1)
            first, _, rest = target.partition("/")
            if first == "stratus":
                reached = header_owner.get(rest)
                if reached is None:
                    problems.append(f"{path.relative_to(root)}: includes \"{target}\", which no layer owns")
                    continue
            elif first in rank:
                reached = first
            else:
                continue  # a path relative to the including file
            line = text.count("\n", 0, m.start()) + 1
            if rank[reached] > rank[layer]:
                problems.append(f"{path.relative_to(root)}:{line}: {layer} includes \"{target}\" of {reached}, "
                                f"a higher layer")
            elif reached != layer:
                included[layer].add(reached)

    target_layer = {}  # CMake target -> layer
    links = {}         # layer -> layers its targets link
    for layer in layers:
        cmake = root / "src" / layer / "CMakeLists.txt"
        if cmake.exists():
            for name in re.findall(r"add_library\(\s*(\w+)", cmake.read_text()):
                target_layer[name] = layer
    for layer in layers:
        cmake = root / "src" / layer / "CMakeLists.txt"
        if not cmake.exists():
            continue
        linked = set()
        for args in re.findall(r"target_link_libraries\(([^)]*)\)", cmake.read_text()):
            words = args.split()
            linked |= {target_layer[w] for w in words[1:] if w in target_layer}
        linked.discard(layer)
        links[layer] = linked
        for missing in sorted(included[layer] - linked, key=rank.get):
            problems.append(f"src/{layer}/CMakeLists.txt: {layer} includes {missing} but does not link it")
        for extra in sorted(linked - included[layer], key=rank.get):
            problems.append(f"src/{layer}/CMakeLists.txt: {layer} links {extra} but includes nothing of it")

    if problems:
        print(f"check-layers: the layer order ({' < '.join(layers)}) is broken:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"check-layers: {len(files)} files, layers {' < '.join(layers)}: every include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
