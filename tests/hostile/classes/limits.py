"""Implementation limits: element segments of millions of entries, counts past the limits
wasmtime and V8 share (types, functions, imports, exports, globals, segments, tables,
strings), giant data segments and memories, and the module file size limit (devices,
endless pipes, sparse files, a file of exactly the limit)."""

import os
import threading

from case import MiB, Case, OK, USAGE, refused_for_size, stderr_has
from modules import WASI, WASI_SIGNATURES
from wasm_bytes import (CODE, DATA, ELEMENT, EXPORT, FUNCTION, GLOBAL, IMPORT, MAGIC_VERSION, TABLE, TYPE, I32,
                        Module, code_entry, custom_section, func_type, name, section, uleb, vec)

MODULE_SIZE_LIMIT = 50 * MiB  # `stratus run --max-module-size` default
invalid_module = [stderr_has(r"^stratus: error: invalid module")]


def run(case_name, build, status, **kw):
    return Case(f"limits.{case_name}", ["run", "{module}"], status, module=build, **kw)


def head(*sections):
    """Magic, a `() -> ()` type 0, and the given sections."""
    return MAGIC_VERSION + section(TYPE, vec([func_type([], [])])) + b"".join(sections)


def with_start(*middle, functions=1, extra_code=()):
    """A module whose function 0 is _start; `middle` goes between function and export sections."""
    return head(section(FUNCTION, vec([uleb(0)] * functions)), *middle,
                section(EXPORT, vec([name("_start") + b"\x00\x00"])),
                section(CODE, vec([code_entry(b"")] * functions + list(extra_code))))


def passive_elem_indices(entries):
    return passive_elem_segments_of_indices(1, entries)


def with_start_and(after_export):
    """_start plus one section that sits between export and code (element, data count)."""
    return head(section(FUNCTION, vec([uleb(0)])), section(EXPORT, vec([name("_start") + b"\x00\x00"])),
                after_export, section(CODE, vec([code_entry(b"")])))


def passive_elem_segments_of_indices(segments, entries):
    """Passive segments of `entries` references to function 0, built when the case runs."""
    segment = lambda: b"\x01\x00" + uleb(entries) + b"\x00" * entries  # noqa: E731
    return lambda: with_start_and(section(ELEMENT, uleb(segments) + segment() * segments))


def passive_elem_exprs(entries):
    return lambda: with_start_and(section(ELEMENT, b"\x01\x05\x70" + uleb(entries) + b"\xd2\x00\x0b" * entries))


def active_elem_into_table(entries):
    table = section(TABLE, vec([b"\x70\x00" + uleb(entries)]))
    segment = b"\x00\x41\x00\x0b" + uleb(entries) + b"\x00" * entries
    return lambda: head(section(FUNCTION, vec([uleb(0)])), table, section(EXPORT, vec([name("_start") + b"\x00\x00"])),
                        section(ELEMENT, b"\x01" + segment), section(CODE, vec([code_entry(b"")])))


def many_types(count):
    return lambda: MAGIC_VERSION + section(TYPE, uleb(count) + func_type([], []) * count) + section(
        FUNCTION, vec([uleb(0)])) + section(EXPORT, vec([name("_start") + b"\x00\x00"])) + section(
        CODE, vec([code_entry(b"")]))


def many_imports(count):
    params, results = WASI_SIGNATURES["fd_write"]

    def build():
        entry = name(WASI) + name("fd_write") + b"\x00\x01"
        types = section(TYPE, vec([func_type([], []), func_type(params, results)]))
        return (MAGIC_VERSION + types + section(IMPORT, uleb(count) + entry * count) + section(FUNCTION, vec([uleb(0)]))
                + section(EXPORT, vec([name("_start") + b"\x00" + uleb(count)])) + section(CODE, vec([code_entry(b"")])))
    return build


def many_exports(count):
    def build():
        entries = [name("_start") + b"\x00\x00"] + [name(f"e{i}") + b"\x00\x00" for i in range(count - 1)]
        return head(section(FUNCTION, vec([uleb(0)])), section(EXPORT, vec(entries)), section(CODE, vec([code_entry(b"")])))
    return build


def many_globals(count):
    entry = bytes([I32, 0]) + b"\x41\x00\x0b"
    return lambda: with_start(section(GLOBAL, uleb(count) + entry * count))


def many_tables(count):
    return lambda: with_start(section(TABLE, uleb(count) + b"\x70\x00\x00" * count))


def many_data_segments(count):
    return lambda: with_start_and(b"") + section(DATA, uleb(count) + b"\x01\x00" * count)


def many_elem_segments(count):
    return lambda: with_start_and(section(ELEMENT, uleb(count) + b"\x01\x00\x00" * count))


def many_functions(count):
    return lambda: with_start(functions=count)


def long_export_name(length):
    return lambda: head(section(FUNCTION, vec([uleb(0)])),
                        section(EXPORT, vec([name("_start") + b"\x00\x00", name("x" * length) + b"\x00\x00"])),
                        section(CODE, vec([code_entry(b"")])))


def big_data_segment(size):
    def build():
        m = Module()
        m.memory((size + 65535) // 65536)
        m.func(export="_start")
        m.active_data(0, b"\xa5" * size)
        return m.encode()
    return build


def declared_memory(pages):
    def build():
        m = Module()
        m.memory(pages)
        m.func(export="_start")
        return m.encode()
    return build


def declared_table(elements):
    def build():
        m = Module()
        m.table(elements)
        m.func(export="_start")
        return m.encode()
    return build


# --- the cost of each entity ------------------------------------------------------------
# Each shape below is (close to) nothing but one kind of entity, a million of them or as many
# as the limit allows, so its peak RSS divided by its size is what that entity costs per byte
# that describes it. `_start` does nothing, so none of the others is ever called.


def functions_unreachable(count):
    """_start and count - 1 functions whose body is `unreachable`."""
    return lambda: head(section(FUNCTION, vec([uleb(0)] * count)), section(EXPORT, vec([name("_start") + b"\x00\x00"])),
                        section(CODE, vec([code_entry(b"")] + [code_entry(b"\x00")] * (count - 1))))


def distinct_imports(count):
    """count function imports `env.f<i>` of `() -> ()`, which no host defines: linking fails."""
    def build():
        entries = [name("env") + name(f"f{i}") + b"\x00\x00" for i in range(count)]
        return head(section(IMPORT, vec(entries)), section(FUNCTION, vec([uleb(0)])),
                    section(EXPORT, vec([name("_start") + b"\x00" + uleb(count)])), section(CODE, vec([code_entry(b"")])))
    return build


def functions_of(bodies, names=None):
    """_start (function 0, empty) and one function per body (instructions before `end`,
    locals as [(count, type)]), with an optional name section naming function i `names(i)`."""
    def build():
        m = Module()
        m.func(export="_start")
        for body, locals_ in bodies():
            m.func(body=body, locals_=locals_)
        if names:
            m.function_names = {i: names(i) for i in range(len(m.funcs))}
        return m.encode()
    return build


def nested_blocks(functions, depth):
    body = b"\x02\x40" * depth + b"\x0b" * depth  # code_entry adds the function's own end
    return functions_of(lambda: [(body, ())] * functions)


def local_declarations(functions, groups):
    """Functions that each declare `groups` groups of one local (the group limit)."""
    return functions_of(lambda: [(b"", [(1, I32)] * groups)] * functions)


def br_tables(functions, targets):
    body = b"\x02\x40\x41\x00\x0e" + uleb(targets) + b"\x00" * (targets + 1) + b"\x0b"
    return functions_of(lambda: [(body, ())] * functions)


def entity_cases():
    million = 1_000_000
    return [
        run("cost_functions_1m_empty", many_functions(million), {OK}, seconds=30.0),
        run("cost_functions_1m_unreachable", functions_unreachable(million), {OK}, seconds=30.0),
        run("cost_functions_200k_empty", many_functions(200_000), {OK}),
        run("cost_globals_1m", many_globals(million), {OK}, seconds=30.0),
        run("cost_types_1m", many_types(million), {OK}, seconds=30.0),
        run("cost_imports_100k_linked", many_imports(100_000), {OK}, seconds=20.0),
        run("cost_imports_100k_unlinked", distinct_imports(100_000), {USAGE}, seconds=20.0,
            checks=[stderr_has("import")]),
        run("cost_exports_100k", many_exports(100_000), {OK}),
        run("cost_data_segments_100k_passive", many_data_segments(100_000), {OK}),
        run("cost_elem_segments_100k", many_elem_segments(100_000), {OK}),
        run("cost_local_declarations_40x50000", local_declarations(40, 50_000), {OK}, seconds=20.0),
        run("cost_blocks_nested_10x100k", nested_blocks(10, 100_000), {OK}, seconds=20.0),
        run("cost_br_tables_40x65520", br_tables(40, 65_520), {OK}, seconds=20.0),
        run("cost_name_section_200k_functions", functions_of(lambda: [(b"", ())] * 200_000,
                                                              names=lambda i: f"function_{i}"), {OK}, seconds=20.0),
    ]


# --- module files ---------------------------------------------------------------------


def padded_module(total):
    """The head of a valid command module padded to `total` bytes by a custom section of
    zeros; write the head and truncate the file to `total` for a sparse file."""
    base = Module()
    base.func(export="_start")
    base_bytes = base.encode()
    payload = total - len(base_bytes) - 1
    for width in range(1, 6):
        content = payload - width
        if len(uleb(content)) == width:
            head_bytes = base_bytes + b"\x00" + uleb(content) + name("pad")
            assert content >= 4
            return head_bytes
    raise AssertionError(total)


def sparse_file(file_name, total):
    def prepare(work):
        with open(os.path.join(work, file_name), "wb") as f:
            f.write(padded_module(total))
            f.truncate(total)
    return prepare


def fifo_writer(file_name, chunks):
    """A FIFO fed by a thread: `chunks()` yields what to write; endless ones end at EPIPE."""
    def prepare(work):
        path = os.path.join(work, file_name)
        os.mkfifo(path)

        def feed():
            try:
                fd = os.open(path, os.O_WRONLY)
            except OSError:
                return
            try:
                for chunk in chunks():
                    os.write(fd, chunk)
            except OSError:  # the reader went away: the runtime stopped reading
                pass
            finally:
                os.close(fd)

        thread = threading.Thread(target=feed, daemon=True)
        thread.start()

        def cleanup():
            # Unblocks a writer still waiting for a reader (the runtime never opened it).
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
                os.close(fd)
            except OSError:
                pass
            thread.join(timeout=5)
        return cleanup
    return prepare


def endless_zeros():
    chunk = b"\0" * (1 << 20)
    while True:
        yield chunk


def module_then_eof():
    m = Module()
    m.func(export="_start")
    yield m.encode()


def file_cases():
    L = MODULE_SIZE_LIMIT
    file_run = lambda case_name, file_name, status, prepare, input_bytes, argv=(), **kw: Case(  # noqa: E731
        f"limits.{case_name}", ["run", *argv, "{work}/" + file_name], status, prepare=prepare,
        input_bytes=input_bytes, **kw)
    return [
        Case("limits.file_dev_zero", ["run", "/dev/zero"], {USAGE}, input_bytes=L, checks=refused_for_size),
        file_run("file_fifo_endless", "endless.wasm", {USAGE}, fifo_writer("endless.wasm", endless_zeros), L,
                 checks=refused_for_size),
        file_run("file_fifo_small_module", "small.wasm", {OK}, fifo_writer("small.wasm", module_then_eof), 1024),
        file_run("file_sparse_60mb", "sparse.wasm", {USAGE}, sparse_file("sparse.wasm", 60 * MiB), L,
                 checks=refused_for_size),
        file_run("file_exactly_limit", "exact.wasm", {OK}, sparse_file("exact.wasm", L), L, seconds=20.0),
        file_run("file_limit_plus_one", "over.wasm", {USAGE}, sparse_file("over.wasm", L + 1), L,
                 checks=refused_for_size),
        file_run("file_flag_exactly_limit", "exact.wasm", {OK}, sparse_file("exact.wasm", 4096), 4096,
                 argv=["--max-module-size", "4096"]),
        file_run("file_flag_limit_plus_one", "over.wasm", {USAGE}, sparse_file("over.wasm", 4097), 4097,
                 argv=["--max-module-size", "4096"], checks=refused_for_size),
        file_run("file_flag_raises_limit", "sparse.wasm", {OK}, sparse_file("sparse.wasm", 60 * MiB), 60 * MiB,
                 argv=["--max-module-size", "64MiB"], seconds=20.0),
        Case("limits.file_flag_dev_zero", ["run", "--max-module-size", "1MiB", "/dev/zero"], {USAGE},
             input_bytes=1 * MiB, checks=refused_for_size),
    ]


def cases(ctx):
    out = [
        # One passive segment of 10M function indices is as large as V8 allows (its
        # kV8MaxWasmTableInitEntries); 40M is refused. Either way memory stays near the file's size.
        run("elem_passive_10m_indices", passive_elem_indices(10_000_000), {OK}, seconds=30.0),
        run("elem_passive_40m_indices", passive_elem_indices(40_000_000), {USAGE}, seconds=30.0,
            checks=invalid_module),
        run("elem_passive_4x10m_indices", passive_elem_segments_of_indices(4, 10_000_000), {OK}, seconds=30.0),
        run("elem_passive_4m_ref_func_exprs", passive_elem_exprs(4_000_000), {OK}, seconds=30.0),
        run("elem_active_2m_into_table", active_elem_into_table(2_000_000), {OK}, seconds=30.0,
            guest_bytes=2_000_000 * 16),
        # Counts one past the limits wasmtime and V8 agree on are refused; at the limit they load.
        run("types_1000001", many_types(1_000_001), {USAGE}, seconds=20.0, checks=invalid_module),
        run("functions_1000001", many_functions(1_000_001), {USAGE}, seconds=30.0, checks=invalid_module),
        run("imports_100001", many_imports(100_001), {USAGE}, seconds=20.0, checks=invalid_module),
        run("imports_100000", many_imports(100_000), {OK}, seconds=20.0),
        run("exports_100001", many_exports(100_001), {USAGE}, checks=invalid_module),
        run("exports_100000", many_exports(100_000), {OK}),
        run("globals_1000001", many_globals(1_000_001), {USAGE}, seconds=20.0, checks=invalid_module),
        run("data_segments_100001", many_data_segments(100_001), {USAGE}, checks=invalid_module),
        run("data_segments_100000", many_data_segments(100_000), {OK}),
        run("elem_segments_100001", many_elem_segments(100_001), {USAGE}, checks=invalid_module),
        run("elem_segments_100000", many_elem_segments(100_000), {OK}),
        run("tables_100001", many_tables(100_001), {USAGE}, checks=invalid_module),
        run("tables_100", many_tables(100), {OK}),
        run("export_name_1mb", long_export_name(1 << 20), {USAGE}, checks=invalid_module),
        run("export_name_100000", long_export_name(100_000), {OK}),
        # Giant data: 40 MB of real segment bytes into a 40 MiB memory.
        run("data_segment_40mb", big_data_segment(40 * MiB), {OK}, guest_bytes=40 * MiB, seconds=30.0),
        # A 4 GiB memory is only reserved, never touched; --max-memory refuses it.
        run("memory_min_4gib", declared_memory(65536), {OK}),
        Case("limits.memory_min_4gib_over_max_memory", ["run", "--max-memory", "64MiB", "{module}"], {USAGE},
             module=declared_memory(65536), checks=[stderr_has("memory")]),
        run("table_min_10m", declared_table(10_000_000), {OK}, guest_bytes=10_000_000 * 16, seconds=20.0),
        run("table_min_10000001", declared_table(10_000_001), {USAGE}),
        run("custom_section_20mb", lambda: with_start() + custom_section("big", b"\0" * (20 * MiB)), {OK}),
    ]
    return out + entity_cases() + file_cases()
