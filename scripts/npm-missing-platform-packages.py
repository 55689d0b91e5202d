#!/usr/bin/env python3
"""Prints the packages of package-lock.json meant for this machine that node_modules lacks.

Native bindings (oxc, rolldown, jco's fs) are optional packages restricted by os, cpu and
libc. Debian bookworm's npm 9 skips some that apply here (npm/cli#4828), and the tools then
fail at run time with "Cannot find native binding"; setup.sh uses this list to decide whether
to reinstall with the npm pinned in package.json.

    scripts/npm-missing-platform-packages.py [repo root]   (exit 0 always; one path per line)
"""
import json
import os
import pathlib
import platform
import sys

CPU = {"x86_64": "x64", "aarch64": "arm64", "armv7l": "arm"}


def applies(spec, value):
    """npm's rule for os/cpu/libc lists: absent applies; `!x` excludes x; otherwise listed."""
    if not spec:
        return True
    if any(s == "!" + value for s in spec):
        return False
    allowed = [s for s in spec if not s.startswith("!")]
    return not allowed or value in allowed


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    lock = json.loads((root / "package-lock.json").read_text())
    os_name = sys.platform if sys.platform != "win32" else "win32"
    cpu = CPU.get(platform.machine(), platform.machine())
    libc = "glibc" if platform.libc_ver()[0] == "glibc" else "musl"
    for path, meta in lock.get("packages", {}).items():
        # Only the platform-restricted ones: an unrestricted optional package is usually a
        # dependency of another platform's binding, rightly left out here.
        if not path or not meta.get("optional") or not (meta.get("os") or meta.get("cpu")):
            continue
        if not (applies(meta.get("os"), os_name) and applies(meta.get("cpu"), cpu)):
            continue
        if meta.get("libc") is not None and not applies(meta.get("libc"), libc):
            continue
        if not (root / path / "package.json").is_file():
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
