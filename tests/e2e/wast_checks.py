#!/usr/bin/env python3
"""`stratus wast` runs each script in a child process: a script that hangs is killed at
--timeout and charged with the command it was on and every later one, while the scripts
beside it still run and count; --no-fork runs them in process."""

import argparse
import os
import re
import subprocess
import sys

PASSING = """(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
(assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 5))
(assert_return (invoke "add" (i32.const -1) (i32.const 1)) (i32.const 0))
"""

# The second invoke never returns; the third command is never reached.
HANGING = """(module (func (export "spin") (loop (br 0))) (func (export "one") (result i32) i32.const 1))
(assert_return (invoke "one") (i32.const 1))
(invoke "spin")
(assert_return (invoke "one") (i32.const 1))
"""


def run(argv, timeout=60):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--work", required=True)
    opts = ap.parse_args()
    os.makedirs(opts.work, exist_ok=True)
    passing = os.path.join(opts.work, "passing.wast")
    hanging = os.path.join(opts.work, "hanging.wast")
    with open(passing, "w") as f:
        f.write(PASSING)
    with open(hanging, "w") as f:
        f.write(HANGING)

    failures = 0

    def expect(what, ok, p):
        nonlocal failures
        if ok:
            print(f"ok   {what}")
        else:
            failures += 1
            print(f"FAIL {what}: exit {p.returncode}\n  stdout: {p.stdout!r}\n  stderr: {p.stderr!r}")

    p = run([opts.stratus, "wast", passing])
    expect("a passing script", p.returncode == 0 and re.search(r"^wast: 3 passed, 0 failed, 0 skipped$", p.stdout, re.M), p)

    p = run([opts.stratus, "wast", "--timeout", "1", hanging, passing])
    expect("a hanging script is killed and charged, the next one still runs",
           p.returncode == 1
           and re.search(r"ABORTED \S*hanging: timed out after 1 s at line 3; 2 commands from there on counted as failed", p.stdout)
           and re.search(r"^\S*hanging: 2 passed, 2 failed, 0 skipped$", p.stdout, re.M)
           and re.search(r"^\S*passing: 3 passed, 0 failed, 0 skipped$", p.stdout, re.M)
           and re.search(r"^wast: 5 passed, 2 failed, 0 skipped$", p.stdout, re.M), p)

    p = run([opts.stratus, "wast", "--no-fork", passing])
    expect("--no-fork", p.returncode == 0 and "wast: 3 passed, 0 failed, 0 skipped" in p.stdout, p)

    p = run([opts.stratus, "wast", "--timeout", "0", passing])
    expect("--timeout 0 is refused", p.returncode == 2, p)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
