#!/usr/bin/env python3
"""Stands in for `stratus run` with `jco run` (Node's preview2-shim), so that
run_wasi_testsuite.py --component can hold jco to the same expectations as Stratus:

    run_wasi_testsuite.py --component --stratus tests/wasi-testsuite/jco_as_stratus.py ...

Takes `run [--env K=V]... [--dir HOST::GUEST]... COMPONENT [ARGS...]`, as the runner passes
them, and runs jco with exactly that environment and those preopens (tests/e2e/jco_sandbox.mjs).
Not part of CI (about a minute for the 72 tests: jco transpiles each component on every run);
component_known_failures.txt records what it showed."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from command_component import DEFAULT_NODE, jco_run_command  # noqa: E402


def main(argv):
    if not argv or argv[0] != "run":
        sys.exit("jco_as_stratus: usage: run [--env K=V] [--dir HOST::GUEST] COMPONENT [ARGS...]")
    rest, env, dirs = argv[1:], [], []
    while len(rest) >= 2 and rest[0] in ("--env", "--dir"):
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag == "--env":
            env.append(value)
        else:
            host, _, guest = value.partition("::")
            dirs.append((host, guest or host))
    if not rest:
        sys.exit("jco_as_stratus: no component")
    command, environment = jco_run_command(DEFAULT_NODE, rest[0], rest[1:], env, dirs)
    os.execve(command[0], command, environment)


if __name__ == "__main__":
    main(sys.argv[1:])
