#!/usr/bin/env python3
"""Random but valid WebAssembly programs for differential testing, as WAT (one module per seed).

Every module is generated from its seed alone (Python's random.Random is stable across
versions for int seeds), so a failing seed is reproducible: `gen_random.py --first N --count 1`.
Programs are built by typed construction: every expression generator is asked for a value
of one type and can only produce that, so the module is valid by construction. They stress
the parts a register-allocating translator gets wrong: local.get read before a later
local.set/tee of the same local, results written straight into locals, constants as
immediates, branches carrying values (br_if, br_table, multi-value blocks, loop parameters
permuted on the back edge), early returns, calls with many arguments.

Termination: loops count down a dedicated local; calls only go to lower-numbered functions;
call_indirect only reaches leaf functions. Results that could carry a NaN whose sign or
payload the spec leaves open are canonicalized before any bit-exact use (reinterpret,
copysign's sign operand, stores).
"""

import argparse
import os
import random

TYPES = ["i32", "i64", "f32", "f64"]
INT_EDGES = [0, 1, 2, 7, 31, 32, 63, 64, 255, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff]
I64_EDGES = INT_EDGES + [0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x100000000]
FLOAT_EDGES = ["0", "-0", "1", "-1", "0.5", "-0.5", "1.5", "2.5", "-2.5", "inf", "-inf", "nan", "0x1p-149",
               "3.4e38", "2147483648", "-2147483649", "4294967296", "9.3e18", "1e10", "0.1", "-7.75"]

INT_BIN = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"]
INT_DIV = ["div_s", "div_u", "rem_s", "rem_u"]
INT_UN = ["clz", "ctz", "popcnt"]
INT_CMP = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]
FLT_BIN = ["add", "sub", "mul", "div", "min", "max"]
FLT_UN = ["abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest"]
FLT_CMP = ["eq", "ne", "lt", "gt", "le", "ge"]


class Func:
    def __init__(self, index, params, results, leaf):
        self.index, self.params, self.results, self.leaf = index, params, results, leaf
        self.locals = []  # types of declared locals (after params)
        self.counters = set()  # loop counters: never chosen by local_of, so loops terminate

    def all_locals(self):
        return self.params + self.locals


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.funcs = []
        self.table = []  # leaf function indices
        self.label_n = 0

    # ---- helpers ----------------------------------------------------------------------------
    def chance(self, p):
        return self.r.random() < p

    def const(self, t):
        r = self.r
        if t == "i32":
            v = r.choice(INT_EDGES) if r.random() < 0.5 else r.randrange(-100, 100)
            if r.random() < 0.2:
                v = r.getrandbits(32)
            return f"(i32.const {v if v < 0 else v & 0xffffffff})"
        if t == "i64":
            v = r.choice(I64_EDGES) if r.random() < 0.5 else r.randrange(-100, 100)
            if r.random() < 0.2:
                v = r.getrandbits(64)
            return f"(i64.const {v if v < 0 else v & 0xffffffffffffffff})"
        v = r.choice(FLOAT_EDGES) if r.random() < 0.6 else str(r.randrange(-64, 64) / 4)
        return f"({t}.const {v})"

    def label(self):
        self.label_n += 1
        return f"$L{self.label_n}"

    def new_local(self, f, t):
        f.locals.append(t)
        return len(f.all_locals()) - 1

    def local_of(self, f, t):
        cands = [i for i, lt in enumerate(f.all_locals()) if lt == t and i not in f.counters]
        if not cands or self.chance(0.1):
            return self.new_local(f, t)
        return self.r.choice(cands)

    def counter(self, f):
        c = self.new_local(f, "i32")
        f.counters.add(c)
        return c

    def canon(self, f, t, e):
        """e with any NaN replaced by the canonical positive NaN (f32/f64 only)."""
        s = self.new_local(f, t)
        return f"(select ({t}.const nan) (local.tee {s} {e}) ({t}.ne (local.get {s}) (local.get {s})))"

    def addr(self, f, d, width):
        # Mostly in bounds (masked), sometimes anything: then both engines must trap alike.
        a = self.expr(f, "i32", d + 1)
        if self.chance(0.97):
            a = f"(i32.and {a} (i32.const {0xfff0 & ~(width - 1)}))"
        return a

    # ---- expressions ------------------------------------------------------------------------
    def expr(self, f, t, d):
        r = self.r
        if d > 5 or r.random() < 0.12 * d:
            k = r.random()
            if k < 0.45:
                return f"(local.get {self.local_of(f, t)})"
            if k < 0.55:
                return f"(global.get $g{t})"
            return self.const(t)
        kind = r.choices(
            ["bin", "un", "cmp", "conv", "tee", "select", "load", "block", "if", "brtable", "multi", "call",
             "indirect", "loop", "getset"],
            [10, 4, 3, 4, 5, 3, 3, 3, 3, 2, 2, 2, 1, 1, 3])[0]
        return getattr(self, "e_" + kind)(f, t, d + 1)

    def e_getset(self, f, t, d):
        # The old value of a local is read, then the local is overwritten before the read is used.
        l = self.local_of(f, t)
        op = self.binop(t)
        return f"({op} (local.get {l}) (block (result {t}) (local.set {l} {self.expr(f, t, d)}) (local.get {l})))"

    def binop(self, t):
        if t[0] == "i":
            return f"{t}.{self.r.choice(INT_BIN)}"
        return f"{t}.{self.r.choice(FLT_BIN)}"

    def e_bin(self, f, t, d):
        a, b = self.expr(f, t, d), self.expr(f, t, d)
        if t[0] == "i" and self.chance(0.15):
            op = self.r.choice(INT_DIV)
            if self.chance(0.85):  # usually a divisor that cannot be zero
                b = f"({t}.or {b} ({t}.const 1))"
            return f"({t}.{op} {a} {b})"
        if t[0] == "f" and self.chance(0.1):
            return f"({t}.copysign {a} {self.canon(f, t, b)})"
        if self.chance(0.3):  # constant operand: folded into an immediate by the translator
            return f"({self.binop(t)} {a} {self.const(t)})" if self.chance(0.5) else f"({self.binop(t)} {self.const(t)} {a})"
        return f"({self.binop(t)} {a} {b})"

    def e_un(self, f, t, d):
        a = self.expr(f, t, d)
        if t[0] == "i":
            if self.chance(0.3):
                ext = ["extend8_s", "extend16_s"] + (["extend32_s"] if t == "i64" else [])
                return f"({t}.{self.r.choice(ext)} {a})"
            return f"({t}.{self.r.choice(INT_UN)} {a})"
        return f"({t}.{self.r.choice(FLT_UN)} {a})"

    def e_cmp(self, f, t, d):
        if t != "i32":
            return self.e_bin(f, t, d)
        st = self.r.choice(TYPES)
        a, b = self.expr(f, st, d), self.expr(f, st, d)
        if st[0] == "i":
            if self.chance(0.15):
                return f"({st}.eqz {a})"
            return f"({st}.{self.r.choice(INT_CMP)} {a} {b})"
        return f"({st}.{self.r.choice(FLT_CMP)} {a} {b})"

    def e_conv(self, f, t, d):
        r = self.r
        if t == "i32":
            src = r.choice(["i64", "f32", "f64", "f32r"])
            if src == "i64":
                return f"(i32.wrap_i64 {self.expr(f, 'i64', d)})"
            if src == "f32r":
                return f"(i32.reinterpret_f32 {self.canon(f, 'f32', self.expr(f, 'f32', d))})"
            sat = "_sat" if self.chance(0.8) else ""
            return f"(i32.trunc{sat}_{src}_{r.choice('su')} {self.expr(f, src, d)})"
        if t == "i64":
            src = r.choice(["i32", "f32", "f64", "f64r"])
            if src == "i32":
                return f"(i64.extend_i32_{r.choice('su')} {self.expr(f, 'i32', d)})"
            if src == "f64r":
                return f"(i64.reinterpret_f64 {self.canon(f, 'f64', self.expr(f, 'f64', d))})"
            sat = "_sat" if self.chance(0.8) else ""
            return f"(i64.trunc{sat}_{src}_{r.choice('su')} {self.expr(f, src, d)})"
        other = "f64" if t == "f32" else "f32"
        src = r.choice(["i32", "i64", other, "reinterpret"])
        if src == "reinterpret":
            it = "i32" if t == "f32" else "i64"
            return f"({t}.reinterpret_{it} {self.expr(f, it, d)})"
        if src == other:
            op = "demote_f64" if t == "f32" else "promote_f32"
            return f"({t}.{op} {self.expr(f, other, d)})"
        return f"({t}.convert_{src}_{r.choice('su')} {self.expr(f, src, d)})"

    def e_tee(self, f, t, d):
        return f"(local.tee {self.local_of(f, t)} {self.expr(f, t, d)})"

    def e_select(self, f, t, d):
        typed = f" (result {t})" if self.chance(0.5) else ""
        return f"(select{typed} {self.expr(f, t, d)} {self.expr(f, t, d)} {self.expr(f, 'i32', d)})"

    def e_load(self, f, t, d):
        r = self.r
        if t == "i32":
            op, w = r.choice([("i32.load", 4), ("i32.load8_s", 1), ("i32.load8_u", 1), ("i32.load16_s", 2),
                              ("i32.load16_u", 2)])
        elif t == "i64":
            op, w = r.choice([("i64.load", 8), ("i64.load8_s", 1), ("i64.load16_u", 2), ("i64.load32_s", 4),
                              ("i64.load32_u", 4), ("i64.load16_s", 2), ("i64.load8_u", 1)])
        else:
            op, w = f"{t}.load", 4 if t == "f32" else 8
        off = r.choice([0, 0, 1, 3, 8, 100])
        align = "" if self.chance(0.7) else f" align={r.choice([1, w])}"
        return f"({op} offset={off}{align} {self.addr(f, d, w)})"

    def e_block(self, f, t, d):
        L = self.label()
        body = self.stmts(f, d, 2)
        br = f"(br_if {L} {self.expr(f, t, d)} {self.expr(f, 'i32', d)})"
        if self.chance(0.5):  # the value br_if leaves when not taken is the block's result
            return f"(block {L} (result {t}) {body} {br})"
        return f"(block {L} (result {t}) {body} (drop {br}) {self.stmts(f, d, 1)} {self.expr(f, t, d)})"

    def e_if(self, f, t, d):
        then = f"{self.stmts(f, d, 1)} {self.expr(f, t, d)}"
        if self.chance(0.3):  # early return from inside an expression
            then = f"{self.ret(f, d)}"
        return f"(if (result {t}) {self.expr(f, 'i32', d)} (then {then}) (else {self.stmts(f, d, 1)} {self.expr(f, t, d)}))"

    def e_brtable(self, f, t, d):
        a, b, c = self.label(), self.label(), self.label()
        targets = " ".join(self.r.choice([a, b, c]) for _ in range(self.r.randrange(0, 4)))
        op1, op2 = self.binop(t), self.binop(t)
        return (f"(block {a} (result {t}) (block {b} (result {t}) (block {c} (result {t}) "
                f"(br_table {targets} {self.r.choice([a, b, c])} {self.expr(f, t, d)} {self.expr(f, 'i32', d)})) "
                f"{self.const(t)} {op1}) {self.const(t)} {op2})")

    def e_multi(self, f, t, d):
        # A block with two results consumed by one binary operator; or a block with params.
        L = self.label()
        if self.chance(0.5):
            if self.chance(0.5):
                return (f"({self.binop(t)} (block {L} (result {t} {t}) {self.stmts(f, d, 1)} "
                        f"(br_if {L} {self.expr(f, t, d)} {self.expr(f, t, d)} {self.expr(f, 'i32', d)})))")
            return (f"({self.binop(t)} (block {L} (result {t} {t}) {self.stmts(f, d, 1)} "
                    f"(if {self.expr(f, 'i32', d)} (then (br {L} {self.expr(f, t, d)} {self.expr(f, t, d)}))) "
                    f"{self.expr(f, t, d)} {self.expr(f, t, d)}))")
        # (param t t) (result t t) swapping its inputs, possibly branching out with them swapped.
        s0, s1 = self.new_local(f, t), self.new_local(f, t)
        return (f"({self.binop(t)} {self.expr(f, t, d)} {self.expr(f, t, d)} (block {L} (param {t} {t}) (result {t} {t}) "
                f"(local.set {s1}) (local.set {s0}) {self.stmts(f, d, 1)} "
                f"(br_if {L} (local.get {s1}) (local.get {s0}) {self.expr(f, 'i32', d)})))")

    def callable(self, f, t):
        return [g for g in self.funcs if g.index < f.index and len(g.results) >= 1 and g.results[0] == t]

    def args(self, f, g, d):
        return " ".join(self.expr(f, p, d + 1) for p in g.params)

    def drop_rest(self, f, g):
        # Results after the first are stored into locals, last first.
        return " ".join(f"(local.set {self.local_of(f, rt)})" for rt in reversed(g.results[1:]))

    def e_call(self, f, t, d):
        cands = self.callable(f, t)
        if not cands:
            return self.e_bin(f, t, d)
        g = self.r.choice(cands)
        if len(g.results) == 1:
            return f"(call $f{g.index} {self.args(f, g, d)})"
        return f"(block (result {t}) (call $f{g.index} {self.args(f, g, d)}) {self.drop_rest(f, g)})"

    def e_indirect(self, f, t, d):
        if f.leaf or not self.table:
            return self.e_bin(f, t, d)
        g = self.funcs[self.r.choice(self.table)]
        sig = f"(param {' '.join(g.params)}) (result {' '.join(g.results)})" if g.params else f"(result {' '.join(g.results)})"
        if not g.results:
            return self.e_bin(f, t, d)
        if g.results[0] != t:
            # Type mismatch on purpose, now and then: both engines must trap.
            if not self.chance(0.1):
                return self.e_bin(f, t, d)
        idx = self.table.index(g.index) if self.chance(0.85) else self.r.randrange(0, len(self.table) + 2)
        call = f"(call_indirect {sig} {self.args(f, g, d)} (i32.const {idx}))"
        rest = " ".join(f"(local.set {self.local_of(f, rt)})" for rt in reversed(g.results[1:]))
        first = g.results[0]
        if first != t:
            l = self.local_of(f, first)
            return f"(block (result {t}) {call} {rest} (local.set {l}) {self.const(t)})"
        return f"(block (result {t}) {call} {rest})"

    def e_loop(self, f, t, d):
        # A loop carrying two values that it permutes on every back edge.
        c = self.counter(f)
        L = self.label()
        s0, s1 = self.new_local(f, t), self.new_local(f, t)
        n = self.r.randrange(1, 6)
        return (f"(block (result {t}) (local.set {c} (i32.const {n})) {self.expr(f, t, d)} {self.expr(f, t, d)} "
                f"(loop {L} (param {t} {t}) (result {t} {t}) (local.set {s1}) (local.set {s0}) {self.stmts(f, d, 1)} "
                f"(local.get {s1}) ({self.binop(t)} (local.get {s0}) {self.expr(f, t, d)}) "
                f"(br_if {L} (local.tee {c} (i32.sub (local.get {c}) (i32.const 1))))) {self.binop(t)})")

    # ---- statements -------------------------------------------------------------------------
    def ret(self, f, d):
        return "(return " + " ".join(self.expr(f, rt, d + 1) for rt in f.results) + ")"

    def stmt(self, f, d):
        r = self.r
        if d > 5:
            t = r.choice(TYPES)
            return f"(local.set {self.local_of(f, t)} {self.expr(f, t, d)})"
        kind = r.choices(["set", "gset", "store", "if", "block", "loop", "drop", "call", "bulk", "ret", "grow"],
                         [10, 2, 4, 3, 2, 2, 1, 2, 1, 1, 0.2])[0]
        t = r.choice(TYPES)
        if kind == "set":
            return f"(local.set {self.local_of(f, t)} {self.expr(f, t, d + 1)})"
        if kind == "gset":
            return f"(global.set $g{t} {self.expr(f, t, d + 1)})"
        if kind == "store":
            v = self.expr(f, t, d + 1)
            if t[0] == "f":
                v = self.canon(f, t, v)
            op, w = {"i32": r.choice([("i32.store", 4), ("i32.store8", 1), ("i32.store16", 2)]),
                     "i64": r.choice([("i64.store", 8), ("i64.store8", 1), ("i64.store16", 2), ("i64.store32", 4)]),
                     "f32": ("f32.store", 4), "f64": ("f64.store", 8)}[t]
            return f"({op} offset={r.choice([0, 4, 9])} {self.addr(f, d, w)} {v})"
        if kind == "if":
            els = f" (else {self.stmts(f, d + 1, 2)})" if self.chance(0.5) else ""
            return f"(if {self.expr(f, 'i32', d + 1)} (then {self.stmts(f, d + 1, 2)}){els})"
        if kind == "block":
            L = self.label()
            return f"(block {L} {self.stmts(f, d + 1, 2)} (br_if {L} {self.expr(f, 'i32', d + 1)}) {self.stmts(f, d + 1, 2)})"
        if kind == "loop":
            c = self.counter(f)
            L = self.label()
            return (f"(local.set {c} (i32.const {r.randrange(1, 8)})) (loop {L} {self.stmts(f, d + 1, 2)} "
                    f"(br_if {L} (local.tee {c} (i32.sub (local.get {c}) (i32.const 1)))))")
        if kind == "drop":
            return f"(drop {self.expr(f, t, d + 1)})"
        if kind == "call":
            cands = [g for g in self.funcs if g.index < f.index]
            if not cands:
                return f"(local.set {self.local_of(f, t)} {self.expr(f, t, d + 1)})"
            g = r.choice(cands)
            sets = " ".join(f"(local.set {self.local_of(f, rt)})" for rt in reversed(g.results))
            return f"(call $f{g.index} {self.args(f, g, d)}) {sets}"
        if kind == "bulk":
            dst, src = self.addr(f, d, 1), self.addr(f, d, 1)
            n = f"(i32.and {self.expr(f, 'i32', d + 1)} (i32.const 255))"
            if self.chance(0.5):
                return f"(memory.fill {dst} (i32.const {r.randrange(256)}) {n})"
            return f"(memory.copy {dst} {src} {n})"
        if kind == "ret":
            return f"(if {self.expr(f, 'i32', d + 1)} (then {self.ret(f, d)}))"
        return f"(global.set $gi32 (i32.add (global.get $gi32) (memory.grow (i32.const {r.randrange(0, 2)}))))"

    def stmts(self, f, d, n):
        return " ".join(self.stmt(f, d) for _ in range(self.r.randrange(0, n + 1)))

    # ---- module -----------------------------------------------------------------------------
    def module(self):
        r = self.r
        nfuncs = r.randrange(3, 8)
        nleaf = r.randrange(1, 3)
        out = []
        for i in range(nfuncs):
            params = [r.choice(TYPES) for _ in range(r.choices([0, 1, 2, 3, 5], [1, 3, 3, 2, 1])[0])]
            results = [r.choice(TYPES) for _ in range(r.choices([0, 1, 2, 3], [1, 6, 2, 1])[0])]
            f = Func(i, params, results, leaf=i < nleaf)
            for _ in range(r.randrange(1, 5)):
                f.locals.append(r.choice(TYPES))
            self.funcs.append(f)
            if f.leaf:
                self.table.append(i)
            body = self.stmts(f, 0, 4) + " " + " ".join(self.expr(f, t, 1) for t in results)
            sig = "".join(f" (param {p})" for p in params) + "".join(f" (result {t})" for t in results)
            locs = "".join(f" (local {t})" for t in f.locals)
            out.append(f"  (func $f{i} (export \"f{i}\"){sig}{locs}\n    {body})")
        data = "".join(f"\\{r.randrange(256):02x}" for _ in range(64))
        head = ["(module", "  (memory (export \"memory\") 1 4)"]
        for t in TYPES:
            head.append(f"  (global $g{t} (export \"g{t}\") (mut {t}) {self.const(t)})")
        head.append(f"  (table {len(self.table) + 1} funcref)")
        head.append("  (elem (i32.const 0) " + " ".join(f"$f{i}" for i in self.table) + ")")
        head.append(f"  (data (i32.const {r.randrange(0, 60000)}) \"{data}\")")
        return "\n".join(head + out) + ")\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for seed in range(args.first, args.first + args.count):
        with open(os.path.join(args.out, f"rand{seed:06d}.wat"), "w") as f:
            f.write(Gen(seed).module())


if __name__ == "__main__":
    main()
