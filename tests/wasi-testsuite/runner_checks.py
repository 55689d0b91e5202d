#!/usr/bin/env python3
"""Checks that run_wasi_testsuite.py can fail: runtimes that ignore the spec (exit 0 without
running, or drop the preopens) must fail the tests that depend on it, a known failure that
passes must fail the run, one that fails must count as expected, and a missing suite must
fail loudly; with --component the runtime must get the adapted component and be held to the
adapter's exit status; the network operations (request, kill, connect, send, recv, and the
loopback servers) must pass against fake_runtime.py and fail when it answers otherwise. Exit 0 = pass, 1 = fail."""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "run_wasi_testsuite.py")
STDOUT_TEST = "assemblyscript/testsuite/wasm32-wasip1/fd_write-to-stdout"
EXIT_TEST = "assemblyscript/testsuite/wasm32-wasip1/proc_exit-failure"
ENV_TEST = "assemblyscript/testsuite/wasm32-wasip1/environ_get-multiple-variables"
ARGS_TEST = "assemblyscript/testsuite/wasm32-wasip1/args_get-multiple-arguments"
ROOT_TEST = "c/testsuite/wasm32-wasip1/fopen-with-access"
SUCCESS_TEST = "assemblyscript/testsuite/wasm32-wasip1/proc_exit-success"


def write_script(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)
    return path


def run(opts, stratus, tests, known=None, suite=None, extra=()):
    argv = [sys.executable, RUNNER, "--stratus", stratus, "--suite", suite or opts.suite,
            "--work", os.path.join(opts.work, "copies"), *extra]
    if known is not None:
        argv += ["--known", known]
    proc = subprocess.run(argv + tests, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--suite", required=True)
    ap.add_argument("--work", required=True)
    opts = ap.parse_args()
    opts.suite = os.path.abspath(opts.suite)
    os.makedirs(opts.work, exist_ok=True)

    exits_zero = write_script(os.path.join(opts.work, "exits_zero.sh"), "#!/bin/sh\nexit 0\n")
    # The real runtime with one part of the command line taken away.
    dropper = ("#!/usr/bin/env python3\nimport os, sys\nargs, i = [], 1\n"
               "while i < len(sys.argv):\n"
               "    if sys.argv[i] == {flag!r}: i += 2; continue\n"
               "    args.append(sys.argv[i]); i += 1\n"
               "{extra}"
               "os.execv({stratus!r}, [{stratus!r}] + args)\n")
    no_dirs = write_script(os.path.join(opts.work, "no_dirs.py"),
                           dropper.format(flag="--dir", extra="", stratus=opts.stratus))
    no_env = write_script(os.path.join(opts.work, "no_env.py"),
                          dropper.format(flag="--env", extra="", stratus=opts.stratus))
    # Drops the guest's last argument.
    no_last_arg = write_script(os.path.join(opts.work, "no_last_arg.py"),
                               dropper.format(flag="--no-such-flag", extra="args = args[:-1]\n",
                                              stratus=opts.stratus))
    known = os.path.join(opts.work, "known.txt")
    exits_33 = write_script(os.path.join(opts.work, "exits_33.sh"), "#!/bin/sh\nexit 33\n")
    exits_1 = write_script(os.path.join(opts.work, "exits_1.sh"), "#!/bin/sh\nexit 1\n")
    # Exits 0 when the program it is given (the last argument) is a component, 1 otherwise.
    component_only = write_script(os.path.join(opts.work, "component_only.py"),
                                  "#!/usr/bin/env python3\nimport sys\n"
                                  "with open(sys.argv[-1], 'rb') as f: header = f.read(8)\n"
                                  "sys.exit(0 if header == b'\\0asm\\x0d\\0\\x01\\0' else 1)\n")

    problems = []
    checked = []

    def expect(what, result, status, *texts):
        checked.append(what)
        code, output = result
        if code != status or not all(t in output for t in texts):
            problems.append(f"{what}: want exit {status} and {texts}, got exit {code}:\n{output}")

    expect("the real runtime passes", run(opts, opts.stratus, [STDOUT_TEST, EXIT_TEST, ROOT_TEST]),
           0, "wasi-testsuite: 3 passed, 0 failed, 0 expected failures")
    expect("no output is a stdout mismatch", run(opts, exits_zero, [STDOUT_TEST]), 1,
           f"FAIL {STDOUT_TEST}", "stdout was '', expected 'hello'")
    expect("exit 0 is not exit 33", run(opts, exits_zero, [EXIT_TEST]), 1,
           f"FAIL {EXIT_TEST}", "exit status 0, expected 33")
    expect("no preopen fails the root test", run(opts, no_dirs, [ROOT_TEST]), 1, f"FAIL {ROOT_TEST}")
    expect("no environment fails the env test", run(opts, no_env, [ENV_TEST]), 1, f"FAIL {ENV_TEST}")
    expect("a lost argument fails the args test", run(opts, no_last_arg, [ARGS_TEST]), 1,
           f"FAIL {ARGS_TEST}")

    with open(known, "w") as f:
        f.write(f"# comment\n{STDOUT_TEST} -- listed to check the runner\n")
    expect("a listed test that passes fails the run", run(opts, opts.stratus, [STDOUT_TEST], known),
           1, "unexpectedly passing")
    expect("a listed test that fails is expected", run(opts, exits_zero, [STDOUT_TEST], known), 0,
           f"XFAIL {STDOUT_TEST}", "0 passed, 0 failed, 1 expected failures")
    with open(known, "w") as f:
        f.write("assemblyscript/testsuite/wasm32-wasip1/no_such_test -- stale\n")
    expect("a listed test that does not exist fails the run",
           run(opts, opts.stratus, ["assemblyscript"], known), 1, "there is no such test")
    expect("a missing suite fails loudly",
           run(opts, opts.stratus, [], suite=os.path.join(opts.work, "no-suite-here")), 1,
           "the WASI test suite is not at")

    component = ["--component"]
    expect("--component runs the adapted component", run(opts, component_only, [SUCCESS_TEST], extra=component),
           0, "1 passed, 0 failed")
    expect("without --component the module runs", run(opts, component_only, [SUCCESS_TEST]), 1,
           f"FAIL {SUCCESS_TEST}")
    expect("a component that exits 33 is not the adapter's exit 1",
           run(opts, exits_33, [EXIT_TEST], extra=component), 1, "exit status 33, expected 1")
    expect("a component that exits 1 passes proc_exit-failure", run(opts, exits_1, [EXIT_TEST], extra=component),
           0, "1 passed, 0 failed")

    # Operation-based specs, beside a link to a suite program (the suite itself is read-only).
    ops_dir = os.path.join(opts.work, "operations")
    os.makedirs(ops_dir, exist_ok=True)
    specs = {
        "reads_hello": [{"type": "run"}, {"type": "read", "payload": "hel"},
                        {"type": "read", "id": "stdout", "payload": "lo"}, {"type": "wait"}],
        "reads_other": [{"type": "run"}, {"type": "read", "payload": "bye"}, {"type": "wait"}],
        "connects": [{"type": "run"}, {"type": "connect"}, {"type": "wait"}],
        "no_wait": [{"type": "run"}],
    }
    for name, ops in specs.items():
        link = os.path.join(ops_dir, name + ".wasm")
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.join(opts.suite, STDOUT_TEST + ".wasm"), link)
        with open(os.path.join(ops_dir, name + ".json"), "w") as f:
            json.dump({"operations": ops}, f)
    expect("operation-based specs", run(opts, opts.stratus, [ops_dir]), 1, f"PASS {ops_dir}/reads_hello",
           f"FAIL {ops_dir}/reads_other", "stdout was 'hel', expected 'bye'",
           f"FAIL {ops_dir}/connects", "the guest's first line of stdout was 'hello', not host:port",
           f"FAIL {ops_dir}/no_wait", "a run operation without a wait",
           "1 passed, 3 failed")

    # The network operations, against fake_runtime.py (a stand-in that serves, echoes and
    # fetches as the WASI 0.3 tests' components do).
    fake = os.path.join(HERE, "fake_runtime.py")
    net_dir = os.path.join(opts.work, "network")
    os.makedirs(net_dir, exist_ok=True)
    served = {"proposals": ["http"], "world": "wasi:http/service"}
    kill_wait = [{"type": "kill", "signal": "SIGINT"}, {"type": "wait"}]
    net_specs = {
        "serves": dict(served, operations=[
            {"type": "run"},
            {"type": "request", "method": "GET", "path": "/",
             "response": {"status": 200, "headers": {"content-type": "text/plain"}, "body": "hey\n"}},
            {"type": "request", "method": "POST", "path": "/echo", "body": "abc",
             "response": {"status": 200, "body": "abc"}},
            {"type": "request", "path": "/missing", "response": {"status": 404}}] + kill_wait),
        "serves_other": dict(served, operations=[
            {"type": "run"}, {"type": "request", "response": {"body": "nope"}}] + kill_wait),
        "never_killed": dict(served, operations=[{"type": "run"}, {"type": "wait"}]),
        "echoes": {"proposals": ["sockets"], "operations": [
            {"type": "run"}, {"type": "connect", "id": "e"},
            {"type": "send", "id": "e", "payload": "Hello, world"},
            {"type": "recv", "id": "e", "payload": "Hello, world"}, {"type": "wait"}]},
        "echoes_other": {"proposals": ["sockets"], "operations": [
            {"type": "run"}, {"type": "connect", "id": "e"},
            {"type": "send", "id": "e", "payload": "ping"},
            {"type": "recv", "id": "e", "payload": "pong"}, {"type": "wait"}]},
        "fetches": {"proposals": ["http"], "servers": [
            {"name": "main", "endpoints": [
                {"method": "GET", "path": "/chunked",
                 "response": {"status": 200, "chunks": ["one", "two"], "trailers": {"x-parts": "1"}}}]},
            {"name": "dead", "kind": "closed"}], "operations": [
            {"type": "run", "env": {"FETCH": "/chunked"}},
            {"type": "read", "payload": "200 onetwo chunked x-parts: 1\ndead: refused\n"},
            {"type": "wait"}]},
        "fetches_unrouted": {"proposals": ["http"], "servers": [
            {"name": "main", "endpoints": [{"method": "GET", "path": "/a?x=1", "mode": "echo-body"}]}],
            "operations": [{"type": "run", "env": {"FETCH": "/a"}}, {"type": "read", "payload": "404 \n"},
                           {"type": "wait"}]},
    }
    for name, spec in net_specs.items():
        link = os.path.join(net_dir, name + ".wasm")
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.join(opts.suite, STDOUT_TEST + ".wasm"), link)
        with open(os.path.join(net_dir, name + ".json"), "w") as f:
            json.dump(spec, f)
    expect("network operations", run(opts, fake, [net_dir], extra=["--timeout", "3", "-j2"]), 1,
           f"PASS {net_dir}/serves", f"PASS {net_dir}/echoes", f"PASS {net_dir}/fetches",
           f"PASS {net_dir}/fetches_unrouted",
           f"FAIL {net_dir}/serves_other", "request GET /: body 'hey\\n', expected 'nope'",
           f"FAIL {net_dir}/never_killed", "timed out after 3 s",
           f"FAIL {net_dir}/echoes_other", "recv on e: b'ping', expected b'pong'",
           "4 passed, 3 failed")
    expect("a served component that prints no URL fails", run(opts, exits_zero, [f"{net_dir}/serves"]), 1,
           f"FAIL {net_dir}/serves", "no http://HOST:PORT/ in the first line of stderr",
           "it exited with status 0")

    for p in problems:
        print("FAIL", p)
    print(f"runner checks: {len(checked) - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
