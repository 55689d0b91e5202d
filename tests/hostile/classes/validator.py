"""Validator stress: deep nesting, huge br_tables, local and parameter counts at and past
their limits, a million operand-stack values (and 20 million from multi-value calls), long and deep constant expressions, and
oversized function bodies. Where the
specification allows either, a valid module may run (0) or hit an implementation limit (2);
what must hold is a clean answer in bounded memory and time."""

from case import Case, OK, TRAP, USAGE, stderr_has
from wasm_bytes import DROP, END, I32, I64, F64, V128, Module, i32_const, local_get, uleb

BLOCK_EMPTY = b"\x02\x40"
LOOP_EMPTY = b"\x03\x40"
IF_EMPTY = b"\x04\x40"
NOP = b"\x01"


def command(body, locals_=(), setup=None):
    def build():
        m = Module()
        if setup:
            setup(m)
        m.func(body=body, locals_=locals_, export="_start")
        return m.encode()
    return build


def case(case_name, build, status, seconds=20.0, **kw):
    return Case(f"validator.{case_name}", ["run", "{module}"], status, module=build, seconds=seconds, **kw)


def typed_function(params, results):
    """A module with an unused function of the given signature next to _start."""
    def setup(m):
        body = b"".join(b"\x41\x00" if r == I32 else b"" for r in results)
        m.func(params=params, results=results, body=body)
    return setup


ADD = b"\x6a"  # i32.add


def global_init(expr):
    """An immutable i32 global initialized by `expr` (without its `end`)."""
    return lambda m: m.global_(I32, False, expr)


def results_bomb(calls):
    """_start calls a function of 1,000 i32 results `calls` times, then is unreachable."""
    def setup(m):
        m.func(results=[I32] * 1000, body=b"\x00")  # unreachable: valid for any result type
    return command(b"\x10\x00" * calls + b"\x00", setup=setup)


def br_table(count, depth_of):
    targets = b"".join(bytes([depth_of(i)]) for i in range(count))
    return i32_const(7) + b"\x0e" + uleb(count) + targets + b"\x00"


def cases(ctx):
    n = 100_000
    nested = BLOCK_EMPTY * n + END * n
    invalid_module = [stderr_has(r"^stratus: error: invalid module")]
    out = [
        case("blocks_nested_100k", command(nested), {OK, USAGE}),
        case("loops_nested_100k", command(LOOP_EMPTY * n + END * n), {OK, USAGE}),
        case("ifs_nested_100k", command((i32_const(1) + IF_EMPTY) * n + END * n), {OK, USAGE}),
        # The same nesting with what each level costs the translator most: a condition it
        # cannot fold, and a forward branch per block waiting for that block's end.
        case("ifs_nested_100k_local_condition", command((local_get(0) + IF_EMPTY) * n + END * n, locals_=[(1, I32)]),
             {OK, USAGE}),
        case("blocks_nested_100k_br_if_each", command((BLOCK_EMPTY + local_get(0) + b"\x0d\x00") * n + END * n,
                                                      locals_=[(1, I32)]), {OK, USAGE}),
        case("blocks_nested_100k_br_out", command(BLOCK_EMPTY * n + b"\x0c" + uleb(n - 1) + END * n),
             {OK, USAGE}),
        case("blocks_nested_1m", command(BLOCK_EMPTY * 1_000_000 + END * 1_000_000), {OK, USAGE}, seconds=30.0),
        case("blocks_unclosed_100k", command(BLOCK_EMPTY * n), {USAGE}, checks=invalid_module),
        case("blocks_nested_100k_typed_mismatch",
             command(b"\x02\x7f" * n + END * n), {USAGE}, checks=invalid_module),
        case("br_table_1m_targets", command(BLOCK_EMPTY * 3 + br_table(1_000_000, lambda i: i % 3) + END * 3),
             {OK, USAGE}, seconds=30.0),
        case("br_table_65520_targets", command(BLOCK_EMPTY + br_table(65_520, lambda i: i % 2) + END), {OK}),
        case("br_table_bad_depth", command(BLOCK_EMPTY + br_table(1000, lambda i: 5 if i == 999 else 0) + END),
             {USAGE}, checks=invalid_module),
        # 50,000 locals is the limit wasmtime and V8 share; one more is refused.
        case("locals_50000", command(b"", locals_=[(50_000, I32)]), {OK}),
        case("locals_50000_v128", command(b"", locals_=[(50_000, V128)]), {OK}),
        case("locals_50001", command(b"", locals_=[(50_001, I32)]), {USAGE}, checks=invalid_module),
        case("locals_50000_entries", command(b"", locals_=[(1, I64)] * 50_000), {OK}),
        case("locals_50001_entries", command(b"", locals_=[(1, F64)] * 50_001), {USAGE}, checks=invalid_module),
        case("locals_50000_used", command(b"".join(local_get(i) + DROP for i in range(0, 50_000, 7)),
                                          locals_=[(50_000, I32)]), {OK}),
        # 1,000 parameters and results are the shared limits.
        case("params_1000", command(b"", setup=typed_function([I32] * 1000, [])), {OK}),
        case("params_1001", command(b"", setup=typed_function([I32] * 1001, [])), {USAGE}, checks=invalid_module),
        case("results_1000", command(b"", setup=typed_function([], [I32] * 1000)), {OK}),
        case("results_1001", command(b"", setup=typed_function([], [I32] * 1001)), {USAGE}, checks=invalid_module),
        # One function holding a million values on its operand stack: V8 runs it; a runtime
        # may also refuse it (function size) or trap for want of stack, but cleanly.
        case("operand_stack_1m", command(i32_const(1) * 1_000_000 + DROP * 1_000_000), {OK, USAGE, TRAP},
             seconds=30.0),
        # 2-byte calls of a function with 1,000 results: 20 million values from 41 KB, past
        # the operand stack limit (docs/limits.md), refused before anything is translated.
        case("operand_stack_multi_value_calls_20k", results_bomb(20_000), {USAGE}, checks=invalid_module),
        case("operand_stack_1m_unbalanced", command(i32_const(1) * 1_000_000), {USAGE}, checks=invalid_module,
             seconds=30.0),
        case("unreachable_then_100k_ops", command(b"\x00" + b"\x6a" * n + DROP), {TRAP, USAGE}),
        # Constant expressions (Wasm 3.0's extended constants): 1,000 values held at once is
        # the limit (docs/limits.md), a million is refused; a long running sum is not deep
        # and is evaluated at instantiation.
        case("const_expr_1000_operands", command(b"", setup=global_init(i32_const(1) * 1000 + ADD * 999)), {OK}),
        case("const_expr_1m_operands", command(b"", setup=global_init(i32_const(1) * 1_000_000 + ADD * 999_999)),
             {USAGE}, checks=invalid_module + [stderr_has(r"constant expression too deep")]),
        case("const_expr_running_sum_3m", command(b"", setup=global_init(i32_const(0) + (i32_const(1) + ADD) * 3_000_000)),
             {OK}, seconds=30.0),
        # Bodies past every engine's function-size limit (wasmtime 128 KiB, V8 7,654,321 bytes).
        case("function_body_8mb", command(NOP * (8 << 20)), {USAGE}, seconds=30.0, checks=invalid_module),
    ]
    return out
