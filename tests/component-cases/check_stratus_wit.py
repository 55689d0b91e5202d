#!/usr/bin/env python3
"""Checks `stratus wit COMPONENT.wasm` against tests/components/golden/NAME.wit (what
`jco wit` prints) for every component tests/components builds.

  check_stratus_wit.py --stratus STRATUS --components DIR [--known-failures FILE]

`stratus wit` prints what `wasm-tools component wit` prints: the world, then a
`package ns:pkg@v { ... }` block per interface of another package, which `jco wit` leaves
out; so the world alone is compared (trailing blank lines aside). Components listed in the
known-failures file (`NAME -- reason`) must still fail.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent / 'components' / 'golden'


def world_only(text):
    # The world is everything before the first nested package block.
    head, sep, _ = text.partition('\npackage ')
    return head.rstrip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--stratus', required=True)
    parser.add_argument('--components', required=True, type=Path)
    parser.add_argument('--known-failures', type=Path, default=HERE / 'stratus_wit_known_failures.txt')
    args = parser.parse_args()
    manifest = json.loads((args.components / 'manifest.json').read_text())
    known = {}
    for line in args.known_failures.read_text(encoding='utf-8').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            name, _, reason = line.partition(' -- ')
            known[name.strip()] = reason.strip()
    failures, passed, known_failed = [], 0, 0
    for name in sorted(manifest):
        golden = GOLDEN / f'{name}.wit'
        if not golden.exists():
            failures.append(f'{name}: no golden/{name}.wit')
            continue
        run = subprocess.run([args.stratus, 'wit', manifest[name]['wasm']], capture_output=True, text=True, timeout=120)
        ok = run.returncode == 0 and world_only(run.stdout) == golden.read_text(encoding='utf-8').rstrip()
        if name in known:
            if ok:
                failures.append(f'{name}: passes now: remove it from {args.known_failures.name}')
            else:
                known_failed += 1
        elif ok:
            passed += 1
        else:
            failures.append(f'{name}: `stratus wit` differs from golden/{name}.wit (exit {run.returncode}): '
                            f'{run.stderr.strip()[:300]}')
    for f in failures:
        print(f)
    print(f'{passed} passed, {known_failed} known failures, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
