#!/usr/bin/env python3
"""Runs a suite's .wast scripts with `stratus wast` and its wast2json form with spectest_runner,
and fails unless both count every script alike with nothing failed.

    wast_matches_json.py STRATUS SPECTEST_RUNNER SUITE_DIR LISTS_DIR [SCRIPT...]

With SCRIPT names only those scripts of the suite run (the wasm-3.0 ones of features Stratus has).
"""
import pathlib
import re
import subprocess
import sys

LINE = re.compile(r"^(\S+): (\d+) passed, (\d+) failed, (\d+) skipped$")


def tallies(output):
    return {m.group(1): tuple(int(g) for g in m.groups()[1:]) for m in map(LINE.match, output.splitlines()) if m}


def main():
    stratus, runner, suite_dir, lists_dir = sys.argv[1:5]
    only = sys.argv[5:]
    suite = pathlib.Path(suite_dir)
    scripts = sorted(p for p in suite.glob("*/*.wast") if p.stem == p.parent.name and (not only or p.stem in only))
    wast = subprocess.run([stratus, "wast", "--superseded", f"{lists_dir}/superseded.txt",
                           "--known-failures", f"{lists_dir}/known_failures.txt", *map(str, scripts)],
                          capture_output=True, text=True)
    json = subprocess.run([runner, *(str(p.parent) for p in scripts)], capture_output=True, text=True)
    by_wast, by_json = tallies(wast.stdout), tallies(json.stdout)
    problems = []
    for name in sorted(set(by_wast) | set(by_json)):
        if name in ("wast", "spectest"):
            continue
        w, j = by_wast.get(name), by_json.get(name)
        if w != j:
            problems.append(f"{name}: stratus wast {w}, spectest_runner {j}")
        elif w[1]:
            problems.append(f"{name}: {w[1]} failed")
    print(f"stratus wast: {by_wast.get('wast')}; spectest_runner: {by_json.get('spectest')} (passed, failed, skipped)")
    if problems or wast.returncode != 0 or json.returncode != 0:
        print("\n".join(problems))
        print(wast.stdout[-4000:])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
