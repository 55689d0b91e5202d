"""The WIT lexer, parser and resolver on small inputs, errors included."""
import os
import re
import tempfile
import textwrap
import unittest

from witgen import ast
from witgen.errors import WitError
from witgen.parser import parse
from witgen.resolve import load, resource_of


def parse_one(text):
    decls = parse(textwrap.dedent(text), "t.wit")
    assert len(decls) == 1
    return decls[0]


def load_text(files, features=()):
    """Resolves {relative path: text} written into a temporary folder."""
    with tempfile.TemporaryDirectory() as d:
        for rel, text in files.items():
            path = os.path.join(d, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(textwrap.dedent(text))
        return load([d], features)


class ParserTest(unittest.TestCase):
    def error(self, text):
        with self.assertRaises(WitError) as e:
            parse(textwrap.dedent(text), "t.wit")
        return str(e.exception)

    def test_package_with_version_and_items(self):
        d = parse_one("""
            package wasi:io@0.2.12;
            interface poll {
              resource pollable {
                ready: func() -> bool;
              }
              poll: func(in: list<borrow<pollable>>) -> list<u32>;
            }
            world imports { import poll; }
        """)
        self.assertEqual(str(d.name), "wasi:io@0.2.12")
        self.assertEqual([i.name for i in d.interfaces], ["poll"])
        res, func = d.interfaces[0].items
        self.assertEqual((res.kind, res.funcs[0].kind, res.funcs[0].resource), ("resource", "method", "pollable"))
        self.assertIsInstance(func.params[0][1], ast.ListOf)
        self.assertFalse(func.params[0][1].element.own)
        self.assertEqual(d.worlds[0].items[0].path.interface, "poll")

    def test_every_type_form(self):
        d = parse_one("""
            package a:b;
            interface i {
              type t = tuple<u8, string, option<list<s64>>>;
              type r0 = result;
              type r1 = result<u32>;
              type r2 = result<_, string>;
              type r3 = result<char, f64>;
              type h = own<x>;
              record rec { a: u8, %type: bool, }
              variant v { none, some(u32) }
              enum e { one, two }
              flags f { x, y, z }
              resource x { constructor(a: u32); s: static func() -> x; }
            }
        """)
        items = {i.name: i for i in d.interfaces[0].items}
        self.assertEqual(len(items["t"].target.elements), 3)
        self.assertEqual((items["r0"].target.ok, items["r0"].target.err), (None, None))
        self.assertIsNone(items["r1"].target.err)
        self.assertIsNone(items["r2"].target.ok)
        self.assertEqual(items["r3"].target.err.name, "f64")
        self.assertTrue(items["h"].target.own)
        self.assertEqual([n for n, _ in items["rec"].fields], ["a", "type"])
        self.assertEqual([n for n, _ in items["v"].cases], ["none", "some"])
        self.assertEqual(items["f"].cases, ["x", "y", "z"])
        self.assertEqual([f.kind for f in items["x"].funcs], ["constructor", "static"])

    def test_comments_and_gates_are_skipped(self):
        d = parse_one("""
            /// doc
            package a:b@1.0.0; // trailing
            /* block /* nested */ still comment */
            @since(version = 1.0.0)
            interface i {
              @unstable(feature = shiny)
              f: func();
              @deprecated(version = 1.0.0)
              g: func();
            }
        """)
        f, g = d.interfaces[0].items
        self.assertEqual((f.gate.kind, f.gate.feature), ("unstable", "shiny"))
        self.assertEqual(g.gate.kind, "deprecated")
        self.assertEqual(d.interfaces[0].gate.kind, "since")

    def test_use_with_alias_and_versioned_path(self):
        d = parse_one("""
            package a:b;
            interface i {
              use wasi:io/error@0.2.12.{error as io-error, other};
            }
        """)
        use = d.interfaces[0].items[0]
        self.assertEqual(str(use.path), "wasi:io/error@0.2.12")
        self.assertEqual([(n, a) for n, a, _ in use.names], [("error", "io-error"), ("other", None)])

    def test_several_package_blocks_in_one_file(self):
        decls = parse("package a:x@1.0.0 { interface i { f: func(); } }\npackage a:y { interface j {} }", "t.wit")
        self.assertEqual([str(d.name) for d in decls], ["a:x@1.0.0", "a:y"])

    def test_world_items(self):
        d = parse_one("""
            package a:b;
            world w {
              import wasi:cli/stdout@0.2.12;
              export run;
              include other with { a as b }
              import f: func(x: u32);
              export e: interface { g: func(); }
            }
        """)
        kinds = [type(i).__name__ for i in d.worlds[0].items]
        self.assertEqual(kinds, ["WorldRef", "WorldRef", "Include", "WorldNamed", "WorldNamed"])
        self.assertEqual(d.worlds[0].items[2].renames, [("a", "b")])

    def test_errors_name_file_line_and_column(self):
        self.assertEqual(self.error("package a:b;\ninterface i {\n  f: func(x u32);\n}"),
                         "t.wit:3:13: expected `:` after the parameter `x`, found `u32`")
        self.assertEqual(self.error("package a:b;\ninterface i {\n  record r { }\n}"), "t.wit:3:10: record `r` has no fields")
        self.assertEqual(self.error("package a:b;\ninterface i { type u8 = u8; }"),
                         "t.wit:2:20: expected a type name, found the keyword `u8` (write `%u8` to use it as a name)")
        self.assertEqual(self.error("package a:b;\ninterface i {\n  x: func() -> list<u8;\n}"),
                         "t.wit:3:23: expected `>` closing `list<...>`, found `;`")
        self.assertEqual(self.error("package a:b; /* open"), "t.wit:1:14: unterminated block comment")
        self.assertEqual(self.error("package a:b; interface i { $ }"), "t.wit:1:28: unexpected character '$'")
        self.assertEqual(self.error("package a:b; interface bad--name {}"),
                         "t.wit:1:24: invalid identifier `bad--name`: words are separated by single `-`")
        self.assertIn("the end of the file", self.error("package a:b; interface i {"))


class ResolveTest(unittest.TestCase):
    def test_names_resolve_across_interfaces_and_packages(self):
        pkgs = load_text({
            "main.wit": """
                package a:main@0.1.0;
                interface user {
                  use dep:lib/things@2.0.0.{thing, alias as renamed};
                  use local.{rec};
                  f: func(t: borrow<thing>, r: rec) -> renamed;
                }
                interface local { record rec { a: u8 } }
                world w { import user; }
            """,
            "deps/lib/lib.wit": """
                package dep:lib@2.0.0;
                interface things { resource thing; type alias = thing; }
            """,
        })
        by_name = {str(p.name): p for p in pkgs}
        user = by_name["a:main@0.1.0"].interfaces["user"]
        self.assertEqual([d.qualified() for d in user.deps], ["dep:lib/things", "a:main/local"])
        f = user.funcs[0]
        self.assertEqual(f.resolved_params[0][1].resource.typedef.name, "thing")
        # A resource (through an alias) in value position is an own handle.
        self.assertIsInstance(f.resolved_result, ast.Handle)
        self.assertEqual(resource_of(f.resolved_result.resource).typedef.name, "thing")
        world = by_name["a:main@0.1.0"].worlds["w"]
        self.assertEqual([i.qualified() for i in world.imports], ["dep:lib/things", "a:main/local", "a:main/user"])

    def test_unstable_items_need_their_feature(self):
        files = {"p.wit": """
            package a:b;
            interface i {
              @unstable(feature = shiny) f: func();
              g: func();
            }
            @unstable(feature = shiny) interface j {}
        """}
        plain = load_text(files)[0]
        self.assertEqual([f.name for f in plain.interfaces["i"].funcs], ["g"])
        self.assertNotIn("j", plain.interfaces)
        shiny = load_text(files, features=["shiny"])[0]
        self.assertEqual([f.name for f in shiny.interfaces["i"].funcs], ["f", "g"])
        self.assertIn("j", shiny.interfaces)

    def resolve_error(self, text):
        with self.assertRaises(WitError) as e:
            load_text({"p.wit": text})
        return re.sub(r"^.*/p\.wit", "p.wit", str(e.exception))

    def test_resolution_errors(self):
        self.assertEqual(self.resolve_error("package a:b;\ninterface i {\n  f: func(x: nope);\n}"),
                         "p.wit:3:14: no type `nope` in interface a:b/i (define it or `use` it)")
        self.assertEqual(self.resolve_error("package a:b;\ninterface i { use j.{t}; }"),
                         "p.wit:2:19: no interface `j` in package a:b")
        self.assertEqual(self.resolve_error("package a:b;\ninterface i { use j.{t}; }\ninterface j {}"),
                         "p.wit:2:22: interface a:b/j has no type `t`")
        self.assertEqual(self.resolve_error("package a:b;\ninterface i { use c:d/j.{t}; }"),
                         "p.wit:2:19: package c:d is not among the WIT inputs (a:b)")
        self.assertEqual(self.resolve_error("package a:b;\ninterface i { record r { a: u8 } f: func(x: borrow<r>); }"),
                         "p.wit:2:52: `r` is not a resource, so it has no handles")
        self.assertEqual(self.resolve_error("package a:b;\ninterface i { use j.{t}; type t = u8; }\ninterface j { type t = u8; }"),
                         "p.wit:2:31: `t` is defined twice in interface a:b/i")
        self.assertIn("interfaces use each other in a cycle: a:b/i -> a:b/j -> a:b/i",
                      self.resolve_error("package a:b;\ninterface i { use j.{t}; }\ninterface j { use i.{t}; }"))
        self.assertIn("record `r` has the field `a` twice",
                      self.resolve_error("package a:b;\ninterface i { record r { a: u8, a: u8 } }"))
        self.assertEqual(self.resolve_error("package a:b;\ninterface i { f: func() -> stream<nope>; }"),
                         "p.wit:2:35: no type `nope` in interface a:b/i (define it or `use` it)")
        self.assertEqual(self.resolve_error("package a:b;\ninterface i { f: func() -> future<borrow<nope>>; }"),
                         "p.wit:2:42: no resource `nope` in interface a:b/i")


if __name__ == "__main__":
    unittest.main()
