"""WIT 0.3: `async func`, `stream<T>`, `future<T>`, payload-less `stream`/`future` and
`error-context` are parsed and resolved; async functions register as async host functions,
streams and futures pass as their ends' Vals, and what holds an `error-context` (which the
async host API has not) is left out, named in the header, with the rest of the interface bound."""
import os
import unittest

from generate import generate
from witgen import ast
from witgen.resolve import UNBOUND_TYPES, Ref, async_type_in
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
      use types.{body, message, outcome, plain};
      wait: async func(ms: u64);
      now: func() -> u64;
      send: func(m: message) -> result<_, string>;
      done: func() -> future<result<plain, string>>;
      ticks: func() -> stream;
      first: func(p: plain, b: borrow<body>) -> tuple<u32, u32>;
      errors: func() -> stream<error-context>;
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

    def test_an_error_context_is_found_inside_a_stream(self):
        errors = next(f for f in self.api.node.items if getattr(f, "name", None) == "errors")
        self.assertEqual(async_type_in(errors.resolved_result), "stream")
        self.assertEqual(async_type_in(errors.resolved_result, UNBOUND_TYPES), "error-context")

    def test_only_what_holds_an_error_context_is_left_out_with_its_reason(self):
        self.assertEqual([td.name for td in self.types.defs], ["body", "message", "tick", "plain"])
        self.assertEqual([f.name for f in self.types.defs[0].funcs], ["constructor", "read", "size", "open", "chunks"])
        self.assertEqual(self.types.left_out, [("outcome", "holds an `error-context`")])
        self.assertEqual([f.name for f in self.api.funcs], ["wait", "now", "send", "done", "ticks", "first"])
        self.assertEqual([u.local for u in self.api.uses], ["body", "message", "plain"])
        self.assertEqual(self.api.left_out, [
            ("outcome", "`use`s a type that holds an `error-context`"), ("errors", "passes an `error-context`")])


class GenerateTest(unittest.TestCase):
    def setUp(self):
        self.files = generate_text(WIT)
        self.api_h, self.api_cpp = self.files["wit/t/p/api.hpp"], self.files["wit/t/p/api.cpp"]
        self.types_h, self.types_cpp = self.files["wit/t/p/types.hpp"], self.files["wit/t/p/types.cpp"]

    def test_an_async_function_ends_its_call_through_a_reply(self):
        self.assertIn("  // wait (async: reply ends the call, now or later)\n"
                      "  virtual ::stratus::Result<void> wait(\n      ::stratus::Store& store,\n      uint64_t ms,\n"
                      "      bindings::AsyncReturn<void> reply) = 0;\n", self.api_h)
        self.assertIn('  if (auto r = instance->func_new_async(\n          "wait",\n'
                      "          bindings::AsyncHostFuncOf<void(uint64_t)>::make(\n"
                      '              *shared, "wait", {"ms"},\n'
                      "              [get_host](::stratus::Store& store, uint64_t ms, bindings::AsyncReturn<void> reply) {\n"
                      "                return get_host(store).wait(store, ::std::move(ms), ::std::move(reply));\n", self.api_cpp)

    def test_an_async_method_replies_with_its_result_type(self):
        self.assertIn("virtual ::stratus::Result<void> body_read(\n      ::stratus::Store& store,\n"
                      "      bindings::Borrow<Body> self,\n      uint32_t n,\n"
                      "      bindings::AsyncReturn<::std::vector<uint8_t>> reply) = 0;", self.types_h)
        self.assertIn("bindings::AsyncHostFuncOf<::std::vector<uint8_t>(bindings::Borrow<Body>, uint32_t)>::make(",
                      self.types_cpp)

    def test_a_sync_function_is_still_a_plain_host_func(self):
        self.assertIn("virtual ::stratus::Result<uint64_t> now(::stratus::Store& store) = 0;", self.api_h)
        self.assertIn('instance->func_new(\n          "now",\n          bindings::HostFuncOf<uint64_t()>::make(',
                      self.api_cpp)

    def test_streams_and_futures_are_typed_ends(self):
        self.assertIn("virtual ::stratus::Result<bindings::Future<bindings::WitResult<Plain, ::std::string>>> done(",
                      self.api_h)
        self.assertIn("virtual ::stratus::Result<bindings::Stream<void>> ticks(::stratus::Store& store) = 0;",
                      self.api_h)
        self.assertIn("virtual ::stratus::Result<bindings::Stream<::std::vector<uint8_t>>> body_chunks(", self.types_h)
        self.assertIn("  ::std::optional<bindings::Stream<uint8_t>> payload;\n", self.types_h)
        self.assertIn("using Tick = bindings::Future<void>;", self.types_h)
        # A conversion outside the interface's namespace spells the type in full.
        self.assertIn("Convert<::std::optional<::stratus::component::bindings::Stream<uint8_t>>>::to_val(",
                      self.types_cpp)

    def test_the_async_header_is_included_only_where_needed(self):
        self.assertIn('#include "stratus/component/bindings_async.hpp"\n', self.api_h)
        self.assertIn('#include "stratus/component/bindings_async.hpp"\n', self.types_h)
        plain = generate_text("package t:p;\ninterface i { f: func(x: u32); }")["wit/t/p/i.hpp"]
        self.assertNotIn("bindings_async.hpp", plain)

    def test_a_record_comes_after_the_record_its_stream_carries(self):
        h = generate_text("""
            package t:p;
            interface i {
              record batch { items: stream<item> }
              record item { id: u32 }
            }
        """)["wit/t/p/i.hpp"]
        self.assertLess(h.index("struct Item {"), h.index("struct Batch {"))
        self.assertIn("  bindings::Stream<Item> items;\n", h)

    def test_a_parameter_named_reply_is_renamed_in_async_functions_only(self):
        files = generate_text("package t:p;\ninterface i { a: async func(reply: u32); s: func(reply: u32); }")
        h = files["wit/t/p/i.hpp"]
        self.assertIn("      uint32_t reply_,\n      bindings::AsyncReturn<void> reply) = 0;", h)
        self.assertIn("virtual ::stratus::Result<void> s(::stratus::Store& store, uint32_t reply) = 0;", h)

    def test_the_header_names_what_is_left_out_and_binds_the_rest(self):
        self.assertIn("// Not bound yet, since the async host API has no `error-context`:\n"
                      "//   outcome: `use`s a type that holds an `error-context`\n"
                      "//   errors: passes an `error-context`\n", self.api_h)
        self.assertNotIn(" errors(", self.api_h)
        self.assertNotIn("Outcome", self.api_h)
        self.assertNotIn("struct Outcome", self.types_h)
        self.assertNotIn('"errors"', self.api_cpp)

    def test_an_interface_left_with_nothing_still_compiles(self):
        files = generate_text("package t:p;\ninterface i { f: func(e: error-context); }")
        self.assertIn("//   f: passes an `error-context`\n", files["wit/t/p/i.hpp"])
        self.assertIn("static_cast<void>(get_host);", files["wit/t/p/i.cpp"])
        self.assertNotIn("func_new", files["wit/t/p/i.cpp"])

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
