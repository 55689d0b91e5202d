"""WIT 0.3: `async func`, `stream<T>`, `future<T>`, payload-less `stream`/`future` and
`error-context` are parsed and resolved; the bindings leave out what needs the async host
API and say so in the header, and keep everything else of the interface."""
import os
import unittest

from generate import generate
from witgen import ast
from witgen.resolve import Ref, async_type_in
from tests.test_parser import load_text, parse_one

WIT = """
    package t:p@0.3.0;
    interface types {
      resource body {
        constructor();
        read: async func(n: u32) -> list<u8>;
        size: func() -> u64;
        open: static func() -> body;
        chunks: func() -> stream<list<u8>>;
      }
      record message { id: u32, payload: option<stream<u8>> }
      variant outcome { done, failed(error-context) }
      type tick = future;
      record plain { a: u32 }
    }
    interface api {
      use types.{body, message, plain};
      wait: async func(ms: u64);
      now: func() -> u64;
      send: func(m: message) -> result<_, string>;
      done: func() -> future<result<plain, string>>;
      ticks: func() -> stream;
      first: func(p: plain, b: borrow<body>) -> tuple<u32, u32>;
    }
"""


class ParseTest(unittest.TestCase):
    def test_async_types_and_functions_parse(self):
        decl = parse_one("""
            package t:p;
            interface i {
              f: async func(s: stream<u8>, n: stream) -> future<result<u32, error-context>>;
              g: func() -> future;
            }
        """)
        f, g = decl.interfaces[0].items
        self.assertTrue(f.is_async)
        self.assertFalse(g.is_async)
        s, n = (t for _, t in f.params)
        self.assertIsInstance(s, ast.StreamOf)
        self.assertEqual(s.element, ast.Prim("u8"))
        self.assertIsInstance(n, ast.StreamOf)
        self.assertIsNone(n.element)
        self.assertIsInstance(f.result, ast.FutureOf)
        self.assertIsInstance(f.result.value.err, ast.ErrorContext)
        self.assertIsInstance(g.result, ast.FutureOf)
        self.assertIsNone(g.result.value)


class ResolveTest(unittest.TestCase):
    def setUp(self):
        (self.pkg,) = load_text({"p.wit": WIT})
        self.types = self.pkg.interfaces["types"]
        self.api = self.pkg.interfaces["api"]

    def test_payloads_resolve_to_their_definitions(self):
        payload = dict(self.types.node.items[1].resolved)["payload"]
        self.assertIsInstance(payload.value, ast.StreamOf)
        stream_of_plain = self.api.node.items[4].resolved_result.value.ok
        self.assertIsInstance(stream_of_plain, Ref)
        self.assertEqual(stream_of_plain.typedef.name, "plain")

    def test_async_types_are_found_through_definitions(self):
        message = self.types.scope["message"]
        self.assertEqual(async_type_in(message), "stream")
        self.assertEqual(async_type_in(self.types.scope["outcome"]), "error-context")
        self.assertEqual(async_type_in(self.types.scope["tick"]), "future")
        self.assertIsNone(async_type_in(self.types.scope["plain"]))

    def test_what_needs_the_async_api_is_left_out_with_its_reason(self):
        self.assertEqual([td.name for td in self.types.defs], ["body", "plain"])
        self.assertEqual([f.name for f in self.types.defs[0].funcs], ["constructor", "size", "open"])
        self.assertEqual(self.types.left_out, [
            ("message", "holds a `stream`"), ("outcome", "holds a `error-context`"), ("tick", "holds a `future`"),
            ("[method]body.read", "is an async function"), ("[method]body.chunks", "passes a `stream`")])
        self.assertEqual([f.name for f in self.api.funcs], ["now", "first"])
        self.assertEqual([u.local for u in self.api.uses], ["body", "plain"])
        self.assertEqual(self.api.left_out, [
            ("message", "`use`s a type that holds a `stream`"), ("wait", "is an async function"),
            ("send", "passes a `stream`"), ("done", "passes a `future`"), ("ticks", "passes a `stream`")])


class GenerateTest(unittest.TestCase):
    def test_the_header_names_what_is_left_out_and_binds_the_rest(self):
        files = generate_text(WIT)
        api = files["wit/t/p/api.hpp"]
        self.assertIn("// Not bound yet, since it needs the async component model's host API:\n"
                      "//   message: `use`s a type that holds a `stream`\n"
                      "//   wait: is an async function\n", api)
        self.assertIn("virtual ::stratus::Result<uint64_t> now(::stratus::Store& store) = 0;", api)
        self.assertNotIn(" wait(", api)
        self.assertNotIn("Message", api)
        types = files["wit/t/p/types.hpp"]
        self.assertIn("body_size(", types)
        self.assertNotIn("body_read(", types)
        self.assertNotIn("struct Message", types)
        self.assertIn('"[method]body.size"', files["wit/t/p/types.cpp"])
        self.assertNotIn('"[method]body.read"', files["wit/t/p/types.cpp"])

    def test_an_interface_left_with_nothing_still_compiles(self):
        files = generate_text("package t:p;\ninterface run { run: async func() -> result; }")
        self.assertIn("//   run: is an async function\n", files["wit/t/p/run.hpp"])
        self.assertIn("static_cast<void>(get_host);", files["wit/t/p/run.cpp"])
        self.assertNotIn("func_new", files["wit/t/p/run.cpp"])

    def test_a_prefix_keeps_two_versions_apart(self):
        files = generate_text(WIT, prefix="p3")
        self.assertIn("wit/p3/t/p/api.hpp", files)
        self.assertIn("namespace stratus::wit::p3::t::p::api {", files["wit/p3/t/p/api.hpp"])
        self.assertIn('#include "wit/p3/t/p/types.hpp"', files["wit/p3/t/p/api.hpp"])
        self.assertIn("using Body = ::stratus::wit::p3::t::p::types::Body;", files["wit/p3/t/p/api.hpp"])
        self.assertIn('#include "wit/p3/t/p/api.hpp"', files["wit/p3/t/p.hpp"])
        self.assertIn("namespace stratus::wit::p3::t::p {", files["wit/p3/t/p.hpp"])


def generate_text(text, prefix=None):
    import tempfile
    import textwrap
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "p.wit"), "w") as f:
            f.write(textwrap.dedent(text))
        return generate([d], prefix=prefix)


if __name__ == "__main__":
    unittest.main()
