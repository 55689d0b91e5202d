"""WIT tokens into the syntax tree of ast.py: one file, one or more packages.

A file is either `package ns:name@version;` followed by items (or no package line: the
folder's package), or any number of `package ns:name@version { items }` blocks.
"""
from . import ast
from .errors import WitError
from .lexer import tokenize

KEYWORDS = {
    "package", "interface", "world", "import", "export", "include", "use", "as", "with", "type",
    "record", "variant", "enum", "flags", "resource", "func", "static", "constructor", "tuple",
    "list", "option", "result", "borrow", "own", "future", "stream", "async", "from", "_",
    "error-context",
} | ast.PRIMITIVES


class Parser:
    def __init__(self, text, path):
        self.tokens = tokenize(text, path)
        self.pos = 0
        self.path = path

    # Token access ----------------------------------------------------------------------------

    def peek(self, k=0):
        return self.tokens[min(self.pos + k, len(self.tokens) - 1)]

    def next(self):
        t = self.tokens[self.pos]
        if t.kind != "eof":
            self.pos += 1
        return t

    def at(self, kind, text=None, k=0):
        t = self.peek(k)
        if text is not None:
            return t.kind == "id" and not t.escaped and t.text == text
        return t.kind == kind

    def at_keyword(self, word, k=0):
        return self.at("id", word, k)

    def expect(self, kind, what=None):
        t = self.next()
        if t.kind != kind:
            raise WitError(t.loc, f"expected {what or repr(kind)}, found {describe(t)}")
        return t

    def expect_keyword(self, word):
        t = self.next()
        if not (t.kind == "id" and not t.escaped and t.text == word):
            raise WitError(t.loc, f"expected `{word}`, found {describe(t)}")
        return t

    def ident(self, what="a name"):
        t = self.next()
        if t.kind != "id":
            raise WitError(t.loc, f"expected {what}, found {describe(t)}")
        if not t.escaped and t.text in KEYWORDS:
            raise WitError(t.loc, f"expected {what}, found the keyword `{t.text}` (write `%{t.text}` to use it as a name)")
        return t

    def maybe(self, kind):
        if self.at(kind):
            return self.next()
        return None

    # Files -----------------------------------------------------------------------------------

    def parse_file(self):
        """A list of PackageDecl; a package-less file gives one with name None."""
        gates = self.gates()
        if self.at_keyword("package"):
            loc = self.next().loc
            name = self.package_name()
            if self.maybe(";"):
                decl = ast.PackageDecl(name, [], [], loc)
                self.items_into(decl, None, until="eof")
                return [decl]
            self.expect("{", "`;` or `{` after the package name")
            decls = [self.package_block(name, loc)]
            while not self.at("eof"):
                self.gates()
                loc = self.expect_keyword("package").loc
                name = self.package_name()
                self.expect("{", "`{` after the package name")
                decls.append(self.package_block(name, loc))
            return decls
        decl = ast.PackageDecl(None, [], [], self.peek().loc)
        self.items_into(decl, gates, until="eof")
        return [decl]

    def package_block(self, name, loc):
        decl = ast.PackageDecl(name, [], [], loc)
        self.items_into(decl, None, until="}")
        self.expect("}")
        return decl

    def items_into(self, decl, gates, until):
        """Items until `until`; `gates` (read before a package-less file's first item) apply to the first."""
        while True:
            gates = self.gates() or gates
            if self.at(until):
                return
            if self.at_keyword("interface"):
                decl.interfaces.append(self.interface(gates))
            elif self.at_keyword("world"):
                decl.worlds.append(self.world(gates))
            elif self.at_keyword("use"):
                loc = self.next().loc
                path = self.use_path()
                alias = None
                if self.at_keyword("as"):
                    self.next()
                    alias = self.ident("a name after `as`").text
                self.expect(";", "`;` after the `use`")
                decl.file_uses.append((path, alias or path.interface, loc))
            elif self.at_keyword("package"):
                raise WitError(self.peek().loc, "a second `package` declaration: use `package x { ... }` blocks "
                                                "for several packages in one file")
            else:
                raise WitError(self.peek().loc, f"expected `interface`, `world` or `use`, found {describe(self.peek())}")
            gates = None

    def package_name(self):
        ns = self.ident("a package namespace").text
        self.expect(":", "`:` in the package name (`namespace:name`)")
        name = self.ident("a package name").text
        while self.at(":"):  # nested namespaces `a:b:c` fold into the name
            self.next()
            name += ":" + self.ident("a package name").text
        version = None
        if self.maybe("@"):
            version = self.expect("num", "a version after `@`").text
        return ast.PackageName(ns, name, version)

    def use_path(self):
        """`iface` or `ns:pkg/iface@version`."""
        first = self.ident("an interface name")
        if not self.at(":"):
            return ast.UsePath(first.text, None, first.loc)
        self.next()
        pkg = self.ident("a package name").text
        while self.at(":"):
            self.next()
            pkg += ":" + self.ident("a package name").text
        self.expect("/", "`/` before the interface name")
        iface = self.ident("an interface name").text
        version = None
        if self.maybe("@"):
            version = self.expect("num", "a version after `@`").text
        return ast.UsePath(iface, ast.PackageName(first.text, pkg, version), first.loc)

    # Gates -----------------------------------------------------------------------------------

    def gates(self):
        """`@since(...)`, `@unstable(...)`, `@deprecated(...)`: the strongest one counts (unstable)."""
        result = None
        while self.at("@"):
            at = self.next()
            kind = self.ident("`since`, `unstable` or `deprecated`")
            if kind.text not in ("since", "unstable", "deprecated"):
                raise WitError(kind.loc, f"unknown gate `@{kind.text}` (expected `@since`, `@unstable` or `@deprecated`)")
            feature = None
            self.expect("(", f"`(` after `@{kind.text}`")
            while not self.at(")"):
                key = self.ident("`version` or `feature`")
                self.expect("=", f"`=` after `{key.text}`")
                if key.text == "feature":
                    feature = self.ident("a feature name").text
                elif key.text == "version":
                    self.expect("num", "a version")
                else:
                    raise WitError(key.loc, f"unknown gate argument `{key.text}`")
                if not self.maybe(","):
                    break
            self.expect(")", f"`)` closing `@{kind.text}`")
            if kind.text == "unstable" and feature is None:
                raise WitError(at.loc, "`@unstable` needs `feature = name`")
            if result is None or kind.text == "unstable":
                result = ast.Gate(kind.text, feature)
        return result

    # Interfaces ------------------------------------------------------------------------------

    def interface(self, gate):
        loc = self.expect_keyword("interface").loc
        name = self.ident("an interface name").text
        items = self.interface_body()
        return ast.Interface(name, items, loc, gate)

    def interface_body(self):
        self.expect("{", "`{` opening the interface")
        items = []
        while True:
            gate = self.gates()
            if self.maybe("}"):
                return items
            items.append(self.interface_item(gate))

    def interface_item(self, gate):
        t = self.peek()
        if self.at_keyword("use"):
            return self.use(gate)
        if t.kind == "id" and not t.escaped and t.text in ("type", "record", "variant", "enum", "flags", "resource"):
            return self.typedef(gate)
        if t.kind == "id" and self.at(":", k=1):
            name = self.ident("a function name")
            self.next()
            func = self.func_type(name.text, name.loc)
            self.expect(";", "`;` after the function")
            func.gate = gate
            return func
        raise WitError(t.loc, f"expected `use`, a type definition or `name: func(...)`, found {describe(t)}")

    def use(self, gate):
        loc = self.expect_keyword("use").loc
        path = self.use_path()
        self.expect(".", "`.{` after the `use` path")
        self.expect("{", "`{` listing the names to use")
        names = []
        while not self.at("}"):
            n = self.ident("a type name")
            alias = None
            if self.at_keyword("as"):
                self.next()
                alias = self.ident("a name after `as`").text
            names.append((n.text, alias, n.loc))
            if not self.maybe(","):
                break
        self.expect("}", "`}` closing the list of names")
        self.expect(";", "`;` after the `use`")
        if not names:
            raise WitError(loc, "`use` names no types")
        return ast.Use(path, names, loc, gate)

    def func_type(self, name, loc):
        is_async = False
        if self.at_keyword("async"):
            self.next()
            is_async = True
        self.expect_keyword("func")
        params = self.params()
        result = None
        if self.maybe("->"):
            result = self.type()
        return ast.Func(name, params, result, loc, is_async=is_async)

    def params(self):
        self.expect("(", "`(` opening the parameters")
        params = []
        while not self.at(")"):
            n = self.ident("a parameter name")
            self.expect(":", f"`:` after the parameter `{n.text}`")
            params.append((n.text, self.type()))
            if not self.maybe(","):
                break
        self.expect(")", "`)` closing the parameters")
        return params

    def typedef(self, gate):
        kw = self.next()
        name_tok = self.ident("a type name")
        name, loc = name_tok.text, name_tok.loc
        if kw.text == "type":
            self.expect("=", "`=` after the type name")
            target = self.type()
            self.expect(";", "`;` after the type")
            return ast.TypeDef(name, "alias", loc, target=target, gate=gate)
        if kw.text == "resource":
            td = ast.TypeDef(name, "resource", loc, gate=gate)
            if self.maybe(";"):
                return td
            self.expect("{", "`;` or `{` after the resource name")
            while True:
                fgate = self.gates()
                if self.maybe("}"):
                    break
                td.funcs.append(self.resource_func(name, fgate))
            return td
        self.expect("{", f"`{{` opening the {kw.text}")
        td = ast.TypeDef(name, kw.text, loc, gate=gate)
        while not self.at("}"):
            self.gates()  # gates on fields and cases are accepted and ignored
            n = self.ident("a field name" if kw.text == "record" else "a case name")
            if kw.text == "record":
                self.expect(":", f"`:` after the field `{n.text}`")
                td.fields.append((n.text, self.type()))
            elif kw.text == "variant":
                payload = None
                if self.maybe("("):
                    payload = self.type()
                    self.expect(")", "`)` closing the case's type")
                td.cases.append((n.text, payload))
            else:
                td.cases.append(n.text)
            if not self.maybe(","):
                break
        self.expect("}", f"`}}` closing the {kw.text}")
        if kw.text == "record" and not td.fields:
            raise WitError(loc, f"record `{name}` has no fields")
        if kw.text != "record" and not td.cases:
            raise WitError(loc, f"{kw.text} `{name}` has no cases")
        return td

    def resource_func(self, resource, gate):
        t = self.peek()
        if self.at_keyword("constructor"):
            self.next()
            params = self.params()
            result = self.type() if self.maybe("->") else None
            self.expect(";", "`;` after the constructor")
            return ast.Func("constructor", params, result, t.loc, "constructor", resource, gate)
        name = self.ident("a method name")
        self.expect(":", f"`:` after the method `{name.text}`")
        kind = "method"
        if self.at_keyword("static"):
            self.next()
            kind = "static"
        func = self.func_type(name.text, name.loc)
        self.expect(";", "`;` after the method")
        func.kind, func.resource, func.gate = kind, resource, gate
        return func

    # Types -----------------------------------------------------------------------------------

    def type(self):
        t = self.peek()
        if t.kind == "_":
            raise WitError(t.loc, "`_` stands only for a missing type in `result<_, E>`")
        if t.kind != "id":
            raise WitError(t.loc, f"expected a type, found {describe(t)}")
        if t.escaped:
            self.next()
            return ast.Named(t.text, t.loc)
        word = t.text
        if word in ast.PRIMITIVES:
            self.next()
            return ast.Prim(word)
        if word == "list":
            self.next()
            self.expect("<", "`<` after `list`")
            element = self.type()
            size = None
            if self.maybe(","):
                size = int(self.expect("num", "a list length").text)
            self.expect(">", "`>` closing `list<...>`")
            return ast.ListOf(element, size, t.loc)
        if word == "option":
            self.next()
            self.expect("<", "`<` after `option`")
            value = self.type()
            self.expect(">", "`>` closing `option<...>`")
            return ast.OptionOf(value)
        if word == "result":
            self.next()
            if not self.maybe("<"):
                return ast.ResultOf(None, None)
            ok = None
            if self.maybe("_"):
                self.expect(",", "`, E` after `result<_`")
                err = self.type()
            else:
                ok = self.type()
                err = self.type() if self.maybe(",") else None
            self.expect(">", "`>` closing `result<...>`")
            return ast.ResultOf(ok, err)
        if word == "tuple":
            self.next()
            self.expect("<", "`<` after `tuple`")
            elements = []
            while not self.at(">"):
                elements.append(self.type())
                if not self.maybe(","):
                    break
            self.expect(">", "`>` closing `tuple<...>`")
            if not elements:
                raise WitError(t.loc, "a tuple needs at least one type")
            return ast.TupleOf(elements)
        if word in ("borrow", "own"):
            self.next()
            self.expect("<", f"`<` after `{word}`")
            n = self.ident("a resource name")
            self.expect(">", f"`>` closing `{word}<...>`")
            return ast.Handle(word == "own", ast.Named(n.text, n.loc))
        if word in ("future", "stream"):
            self.next()
            payload = None
            if self.maybe("<"):
                payload = self.type()
                self.expect(">", f"`>` closing `{word}<...>`")
            return (ast.StreamOf if word == "stream" else ast.FutureOf)(payload, t.loc)
        if word == "error-context":
            self.next()
            return ast.ErrorContext(t.loc)
        if word in KEYWORDS:
            raise WitError(t.loc, f"expected a type, found the keyword `{word}`")
        self.next()
        return ast.Named(word, t.loc)

    # Worlds ----------------------------------------------------------------------------------

    def world(self, gate):
        loc = self.expect_keyword("world").loc
        name = self.ident("a world name").text
        self.expect("{", "`{` opening the world")
        items = []
        while True:
            igate = self.gates()
            if self.maybe("}"):
                break
            items.append(self.world_item(igate))
        return ast.World(name, items, loc, gate)

    def world_item(self, gate):
        t = self.peek()
        if self.at_keyword("import") or self.at_keyword("export"):
            direction = self.next().text
            if self.peek().kind == "id" and self.at(":", k=1) and any(
                    self.at_keyword(w, k=2) for w in ("func", "async", "interface")):
                # `name: func(...)` / `name: interface {...}`, not a path `ns:pkg/iface`
                n = self.ident("an import name")
                self.next()
                if self.at_keyword("interface"):
                    iloc = self.next().loc
                    item = ast.Interface(None, self.interface_body(), iloc)
                    return ast.WorldNamed(direction, n.text, item, n.loc, gate)
                func = self.func_type(n.text, n.loc)
                self.expect(";", "`;` after the function")
                return ast.WorldNamed(direction, n.text, func, n.loc, gate)
            path = self.use_path()
            self.expect(";", f"`;` after the {direction}")
            return ast.WorldRef(direction, path, t.loc, gate)
        if self.at_keyword("include"):
            self.next()
            path = self.use_path()
            renames = []
            if self.at_keyword("with"):
                self.next()
                self.expect("{", "`{` after `with`")
                while not self.at("}"):
                    a = self.ident("a name").text
                    self.expect_keyword("as")
                    b = self.ident("a name").text
                    renames.append((a, b))
                    if not self.maybe(","):
                        break
                self.expect("}", "`}` closing `with`")
            else:
                self.expect(";", "`;` after the include")
            return ast.Include(path, renames, t.loc, gate)
        if self.at_keyword("use"):
            return self.use(gate)
        if t.kind == "id" and not t.escaped and t.text in ("type", "record", "variant", "enum", "flags", "resource"):
            return self.typedef(gate)
        raise WitError(t.loc, f"expected `import`, `export`, `include`, `use` or a type, found {describe(t)}")


def describe(t):
    if t.kind == "eof":
        return "the end of the file"
    if t.kind == "id":
        return f"`{'%' if t.escaped else ''}{t.text}`"
    return f"`{t.text}`"


def parse(text, path):
    return Parser(text, path).parse_file()
