#!/usr/bin/env python3
"""Differential test driver: builds one corpus (suite), runs it under Stratus (guard-page and
explicit bounds checks), under V8 (run_v8.mjs) and, for modules without imports, under wabt's
spectest-interp; compares. Exit 0 = all agree (or only listed known failures), 1 = a new
disagreement or a known failure that no longer fails, 77 = a needed tool is missing.

Suites: c (our C programs, every optimization level), wat (hand-written edge cases),
random (gen_random.py programs, fixed seeds). See README.md."""

import argparse
import fnmatch
import glob
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77

C_BASE = ["--target=wasm32", "-nostdlib", "-Wl,--no-entry", "-Wl,--export-all", "-Wl,--allow-undefined",
          "-mbulk-memory", "-Wno-constant-conversion"]
C_OPTS = ["-O0", "-O1", "-O2", "-Os"]
# Extra variants per program: (suffix, flags).
C_EXTRA = {
    "simd": [("", ["-msimd128"])],
    "multivalue": [("", ["-mmultivalue", "-Xclang", "-target-abi", "-Xclang", "experimental-mv"])],
    "floats": [("", []), ("-sat", ["-mnontrapping-fptoint"])],
}
# Autovectorized builds of the scalar programs.
C_VECTORIZE = ["arith", "control", "memory", "floats"]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def build_c(args, out_dir):
    clang = args.clang
    resource = run([clang, "-print-resource-dir"]).stdout.strip()
    # compiler-rt's builtins (__multi3, __divti3, ...) for 128-bit arithmetic, when installed.
    builtins = glob.glob(os.path.join(resource, "lib", "wasi", "libclang_rt.builtins-wasm32.a"))
    wasms = []
    for src in sorted(glob.glob(os.path.join(HERE, "c", "*.c"))):
        stem = os.path.splitext(os.path.basename(src))[0]
        variants = [(suffix + opt, [opt] + flags) for opt in C_OPTS for suffix, flags in C_EXTRA.get(stem, [("", [])])]
        if stem in C_VECTORIZE:
            variants.append(("-O3-simd", ["-O3", "-msimd128"]))
        for name, flags in variants:
            out = os.path.join(out_dir, f"{stem}{name}.wasm")
            cmd = [clang] + C_BASE + flags + ["-I", os.path.join(resource, "include"), "-o", out, src] + builtins
            r = run(cmd)
            if r.returncode != 0:
                # Experimental flags may be missing from this clang: say so and go on.
                print(f"note: cannot build {os.path.basename(out)}: {r.stderr.strip().splitlines()[-1:]}")
                continue
            wasms.append(out)
    return wasms


def build_wat(args, wat_files, out_dir):
    wasms = []
    for wat in wat_files:
        out = os.path.join(out_dir, os.path.splitext(os.path.basename(wat))[0] + ".wasm")
        r = run([args.wat2wasm, wat, "-o", out])  # wabt's defaults are the Wasm 2.0 feature set
        if r.returncode != 0:
            raise SystemExit(f"wat2wasm failed for {wat}:\n{r.stderr}")
        wasms.append(out)
    return wasms


def build_random(args, out_dir):
    wat_dir = os.path.join(out_dir, "wat")
    os.makedirs(wat_dir, exist_ok=True)
    r = run([sys.executable, os.path.join(HERE, "gen_random.py"), "--out", wat_dir, "--first", str(args.first_seed),
             "--count", str(args.seeds)])
    if r.returncode != 0:
        raise SystemExit("gen_random.py failed:\n" + r.stderr)
    return build_wat(args, sorted(glob.glob(os.path.join(wat_dir, "*.wat"))), out_dir)


def sections(text):
    """Output of a runner -> {module path: [lines]}."""
    out, cur = {}, None
    for line in text.splitlines():
        if line.startswith("module "):
            cur = line[7:]
            out[cur] = []
        elif cur is not None:
            out[cur].append(line)
    return out


def same_line(la, lb):
    # V8 reports both float-to-int trap kinds as one ("float unrepresentable in integer range").
    if lb.endswith(" trap:conv"):
        head, _, kind = la.rpartition(" ")
        return head == lb[:-len(" trap:conv")] and kind in ("trap:intoverflow", "trap:badconv")
    return la == lb


def first_difference(a, b):
    """Index of the first differing line and the call it belongs to, or None."""
    call = "(instantiation)"
    for i in range(max(len(a), len(b))):
        la = a[i] if i < len(a) else "<missing>"
        lb = b[i] if i < len(b) else "<missing>"
        if la.startswith("call "):
            call = la
        if not same_line(la, lb):
            return i, call, la, lb
    return None


def load_known(path):
    """known_failures.txt: `<suite> <module glob> <export or *> <oracle or *> -- reason`."""
    known = []
    if not path or not os.path.exists(path):
        return known
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            head, _, reason = line.partition("--")
            parts = head.split()
            if len(parts) != 4:
                raise SystemExit(f"{path}:{n}: want `<suite> <module glob> <export> <oracle> -- reason`")
            known.append({"suite": parts[0], "module": parts[1], "export": parts[2], "oracle": parts[3],
                          "reason": reason.strip(), "line": n, "hit": False})
    return known


def match_known(known, suite, module, call, oracle):
    export = call.split()[1] if call.startswith("call ") else "(instantiation)"
    for k in known:
        if k["suite"] == suite and fnmatch.fnmatch(os.path.basename(module), k["module"]) and \
                (k["export"] == "*" or k["export"] == export) and (k["oracle"] in ("*", oracle)):
            k["hit"] = True
            return k
    return None


def wabt_commands(wasm, job_lines, stratus_lines):
    """spectest-interp JSON for one module: the job's calls, expecting what Stratus returned."""
    cmds = [{"type": "module", "line": 0, "filename": os.path.basename(wasm)}]
    results = [l for l in stratus_lines if l.startswith("=>")]
    calls = [l for l in job_lines if l.startswith("call ")]
    if len(results) != len(calls):
        return None
    for n, (call, res) in enumerate(zip(calls, results), 1):
        parts = call.split()
        args = []
        for a in parts[3:]:
            t, _, v = a.partition(":")
            if t == "f32":
                v = "2143289344" if v == "nan" else str(int(v, 16))
            elif t == "f64":
                v = str(0x7ff8000000000000) if v == "nan" else str(int(v, 16))
            elif t in ("i32", "i64"):
                v = str(int(v, 16))
            else:
                return None  # references: not worth mapping
            args.append({"type": t, "value": v})
        action = {"type": "invoke", "field": parts[1], "args": args}
        vals = res[3:].split() if res != "=>" else []
        if vals and vals[0].startswith("trap:"):
            if vals[0] == "trap:exhausted":
                cmds.append({"type": "assert_exhaustion", "line": n, "action": action, "text": "", "expected": []})
            elif vals[0] == "trap:timeout":
                return None  # wabt has no deadline: it would spin
            else:
                cmds.append({"type": "assert_trap", "line": n, "action": action, "text": vals[0], "expected": []})
            continue
        expected = []
        for v in vals:
            t, _, rest = v.partition(":")
            if t not in ("i32", "i64", "f32", "f64"):
                return None
            if rest.startswith("nan:"):
                bits = int(rest[4:], 16)
                quiet = (bits >> 22) & 1 if t == "f32" else (bits >> 51) & 1
                expected.append({"type": t, "value": "nan:arithmetic" if quiet else str(bits)})
            else:
                expected.append({"type": t, "value": str(int(rest, 16))})
        cmds.append({"type": "assert_return", "line": n, "action": action, "expected": expected})
    return cmds


def run_isolated(cmd, job, job_text, out_base):
    """Runs a whole job in one process; if that process dies, reruns each module alone so one
    crash costs one module, and marks the crashed module's output."""
    r = run(cmd, timeout=240)
    with open(out_base + ".out", "w") as f:
        f.write(r.stdout)
    if r.returncode == 0:
        return sections(r.stdout)
    print(f"note: {os.path.basename(out_base)} exited with {r.returncode}; rerunning module by module")
    result = {}
    for n, chunk in enumerate(job_text.split("module ")[1:]):
        one = f"{out_base}.job{n}.txt"
        with open(one, "w") as f:
            f.write("module " + chunk)
        rc = run(cmd[:-1] + [one], timeout=240)
        got = sections(rc.stdout)
        if rc.returncode != 0:
            for lines in got.values():
                lines.append(f"<crashed: exit {rc.returncode}>")
        result.update(got)
        os.remove(one)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", required=True, choices=["c", "wat", "random"])
    ap.add_argument("--runner", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--node", default="node")
    ap.add_argument("--wat2wasm", default="wat2wasm")
    ap.add_argument("--spectest-interp", default="spectest-interp")
    ap.add_argument("--known", default=os.path.join(HERE, "known_failures.txt"))
    ap.add_argument("--seed", type=int, default=20240601, help="argument generator seed")
    ap.add_argument("--calls", type=int, default=12, help="calls per export")
    ap.add_argument("--first-seed", type=int, default=1, help="random suite: first program seed")
    ap.add_argument("--seeds", type=int, default=300, help="random suite: number of programs")
    ap.add_argument("--wat", nargs="*", help="wat suite: only these files")
    ap.add_argument("--no-wabt", action="store_true")
    args = ap.parse_args()

    def have(tool):
        return tool and (os.path.exists(tool) or shutil.which(tool))
    needed = {"c": [args.clang, args.node], "wat": [args.wat2wasm, args.node], "random": [args.wat2wasm, args.node]}
    missing = [t for t in needed[args.suite] if not have(t)]
    if missing:
        print(f"skipped: missing {missing}")
        return SKIP
    use_wabt = not args.no_wabt and have(args.spectest_interp)

    work = os.path.join(args.work, args.suite)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    if args.suite == "c":
        wasms = build_c(args, work)
    elif args.suite == "wat":
        wasms = build_wat(args, args.wat or sorted(glob.glob(os.path.join(HERE, "wat", "*.wat"))), work)
    else:
        wasms = build_random(args, work)

    plan = run([args.runner, "plan", str(args.seed), str(args.calls)] + wasms)
    if plan.returncode != 0:
        print(plan.stderr)
        return 1
    for line in plan.stderr.splitlines():
        print("note: " + line)
    job = os.path.join(work, "job.txt")
    with open(job, "w") as f:
        f.write(plan.stdout)
    job_sections = sections(plan.stdout)

    outputs = {}
    for name, cmd in [("stratus", [args.runner, "run", job]),
                      ("stratus-explicit", [args.runner, "run", "--bounds=explicit", job]),
                      ("v8", [args.node, os.path.join(HERE, "run_v8.mjs"), job])]:
        outputs[name] = run_isolated(cmd, job, plan.stdout, os.path.join(work, name))

    known = load_known(args.known)
    failures, known_hits, compared = [], [], 0
    base = outputs["stratus"]
    for wasm in job_sections:
        mine = base.get(wasm, ["<missing: stratus crashed before this module>"])
        for oracle in ("v8", "stratus-explicit"):
            other = outputs[oracle].get(wasm, ["<missing>"])
            compared += 1
            d = first_difference(mine, other)
            if d is None:
                continue
            i, call, la, lb = d
            msg = f"{os.path.basename(wasm)} vs {oracle}: line {i + 1}, after `{call}`:\n    stratus: {la}\n    {oracle + ':':8} {lb}"
            k = match_known(known, args.suite, wasm, call, oracle)
            (known_hits if k else failures).append(msg + (f"\n    known: {k['reason']}" if k else ""))

    if use_wabt:
        nan_run = run([args.runner, "run", "--nan-bits", job], timeout=240)
        exact = sections(nan_run.stdout)
        for wasm, lines in job_sections.items():
            if any(l.startswith("import ") for l in lines) or wasm not in exact or \
                    not exact[wasm] or exact[wasm][0] != "inst ok":
                continue
            cmds = wabt_commands(wasm, lines, exact[wasm])
            if cmds is None:
                continue
            jpath = os.path.splitext(wasm)[0] + ".wabt.json"
            with open(jpath, "w") as f:
                json.dump({"source_filename": os.path.basename(wasm), "commands": cmds}, f)
            compared += 1
            # wabt's defaults are the Wasm 2.0 feature set.
            try:
                r = run([args.spectest_interp, os.path.basename(jpath)], cwd=os.path.dirname(jpath), timeout=120)
            except subprocess.TimeoutExpired:
                failures.append(f"{os.path.basename(wasm)} vs wabt: spectest-interp timed out")
                continue
            bad = [l for l in r.stdout.splitlines() if (": mismatch" in l or ": expected" in l or ": unexpected" in l)
                   and "passed" not in l]
            if r.returncode != 0 and not bad:
                bad = (r.stdout + r.stderr).strip().splitlines()[-3:]
            for line in bad[:3]:
                # "<file>:<n>: ..." -> the n-th call
                call = "(module)"
                try:
                    n = int(line.split(":")[1])
                    call = [l for l in lines if l.startswith("call ")][n - 1]
                except (ValueError, IndexError):
                    pass
                msg = f"{os.path.basename(wasm)} vs wabt: `{call}`: {line}"
                k = match_known(known, args.suite, wasm, call, "wabt")
                (known_hits if k else failures).append(msg + (f"\n    known: {k['reason']}" if k else ""))

    stale = [k for k in known if k["suite"] == args.suite and not k["hit"]]
    for m in known_hits:
        print("KNOWN " + m)
    for m in failures:
        print("FAIL " + m)
    for k in stale:
        print(f"FIXED? known_failures.txt:{k['line']} ({k['module']} {k['export']}) no longer fails: remove it")
    print(f"{args.suite}: {len(job_sections)} modules, {compared} comparisons, {len(failures)} new disagreements, "
          f"{len(known_hits)} known, {len(stale)} stale known entries")
    return 1 if failures or stale else 0


if __name__ == "__main__":
    sys.exit(main())
