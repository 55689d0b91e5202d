"""The WIT syntax tree as the parser produces it (names unresolved)."""
from dataclasses import dataclass, field
from typing import Optional

from .errors import Location


@dataclass(frozen=True)
class PackageName:
    namespace: str
    name: str
    version: Optional[str] = None

    def unversioned(self):
        return f"{self.namespace}:{self.name}"

    def __str__(self):
        return self.unversioned() + (f"@{self.version}" if self.version else "")


@dataclass
class Gate:
    """`@since(...)`, `@unstable(feature = f)`, `@deprecated(...)` before an item."""
    kind: str
    feature: Optional[str] = None


# Types -------------------------------------------------------------------------------------

PRIMITIVES = {"bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string"}


@dataclass
class Prim:
    name: str


@dataclass
class Named:
    name: str
    loc: Location


@dataclass
class ListOf:
    element: object
    size: Optional[int] = None  # list<T, N>: fixed-length
    loc: Optional[Location] = None


@dataclass
class OptionOf:
    value: object


@dataclass
class ResultOf:
    ok: Optional[object]
    err: Optional[object]


@dataclass
class TupleOf:
    elements: list


@dataclass
class Handle:
    own: bool
    resource: Named


@dataclass
class StreamOf:
    """`stream<T>`, or `stream` (element None: no payload, only the end of the stream)."""
    element: Optional[object]
    loc: Location


@dataclass
class FutureOf:
    """`future<T>`, or `future` (value None: only the completion)."""
    value: Optional[object]
    loc: Location


@dataclass
class ErrorContext:
    loc: Location


# The types that only the async component model can pass: a binding whose signature holds one
# needs the async host API (resolve.async_reason).
ASYNC_TYPES = (StreamOf, FutureOf, ErrorContext)


# Items -------------------------------------------------------------------------------------

@dataclass
class Func:
    name: str
    params: list  # [(name, type)]
    result: Optional[object]
    loc: Location
    kind: str = "freestanding"  # "method", "static", "constructor"
    resource: Optional[str] = None
    gate: Optional[Gate] = None
    is_async: bool = False


@dataclass
class TypeDef:
    name: str
    kind: str  # "alias", "record", "variant", "enum", "flags", "resource"
    loc: Location
    target: object = None      # alias
    fields: list = field(default_factory=list)    # record: [(name, type)]
    cases: list = field(default_factory=list)     # variant: [(name, type or None)]; enum/flags: [name]
    funcs: list = field(default_factory=list)     # resource
    gate: Optional[Gate] = None


@dataclass
class UsePath:
    """`iface` (in this package) or `ns:pkg/iface@version`."""
    interface: str
    package: Optional[PackageName]
    loc: Location

    def __str__(self):
        if self.package is None:
            return self.interface
        p = self.package
        return f"{p.namespace}:{p.name}/{self.interface}" + (f"@{p.version}" if p.version else "")


@dataclass
class Use:
    path: UsePath
    names: list  # [(name, alias or None, loc)]
    loc: Location
    gate: Optional[Gate] = None


@dataclass
class Interface:
    name: Optional[str]  # None for an inline interface in a world
    items: list
    loc: Location
    gate: Optional[Gate] = None


@dataclass
class WorldRef:
    """An `import`/`export` of a whole interface by path."""
    direction: str
    path: UsePath
    loc: Location
    gate: Optional[Gate] = None


@dataclass
class WorldNamed:
    """`import name: func(...)` or `import name: interface { ... }`."""
    direction: str
    name: str
    item: object  # Func or Interface
    loc: Location
    gate: Optional[Gate] = None


@dataclass
class Include:
    path: object  # UsePath naming a world
    renames: list  # [(from, to)]
    loc: Location
    gate: Optional[Gate] = None


@dataclass
class World:
    name: str
    items: list
    loc: Location
    gate: Optional[Gate] = None


@dataclass
class PackageDecl:
    name: PackageName
    interfaces: list
    worlds: list
    loc: Location
    file_uses: list = field(default_factory=list)  # top-level `use path as name;`
