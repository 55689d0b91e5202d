#!/usr/bin/env python3
"""Checks the `stratus` command line itself: exit statuses, one-line errors, --invoke.
Exit 0 = pass, 1 = fail."""

import argparse
import os
import subprocess
import sys
import tempfile

import wasm_bytes as wb

HERE = os.path.dirname(os.path.abspath(__file__))
FORGED_NAME = "evil\n    at forged_frame\x1b[2J"
DEPTH_OF_V8 = 19_500  # about what node (V8) reaches for a one-argument recursive function
OPERANDS = 1_000_000  # values one function holds on its operand stack (V8 runs it; 8 MB of our stack)
# The longest name the decoder keeps (docs/limits.md, kMaxNameLength); longer ones drop the
# name section, so this is the longest a guest can make the CLI print.
MAX_NAME_LENGTH = 100_000


def write_modules(work):
    """Hostile modules as bytes; returns {name: path}."""
    unit_to_unit = wb.func_type([], [])
    i32_to_i32 = wb.func_type([wb.I32], [wb.I32])
    none_to_i32 = wb.func_type([], [wb.I32])
    # rec(n) = n == 0 ? 0 : rec(n - 1) + 1
    rec = wb.body(bytes([0x20, 0, 0x45, 0x04, wb.I32, 0x41, 0, 0x05, 0x20, 0, 0x41, 1, 0x6B, 0x10, 0,
                         0x41, 1, 0x6A, 0x0B]))
    mods = {
        "forged": wb.module([unit_to_unit], [(0, wb.body(b"\x00"))], [("run", 0)], names={0: FORGED_NAME}),
        "huge_name": wb.module([unit_to_unit], [(0, wb.body(b"\x00"))], [("run", 0)], names={0: "n" * MAX_NAME_LENGTH}),
        "forged_import": wb.module([unit_to_unit], [(0, wb.body(b""))], [("run", 1)],
                                   imports=[("env\x1b[2J", "f\n    at forged_frame", 0)]),
        "recursion": wb.module([i32_to_i32], [(0, rec)], [("rec", 0)], names={0: "rec"}),
        "recursion_huge_name": wb.module([i32_to_i32], [(0, rec)], [("rec", 0)], names={0: "r" * MAX_NAME_LENGTH}),
        # OPERANDS constants, then OPERANDS - 1 adds: the sum is OPERANDS.
        "operands": wb.module([none_to_i32], [(0, wb.body(b"\x41\x01" * OPERANDS + b"\x6a" * (OPERANDS - 1)))],
                              [("many", 0)]),
    }
    paths = {}
    for key, data in mods.items():
        paths[key] = os.path.join(work, key + ".wasm")
        with open(paths[key], "wb") as f:
            f.write(data)
    return paths


def stderr_checks(s, reactor, mods):
    """(argv, status, stdout or None, texts stderr must hold, texts it must not, its largest size)."""
    rec, forged = mods["recursion"], mods["forged"]
    return [
        # A guest's names reach the terminal escaped: no forged frame line, no ESC.
        ([s, "run", "--invoke", "run", forged], 134, None,
         ["Error: unreachable", "at evil\\n    at forged_frame\\x1b[2J"], ["\n    at forged_frame", "\x1b"], 1000),
        ([s, "run", "--invoke", "run", mods["huge_name"]], 134, None, ["\u2026 (100000 bytes)"], [], 2000),
        ([s, "run", "--invoke", "run", mods["forged_import"]], 2, None,
         ["unknown import", "env\\x1b[2J", "f\\n    at forged_frame"], ["\x1b", "\n    at"], 1000),
        # Deep recursion: at least as deep as V8 at the defaults; the limit is named when hit.
        ([s, "run", "--invoke", "rec", rec, str(DEPTH_OF_V8)], 0, f"{DEPTH_OF_V8}\n", [], [], 0),
        ([s, "run", "--invoke", "rec", rec, "32000"], 0, "32000\n", [], [], 0),
        ([s, "run", "--invoke", "rec", rec, "40000"], 134, None,
         ["raise it with --max-wasm-stack", "1 MiB", "32768 nested calls", "call stack exhausted"], [], 20000),
        ([s, "run", "--max-wasm-stack", "2MiB", "--invoke", "rec", rec, "60000"], 0, "60000\n", [], [], 0),
        ([s, "run", "--max-wasm-stack", "64KiB", "--invoke", "rec", rec, str(DEPTH_OF_V8)], 134, None,
         ["raise it with --max-wasm-stack", "64 KiB", "2048 nested calls", "call stack exhausted"], [], 20000),
        ([s, "run", "--max-wasm-stack", "256MiB", "--invoke", "rec", rec, "1500000"], 0, "1500000\n", [], [], 0),
        # A runaway recursion prints the ends of its backtrace, not every frame.
        ([s, "run", "--invoke", "rec", rec, "100000000"], 134, None,
         ["Error: call stack exhausted", "frames omitted", "at rec"], [], 20000),
        ([s, "run", "--invoke", "many", mods["operands"]], 134, None,
         ["raise it with --max-wasm-stack", "1 MiB", "call stack exhausted"], [], 20000),
        ([s, "run", "--max-wasm-stack", "8MiB", "--invoke", "many", mods["operands"]], 0, f"{OPERANDS}\n", [], [], 0),
    ]


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
    mods = write_modules(opts.work)
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
        # Durations and sizes out of range are usage errors before anything runs.
        ([s, "run", "--timeout", "1e10", "--invoke", "add", reactor, "1", "2"], 2, "", "stratus: error: --timeout: '1e10' is too long"),
        ([s, "run", "--timeout", "inf", "--invoke", "add", reactor, "1", "2"], 2, "", "stratus: error: --timeout: 'inf' is not a duration"),
        ([s, "run", "--timeout", "nan", "--invoke", "add", reactor, "1", "2"], 2, "", "stratus: error: --timeout: 'nan' is not a duration"),
        ([s, "run", "--timeout", "1e309", "--invoke", "add", reactor, "1", "2"], 2, "", "stratus: error: --timeout: '1e309' is "),
        ([s, "run", "--timeout", "-1", "--invoke", "add", reactor, "1", "2"], 2, "", "stratus: error: --timeout: '-1' is negative"),
        ([s, "run", "--timeout", "0", "--invoke", "add", reactor, "1", "2"], 2, "", "stratus: error: --timeout: '0' is zero"),
        ([s, "run", "--timeout", "0x10", "--invoke", "add", reactor, "1", "2"], 2, "", "stratus: error: --timeout: '0x10' is not"),
        ([s, "run", "--timeout", "5 s", "--invoke", "add", reactor, "1", "2"], 2, "", "stratus: error: --timeout: '5 s' is not"),
        # The longest timeout accepted, and units, do not fire early.
        ([s, "run", "--timeout", "3155760000", "--invoke", "add", reactor, "1", "2"], 0, "3\n", None),
        ([s, "run", "--timeout", "2m", "--invoke", "add", reactor, "1", "2"], 0, "3\n", None),
        ([s, "run", "--timeout", "300ms", "--invoke", "spin", reactor], 134, None, "Error: wasm execution timed out (--timeout)"),
        ([s, "run", "--max-memory", "8GiB", reactor], 2, None, "stratus: error: --max-memory: '8GiB' is too large"),
        ([s, "run", "--max-memory", "0", reactor], 2, None, "stratus: error: --max-memory: '0' is too small"),
        ([s, "run", "--max-memory", "99999999999999999999", reactor], 2, None, "stratus: error: --max-memory: '99999999999999999999' is too large"),
        ([s, "run", "--max-wasm-stack", "100", reactor], 2, None, "stratus: error: --max-wasm-stack: '100' is too small"),
        ([s, "run", "--max-wasm-stack", "5GiB", reactor], 2, None, "stratus: error: --max-wasm-stack: '5GiB' is too large"),
        ([s, "run", "--max-wasm-stack", "-1", reactor], 2, None, "stratus: error: --max-wasm-stack: '-1' is not a size"),
        ([s, "run", "--invoke", "add", reactor, "4294967296", "1"], 2, None, "stratus: error: argument 1"),
        ([s, "run", "--invoke", "add", reactor, " 1", "1"], 2, None, "stratus: error: argument 1"),
        ([s, "run", "--invoke", "add", reactor, "010", "1"], 0, "11\n", None),
        ([s, "print"], 2, None, "stratus: error:"),
        ([s, "print", "/nonexistent/prog.wasm"], 2, None, "stratus: error: cannot open /nonexistent/prog.wasm"),
        ([s, "print", garbage], 2, "", "stratus: error: "),
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
    for argv, status, stdout, present, absent, max_stderr in stderr_checks(s, reactor, mods):
        with tempfile.TemporaryDirectory() as cwd:
            p = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=60)
        err = p.stderr.decode("utf-8", errors="replace")
        problems = []
        if p.returncode != status:
            problems.append(f"exit {p.returncode}, want {status}")
        if stdout is not None and p.stdout.decode(errors="replace") != stdout:
            problems.append(f"stdout {p.stdout[:200]!r}, want {stdout!r}")
        problems += [f"stderr lacks {t!r}" for t in present if t not in err]
        problems += [f"stderr holds {t!r}" for t in absent if t in err]
        if len(p.stderr) > max_stderr:
            problems.append(f"stderr is {len(p.stderr)} bytes, more than {max_stderr}")
        shown = " ".join(os.path.basename(a) if os.path.isabs(a) else a for a in argv)
        if problems:
            failures += 1
            print(f"FAIL {shown}: " + "; ".join(problems) + f"\n  stderr: {err[:600]!r}")
        else:
            print(f"ok   {shown}")
    failures += print_checks(s, reactor, opts.work)
    failures += runtime_flag_checks(s, reactor)
    failures += readonly_dir_checks(s, opts)
    failures += check_peak_rss([s, "run", "--invoke", "rec", mods["recursion_huge_name"], "100000000"], 134, 48 << 20)
    return 1 if failures else 0


def print_checks(s, reactor, work):
    """`stratus print`: a module's text on stdout, or the same text in the -o file."""
    out = os.path.join(work, "reactor.wat")
    to_stdout = subprocess.run([s, "print", reactor], capture_output=True, timeout=60)
    to_file = subprocess.run([s, "print", "-o", out, reactor], capture_output=True, timeout=60)
    problems = []
    if to_stdout.returncode != 0 or not to_stdout.stdout.startswith(b"(module"):
        problems.append(f"print: exit {to_stdout.returncode}, stdout {to_stdout.stdout[:100]!r}")
    if b"(func $add " not in to_stdout.stdout:
        problems.append("print: the name section's name for 'add' is not used")
    if to_file.returncode != 0 or to_file.stdout or not os.path.exists(out):
        problems.append(f"print -o: exit {to_file.returncode}, stdout {to_file.stdout[:100]!r}")
    elif open(out, "rb").read() != to_stdout.stdout:
        problems.append("print -o: the file differs from what stdout got")
    print(("FAIL stratus print: " + "; ".join(problems)) if problems else "ok   stratus print [-o FILE] reactor.wasm")
    return 1 if problems else 0


def runtime_flag_checks(s, reactor):
    """The Runtime's knobs as `stratus run` flags: each one applied, out-of-range values refused, --help."""
    checks = [
        ([s, "run", "--max-execution-time", "1s", "--invoke", "spin", reactor], 134,
         "Error: wasm execution timed out (--max-execution-time)", "max_execution_time of 1 s"),
        # --timeout and --max-execution-time: the first to expire is the one named.
        ([s, "run", "--max-execution-time", "1h", "--timeout", "300ms", "--invoke", "spin", reactor], 134,
         "Error: wasm execution timed out (--timeout)", None),
        ([s, "run", "--max-execution-time", "500ms", reactor], 2,
         "stratus: error: --max-execution-time: '500ms' is shorter than 1 s", None),
        ([s, "run", "--max-components", "0", reactor], 2, "stratus: error: --max-components: '0' is too small", None),
        ([s, "run", "--max-core-instances-per-component", "x", reactor], 2,
         "stratus: error: --max-core-instances-per-component: 'x' is not a whole number", None),
        ([s, "run", "--max-linear-memory", "8GiB", reactor], 2,
         "stratus: error: --max-linear-memory: '8GiB' is too large", None),
        ([s, "run", "--max-memory", "4MiB", "--max-linear-memory", "4MiB", reactor], 2,
         "stratus: error: --max-linear-memory and --max-memory set the same limit", None),
        ([s, "run", "--max-component-size", "100", "--invoke", "add", reactor, "1", "2"], 2,
         "stratus: error: module file ", "(--max-component-size)"),
        ([s, "run", "--max-module-size", "100", "--invoke", "add", reactor, "1", "2"], 2,
         "stratus: error: module file ", "(--max-module-size)"),
        ([s, "run", "--experimental-features", "bogus", reactor], 2,
         "stratus: error: --experimental-features: unknown experimental feature", None),
        ([s, "run", "--allow-address", "127.0.0.1", reactor], 2,
         "stratus: error: --allow-address narrows the network", None),
        ([s, "run", "-S", "inherit-network", "--allow-address", "300.1.2.3", reactor], 2,
         "stratus: error: --allow-address '300.1.2.3' is not", None),
    ]
    failures = 0
    for argv, status, stderr_prefix, stderr_has in checks:
        p = subprocess.run(argv, capture_output=True, timeout=30)
        err = p.stderr.decode(errors="replace")
        problems = []
        if p.returncode != status:
            problems.append(f"exit {p.returncode}, want {status}")
        if not err.startswith(stderr_prefix):
            problems.append(f"stderr {err!r} does not start with {stderr_prefix!r}")
        if stderr_has and stderr_has not in err:
            problems.append(f"stderr {err!r} lacks {stderr_has!r}")
        failures += report(argv, problems)
    # A pool of a few slots, forced, runs the reactor; memory.grow stops at --max-linear-memory.
    p = subprocess.run([s, "run", "--max-components", "4", "--force-pooling-allocator", "--max-linear-memory", "4MiB",
                        "--invoke", "grow", reactor, "16384"], capture_output=True, timeout=30)
    failures += report(["pooled grow"], [] if p.returncode == 0 and p.stdout == b"-1\n" else
                       [f"exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}"])
    help_text = subprocess.run([s, "help", "run"], capture_output=True, text=True, timeout=30).stdout
    wanted = ["--max-components", "(default 10000)", "--max-core-instances-per-component", "(default 30)",
              "--max-component-size", "(default 50 MiB)", "--max-linear-memory", "(default 4 GiB)",
              "--max-execution-time", "(default none)", "--force-pooling-allocator", "--experimental-features",
              "--allow-address", "--max-memory", "--max-module-size"]
    failures += report(["help run lists the runtime flags"], [f"lacks {w!r}" for w in wanted if w not in help_text])
    return failures


def readonly_dir_checks(s, opts):
    """`--dir HOST::/data::ro` for a preview 1 module: reading works, every change is EPERM and leaves the host
    as it was; the same directory without ::ro takes the changes."""
    probe = os.path.join(opts.work, "readonly_probe.wasm")
    subprocess.run([opts.clang, "--target=wasm32-wasi", "-O2", os.path.join(HERE, "programs", "readonly_probe.c"),
                    "-o", probe], check=True)
    changes = ["create", "write existing", "truncate", "mkdir", "mkdir beneath", "unlink", "rename", "symlink",
               "utimes"]
    failures = 0
    with tempfile.TemporaryDirectory(dir=opts.work) as box:
        os.makedirs(os.path.join(box, "sub"))
        with open(os.path.join(box, "file"), "w") as f:
            f.write("hi\n")
        os.utime(os.path.join(box, "file"), (1_000_000, 1_000_000))
        before = sorted(os.listdir(box)), os.stat(os.path.join(box, "file")).st_mtime
        p = subprocess.run([s, "run", "--dir", f"{box}::/data::ro", probe], capture_output=True, text=True, timeout=30)
        want = "read: ok\n" + "".join(f"{c}: EPERM\n" for c in changes)
        problems = [] if p.returncode == 0 and p.stdout == want else [f"exit {p.returncode}, stdout {p.stdout!r}"]
        after = sorted(os.listdir(box)), os.stat(os.path.join(box, "file")).st_mtime
        if after != before:
            problems.append(f"the host directory changed: {before} -> {after}")
        failures += report(["read-only preopen (preview 1)"], problems)
        p = subprocess.run([s, "run", "--dir", f"{box}::/data", probe], capture_output=True, text=True, timeout=30)
        lines = p.stdout.splitlines()
        problems = [] if lines[:2] == ["read: ok", "create: ok"] and "mkdir: ok" in lines else [f"stdout {p.stdout!r}"]
        failures += report(["writable preopen (preview 1)"], problems)
    return failures


def report(argv, problems):
    shown = " ".join(os.path.basename(a) if os.path.isabs(a) else a for a in argv)
    if problems:
        print(f"FAIL {shown}: " + "; ".join(problems))
        return 1
    print(f"ok   {shown}")
    return 0


def check_peak_rss(argv, status, max_rss_bytes):
    """A trap 32,768 frames deep in a function with the longest name the decoder keeps: the backtrace keeps 100
    frames, each with a bounded copy of the name, so peak RSS stays far from 100 MiB."""
    with tempfile.TemporaryDirectory() as cwd:
        p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, wait_status, usage = os.wait4(p.pid, 0)
    code = os.waitstatus_to_exitcode(wait_status)
    rss = usage.ru_maxrss * 1024
    shown = " ".join(os.path.basename(a) if os.path.isabs(a) else a for a in argv)
    if code != status or rss > max_rss_bytes:
        print(f"FAIL {shown}: exit {code} (want {status}), peak RSS {rss >> 20} MiB (at most {max_rss_bytes >> 20})")
        return 1
    print(f"ok   {shown} (peak RSS {rss >> 20} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
