#!/usr/bin/env python3
"""Runs one e2e case (run_case.py's CASES) as a WASI 0.2 command component: builds the C
program, turns it into a component with jco's preview-1 command adapter (cached,
command_component.py), and holds two runtimes to what the preview-1 module does under
`stratus run` (the reference, each runtime in a fresh copy of the case's tree):

- `stratus run` of the component: the same stdout, stderr and exit status, stdout and exit
  status as the adapter changes them (command_component: adapted_stdout,
  adapted_exit_status); a trap's report is the runtime's own wording, so only its start is
  compared;
- `jco run` (Node's preview2-shim, sandboxed by jco_sandbox.mjs): the same, except that jco
  run reports a trap (any uncaught error) as exit status 1.

The case's own checks (files left on the host) apply to both. A runtime that fails a case
listed for it (component_known_failures.txt for stratus, jco_known_differences.txt for jco)
is an expected failure; a listed one that agrees fails the case, so the lists only shrink.
Exit 0 = pass, 1 = fail, 77 = skipped (no Node or jco)."""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from command_component import (Adapter, adapted_exit_status, adapted_stdout, jco_run_command,
                               load_known, split_dir_flags)
from run_case import CASES, build, run_one

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77
# jco run's wrapper catches whatever the component throws, prints it and exits 1.
JCO_TRAP_STATUS = 1


def run_jco(node, case, component, scratch):
    root = tempfile.mkdtemp(dir=scratch)
    if case.get("setup"):
        case["setup"](root)
    preopens = [(os.path.join(root, host), guest) for host, guest in split_dir_flags(case.get("dirs", []))]
    argv, env = jco_run_command(node, component, case.get("args", []), case.get("env", []), preopens)
    proc = subprocess.run(argv, cwd=root, env=env, input=case.get("stdin", b""), capture_output=True,
                          timeout=90)
    problems = case["check"](root) if case.get("check") else []
    shutil.rmtree(root, ignore_errors=True)
    return proc, problems


def compare(name, proc, problems, reference, status, stdout, trapped):
    """Where `proc` departs from the reference run (empty when it agrees)."""
    found = [f"{name}: {p}" for p in problems]
    if proc.returncode != status:
        found.append(f"{name} exited {proc.returncode}, want {status}")
    if proc.stdout != stdout:
        found.append(f"{name} stdout differs from the module's (as the adapter changes it)")
    if trapped:
        if not proc.stderr:
            found.append(f"{name} trapped without a word on stderr")
    elif proc.stderr != reference.stderr:
        found.append(f"{name} stderr differs from the module's")
    return found


def describe(name, proc):
    return (f"--- {name}: exit {proc.returncode}\n[stdout]\n{proc.stdout.decode(errors='replace')}"
            f"[stderr]\n{proc.stderr.decode(errors='replace')}")


def judge(runtime, case_name, found, known, known_path, outputs):
    """One runtime's verdict: (failed, lines to print)."""
    if case_name in known:
        if found:
            return False, [f"XFAIL {runtime}: {'; '.join(found)} [known: {known[case_name]}]"]
        return True, [f"FAIL {runtime}: agrees with the module now; remove {case_name} from {known_path}"]
    if found:
        return True, [f"FAIL {runtime}:"] + [f"  {f}" for f in found] + outputs
    return False, [f"ok {runtime}"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--work", required=True, help="directory for built programs and scratch trees")
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--node", required=True, help="the Node that runs jco")
    ap.add_argument("--cache", help="component cache (default build/component-cache)")
    ap.add_argument("--known", default=os.path.join(HERE, "component_known_failures.txt"))
    ap.add_argument("--jco-known", default=os.path.join(HERE, "jco_known_differences.txt"))
    opts = ap.parse_args()
    # Every runtime runs in its case's scratch tree, so relative paths would not reach it.
    for name in ("stratus", "node", "work"):
        setattr(opts, name, os.path.abspath(getattr(opts, name)))

    case = CASES[opts.case]
    try:
        adapter = Adapter(opts.node, opts.cache)
    except FileNotFoundError as e:
        print(f"run_component_case: {e}", file=sys.stderr)
        return SKIP
    wasm = build(case["program"], os.path.join(opts.work, "programs"), opts.clang)
    component = str(adapter.components([wasm])[wasm])
    scratch = os.path.join(opts.work, "scratch")
    os.makedirs(scratch, exist_ok=True)

    reference, problems, root = run_one([opts.stratus, "run"], case, wasm, scratch)
    shutil.rmtree(root, ignore_errors=True)
    if problems or reference.returncode != case["status"]:
        # The module case (e2e.<case>) says what is wrong; without a reference nothing is judged.
        print(f"FAIL {opts.case}: the preview-1 module itself does not pass (exit {reference.returncode}, "
              f"want {case['status']}; {problems}); see e2e.{opts.case}")
        print(describe("module under stratus", reference))
        return 1
    trapped = bool(case.get("stderr_prefix"))
    stdout = adapted_stdout(case["program"], reference.stdout)

    ours, problems, root = run_one([opts.stratus, "run"], case, component, scratch)
    shutil.rmtree(root, ignore_errors=True)
    found = compare("stratus", ours, problems, reference, adapted_exit_status(reference.returncode, trapped),
                    stdout, trapped)
    if trapped and not ours.stderr.decode(errors="replace").startswith(case["stderr_prefix"]):
        found.append(f"stratus stderr does not start with {case['stderr_prefix']!r}")
    stratus_failed, lines = judge("stratus", opts.case, found, load_known(opts.known), opts.known,
                                  [describe("component under stratus", ours)])

    theirs, problems = run_jco(opts.node, case, component, scratch)
    jco_status = JCO_TRAP_STATUS if trapped else adapted_exit_status(reference.returncode)
    found = compare("jco", theirs, problems, reference, jco_status, stdout, trapped)
    jco_failed, jco_lines = judge("jco", opts.case, found, load_known(opts.jco_known), opts.jco_known,
                                  [describe("component under jco run", theirs)])

    failed = stratus_failed or jco_failed
    print(f"{'FAIL' if failed else 'ok'} {opts.case} as a component "
          f"(adapted {'now' if adapter.made else 'from the cache'}: {component})")
    print("\n".join(lines + jco_lines))
    if failed:
        print(describe("module under stratus (the reference)", reference))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
