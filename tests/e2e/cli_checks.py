#!/usr/bin/env python3
"""Checks the `stratus` command line itself: exit statuses, one-line errors, --invoke.
Exit 0 = pass, 1 = fail."""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--clang", default="clang-19")
    opts = ap.parse_args()
    os.makedirs(opts.work, exist_ok=True)
    reactor = os.path.join(opts.work, "reactor.wasm")
    subprocess.run([opts.clang, "--target=wasm32-wasi", "-mexec-model=reactor", "-O2",
                    os.path.join(HERE, "programs", "reactor.c"), "-o", reactor], check=True)
    garbage = os.path.join(opts.work, "garbage.wasm")
    with open(garbage, "wb") as f:
        f.write(b"\0asm\x02\0\0\0junk")

    s = opts.stratus
    # (argv, status, stdout or None, stderr prefix or None)
    checks = [
        ([s, "--version"], 0, None, None),
        ([s, "help"], 0, None, None),
        ([s, "help", "run"], 0, None, None),
        ([s], 2, None, None),
        ([s, "frobnicate"], 2, None, "stratus: error: unknown command"),
        ([s, "run"], 2, None, "stratus: error:"),
        ([s, "run", "--no-such-flag", reactor], 2, None, "stratus: error:"),
        ([s, "run", "/nonexistent/prog.wasm"], 2, None, "stratus: error: cannot read"),
        ([s, "run", garbage], 2, None, "stratus: error: invalid module"),
        ([s, "run", "--dir", "/nonexistent", reactor], 2, None, "stratus: error: cannot preopen"),
        ([s, "run", "--max-memory", "lots", reactor], 2, None, "stratus: error: --max-memory"),
        ([s, "run", "--max-memory", "64KiB", "--invoke", "add", reactor, "1", "2"], 2, None, "stratus: error:"),
        ([s, "run", "--timeout", "-3", reactor], 2, None, "stratus: error: --timeout"),
        ([s, "run", reactor], 2, None, "stratus: error: module has no '_start'"),
        ([s, "run", "--invoke", "add", reactor, "2", "-5"], 0, "-3\n", None),
        ([s, "run", "--max-memory", "64MiB", "--invoke", "mul64", reactor, "0x100000000", "3"], 0, "12884901888\n", None),
        ([s, "run", "--invoke", "half", reactor, "3"], 0, "1.5\n", None),
        # --max-memory caps growth too: 1 GiB more is refused, a page more is not.
        ([s, "run", "--max-memory", "4MiB", "--invoke", "grow", reactor, "16384"], 0, "-1\n", None),
        ([s, "run", "--max-memory", "4MiB", "--invoke", "grow", reactor, "1"], 0, None, None),
        ([s, "run", "--invoke", "greet", reactor], 0, "hello from a reactor\n", None),
        ([s, "run", "--invoke", "add", reactor, "1"], 2, None, "stratus: error: 'add' takes 2"),
        ([s, "run", "--invoke", "add", reactor, "one", "2"], 2, None, "stratus: error: argument 1"),
        ([s, "run", "--invoke", "missing", reactor], 2, None, "stratus: error: module has no exported function"),
        ([s, "run", "--timeout", "0.3", "--invoke", "spin", reactor], 134, None, "Error: wasm execution timed out (--timeout)"),
    ]
    failures = 0
    for argv, status, stdout, stderr_prefix in checks:
        with tempfile.TemporaryDirectory() as cwd:
            p = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=30)
        err = p.stderr.decode(errors="replace")
        problems = []
        if p.returncode != status:
            problems.append(f"exit {p.returncode}, want {status}")
        if stdout is not None and p.stdout.decode(errors="replace") != stdout:
            problems.append(f"stdout {p.stdout!r}, want {stdout!r}")
        if stderr_prefix is not None and not err.startswith(stderr_prefix):
            problems.append(f"stderr {err!r} does not start with {stderr_prefix!r}")
        if stderr_prefix and stderr_prefix.startswith("stratus: error") and err.count("\n") > 2:
            problems.append("error is not a one-liner")
        shown = " ".join(os.path.basename(a) if os.path.isabs(a) else a for a in argv)
        if problems:
            failures += 1
            print(f"FAIL {shown}: " + "; ".join(problems))
        else:
            print(f"ok   {shown}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
