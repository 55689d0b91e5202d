#!/usr/bin/env python3
"""Checks `stratus run --dir HOST::GUEST::ro` end to end: a component calling wasi:filesystem
directly (tests/unit/wasi/p2/component-wat/fs_probe.wat, turned into a component with
`jco parse`) may read beneath a read-only preopen but not create in it (not-permitted, and
nothing appears on the host), while the same directory without ::ro takes the write. A
preview 1 module takes ::ro too (cli_checks.py checks what it may do beneath it), and an option
other than ro is a usage error naming it.

Stratus only. Exit 0 = pass, 1 = fail."""

import argparse
import os
import subprocess
import sys
import tempfile

import wasm_bytes as wb

HERE = os.path.dirname(os.path.abspath(__file__))
WAT = os.path.join(HERE, "..", "unit", "wasi", "p2", "component-wat", "fs_probe.wat")
OK = "255"            # fs_probe's success
NOT_PERMITTED = "31"  # wasi:filesystem error-code not-permitted
EXIT_USAGE = 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--node", required=True)
    ap.add_argument("--jco", required=True)
    opts = ap.parse_args()
    os.makedirs(opts.work, exist_ok=True)
    probe = os.path.join(opts.work, "fs_probe.wasm")
    subprocess.run([opts.node, opts.jco, "parse", WAT, "-o", probe], check=True)
    module = os.path.join(opts.work, "empty.wasm")
    with open(module, "wb") as f:
        f.write(wb.module([wb.func_type([], [])], [(0, wb.body(b""))], [("run", 0)]))

    failures = []

    def run(args):
        return subprocess.run([opts.stratus, "run"] + args, capture_output=True, text=True, timeout=60)

    def expect(name, proc, status, stdout=None, stderr_has=()):
        problems = []
        if proc.returncode != status:
            problems.append(f"exit status {proc.returncode}, expected {status}")
        if stdout is not None and proc.stdout.strip() != stdout:
            problems.append(f"printed {proc.stdout.strip()!r}, expected {stdout!r}")
        for text in stderr_has:
            if text not in proc.stderr:
                problems.append(f"stderr {proc.stderr.strip()!r} lacks {text!r}")
        if problems:
            failures.append(name)
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            print(f"ok   {name}")

    with tempfile.TemporaryDirectory(dir=opts.work) as root:
        box = os.path.join(root, "box")
        os.makedirs(box)
        with open(os.path.join(box, "file"), "w") as f:
            f.write("hi\n")
        ro = f"{box}::/data::ro"
        expect("read-only: reading works", run(["--dir", ro, "--invoke", 'open-error(0, "file")', probe]), 0, OK)
        expect("read-only: creating is not permitted",
               run(["--dir", ro, "--invoke", 'mkdir-error(0, "made")', probe]), 0, NOT_PERMITTED)
        if os.path.exists(os.path.join(box, "made")):
            failures.append("read-only: nothing made")
            print("FAIL read-only: the directory was made on the host")
        expect("writable: creating works",
               run(["--dir", f"{box}::/data", "--invoke", 'mkdir-error(0, "made")', probe]), 0, OK)
        if not os.path.isdir(os.path.join(box, "made")):
            failures.append("writable: made")
            print("FAIL writable: the directory is not on the host")
        expect("preview 1 takes ::ro too", run(["--dir", ro, "--invoke", "run", module]), 0)
        expect("unknown option", run(["--dir", f"{box}::/data::rw", "--invoke", 'open-error(0, "file")', probe]),
               EXIT_USAGE, None, ["unknown option 'rw'"])

    print(f"{6 - len(failures)} of 6 passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
