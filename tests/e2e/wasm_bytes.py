"""Just enough of the wasm binary format to write hostile test modules from Python, so the
checks need no assembler: types, imports, functions, exports, code and a name section."""

MAGIC = b"\0asm\x01\0\0\0"
I32 = 0x7F


def leb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def vec(items):
    return leb(len(items)) + b"".join(items)


def name(text):
    raw = text if isinstance(text, bytes) else text.encode()
    return leb(len(raw)) + raw


def section(ident, payload):
    return bytes([ident]) + leb(len(payload)) + payload


def func_type(params, results):
    return b"\x60" + vec([bytes([p]) for p in params]) + vec([bytes([r]) for r in results])


def body(code, locals_=b"\x00"):
    """One entry of the code section: no locals unless given, `code` up to (not with) its end."""
    payload = locals_ + code + b"\x0b"
    return leb(len(payload)) + payload


def module(types, funcs, exports, imports=(), names=None):
    """`funcs`: (type index, body bytes from body()); `exports`: (name, func index);
    `imports`: (module, name, type index) function imports; `names`: {func index: name}."""
    out = MAGIC + section(1, vec(list(types)))
    if imports:
        out += section(2, vec([name(m) + name(n) + b"\x00" + leb(t) for m, n, t in imports]))
    out += section(3, vec([leb(t) for t, _ in funcs]))
    out += section(7, vec([name(n) + b"\x00" + leb(i) for n, i in exports]))
    out += section(10, vec([b for _, b in funcs]))
    if names:
        entries = vec([leb(i) + name(n) for i, n in sorted(names.items())])
        out += section(0, name("name") + b"\x01" + leb(len(entries)) + entries)
    return out
