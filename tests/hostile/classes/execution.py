"""Execution limits: recursion of every kind until the stack runs out, memory.grow and
table.grow storms, bulk operations far out of bounds, runaway loops under --timeout, and
guest-chosen names in trap backtraces (escaped, truncated, never forging lines)."""

import re

from case import MiB, Case, OK, TRAP, USAGE, stderr_at_most, stderr_has, stderr_lacks
from wasm_bytes import (DROP, END, F32, F64, I32, I64, V128, UNREACHABLE, FUNCREF, Module, call, i32_const, local_get,
                        name_section, uleb)

IF_EMPTY, LOOP_EMPTY, BLOCK_EMPTY = b"\x04\x40", b"\x03\x40", b"\x02\x40"
BR_IF0 = b"\x0d\x00"
stack_exhausted = [stderr_has("call stack exhausted")]


def run(case_name, build, status, argv=(), **kw):
    return Case(f"exec.{case_name}", ["run", *argv, "{module}"], status, module=build, **kw)


def recursion_to(depth):
    """f(n) { if (n) f(n - 1) }; _start calls f(depth)."""
    def build():
        m = Module()
        f = 0
        m.func(params=[I32], body=local_get(0) + IF_EMPTY + local_get(0) + i32_const(1) + b"\x6b" + call(f) + END)
        m.func(export="_start", body=i32_const(depth) + call(f))
        return m.encode()
    return build


def infinite_direct(params=(), locals_=()):
    def build():
        m = Module()
        args = b"".join(local_get(i) for i in range(len(params)))
        m.func(params=params, body=args + call(0), locals_=locals_)
        zeros = {I32: b"\x41\x00", I64: b"\x42\x00", F32: b"\x43" + b"\0" * 4, F64: b"\x44" + b"\0" * 8,
                 V128: b"\xfd\x0c" + b"\0" * 16}
        m.func(export="_start", body=b"".join(zeros[p] for p in params) + call(0))
        return m.encode()
    return build


def infinite_mutual():
    m = Module()
    m.func(body=call(1))
    m.func(body=call(2))
    m.func(body=call(0))
    m.func(export="_start", body=call(0))
    return m.encode()


def infinite_indirect():
    m = Module()
    m.table(1)
    t = m.type()
    m.func(body=i32_const(0) + b"\x11" + uleb(t) + b"\x00")
    m.func(export="_start", body=call(0))
    m.active_elem(0, [0])
    return m.encode()


def infinite_from_start_section():
    m = Module()
    m.func(body=call(0))
    m.func(export="_start")
    m.start = 0
    return m.encode()


def memory_program(body, pages=0, maximum=None, locals_=()):
    def build():
        m = Module()
        m.memory(pages, maximum)
        m.func(export="_start", body=body, locals_=locals_)
        return m.encode()
    return build


def table_program(body, elements=0, maximum=None, locals_=()):
    def build():
        m = Module()
        m.table(elements, maximum)
        m.func(export="_start", body=body, locals_=locals_)
        return m.encode()
    return build


def expect_minus_one(value_code):
    """Traps unless `value_code` leaves -1."""
    return value_code + i32_const(-1) + b"\x47" + IF_EMPTY + UNREACHABLE + END


MEMORY_GROW = b"\x40\x00"
TABLE_GROW = b"\xfc\x0f\x00"
REF_NULL_FUNC = b"\xd0\x70"

# loop { if (memory.grow(1) == -1) break; }
grow_until_fail = BLOCK_EMPTY + LOOP_EMPTY + i32_const(1) + MEMORY_GROW + i32_const(-1) + b"\x46" + b"\x0d\x01" + \
    b"\x0c\x00" + END + END
# loop { p = memory.grow(1); if (p == -1) break; fill page p with ones }  (local 0 = p)
grow_and_touch = BLOCK_EMPTY + LOOP_EMPTY + i32_const(1) + MEMORY_GROW + b"\x22\x00" + i32_const(-1) + b"\x46" + \
    b"\x0d\x01" + local_get(0) + i32_const(16) + b"\x74" + i32_const(1) + i32_const(65536) + b"\xfc\x0b\x00" + \
    b"\x0c\x00" + END + END
# 100,000 x table.grow(null, 1), then table.grow(null, 10000) until it fails (local 0 = counter)
table_storm = LOOP_EMPTY + REF_NULL_FUNC + i32_const(1) + TABLE_GROW + DROP + local_get(0) + i32_const(1) + b"\x6a" + \
    b"\x22\x00" + i32_const(100_000) + b"\x48" + BR_IF0 + END + \
    BLOCK_EMPTY + LOOP_EMPTY + REF_NULL_FUNC + i32_const(10_000) + TABLE_GROW + i32_const(-1) + b"\x46" + b"\x0d\x01" + \
    b"\x0c\x00" + END + END
spin = LOOP_EMPTY + b"\x0c\x00" + END


def named_trap(function_name=None, module_name=None):
    """_start calls a function that traps; the name section names it (and the module)."""
    def build():
        m = Module()
        m.func(body=UNREACHABLE)
        m.func(export="_start", body=call(0))
        section = name_section({0: function_name} if function_name is not None else None, module_name)
        m.extra_sections.append(section)
        return m.encode()
    return build


def clean_terminal_output(outcome):
    """No control characters but newline, no DEL, no UTF-8 C1 controls (CSI is U+009B)."""
    m = re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", outcome.stderr)
    if m:
        return f"raw control byte {m.group(0)!r} on stderr at {m.start()}"
    return None


name_checks = [clean_terminal_output, stderr_lacks(r"^\s*at forged_frame"), stderr_at_most(16 * 1024)]


def cases(ctx):
    return [
        # Node reaches about 19,500 frames of one-argument recursion; so must the default.
        run("recursion_19500_frames", recursion_to(19_500), {OK}),
        run("recursion_50000_frames_max_wasm_stack", recursion_to(50_000), {OK},
            argv=["--max-wasm-stack", "64MiB"]),
        run("recursion_19500_frames_small_max_wasm_stack", recursion_to(19_500), {TRAP},
            argv=["--max-wasm-stack", "64KiB"], checks=stack_exhausted),
        run("recursion_infinite_direct", infinite_direct(), {TRAP}, checks=stack_exhausted),
        run("recursion_infinite_mutual", infinite_mutual, {TRAP}, checks=stack_exhausted),
        run("recursion_infinite_call_indirect", infinite_indirect, {TRAP}, checks=stack_exhausted),
        run("recursion_infinite_mixed_params", infinite_direct(params=[I32, I64, F32, F64, V128] * 4), {TRAP},
            checks=stack_exhausted),
        run("recursion_infinite_v128_locals", infinite_direct(locals_=[(1000, V128)]), {TRAP}, checks=stack_exhausted),
        run("recursion_infinite_50000_locals", infinite_direct(locals_=[(50_000, I64)]), {TRAP},
            checks=stack_exhausted),
        run("recursion_infinite_in_start_section", infinite_from_start_section, {TRAP}, checks=stack_exhausted),
        run("recursion_infinite_under_timeout", infinite_direct(), {TRAP}, argv=["--timeout", "30"],
            checks=stack_exhausted),
        # memory.grow: to 4 GiB a page at a time (reserved, untouched); touching every page
        # up to --max-memory; deltas that can never succeed.
        run("memory_grow_storm_to_4gib", memory_program(grow_until_fail), {OK}, seconds=20.0),
        run("memory_grow_storm_touch_to_max_memory", memory_program(grow_and_touch, locals_=[(1, I32)]), {OK},
            argv=["--max-memory", "32MiB"], guest_bytes=32 * MiB),
        run("memory_grow_4g_pages", memory_program(expect_minus_one(i32_const(-1) + MEMORY_GROW), pages=1), {OK}),
        run("memory_grow_past_declared_max", memory_program(expect_minus_one(i32_const(2) + MEMORY_GROW), 1, 2), {OK}),
        run("memory_grow_past_max_memory", memory_program(expect_minus_one(i32_const(17) + MEMORY_GROW), 1), {OK},
            argv=["--max-memory", "1MiB"]),
        run("memory_grow_65536_at_once", memory_program(i32_const(65536) + MEMORY_GROW + DROP), {OK}),
        run("memory_fill_4gib", memory_program(i32_const(0) + i32_const(0) + i32_const(-1) + b"\xfc\x0b\x00", 1),
            {TRAP}),
        run("memory_copy_out_of_bounds", memory_program(
            i32_const(-16) + i32_const(0) + i32_const(-1) + b"\xfc\x0a\x00\x00", 1), {TRAP}),
        run("memory_load_max_offset", memory_program(i32_const(-1) + b"\x28\x02\xff\xff\xff\xff\x0f" + DROP, 1), {TRAP}),
        # table.grow: 100,000 single steps (growth must be amortized), then to the limit.
        run("table_grow_storm", table_program(table_storm, locals_=[(1, I32)]), {OK},
            guest_bytes=10_000_000 * 16, seconds=30.0),
        run("table_grow_4g_elements", table_program(expect_minus_one(REF_NULL_FUNC + i32_const(-1) + TABLE_GROW)),
            {OK}),
        run("table_fill_4g_elements", table_program(i32_const(0) + REF_NULL_FUNC + i32_const(-1) + b"\xfc\x11\x00", 1),
            {TRAP}),
        # Runaway loops end at --timeout with a trap.
        run("loop_forever_timeout", memory_program(spin), {TRAP}, argv=["--timeout", "0.5"],
            checks=[stderr_has("timed out")]),
        run("integer_divide_by_zero", memory_program(i32_const(1) + i32_const(0) + b"\x6d" + DROP), {TRAP}),
        # Names from the guest's name section reach the operator's terminal only escaped.
        run("trap_name_forged_frame", named_trap("f\n    at forged_frame"), {TRAP}, checks=name_checks),
        run("trap_name_forged_frame_cr", named_trap("f\r  at forged_frame"), {TRAP}, checks=name_checks),
        run("trap_name_ansi_clear_screen", named_trap("\x1b[2J\x1b[31mred\x1b[0m"), {TRAP}, checks=name_checks),
        run("trap_name_c1_and_bell", named_trap("a\u009b2Jb\x07c\x7fd\x00e"), {TRAP}, checks=name_checks),
        run("trap_name_1mb", named_trap("n" * (1 << 20)), {TRAP, USAGE}, checks=name_checks),
        run("trap_module_name_forged", named_trap("f", "m\n  at forged_frame\x1b[2J"), {TRAP}, checks=name_checks),
        run("trap_module_name_1mb", named_trap("f", "m" * (1 << 20)), {TRAP, USAGE}, checks=name_checks),
    ]
