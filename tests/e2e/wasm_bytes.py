"""A whole module in one call, for the CLI checks: types, imports, functions, exports, code
and a name section. The binary format itself is spelled once, in the hostile suite's writer
(tests/hostile/wasm_bytes.py); this adds only the two shapes the checks need."""

import importlib.util
import os

_spec = importlib.util.spec_from_file_location(
    "hostile_wasm_bytes", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hostile", "wasm_bytes.py"))
_wb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_wb)

I32 = _wb.I32
func_type = _wb.func_type


def body(code, locals_=()):
    """One entry of the code section: `locals_` as (count, type) runs, `code` up to (not with)
    its end."""
    return _wb.code_entry(code, locals_)


def module(types, funcs, exports, imports=(), names=None):
    """`funcs`: (type index, body bytes from body()); `exports`: (name, func index);
    `imports`: (module, name, type index) function imports; `names`: {func index: name}."""
    leb, name, section, vec = _wb.uleb, _wb.name, _wb.section, _wb.vec
    out = _wb.MAGIC_VERSION + section(_wb.TYPE, vec(types))
    if imports:
        out += section(_wb.IMPORT, vec(name(m) + name(n) + b"\x00" + leb(t) for m, n, t in imports))
    out += section(_wb.FUNCTION, vec(leb(t) for t, _ in funcs))
    out += section(_wb.EXPORT, vec(name(n) + b"\x00" + leb(i) for n, i in exports))
    out += section(_wb.CODE, vec(b for _, b in funcs))
    if names:
        out += _wb.name_section(function_names=names)
    return out
