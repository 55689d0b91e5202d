"""Decoder abuse: broken headers, LEB128 edge cases, truncation, and counts and sizes that
lie about the bytes behind them. Every malformed module must be refused (exit 2) at once,
with memory proportional to its bytes, never to what a count claims."""

from case import Case, OK, USAGE, stderr_has
from modules import empty_command
from wasm_bytes import (CODE, DATA, DATACOUNT, ELEMENT, EXPORT, FUNCTION, GLOBAL, IMPORT, MAGIC_VERSION, MEMORY,
                        START, TABLE, TYPE, I32, Module, code_entry, custom_section, func_type, name, section, uleb,
                        uleb_padded, vec, END)

HUGE = 0xFFFFFFFF


def invalid(case_name, build, **kw):
    return Case(f"decoder.{case_name}", ["run", "{module}"], {USAGE}, module=build,
                checks=[stderr_has(r"^stratus: error: (invalid module|cannot read)")], **kw)


def raw(*sections):
    return lambda: MAGIC_VERSION + b"".join(sections)


def one_function_module(type_section=None, code_body=None):
    """type () -> (), one function exported as _start; parts can be replaced by raw bytes."""
    types = type_section if type_section is not None else section(TYPE, vec([func_type([], [])]))
    code = code_body if code_body is not None else code_entry(b"")
    return (MAGIC_VERSION + types + section(FUNCTION, vec([uleb(0)])) +
            section(EXPORT, vec([name("_start") + b"\x00" + uleb(0)])) + section(CODE, b"\x01" + code))


def padded_module():
    """A valid module whose every count, index and size is an overlong but legal 5-byte LEB."""
    p = uleb_padded
    types = p(1) + b"\x60" + p(0) + p(0)
    body = p(0) + END
    sections = [
        (TYPE, types),
        (FUNCTION, p(1) + p(0)),
        (EXPORT, p(1) + p(6) + b"_start" + b"\x00" + p(0)),
        (CODE, p(1) + p(len(body)) + body),
    ]
    return MAGIC_VERSION + b"".join(bytes([sid]) + p(len(payload)) + payload for sid, payload in sections)


def body_with(instructions, locals_blob=b"\x00"):
    """A code entry whose size is right but whose contents are `locals_blob` + `instructions`."""
    payload = locals_blob + instructions + END
    return uleb(len(payload)) + payload


def count_lies():
    """Each section's leading count claims 2^32-1 (or 10M) entries; one or none follow."""
    lies = {
        "type": (TYPE, func_type([], [])),
        "import": (IMPORT, name("m") + name("f") + b"\x00\x00"),
        "function": (FUNCTION, b"\x00"),
        "table": (TABLE, b"\x70\x00\x00"),
        "memory": (MEMORY, b"\x00\x00"),
        "global": (GLOBAL, bytes([I32, 0]) + b"\x41\x00" + END),
        "export": (EXPORT, name("x") + b"\x00\x00"),
        "element": (ELEMENT, b"\x01\x00\x00"),
        "code": (CODE, code_entry(b"")),
        "data": (DATA, b"\x01\x00"),
    }
    out = []
    for what, (sid, entry) in lies.items():
        for count, label in [(HUGE, "4g"), (10_000_000, "10m")]:
            out.append(invalid(f"count_lie_{what}_{label}", raw(section(sid, uleb(count) + entry))))
    return out


def section_boundaries(module_bytes):
    offsets, at = set(), len(MAGIC_VERSION)
    while at < len(module_bytes):
        offsets.add(at)
        size, shift, at = 0, 0, at + 1
        while True:
            byte = module_bytes[at]
            at += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        at += size
    return offsets


def cases(ctx):
    valid_types = section(TYPE, vec([func_type([], [])]))
    out = [
        invalid("empty_file", lambda: b""),
        invalid("magic_only", lambda: b"\0asm"),
        invalid("wrong_magic", lambda: b"\0wasm\x01\0\0"),
        invalid("version_2", lambda: b"\0asm\x02\0\0\0"),
        invalid("version_huge", lambda: b"\0asm\xff\xff\xff\xff"),
        Case("decoder.header_only", ["run", "{module}"], {USAGE}, module=lambda: MAGIC_VERSION,
             checks=[stderr_has("_start")]),
        Case("decoder.overlong_legal_leb", ["run", "{module}"], {OK}, module=padded_module),
        invalid("trailing_byte", lambda: empty_command() + b"\x00"),
        invalid("section_id_only", raw(b"\x01")),
        invalid("section_size_lie_4g", raw(b"\x01" + uleb(HUGE) + b"\x01\x60\x00\x00")),
        invalid("section_size_lie_past_end", raw(b"\x01" + uleb(100) + b"\x01\x60\x00\x00")),
        invalid("section_size_short", raw(b"\x01\x02\x01\x60\x00\x00")),
        invalid("start_index_lie", raw(valid_types, section(FUNCTION, vec([uleb(0)])), section(START, uleb(HUGE)),
                                       section(CODE, vec([code_entry(b"")])))),
        invalid("start_function_with_params", raw(section(TYPE, vec([func_type([I32], [])])),
                                                  section(FUNCTION, vec([uleb(0)])), section(START, uleb(0)),
                                                  section(CODE, vec([code_entry(b"")])))),
        invalid("unknown_section_id", raw(section(13, b""))),
        invalid("unknown_section_id_255", raw(section(255, b"\x00" * 16))),
        invalid("duplicate_type_section", raw(valid_types, valid_types)),
        invalid("sections_out_of_order", raw(section(FUNCTION, vec([uleb(0)])), valid_types)),
        # LEB128: 6 bytes for a u32; a 5th byte with bits past 32 set; a continuation bit
        # on the last byte of the section; a 10-byte i64 with stray high bits.
        invalid("leb_u32_six_bytes", raw(section(TYPE, b"\x81\x80\x80\x80\x80\x00" + func_type([], [])))),
        invalid("leb_u32_unused_bits", raw(section(TYPE, b"\x81\x80\x80\x80\x10" + func_type([], [])))),
        invalid("leb_u32_truncated_in_section", raw(section(TYPE, b"\x81\x80"))),
        invalid("leb_u32_truncated_at_eof", raw(b"\x01\x85\x80")),
        invalid("leb_section_size_unused_bits", raw(b"\x01\xff\xff\xff\xff\x7f")),
        invalid("leb_i32_const_six_bytes", lambda: one_function_module(
            code_body=body_with(b"\x41\x80\x80\x80\x80\x80\x00\x1a"))),
        invalid("leb_i32_const_bad_sign_bits", lambda: one_function_module(
            code_body=body_with(b"\x41\x80\x80\x80\x80\x70\x1a"))),
        invalid("leb_i64_const_eleven_bytes", lambda: one_function_module(
            code_body=body_with(b"\x42" + b"\x80" * 10 + b"\x00\x1a"))),
        invalid("leb_i64_const_bad_sign_bits", lambda: one_function_module(
            code_body=body_with(b"\x42" + b"\x80" * 9 + b"\x0a\x1a"))),
        invalid("leb_memarg_offset_overflow", lambda: one_function_module(
            code_body=body_with(b"\x41\x00\x28\x02\x80\x80\x80\x80\x10\x1a"))),
        # Counts inside entries.
        invalid("type_params_lie", raw(section(TYPE, b"\x01\x60" + uleb(HUGE) + b"\x7f"))),
        invalid("type_results_lie", raw(section(TYPE, b"\x01\x60\x00" + uleb(HUGE) + b"\x7f"))),
        invalid("locals_count_4g", lambda: one_function_module(
            code_body=body_with(b"", locals_blob=b"\x01" + uleb(HUGE) + bytes([I32])))),
        invalid("locals_sum_overflows_u32", lambda: one_function_module(
            code_body=body_with(b"", locals_blob=b"\x02" + (uleb(0x80000000) + bytes([I32])) * 2))),
        invalid("locals_entries_lie", lambda: one_function_module(
            code_body=body_with(b"", locals_blob=uleb(HUGE) + b"\x01\x7f"))),
        invalid("br_table_count_lie", lambda: one_function_module(
            code_body=body_with(b"\x41\x00\x0e" + uleb(HUGE) + b"\x00\x00"))),
        invalid("select_types_lie", lambda: one_function_module(
            code_body=body_with(b"\x41\x00\x41\x00\x41\x00\x1c" + uleb(HUGE) + b"\x7f\x1a"))),
        invalid("code_body_size_lie", lambda: one_function_module(code_body=uleb(0xFFFFFFF0) + b"\x00\x0b")),
        invalid("code_body_size_zero", lambda: one_function_module(code_body=b"\x00")),
        invalid("function_code_count_mismatch", raw(
            valid_types, section(FUNCTION, vec([uleb(0)] * 3)), section(CODE, vec([code_entry(b"")])))),
        invalid("import_name_length_lie", raw(section(IMPORT, b"\x01" + uleb(HUGE) + b"m"))),
        invalid("export_name_length_lie", raw(section(EXPORT, b"\x01" + uleb(0x7FFFFFFF) + b"x"))),
        invalid("export_name_invalid_utf8", raw(section(EXPORT, b"\x01\x02\xc0\xaf\x00\x00"))),
        invalid("custom_name_length_lie", raw(b"\x00\x05" + uleb(HUGE))),
        invalid("element_entries_lie", raw(section(ELEMENT, b"\x01\x01\x00" + uleb(HUGE) + b"\x00"))),
        invalid("element_expr_entries_lie", raw(section(ELEMENT, b"\x01\x05\x70" + uleb(HUGE) + b"\xd2\x00\x0b"))),
        # Data segments that claim far more bytes than the file holds.
        invalid("data_length_lie_4g", raw(section(MEMORY, b"\x01\x00\x01"),
                                          section(DATA, b"\x01\x00\x41\x00\x0b" + uleb(HUGE) + b"abc"))),
        invalid("data_length_lie_60m", raw(section(MEMORY, b"\x01\x00\x01"),
                                           section(DATA, b"\x01\x00\x41\x00\x0b" + uleb(60 << 20) + b"x" * 1024))),
        invalid("data_count_without_data", raw(section(DATACOUNT, uleb(HUGE)))),
        invalid("data_count_mismatch", raw(section(MEMORY, b"\x01\x00\x01"), section(DATACOUNT, uleb(5)),
                                           section(DATA, b"\x01\x01\x00"))),
        invalid("memory_limits_flag_garbage", raw(section(MEMORY, b"\x01\x7f\x00"))),
        invalid("memory_min_over_4g", raw(section(MEMORY, b"\x01\x00" + uleb(65537)))),
        invalid("memory_max_below_min", raw(section(MEMORY, b"\x01\x01\x05\x01"))),
        invalid("table_max_below_min", raw(section(TABLE, b"\x01\x70\x01\x05\x01"))),
        invalid("global_init_unterminated", raw(section(GLOBAL, b"\x01\x7f\x00\x41\x00"))),
        invalid("const_expr_nested_garbage", raw(section(GLOBAL, b"\x01\x7f\x00" + b"\x41\x00" * 1000 + b"\x0b"))),
        # A malformed name section is not fatal (wasmtime ignores it too): the module runs.
        Case("decoder.name_section_count_lie", ["run", "{module}"], {OK},
             module=lambda: empty_command() + custom_section("name", b"\x01\x05" + uleb(HUGE) + b"\x00\x00")),
        Case("decoder.name_section_garbage", ["run", "{module}"], {OK},
             module=lambda: empty_command() + custom_section("name", bytes(range(256)) * 64)),
    ]
    out += count_lies()
    # A valid module cut short at every few bytes.
    whole = Module()
    whole.memory(1)
    whole.global_(I32, True, b"\x41\x07")
    whole.func(body=b"\x41\x00\x28\x02\x00\x1a", export="_start", debug_name="start")
    whole.active_data(0, b"hello")
    whole_bytes = whole.encode()
    boundaries = section_boundaries(whole_bytes)
    for cut in range(9, len(whole_bytes), max(1, len(whole_bytes) // 12)):
        # A cut between sections leaves a well-formed module that may even run.
        status = {OK, USAGE} if cut in boundaries else {USAGE}
        out.append(Case(f"decoder.truncated_at_{cut}", ["run", "{module}"], status,
                        module=lambda cut=cut: whole_bytes[:cut]))
    out.append(Case("decoder.truncation_baseline", ["run", "{module}"], {OK}, module=lambda: whole_bytes))
    return out
