#!/usr/bin/env python3
"""Generates the hostile-input cases: each class's module in classes/ returns its Case list
(case.py). Run alone it lists them: `gen_cases.py --class exec`; with `--write DIR` it also
writes each selected case's module to DIR/<case>.wasm, to measure one outside the suite
(`/usr/bin/time -f %M stratus run DIR/limits.cost_types_1m.wasm`)."""

import argparse
import dataclasses
import fnmatch
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# Class name -> module in classes/.
CLASS_MODULES = {
    "decoder": "decoder",
    "validator": "validator",
    "limits": "limits",
    "exec": "execution",
    "wasi": "wasi",
    "cli": "cli",
}
CLASSES = sorted(CLASS_MODULES)


@dataclasses.dataclass
class Context:
    work: str  # where built programs are cached
    clang: str = "clang-19"


def cases_of(klass, ctx):
    module = importlib.import_module("classes." + CLASS_MODULES[klass])
    cases = module.cases(ctx)
    for c in cases:
        assert c.name.startswith(klass + "."), c.name
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--class", dest="klass", choices=CLASSES)
    ap.add_argument("--work", default="/tmp/stratus-hostile")
    ap.add_argument("--case", default="*", help="only the cases whose name matches this glob")
    ap.add_argument("--write", metavar="DIR", help="write each selected case's module to DIR/<case>.wasm")
    opts = ap.parse_args()
    for klass in [opts.klass] if opts.klass else CLASSES:
        for c in cases_of(klass, Context(work=opts.work)):
            if not fnmatch.fnmatchcase(c.name, opts.case):
                continue
            if opts.write and c.module is not None:
                os.makedirs(opts.write, exist_ok=True)
                data = c.module()
                with open(os.path.join(opts.write, c.name + ".wasm"), "wb") as f:
                    f.write(data)
                print(c.name, sorted(c.status), len(data))
            else:
                print(c.name, sorted(c.status))


if __name__ == "__main__":
    main()
