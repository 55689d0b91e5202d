"""WIT folders into resolved packages: every name bound to its definition, gates applied.

A folder holds one package's `.wit` files (or several `package x { }` blocks) and optionally
`deps/`, whose entries (folders or single files) are loaded the same way. A package loaded
twice under the same name (a vendored copy in some `deps/`) is kept once, the first.
"""
import os
from dataclasses import dataclass, field
from typing import Optional

from . import ast
from .errors import WitError
from .parser import parse


@dataclass(eq=False)
class Ref:
    """A named type, resolved: the definition and the interface that defines it."""
    typedef: ast.TypeDef
    owner: "Interface"


@dataclass(eq=False)
class UseBinding:
    local: str
    ref: Ref
    via: "Interface"  # the interface named in the `use`
    loc: object


@dataclass(eq=False)
class Interface:
    package: "Package"
    name: str
    node: ast.Interface
    defs: list = field(default_factory=list)      # TypeDefs defined here, in source order
    uses: list = field(default_factory=list)      # UseBindings
    funcs: list = field(default_factory=list)     # freestanding Funcs
    scope: dict = field(default_factory=dict)     # local name -> Ref
    deps: list = field(default_factory=list)      # interfaces this one `use`s, first use first
    left_out: list = field(default_factory=list)  # [(WIT name, reason)]: not bound yet
    resolved: bool = False

    def qualified(self):
        return f"{self.package.name.unversioned()}/{self.name}"

    def instance_name(self):
        v = self.package.name.version
        return self.qualified() + (f"@{v}" if v else "")


@dataclass(eq=False)
class World:
    package: "Package"
    name: str
    node: ast.World
    imports: list = field(default_factory=list)  # Interfaces, dependencies first
    exports: list = field(default_factory=list)


@dataclass(eq=False)
class Package:
    name: ast.PackageName
    folder: str
    interfaces: dict = field(default_factory=dict)  # name -> Interface, in source order
    worlds: dict = field(default_factory=dict)
    file_uses: dict = field(default_factory=dict)   # alias -> UsePath, from top-level `use`
    cpp_prefix: tuple = ()  # namespace parts before the package's own (generate.py --prefix)


def gated_out(gate, features):
    return gate is not None and gate.kind == "unstable" and gate.feature not in features


class Resolver:
    def __init__(self, features=()):
        self.features = set(features)
        self.packages = []          # in load order
        self.by_name = {}           # str(PackageName) -> Package

    # Loading ---------------------------------------------------------------------------------

    def load_folder(self, folder):
        if os.path.isfile(folder):
            self._load_files(os.path.dirname(folder) or ".", [folder])
            return
        if not os.path.isdir(folder):
            raise WitError(None, f"{folder}: no such WIT folder or file")
        deps = os.path.join(folder, "deps")
        if os.path.isdir(deps):
            for entry in sorted(os.listdir(deps)):
                path = os.path.join(deps, entry)
                if os.path.isdir(path) or entry.endswith(".wit"):
                    self.load_folder(path)
        files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".wit"))
        if not files:
            raise WitError(None, f"{folder}: no .wit files")
        self._load_files(folder, files)

    def _load_files(self, folder, files):
        decls = []
        for path in files:
            with open(path, encoding="utf-8") as f:
                decls += parse(f.read(), path)
        named = {str(d.name) for d in decls if d.name is not None}
        unnamed = [d for d in decls if d.name is None]
        if unnamed:
            if len(named) != 1:
                raise WitError(unnamed[0].loc, "this file has no `package` line and its folder does not name "
                                               "exactly one package")
            for d in unnamed:
                d.name = next(x.name for x in decls if x.name is not None)
        seen_here = {}
        for d in decls:
            key = str(d.name)
            if key in self.by_name and self.by_name[key].folder != folder:
                continue  # a second copy of a package loaded from elsewhere
            pkg = self.by_name.get(key)
            if pkg is None:
                pkg = Package(d.name, folder)
                self.by_name[key] = pkg
                self.packages.append(pkg)
            seen_here[key] = pkg
            for path, alias, loc in d.file_uses:
                pkg.file_uses[alias] = path
            for node in d.interfaces:
                if gated_out(node.gate, self.features):
                    continue
                if node.name in pkg.interfaces or node.name in pkg.worlds:
                    raise WitError(node.loc, f"`{node.name}` is defined twice in package {key}")
                pkg.interfaces[node.name] = Interface(pkg, node.name, node)
            for node in d.worlds:
                if gated_out(node.gate, self.features):
                    continue
                if node.name in pkg.interfaces or node.name in pkg.worlds:
                    raise WitError(node.loc, f"`{node.name}` is defined twice in package {key}")
                pkg.worlds[node.name] = World(pkg, node.name, node)

    # Lookup ----------------------------------------------------------------------------------

    def find_package(self, name, loc):
        if name.version is not None:
            pkg = self.by_name.get(str(name))
            if pkg is None:
                raise WitError(loc, f"package {name} is not among the WIT inputs ({self._have()})")
            return pkg
        matches = [p for p in self.packages if p.name.unversioned() == name.unversioned()]
        if len(matches) != 1:
            what = "is not among" if not matches else "is ambiguous (give its version) among"
            raise WitError(loc, f"package {name} {what} the WIT inputs ({self._have()})")
        return matches[0]

    def _have(self):
        return ", ".join(str(p.name) for p in self.packages) or "none"

    def find_interface(self, path, pkg):
        if path.package is None:
            if path.interface in pkg.file_uses:
                return self.find_interface(pkg.file_uses[path.interface], pkg)
            target = pkg.interfaces.get(path.interface)
            if target is None:
                raise WitError(path.loc, f"no interface `{path.interface}` in package {pkg.name}")
            return target
        other = self.find_package(path.package, path.loc)
        target = other.interfaces.get(path.interface)
        if target is None:
            raise WitError(path.loc, f"no interface `{path.interface}` in package {other.name}")
        return target

    # Interfaces ------------------------------------------------------------------------------

    def resolve_all(self):
        for pkg in self.packages:
            for iface in pkg.interfaces.values():
                self.resolve_interface(iface, [])
        for pkg in self.packages:
            for world in pkg.worlds.values():
                self.resolve_world(world, [])
        return self.packages

    def resolve_interface(self, iface, stack):
        if iface.resolved:
            return
        if iface in stack:
            cycle = " -> ".join(i.qualified() for i in stack + [iface])
            raise WitError(iface.node.loc, f"interfaces use each other in a cycle: {cycle}")
        stack = stack + [iface]
        for item in iface.node.items:
            if gated_out(getattr(item, "gate", None), self.features):
                continue
            if isinstance(item, ast.Use):
                target = self.find_interface(item.path, iface.package)
                if target is iface:
                    raise WitError(item.loc, f"interface `{iface.name}` uses itself")
                self.resolve_interface(target, stack)
                if target not in iface.deps:
                    iface.deps.append(target)
                for name, alias, loc in item.names:
                    ref = target.scope.get(name)
                    if ref is None:
                        raise WitError(loc, f"interface {target.qualified()} has no type `{name}`")
                    self._bind(iface, alias or name, ref, loc)
                    iface.uses.append(UseBinding(alias or name, ref, target, loc))
            elif isinstance(item, ast.TypeDef):
                iface.defs.append(item)
                self._bind(iface, item.name, Ref(item, iface), item.loc)
                if item.kind == "resource":
                    item.funcs = [f for f in item.funcs if not gated_out(f.gate, self.features)]
            elif isinstance(item, ast.Func):
                iface.funcs.append(item)
        names = {}
        for func in self.all_funcs(iface):
            key = func_key(func)
            if key in names:
                raise WitError(func.loc, f"`{key}` is defined twice in interface {iface.qualified()}")
            names[key] = func
        iface.resolved = True
        # Check every type now, so errors point at the WIT rather than at generated code.
        for td in iface.defs:
            self.check_typedef(td, iface)
        for func in self.all_funcs(iface):
            func.resolved_params = [(n, self.resolve_type(t, iface)) for n, t in func.params]
            func.resolved_result = None if func.result is None else self.resolve_type(func.result, iface)
        self.leave_out_unbound(iface)

    @staticmethod
    def leave_out_unbound(iface):
        """Takes out of the bindings what they cannot pass yet: functions, types and `use`s
        whose types hold an `error-context` (the async host API has none). What was left
        out, and why, stays in `iface.left_out` ([(WIT name, reason)])."""
        for td in iface.defs:
            why = typedef_unbound_reason(td)
            if why:
                iface.left_out.append((td.name, why))
        iface.defs = [td for td in iface.defs if not typedef_unbound_reason(td)]
        for use in iface.uses:
            why = typedef_unbound_reason(use.ref.typedef)
            if why:
                iface.left_out.append((use.local, f"`use`s a type that {why}"))
        iface.uses = [u for u in iface.uses if not typedef_unbound_reason(u.ref.typedef)]

        def keep(func):
            why = func_unbound_reason(func)
            if why:
                iface.left_out.append((func_key(func), why))
            return not why
        iface.funcs = [f for f in iface.funcs if keep(f)]
        for td in iface.defs:
            if td.kind == "resource":
                td.funcs = [f for f in td.funcs if keep(f)]

    def _bind(self, iface, name, ref, loc):
        if name in iface.scope:
            raise WitError(loc, f"`{name}` is defined twice in interface {iface.qualified()}")
        iface.scope[name] = ref

    @staticmethod
    def all_funcs(iface):
        funcs = list(iface.funcs)
        for td in iface.defs:
            if td.kind == "resource":
                funcs += td.funcs
        return funcs

    def check_typedef(self, td, iface):
        """Resolves a definition's types into `resolved` (alias: the type; record: [(name, type)];
        variant: [(name, type or None)])."""
        if td.kind == "alias":
            td.resolved = self.resolve_type(td.target, iface, alias_of=td)
        elif td.kind == "record":
            self._unique([n for n, _ in td.fields], td, "field")
            td.resolved = [(n, self.resolve_type(t, iface)) for n, t in td.fields]
        elif td.kind == "variant":
            self._unique([n for n, _ in td.cases], td, "case")
            td.resolved = [(n, None if t is None else self.resolve_type(t, iface)) for n, t in td.cases]
        elif td.kind in ("enum", "flags"):
            self._unique(td.cases, td, "case" if td.kind == "enum" else "flag")

    @staticmethod
    def _unique(names, td, what):
        seen = set()
        for n in names:
            if n in seen:
                raise WitError(td.loc, f"{td.kind} `{td.name}` has the {what} `{n}` twice")
            seen.add(n)

    def resolve_type(self, t, iface, alias_of=None):
        """The type with every Named replaced by a Ref (a resource in value position: own)."""
        if isinstance(t, ast.Prim):
            return t
        if isinstance(t, ast.Named):
            ref = iface.scope.get(t.name)
            if ref is None:
                raise WitError(t.loc, f"no type `{t.name}` in interface {iface.qualified()} (define it or `use` it)")
            if alias_of is not None and ref.typedef is alias_of:
                raise WitError(t.loc, f"type `{t.name}` is defined as itself")
            if is_resource(ref) and alias_of is None:
                return ast.Handle(True, ref)
            return ref
        if isinstance(t, ast.Handle):
            ref = iface.scope.get(t.resource.name)
            if ref is None:
                raise WitError(t.resource.loc, f"no resource `{t.resource.name}` in interface {iface.qualified()}")
            if not is_resource(ref):
                raise WitError(t.resource.loc, f"`{t.resource.name}` is not a resource, so it has no handles")
            return ast.Handle(t.own, ref)
        if isinstance(t, ast.ListOf):
            if t.size is not None:
                raise WitError(t.loc, "fixed-length lists (`list<T, N>`) are not supported by the bindings yet")
            return ast.ListOf(self.resolve_type(t.element, iface), t.size, t.loc)
        if isinstance(t, ast.OptionOf):
            return ast.OptionOf(self.resolve_type(t.value, iface))
        if isinstance(t, ast.ResultOf):
            return ast.ResultOf(None if t.ok is None else self.resolve_type(t.ok, iface),
                                None if t.err is None else self.resolve_type(t.err, iface))
        if isinstance(t, ast.TupleOf):
            return ast.TupleOf([self.resolve_type(e, iface) for e in t.elements])
        if isinstance(t, ast.StreamOf):
            return ast.StreamOf(None if t.element is None else self.resolve_type(t.element, iface), t.loc)
        if isinstance(t, ast.FutureOf):
            return ast.FutureOf(None if t.value is None else self.resolve_type(t.value, iface), t.loc)
        if isinstance(t, ast.ErrorContext):
            return t
        if isinstance(t, Ref):
            return t
        raise AssertionError(f"unknown type node {t!r}")

    # Worlds ----------------------------------------------------------------------------------

    def resolve_world(self, world, stack):
        if world.imports or world.exports or getattr(world, "_done", False):
            return
        if world in stack:
            raise WitError(world.node.loc, f"world `{world.name}` includes itself")
        stack = stack + [world]
        imports, exports = [], []
        for item in world.node.items:
            if gated_out(getattr(item, "gate", None), self.features):
                continue
            if isinstance(item, ast.WorldRef):
                target = self.find_interface(item.path, world.package)
                (imports if item.direction == "import" else exports).append(target)
            elif isinstance(item, ast.Include):
                other = self.find_world(item.path, world.package)
                self.resolve_world(other, stack)
                imports += other.imports
                exports += other.exports
            # Inline functions and interfaces of a world, and its own types, have no
            # per-interface binding: the world's add_to_linker leaves them out (docs/wit-bindings.md).
        ordered = []
        for iface in imports + [d for e in exports for d in e.deps]:
            add_with_deps(iface, ordered)
        world.imports = [i for i in ordered if i not in exports]
        world.exports = list(dict.fromkeys(exports))
        world._done = True

    def find_world(self, path, pkg):
        if path.package is None:
            target = pkg.worlds.get(path.interface)
            if target is None:
                raise WitError(path.loc, f"no world `{path.interface}` in package {pkg.name}")
            return target
        other = self.find_package(path.package, path.loc)
        target = other.worlds.get(path.interface)
        if target is None:
            raise WitError(path.loc, f"no world `{path.interface}` in package {other.name}")
        return target


def add_with_deps(iface, ordered):
    if iface in ordered:
        return
    for dep in iface.deps:
        add_with_deps(dep, ordered)
    ordered.append(iface)


def is_resource(ref):
    """Whether a Ref names a resource, directly or through `type x = r` aliases."""
    return resource_of(ref) is not None


def resource_of(ref):
    """The Ref of the resource a Ref names through aliases, or None."""
    seen = 0
    while ref.typedef.kind == "alias" and isinstance(ref.typedef.target, ast.Named):
        target = ref.owner.scope.get(ref.typedef.target.name)
        if target is None or seen > 100:
            return None
        ref, seen = target, seen + 1
    return ref if ref.typedef.kind == "resource" else None


ASYNC_TYPE_NAMES = {ast.StreamOf: "stream", ast.FutureOf: "future", ast.ErrorContext: "error-context"}

# What the bindings cannot pass yet: the async host API has no error-context.
UNBOUND_TYPES = (ast.ErrorContext,)


def async_type_in(t, kinds=ast.ASYNC_TYPES, seen=None):
    """The name of the first type of `kinds` (by default every async-only one: `stream`,
    `future`, `error-context`) a resolved type holds, through aliases, records, variants and
    every type constructor, a stream's or future's payload too; None if none."""
    seen = set() if seen is None else seen
    if isinstance(t, kinds):
        return ASYNC_TYPE_NAMES[type(t)]
    if isinstance(t, Ref):
        td = t.typedef
        if id(td) in seen:
            return None
        seen.add(id(td))
        if td.kind == "alias":
            return async_type_in(td.resolved, kinds, seen)
        if td.kind in ("record", "variant"):
            return next((w for _, ft in td.resolved if ft is not None for w in [async_type_in(ft, kinds, seen)] if w),
                        None)
        return None
    if isinstance(t, ast.ListOf):
        return async_type_in(t.element, kinds, seen)
    if isinstance(t, ast.OptionOf):
        return async_type_in(t.value, kinds, seen)
    if isinstance(t, ast.ResultOf):
        return next((w for x in (t.ok, t.err) if x is not None for w in [async_type_in(x, kinds, seen)] if w), None)
    if isinstance(t, ast.TupleOf):
        return next((w for x in t.elements for w in [async_type_in(x, kinds, seen)] if w), None)
    if isinstance(t, ast.StreamOf) and t.element is not None:
        return async_type_in(t.element, kinds, seen)
    if isinstance(t, ast.FutureOf) and t.value is not None:
        return async_type_in(t.value, kinds, seen)
    return None


def func_types(func):
    return [t for _, t in func.resolved_params] + ([func.resolved_result] if func.resolved_result is not None else [])


def typedef_unbound_reason(td):
    if td.kind in ("alias", "record", "variant"):
        what = async_type_in(Ref(td, None), UNBOUND_TYPES)
        if what:
            return f"holds an `{what}`"
    return None


def func_unbound_reason(func):
    what = next((w for t in func_types(func) for w in [async_type_in(t, UNBOUND_TYPES)] if w), None)
    return f"passes an `{what}`" if what else None


def uses_async_values(iface):
    """Whether the interface's bindings pass a stream or future, or define an async function."""
    funcs = Resolver.all_funcs(iface)
    return (any(f.is_async for f in funcs)
            or any(async_type_in(t) for f in funcs for t in func_types(f))
            or any(td.kind in ("alias", "record", "variant") and async_type_in(Ref(td, None)) for td in iface.defs))


def func_key(func):
    """The function's name in the component instance."""
    if func.kind == "method":
        return f"[method]{func.resource}.{func.name}"
    if func.kind == "static":
        return f"[static]{func.resource}.{func.name}"
    if func.kind == "constructor":
        return f"[constructor]{func.resource}"
    return func.name


def load(folders, features=()):
    r = Resolver(features)
    for folder in folders:
        r.load_folder(folder)
    return r.resolve_all()
