"""What the generator writes for small WIT inputs: names, and the errors it reports instead of
writing C++ that would not compile."""
import os
import re
import tempfile
import textwrap
import unittest

from generate import generate
from witgen.errors import WitError


def generate_text(text, features=()):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "p.wit"), "w") as f:
            f.write(textwrap.dedent(text))
        return generate([d], features)


class GenerateTest(unittest.TestCase):
    def error(self, text):
        with self.assertRaises(WitError) as e:
            generate_text(text)
        return re.sub(r"^.*/p\.wit", "p.wit", str(e.exception))

    def test_files_per_interface_package_and_world(self):
        files = generate_text("""
            package my-ns:my-pkg@1.0.0;
            interface wall-clock { now: func() -> u64; }
            world imports { import wall-clock; }
        """)
        self.assertEqual(sorted(files), [
            "wit/my_ns/my_pkg.cpp", "wit/my_ns/my_pkg.hpp",
            "wit/my_ns/my_pkg/imports.cpp", "wit/my_ns/my_pkg/imports.hpp",
            "wit/my_ns/my_pkg/wall_clock.cpp", "wit/my_ns/my_pkg/wall_clock.hpp",
        ])
        header = files["wit/my_ns/my_pkg/wall_clock.hpp"]
        self.assertIn("namespace stratus::wit::my_ns::my_pkg::wall_clock {", header)
        self.assertIn("virtual ::stratus::Result<uint64_t> now(::stratus::Store& store) = 0;", header)
        self.assertIn('linker.instance("my-ns:my-pkg/wall-clock@1.0.0")', files["wit/my_ns/my_pkg/wall_clock.cpp"])

    def test_host_method_names(self):
        header = generate_text("""
            package a:b;
            interface i {
              resource fields {
                constructor();
                delete: func(name: string);
                from-list: static func(store: u32) -> fields;
              }
              default: func(self: u8);
            }
        """)["wit/a/b/i.hpp"]
        header = re.sub(r"\s+", " ", header).replace("( ", "(")  # long signatures are wrapped
        self.assertIn("bindings::Own<Fields>> fields_new(::stratus::Store& store) = 0;", header)
        self.assertIn("fields_delete(::stratus::Store& store, bindings::Borrow<Fields> self, ::std::string name)", header)
        self.assertIn("fields_from_list(::stratus::Store& store, uint32_t store_)", header)
        self.assertIn("default_(::stratus::Store& store, uint8_t self_)", header)
        self.assertIn("fields_drop(::stratus::Store& store, uint32_t rep) = 0;", header)

    def test_names_that_would_collide_in_cpp_are_errors(self):
        self.assertEqual(self.error("package a:b;\ninterface i {\n  record host { a: u8 }\n}"),
                         "p.wit:3:10: `host` becomes the C++ name `Host`, which is already taken in a:b/i")
        self.assertEqual(self.error("package a:b;\ninterface i {\n  resource r { drop: func(); }\n}"),
                         "p.wit:3:16: `[method]r.drop` takes the name `r_drop` of the destructor")
        self.assertIn("p.wit:3:16: `[method]r.x` and `r-x` both become the C++ method `r_x`",
                      self.error("package a:b;\ninterface i {\n  resource r { x: func(); }\n  r-x: func();\n}"))

    def test_unsupported_types_are_errors_at_their_place(self):
        self.assertEqual(self.error("package a:b;\ninterface i {\n  f: func(x: list<u8, 4>);\n}"),
                         "p.wit:3:14: fixed-length lists (`list<T, N>`) are not supported by the bindings yet")

    def test_unstable_items_appear_with_their_feature(self):
        text = "package a:b;\ninterface i {\n  @unstable(feature = x)\n  f: func();\n}"
        self.assertNotIn(" f(", generate_text(text)["wit/a/b/i.hpp"])
        self.assertIn(" f(", generate_text(text, features=["x"])["wit/a/b/i.hpp"])


if __name__ == "__main__":
    unittest.main()
