#!/usr/bin/env python3
"""Runs every case of tests/components/cases.txt through `stratus run --invoke CALL COMPONENT.wasm` and checks
that Stratus prints the case's expected value (not jco's: where jco departs from the
canonical ABI, Stratus must not). A trap is compared by class (README.md's table), mapped
from Stratus's trap message below.

  run_stratus_cases.py --stratus STRATUS --components DIR [--cases cases.txt]
                       [--known-failures stratus_known_failures.txt]

What Stratus cannot do yet is listed in the known-failures file with the reason: a whole
component (`component -- reason`: its cases are not run, and counted as known failures) or
one case (`component call -- reason`: it is run and must still fail, so a fixed gap is
noticed and removed from the list). Prints one line per failure and ends with
`N passed, N known failures, N failed`.
"""
import argparse
import concurrent.futures
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMPONENTS = HERE.parent / 'components'
sys.path.insert(0, str(COMPONENTS))
from cases import matches, read_cases  # noqa: E402

# Stratus's trap messages (src/component/abi, src/support/trap.cpp) to the README's classes.
TRAP_CLASSES = [
    (r'invalid bool', 'invalid-bool'),
    (r'invalid char', 'invalid-char'),
    (r'discriminant', 'bad-discriminant'),
    (r'flags', 'flags-out-of-range'),
    (r'is not valid (UTF-8|UTF-16|latin1)', 'invalid-string'),
    (r'aligned', 'misaligned'),
    (r'out of bounds', 'out-of-bounds'),
    (r'unreachable', 'unreachable'),
    (r'resource handle|handle index|unknown handle|cannot drop handle|borrow handles', 'resource'),
    (r'integer divide by zero', 'divide-by-zero'),
    (r'call stack exhausted', 'stack-overflow'),
]


def trap_class(message):
    for pattern, name in TRAP_CLASSES:
        if re.search(pattern, message):
            return name
    return 'other'


def run_case(stratus, wasm, call):
    """What Stratus gives, in the cases' vocabulary: a WAVE value, `trap: CLASS` or `error: ...`."""
    try:
        run = subprocess.run([stratus, 'run', '--invoke', call, wasm], capture_output=True, text=True,
                             encoding='utf-8', errors='replace', timeout=60)
    except subprocess.TimeoutExpired:
        return 'error: timed out'
    if run.returncode == 0:
        # The value is printed last, after whatever the guest itself wrote to stdout (a
        # command's `run` prints its greeting first); a WAVE value is one line.
        lines = run.stdout.rstrip('\n').split('\n')
        return lines[-1]
    if run.returncode == 134:
        first = next((l for l in run.stderr.splitlines() if l.startswith('Error: ')), run.stderr)
        return 'trap: ' + trap_class(first)
    return 'error: ' + run.stderr.strip().replace('\n', ' ')


def read_known_failures(path):
    known = {}
    for number, raw in enumerate(Path(path).read_text(encoding='utf-8').splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        key, sep, reason = line.partition(' -- ')
        if not sep or not reason.strip():
            raise ValueError(f'{path}:{number}: expected `COMPONENT [CALL] -- REASON`')
        known[key.strip()] = reason.strip()
    return known


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--stratus', required=True)
    parser.add_argument('--components', required=True, type=Path)
    parser.add_argument('--cases', type=Path, default=COMPONENTS / 'cases.txt')
    parser.add_argument('--known-failures', type=Path, default=HERE / 'stratus_known_failures.txt')
    args = parser.parse_args()

    manifest = json.loads((args.components / 'manifest.json').read_text())
    known = read_known_failures(args.known_failures)
    cases = read_cases(args.cases)
    missing = sorted({c.component for c in cases} - set(manifest))
    if missing:
        print(f'components missing from {args.components}: {", ".join(missing)}')
        return 1

    def run(case):
        if case.component in known:
            return None
        return run_case(args.stratus, manifest[case.component]['wasm'], case.call)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        outputs = list(pool.map(run, cases))

    passed = known_failed = 0
    failures = []
    used = set()
    for case, output in zip(cases, outputs):
        if output is None:
            used.add(case.component)
            known_failed += 1
            continue
        key = f'{case.component} {case.call}'
        ok = matches(case.expected, output)
        if key in known:
            used.add(key)
            if ok:
                failures.append(f'cases.txt:{case.line}: [{case.component}] {case.call} passes now: '
                                f'remove `{key}` from {args.known_failures.name}')
            else:
                known_failed += 1
            continue
        if ok:
            passed += 1
        else:
            failures.append(f'cases.txt:{case.line}: [{case.component}] {case.call}: expected {case.expected}, '
                            f'got {output}')
    for key in sorted(set(known) - used):
        failures.append(f'{args.known_failures.name}: `{key}` matches no case')
    for f in failures:
        print(f)
    print(f'{passed} passed, {known_failed} known failures, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
