#!/usr/bin/env python3
"""Runs the componentize-js command `wasi-probe` (js/wasi_probe.js) under `stratus run` and
under `jco run` (Node's preview2-shim, given the same sandbox by tests/e2e/jco_sandbox.mjs),
each in a fresh tree: a preopened `box/` holding fixture.txt, and outside.txt beside it. Each
runtime must print EXPECTED (the arguments and environment it was given, the file it read,
the escapes refused, the clock and random facts), write box/made.txt, leave outside the box
untouched, print nothing on stderr and exit 0; so the two agree.

A runtime listed in wasi_probe_known_failures.txt (`<runtime> -- reason`) must fail; one that
passes fails the run, so the list only shrinks. Exit 0 = pass, 1 = fail, 77 = skipped (no
Node, jco or built components)."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / 'e2e'))
from command_component import jco_run_command, load_known  # noqa: E402

ARGS = ['one', 'two words', '--flag']
ENV = ['GREETING=hello', 'OTHER=a=b']
FIXTURE = 'prepared by the host\n'
MADE = 'written by the component\n'
EXPECTED = '\n'.join([
    'args: ["one","two words","--flag"]',
    'env: GREETING=hello',
    'env: OTHER=a=b',
    'preopens: ["."]',
    f'fixture.txt: {len(FIXTURE)} bytes: {json.dumps(FIXTURE)}',
    'made.txt: written',
    'open missing.txt: no-entry',
    # wasi:filesystem's error for a path that leaves the preopen, as wasmtime gives it.
    'open ../outside.txt: not-permitted',
    'open /etc/passwd: not-permitted',
    'create ../made.txt: not-permitted',
    'wall clock after 2020: yes',
    'monotonic clock never goes back: yes',
    'monotonic resolution positive: yes',
    'random: 16 bytes, two draws differ: yes',
]) + '\n'


def make_tree(scratch):
    root = Path(tempfile.mkdtemp(dir=scratch))
    (root / 'box').mkdir()
    (root / 'box/fixture.txt').write_text(FIXTURE)
    (root / 'outside.txt').write_text('secret\n')
    return root


def check(runtime, proc, root):
    """What is wrong with one runtime's run (empty when nothing is)."""
    problems = []
    stdout = proc.stdout.decode(errors='replace')
    if stdout != EXPECTED:
        problems.append(f'stdout differs from the expected:\n{stdout}')
    if proc.stderr:
        problems.append(f'stderr is not empty:\n{proc.stderr.decode(errors="replace")}')
    if proc.returncode != 0:
        problems.append(f'exit status {proc.returncode}, want 0')
    made = root / 'box/made.txt'
    if not made.exists() or made.read_text() != MADE:
        problems.append('box/made.txt was not written as the component wrote it')
    if sorted(p.name for p in root.iterdir()) != ['box', 'outside.txt'] or (root / 'outside.txt').read_text() != 'secret\n':
        problems.append(f'outside the box changed: {sorted(p.name for p in root.iterdir())}')
    return [f'{runtime}: {p}' for p in problems]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--components', required=True, type=Path, help="build_components.py's --out")
    parser.add_argument('--stratus', required=True)
    parser.add_argument('--node', required=True)
    parser.add_argument('--work', required=True, type=Path)
    parser.add_argument('--known', default=str(HERE / 'wasi_probe_known_failures.txt'))
    args = parser.parse_args()

    manifest = args.components / 'manifest.json'
    if not manifest.exists() or 'wasi-probe' not in json.loads(manifest.read_text()):
        print(f'run_wasi_probe: no wasi-probe in {manifest}; run components.build first', file=sys.stderr)
        return 77
    component = os.path.abspath(json.loads(manifest.read_text())['wasi-probe']['wasm'])
    args.work.mkdir(parents=True, exist_ok=True)
    known = load_known(args.known)

    runs = {}
    root = make_tree(args.work)
    runs['stratus'] = (subprocess.run([os.path.abspath(args.stratus), 'run', '--dir', 'box::.',
                                       *[a for e in ENV for a in ('--env', e)], component, *ARGS],
                                      cwd=root, capture_output=True, timeout=120), root)
    root = make_tree(args.work)
    argv, env = jco_run_command(os.path.abspath(args.node), component, ARGS, ENV, [(root / 'box', '.')])
    runs['jco'] = (subprocess.run(argv, cwd=root, env=env, capture_output=True, timeout=120), root)

    failed = False
    for runtime, (proc, root) in runs.items():
        problems = check(runtime, proc, root)
        shutil.rmtree(root, ignore_errors=True)
        if runtime in known:
            if problems:
                print(f'XFAIL {runtime}: {problems[0].splitlines()[0]} [known: {known[runtime]}]')
            else:
                failed = True
                print(f'FAIL {runtime}: passes now; remove it from {args.known}')
        elif problems:
            failed = True
            print(f'FAIL {runtime}:\n  ' + '\n  '.join(problems))
        else:
            print(f'ok {runtime}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
