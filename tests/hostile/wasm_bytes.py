"""A small WebAssembly binary writer for the hostile-input suite: LEB128, sections and a
Module that lays out the standard sections in order. Cases that lie about counts or sizes
build their sections by hand from the same pieces (section(), vec(), uleb())."""

I32, I64, F32, F64, V128 = 0x7F, 0x7E, 0x7D, 0x7C, 0x7B
FUNCREF, EXTERNREF = 0x70, 0x6F
MAGIC_VERSION = b"\0asm\x01\0\0\0"

# Section ids.
CUSTOM, TYPE, IMPORT, FUNCTION, TABLE, MEMORY, GLOBAL, EXPORT, START, ELEMENT, CODE, DATA, DATACOUNT = range(13)


def uleb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if (n == 0 and not byte & 0x40) or (n == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def uleb_padded(n, width=5):
    """n as exactly `width` LEB bytes (overlong when n is small): legal up to 5 bytes for u32."""
    out = bytearray()
    for i in range(width):
        byte = (n >> (7 * i)) & 0x7F
        out.append(byte | (0x80 if i < width - 1 else 0))
    return bytes(out)


def name(text):
    data = text if isinstance(text, bytes) else text.encode()
    return uleb(len(data)) + data


def vec(items):
    items = list(items)
    return uleb(len(items)) + b"".join(items)


def section(section_id, payload):
    return bytes([section_id]) + uleb(len(payload)) + payload


def custom_section(section_name, payload):
    return section(CUSTOM, name(section_name) + payload)


def func_type(params, results):
    return b"\x60" + vec(bytes([p]) for p in params) + vec(bytes([r]) for r in results)


def limits(minimum, maximum=None):
    if maximum is None:
        return b"\x00" + uleb(minimum)
    return b"\x01" + uleb(minimum) + uleb(maximum)


def i32_const(v):
    return b"\x41" + sleb(v)


def i64_const(v):
    return b"\x42" + sleb(v)


def call(index):
    return b"\x10" + uleb(index)


def local_get(index):
    return b"\x20" + uleb(index)


def local_set(index):
    return b"\x21" + uleb(index)


def local_tee(index):
    return b"\x22" + uleb(index)


END = b"\x0b"
DROP = b"\x1a"
UNREACHABLE = b"\x00"
RETURN = b"\x0f"


def code_entry(body, locals_=()):
    """One function body: `locals_` is [(count, type)], `body` the instructions without the final end."""
    payload = vec(uleb(n) + bytes([t]) for n, t in locals_) + body + END
    return uleb(len(payload)) + payload


def name_section(function_names=None, module_name=None):
    out = b""
    if module_name is not None:
        sub = name(module_name)
        out += b"\x00" + uleb(len(sub)) + sub
    if function_names:
        sub = vec(uleb(i) + name(n) for i, n in sorted(function_names.items()))
        out += b"\x01" + uleb(len(sub)) + sub
    return custom_section("name", out)


class Module:
    """Sections in the standard order. Functions are (type index, locals, body); imported
    functions come first in the index space, as in the binary format."""

    def __init__(self):
        self.types = []
        self.imports = []
        self.funcs = []
        self.tables = []
        self.memories = []
        self.globals = []
        self.exports = []
        self.start = None
        self.elements = []
        self.datas = []
        self.data_count = False
        self.function_names = {}
        self.extra_sections = []  # appended as given (custom sections go anywhere)
        self.num_func_imports = 0

    def type(self, params=(), results=()):
        t = func_type(params, results)
        if t not in self.types:
            self.types.append(t)
        return self.types.index(t)

    def import_func(self, module, field, params=(), results=()):
        assert not self.funcs, "imports first"
        self.imports.append(name(module) + name(field) + b"\x00" + uleb(self.type(params, results)))
        self.num_func_imports += 1
        return self.num_func_imports - 1

    def func(self, params=(), results=(), body=b"", locals_=(), export=None, debug_name=None):
        index = self.num_func_imports + len(self.funcs)
        self.funcs.append((self.type(params, results), tuple(locals_), body))
        if export:
            self.export(export, 0, index)
        if debug_name is not None:
            self.function_names[index] = debug_name
        return index

    def memory(self, minimum, maximum=None, export="memory"):
        self.memories.append(limits(minimum, maximum))
        if export:
            self.export(export, 2, len(self.memories) - 1)
        return len(self.memories) - 1

    def table(self, minimum, maximum=None, elem_type=FUNCREF):
        self.tables.append(bytes([elem_type]) + limits(minimum, maximum))
        return len(self.tables) - 1

    def global_(self, valtype, mutable, init):
        self.globals.append(bytes([valtype, 1 if mutable else 0]) + init + END)
        return len(self.globals) - 1

    def export(self, export_name, kind, index):
        self.exports.append(name(export_name) + bytes([kind]) + uleb(index))

    def active_elem(self, offset, func_indices):
        self.elements.append(b"\x00" + i32_const(offset) + END + vec(uleb(f) for f in func_indices))

    def active_data(self, offset, data):
        self.datas.append(b"\x00" + i32_const(offset) + END + uleb(len(data)) + data)

    def encode(self):
        out = bytearray(MAGIC_VERSION)

        def put(section_id, entries):
            if entries:
                out.extend(section(section_id, vec(entries)))

        put(TYPE, self.types)
        put(IMPORT, self.imports)
        put(FUNCTION, [uleb(t) for t, _, _ in self.funcs])
        put(TABLE, self.tables)
        put(MEMORY, self.memories)
        put(GLOBAL, self.globals)
        put(EXPORT, self.exports)
        if self.start is not None:
            out.extend(section(START, uleb(self.start)))
        put(ELEMENT, self.elements)
        if self.data_count:
            out.extend(section(DATACOUNT, uleb(len(self.datas))))
        put(CODE, [code_entry(body, locals_) for _, locals_, body in self.funcs])
        put(DATA, self.datas)
        if self.function_names:
            out.extend(name_section(self.function_names))
        for s in self.extra_sections:
            out.extend(s)
        return bytes(out)


def command(body=b"", locals_=(), setup=None):
    """A WASI-free command module whose _start runs `body`; `setup(module)` may add more first."""
    m = Module()
    if setup:
        setup(m)
    m.func(body=body, locals_=locals_, export="_start")
    return m
