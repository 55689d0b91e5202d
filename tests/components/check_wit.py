#!/usr/bin/env python3
"""Compares each component's world, as `jco wit` prints it (build_components.py writes it
beside the component), with golden/NAME.wit: the reference a future `stratus wit` is held
to. `--update` rewrites the golden files instead. Ends with `N passed, N failed`.
"""
import argparse
import difflib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--components', required=True, type=Path)
    parser.add_argument('--update', action='store_true')
    args = parser.parse_args()
    manifest = json.loads((args.components / 'manifest.json').read_text())
    golden_dir = HERE / 'golden'
    passed, failed = 0, 0
    for name, entry in sorted(manifest.items()):
        actual = Path(entry['wit']).read_text()
        golden = golden_dir / f'{name}.wit'
        if args.update:
            golden.write_text(actual)
            print(f'wrote {golden}')
            continue
        expected = golden.read_text() if golden.exists() else ''
        if actual == expected:
            passed += 1
            continue
        failed += 1
        print(f'{name}: jco wit differs from {golden} (update with --update if intended):')
        sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(golden), 'jco wit'))
    stale = sorted(p.stem for p in golden_dir.glob('*.wit') if p.stem not in manifest)
    for name in stale:
        failed += 1
        print(f'golden/{name}.wit has no component')
    if not args.update:
        print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
