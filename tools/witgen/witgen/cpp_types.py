"""Resolved WIT types as C++ type expressions, and the facts about them emission needs."""
from . import ast
from .names import namespace_of_package, pascal, snake
from .resolve import Ref, resource_of

BINDINGS = "::stratus::component::bindings"

PRIM = {
    "bool": "bool", "s8": "int8_t", "u8": "uint8_t", "s16": "int16_t", "u16": "uint16_t", "s32": "int32_t",
    "u32": "uint32_t", "s64": "int64_t", "u64": "uint64_t", "f32": "float", "f64": "double",
    "char": "char32_t", "string": "::std::string",
}


def package_parts(pkg):
    """The package's namespace below `stratus::wit` (and its folder below `wit/`): the prefix
    the generator was given (`--prefix p3`), then the package's name."""
    return list(pkg.cpp_prefix) + namespace_of_package(pkg.name)


def interface_namespace(iface):
    return ["stratus", "wit"] + package_parts(iface.package) + [snake(iface.name)]


def qualified_name(iface, local_name):
    return "::" + "::".join(interface_namespace(iface)) + "::" + pascal(local_name)


def header_path(iface):
    return "/".join(["wit"] + package_parts(iface.package) + [snake(iface.name)]) + ".hpp"


def resource_wit_name(ref):
    """`wasi:io/poll.pollable`: the key of the resource in bindings::ResourceTypes."""
    origin = resource_of(ref)
    return f"{origin.owner.qualified()}.{origin.typedef.name}"


class TypeNamer:
    """C++ spellings of types as seen from one interface: its own and `use`d types by their
    local names, anything else fully qualified."""

    def __init__(self, iface, local=True):
        self.iface = iface
        self.bindings = "bindings" if local else BINDINGS  # the header's namespace alias
        self.local = {}
        if local:
            for name, ref in iface.scope.items():
                self.local.setdefault(id(ref.typedef), pascal(name))

    def ref(self, ref):
        name = self.local.get(id(ref.typedef))
        if name is not None:
            return name
        return qualified_name(ref.owner, ref.typedef.name)

    def __call__(self, t):
        if isinstance(t, ast.Prim):
            return PRIM[t.name]
        if isinstance(t, Ref):
            return self.ref(t)
        if isinstance(t, ast.Handle):
            kind = "Own" if t.own else "Borrow"
            return f"{self.bindings}::{kind}<{self.ref(t.resource)}>"
        if isinstance(t, ast.ListOf):
            return f"::std::vector<{self(t.element)}>"
        if isinstance(t, ast.OptionOf):
            return f"::std::optional<{self(t.value)}>"
        if isinstance(t, ast.ResultOf):
            ok = "::std::monostate" if t.ok is None else self(t.ok)
            err = "::std::monostate" if t.err is None else self(t.err)
            return f"{self.bindings}::WitResult<{ok}, {err}>"
        if isinstance(t, ast.TupleOf):
            return "::std::tuple<" + ", ".join(self(e) for e in t.elements) + ">"
        if isinstance(t, ast.StreamOf):
            return f"{self.bindings}::Stream<{'void' if t.element is None else self(t.element)}>"
        if isinstance(t, ast.FutureOf):
            return f"{self.bindings}::Future<{'void' if t.value is None else self(t.value)}>"
        raise AssertionError(f"unresolved type {t!r}")


def referenced_refs(t):
    """The Refs a type names by value (not through handles), outermost first; a stream's or
    future's payload too, whose C++ type names it."""
    if isinstance(t, Ref):
        yield t
    elif isinstance(t, ast.StreamOf) and t.element is not None:
        yield from referenced_refs(t.element)
    elif isinstance(t, ast.FutureOf) and t.value is not None:
        yield from referenced_refs(t.value)
    elif isinstance(t, ast.ListOf):
        yield from referenced_refs(t.element)
    elif isinstance(t, ast.OptionOf):
        yield from referenced_refs(t.value)
    elif isinstance(t, ast.ResultOf):
        for x in (t.ok, t.err):
            if x is not None:
                yield from referenced_refs(x)
    elif isinstance(t, ast.TupleOf):
        for e in t.elements:
            yield from referenced_refs(e)


def handles_in(t):
    if isinstance(t, ast.Handle):
        yield t.resource
    elif isinstance(t, ast.ListOf):
        yield from handles_in(t.element)
    elif isinstance(t, ast.OptionOf):
        yield from handles_in(t.value)
    elif isinstance(t, ast.ResultOf):
        for x in (t.ok, t.err):
            if x is not None:
                yield from handles_in(x)
    elif isinstance(t, ast.TupleOf):
        for e in t.elements:
            yield from handles_in(e)
