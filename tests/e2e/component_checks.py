#!/usr/bin/env python3
"""`stratus run` of command components (WASI 0.2): C programs built for wasm32-wasi, turned
into components with jco's preview-1 command adapter (`jco new X.wasm --wasi-command`), run
by stratus and compared with the same program run as a preview-1 module. Exit 0 = pass,
1 = fail, 77 = skipped (no jco).

jco's adapter reports every non-zero proc_exit as exit(err), so a program exiting 7 as a
module exits 1 as a component (issue #12).

Checks that cannot pass yet are listed in component_checks_known_failures.txt (`NAME -- reason`);
they must still fail, so a fix shows up as a failure asking to remove the line."""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time

from run_case import build

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77
TIMEOUT_S = 0.3
# A WASI 0.2 wait checks the Store's deadline every 10 ms; the CLI's backstop for a guest stuck
# in a host call fires 2 s after the timeout. Ending well before that shows the wait itself
# was interrupted.
INTERRUPT_WITHIN_S = 1.5


def adapt(jco, wasm, out_dir):
    """The component of `wasm`, cached by the module's hash (jco takes seconds)."""
    with open(wasm, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    out = os.path.join(out_dir, f"{os.path.basename(wasm)[:-5]}-{digest}.component.wasm")
    if not os.path.exists(out):
        tmp = f"{out}.{os.getpid()}.tmp"
        subprocess.run([jco, "new", wasm, "--wasi-command", "-o", tmp], check=True, capture_output=True)
        os.replace(tmp, out)
    return out


def run(stratus, args, stdin=b""):
    return subprocess.run([stratus, "run"] + args, input=stdin, capture_output=True, timeout=60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--jco", required=True)
    opts = ap.parse_args()
    if not os.path.exists(opts.jco):
        print(f"skipped: no jco at {opts.jco} (run scripts/setup.sh)")
        return SKIP

    programs = os.path.join(opts.work, "programs")
    modules = {p: build(p, programs, opts.clang) for p in ["hello", "exit_code", "args_env", "stdio_pipe"]}
    comps = {p: adapt(opts.jco, w, programs) for p, w in modules.items()}
    failures = []
    known = {}
    with open(os.path.join(HERE, "component_checks_known_failures.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, _, reason = line.partition(" -- ")
                known[name.strip()] = reason.strip()
    known_failed = []

    def judge(name, problems):
        if name in known:
            if problems:
                known_failed.append(name)
            else:
                failures.append(f"{name}: passes now: remove it from component_checks_known_failures.txt")
        elif problems:
            failures.append(f"{name}: " + "; ".join(problems))

    def expect(name, proc, status, stdout=None, stderr_has=None):
        problems = []
        if proc.returncode != status:
            problems.append(f"exit {proc.returncode}, want {status}")
        if stdout is not None and proc.stdout != stdout:
            problems.append(f"stdout {proc.stdout!r}, want {stdout!r}")
        if stderr_has is not None and stderr_has.encode() not in proc.stderr:
            problems.append(f"stderr lacks {stderr_has!r}")
        if problems:
            problems.append(f"\n    stderr: {proc.stderr.decode(errors='replace')[:800]}")
        judge(name, problems)

    expect("hello", run(opts.stratus, [comps["hello"]]), 0, b"Hello, world!\n", "")

    # Exit statuses: main's return, exit(N) from deep inside, and a trap.
    expect("exit 0", run(opts.stratus, [comps["exit_code"]]), 0, b"")
    expect("exit 7", run(opts.stratus, [comps["exit_code"], "7"]), 1, b"leaving with 7\n")
    expect("exit 7 deep", run(opts.stratus, [comps["exit_code"], "7", "deep"]), 1, b"leaving with 7\n")
    expect("trap", run(opts.stratus, [comps["exit_code"], "3", "trap"]), 134, b"leaving with 3\n", "unreachable")

    # The same output as the module: arguments, environment, stdin to stdout.
    for name, args, stdin in [
        ("args_env", ["--env", "GREETING=hi there", "--env", "EMPTY=", "PROG", "one", "two words", ""], b""),
        ("stdio_pipe", ["PROG"], b"hello\nwasi world\n"),
        ("stdio_pipe", ["PROG"], b""),
    ]:
        def argv(path):
            return [a if a != "PROG" else path for a in args]
        module = run(opts.stratus, argv(modules[name]), stdin)
        component = run(opts.stratus, argv(comps[name]), stdin)
        # argv[0] is the module's path and the component's base name (as wasmtime gives a
        # component); compare with it swapped back.
        got = component.stdout.replace(os.path.basename(comps[name]).encode(), modules[name].encode())
        label = f"{name} stdin={len(stdin)}" if name == "stdio_pipe" else name
        if (component.returncode, got, component.stderr) != (module.returncode, module.stdout, module.stderr):
            judge(label, [f"differs from the module: exit {component.returncode} vs {module.returncode}\n"
                          f"    component stdout {got[:300]!r}\n    module stdout    {module.stdout[:300]!r}\n"
                          f"    component stderr {component.stderr[:300]!r}"])
        else:
            judge(label, [])

    # --timeout ends a component blocked reading stdin through the wait, not the backstop.
    start = time.monotonic()
    proc = subprocess.Popen([opts.stratus, "run", "--timeout", str(TIMEOUT_S), comps["stdio_pipe"]],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        status = proc.wait(timeout=10)  # stdin stays open: the guest waits for input
        err = proc.stderr.read()
    except subprocess.TimeoutExpired:
        proc.kill()
        status, err = None, b""
    finally:
        proc.stdin.close()
    took = time.monotonic() - start
    if status != 134 or took > INTERRUPT_WITHIN_S or b"blocked in a host call" in err or b"timed out" not in err:
        judge("timeout", [f"--timeout on a blocked read: exit {status} after {took:.2f} s, want 134 within "
                          f"{INTERRUPT_WITHIN_S} s by interrupting the wait\n    stderr: {err.decode(errors='replace')[:500]}"])
    else:
        judge("timeout", [])

    # -S: wasmtime's network flags; unknown ones and modules are usage errors.
    expect("-S inherit-network", run(opts.stratus, ["-S", "inherit-network,allow-ip-name-lookup", comps["hello"]]), 0,
           b"Hello, world!\n")
    expect("-S unknown", run(opts.stratus, ["-S", "keyvalue", comps["hello"]]), 2, b"", "unknown WASI option")
    expect("-S on a module", run(opts.stratus, ["-S", "tcp", modules["hello"]]), 2, b"", "preview 1 module")

    if failures:
        print("FAIL components:\n  " + "\n  ".join(failures))
        return 1
    note = f"; {len(known_failed)} known failures: {', '.join(known_failed)}" if known_failed else ""
    print("ok components (hello, exit statuses, args/env/stdin as the module, --timeout in a wait, -S)" + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
