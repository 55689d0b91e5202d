#!/usr/bin/env python3
"""Runs one class of the hostile-input suite: generates its cases (gen_cases.py), runs each
with `stratus` in a child process under a watchdog (child.py) and checks that the result is
clean (an accepted exit status, no signal, no sanitizer report, the case's own checks) and
bounded (peak RSS and wall time). Cases listed in known_failures.txt must fail; one that
passes fails the test, so the list only shrinks. Exit 0 = pass, 1 = fail."""

import argparse
import fnmatch
import os
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import child  # noqa: E402
import gen_cases  # noqa: E402
from case import MiB  # noqa: E402

# How the bounds scale per build. `fixed` covers the runtime itself: an empty module peaks
# at 5 MiB under Release and 15 MiB under ASan (measured from the child alone, see
# child.py); Release allows 6 MiB more, which the cases that cost most per byte (deep nesting:
# README.md) still use, by up to 4 MiB. `per_input_byte` is the 4x, `per_guest_byte` the guest's own
# memory; ASan adds shadow memory, redzones and a quarantine of freed blocks. `time`
# multiplies every wall bound.
BUILDS = {
    "release": dict(fixed=11 * MiB, per_input_byte=4, per_guest_byte=1.5, time=1.0),
    "asan": dict(fixed=128 * MiB, per_input_byte=10, per_guest_byte=2.5, time=4.0),
}

SANITIZER_REPORT = re.compile(rb"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|UndefinedBehaviorSanitizer")


def read_known(path, build):
    """{case name: reason} from lines `<class>.<case> -- reason`, and from lines
    `<build>: <class>.<case> -- reason` when <build> is this build (a bound only one
    build's factors are tight enough to break)."""
    known = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            case_name, _, reason = line.partition(" -- ")
            only_for, colon, rest = case_name.partition(": ")
            if colon:
                if only_for.strip() != build:
                    continue
                case_name = rest
            known[case_name.strip()] = reason.strip()
    return known


def judge(case, outcome, rss_bound, seconds):
    problems = []
    if outcome.killed_for == "rss":
        problems.append(f"killed: resident set passed its bound of {rss_bound / MiB:.0f} MiB")
    elif outcome.killed_for == "time":
        problems.append(f"killed: still running after {seconds:.0f} s (hang)")
    elif outcome.signal is not None:
        problems.append(f"died of signal {outcome.signal}")
    elif outcome.status not in case.status:
        problems.append(f"exit status {outcome.status}, want {describe_statuses(case.status)}")
    if SANITIZER_REPORT.search(outcome.stderr):
        problems.append("sanitizer report on stderr")
    if outcome.peak_rss > rss_bound and outcome.killed_for is None:
        problems.append(f"peak RSS {outcome.peak_rss / MiB:.0f} MiB over its bound of {rss_bound / MiB:.0f} MiB")
    if outcome.killed_for is None:
        for check in case.checks:
            problem = check(outcome)
            if problem:
                problems.append(problem)
    return problems


def run_case(measurer, case, opts, scale, scratch):
    work = os.path.join(scratch, case.name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    module_path = os.path.join(work, "module.wasm")
    input_bytes = case.input_bytes or 0
    if case.module is not None:
        data = case.module()
        with open(module_path, "wb") as f:
            f.write(data)
        input_bytes = case.input_bytes if case.input_bytes is not None else len(data)
        del data
    cleanup = case.prepare(work) if case.prepare else None
    argv = [opts.stratus] + [w.replace("{module}", module_path).replace("{work}", work) for w in case.argv]
    # The command line is input too: 100,000 arguments are held by the parser, the context
    # and the guest's copy, as a module's bytes are by the decoder.
    input_bytes += sum(len(word) + 1 for word in argv[1:])
    rss_bound = int(scale["fixed"] + scale["per_input_byte"] * input_bytes + scale["per_guest_byte"] * case.guest_bytes)
    seconds = case.seconds * scale["time"]
    try:
        outcome = child.run(argv=argv, measurer=measurer, cwd=work, rss_bound=rss_bound, seconds=seconds,
                            stdin=case.stdin, nofile=case.nofile)
    finally:
        if cleanup:
            cleanup()
    problems = judge(case, outcome, rss_bound, seconds)
    shutil.rmtree(work, ignore_errors=True)
    return outcome, problems, rss_bound


def describe_statuses(statuses):
    """{1, 2, ..., 76, 134} as "1-76, 134"."""
    runs, out = [], []
    for s in sorted(statuses):
        if runs and s == runs[-1][1] + 1:
            runs[-1][1] = s
        else:
            runs.append([s, s])
    for lo, hi in runs:
        out.append(str(lo) if lo == hi else f"{lo}-{hi}")
    return ", ".join(out)


def describe(outcome):
    status = f"signal {outcome.signal}" if outcome.signal is not None else f"exit {outcome.status}"
    return f"{status}, {outcome.seconds:.2f} s, peak {outcome.peak_rss / MiB:.0f} MiB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--class", dest="klass", required=True, choices=gen_cases.CLASSES)
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--known", default=os.path.join(HERE, "known_failures.txt"))
    ap.add_argument("--build", choices=sorted(BUILDS), default="release")
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--case", default="*", help="run only the cases whose name matches this glob")
    opts = ap.parse_args()
    opts.stratus = os.path.abspath(opts.stratus)

    os.makedirs(opts.work, exist_ok=True)
    measurer = child.build_measurer(opts.work, opts.clang)
    ctx = gen_cases.Context(work=opts.work, clang=opts.clang)
    cases = gen_cases.cases_of(opts.klass, ctx)
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    known = read_known(opts.known, opts.build)
    scale = BUILDS[opts.build]
    scratch = os.path.join(opts.work, "scratch", opts.klass)
    failures = []
    prefix = opts.klass + "."
    for name in known:
        if name.startswith(prefix) and name not in names:
            failures.append(f"{name}: listed in known_failures.txt but no such case")

    started = time.monotonic()
    selected = [c for c in cases if fnmatch.fnmatchcase(c.name, opts.case)]
    passed = known_failed = 0
    for case in selected:
        outcome, problems, rss_bound = run_case(measurer, case, opts, scale, scratch)
        line = f"{describe(outcome)} (RSS bound {rss_bound / MiB:.0f} MiB)"
        if case.name in known:
            if problems:
                known_failed += 1
                print(f"KNOWN   {case.name}: {line}: {'; '.join(problems)} [{known[case.name]}]")
            else:
                failures.append(f"{case.name}: unexpectedly passing - remove it from known_failures.txt")
                print(f"FIXED?  {case.name}: {line}: passes but is listed in known_failures.txt")
        elif problems:
            failures.append(f"{case.name}: {'; '.join(problems)}")
            print(f"FAIL    {case.name}: {line}: {'; '.join(problems)}")
            print("        stderr: " + outcome.stderr[:600].decode(errors="replace").replace("\n", "\n        "))
        else:
            passed += 1
            print(f"ok      {case.name}: {line}")
        sys.stdout.flush()

    print(f"\nhostile.{opts.klass} ({opts.build}): {len(selected)} cases, {passed} passed, "
          f"{known_failed} known failures, {len(failures)} failures, {time.monotonic() - started:.1f} s")
    for f in failures:
        print(f"  {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
