// WIT printing of hand-built component types. Each golden text is what
// `jco wit` (jco 1.35, which bundles wasm-tools' printer) printed for a component of the same
// type, made from the WIT in the comment with `jco embed --dummy` and `jco new`; the nested
// `package` blocks, which jco leaves out, follow wasm-tools' printer
// (crates/wit-component/src/printing.rs) as `wasm-tools component wit` prints them.
#include "component/wit/wit.hpp"

#include <gtest/gtest.h>

namespace stratus::component::wit {
namespace {

constexpr ValType prim(ValKind k) { return ValType{k, 0}; }

ExternType type_of(ValType t) { return ExternType{ExternKind::Type, 0, {}, AnyType{TypeKind::Value, t, 0}}; }
ExternType resource_of(ResourceId r) { return ExternType{ExternKind::Type, 0, {}, AnyType{TypeKind::Resource, {}, r.index}}; }
ExternType func_of(FuncTypeId f) { return ExternType{ExternKind::Func, f.index, {}, {}}; }
ExternType instance_of(InstanceTypeId i) { return ExternType{ExternKind::Instance, i.index, {}, {}}; }
ValType own(ResourceId r) { return ValType{ValKind::Own, r.index}; }
ValType borrow(ResourceId r) { return ValType{ValKind::Borrow, r.index}; }

// package my:demo@1.2.0;
// interface types {
//   record point { x: s32, y: s32 }
//   resource counter { constructor(start: u32); get: func() -> u32; make: static func() -> counter; }
// }
// world app {
//   import types;
//   use types.{point};
//   record pair { a: point, b: string }
//   enum color { red, green, %ok }
//   flags perms { read, write }
//   variant shape { circle(f64), none-shape, poly(list<point>) }
//   resource blob { constructor(); size: func() -> u64; }
//   import host: interface {
//     record inner { v: option<u8> }
//     use types.{counter};
//     f: func(i: inner, c: borrow<counter>) -> inner;
//   }
//   import log: func(msg: string, c: color, p: perms) -> pair;
//   import mk: func(s: shape) -> blob;
//   export run: func() -> result<_, u32>;
//   export ex: interface { g: func(x: list<tuple<u8, char>>) -> option<result<f32>>; }
// }
struct DemoWorld {
  TypeTables t;
  ComponentTypeId id;

  DemoWorld() {
    const ValType point = t.add(RecordType{{{"x", prim(ValKind::S32)}, {"y", prim(ValKind::S32)}}});
    const ResourceId counter = t.add(ResourceTypeEntry{"counter", false});
    const InstanceTypeId types_iface = t.add(InstanceType{{
        {"point", type_of(point)},
        {"counter", resource_of(counter)},
        {"[constructor]counter", func_of(t.add(FuncType{{{"start", prim(ValKind::U32)}}, own(counter), false}))},
        {"[method]counter.get", func_of(t.add(FuncType{{{"self", borrow(counter)}}, prim(ValKind::U32), false}))},
        {"[static]counter.make", func_of(t.add(FuncType{{}, own(counter), false}))},
    }});
    const ValType inner = t.add(RecordType{{{"v", t.add(OptionType{prim(ValKind::U8)})}}});
    const InstanceTypeId host = t.add(InstanceType{{
        {"inner", type_of(inner)},
        {"counter", resource_of(counter)},
        {"f", func_of(t.add(FuncType{{{"i", inner}, {"c", borrow(counter)}}, inner, false}))},
    }});
    const ValType pair = t.add(RecordType{{{"a", point}, {"b", prim(ValKind::String)}}});
    const ValType color = t.add(EnumType{{"red", "green", "ok"}});
    const ValType perms = t.add(FlagsType{{"read", "write"}});
    const ValType shape = t.add(VariantType{{{"circle", prim(ValKind::F64)},
                                             {"none-shape", std::nullopt},
                                             {"poly", t.add(ListType{point, std::nullopt})}}});
    const ResourceId blob = t.add(ResourceTypeEntry{"blob", false});
    ComponentType c;
    c.imports = {
        {"my:demo/types@1.2.0", instance_of(types_iface)},
        {"host", instance_of(host)},
        {"point", type_of(point)},
        {"pair", type_of(pair)},
        {"color", type_of(color)},
        {"perms", type_of(perms)},
        {"shape", type_of(shape)},
        {"blob", resource_of(blob)},
        {"log", func_of(t.add(FuncType{{{"msg", prim(ValKind::String)}, {"c", color}, {"p", perms}}, pair, false}))},
        {"mk", func_of(t.add(FuncType{{{"s", shape}}, own(blob), false}))},
        {"[constructor]blob", func_of(t.add(FuncType{{}, own(blob), false}))},
        {"[method]blob.size", func_of(t.add(FuncType{{{"self", borrow(blob)}}, prim(ValKind::U64), false}))},
    };
    const ValType tuple = t.add(TupleType{{prim(ValKind::U8), prim(ValKind::Char)}});
    const ValType g_result = t.add(OptionType{t.add(ResultType{prim(ValKind::F32), std::nullopt})});
    const InstanceTypeId ex = t.add(InstanceType{{
        {"g", func_of(t.add(FuncType{{{"x", t.add(ListType{tuple, std::nullopt})}}, g_result, false}))},
    }});
    c.exports = {
        {"run", func_of(t.add(FuncType{{}, t.add(ResultType{std::nullopt, prim(ValKind::U32)}), false}))},
        {"ex", instance_of(ex)},
    };
    id = t.add(std::move(c));
  }
};

constexpr const char* kDemoWorld = R"(package root:component;

world root {
  import my:demo/types@1.2.0;
  import host: interface {
    use my:demo/types@1.2.0.{counter};

    record inner {
      v: option<u8>,
    }

    f: func(i: inner, c: borrow<counter>) -> inner;
  }
  use my:demo/types@1.2.0.{point};

  record pair {
    a: point,
    b: string,
  }

  enum color {
    red,
    green,
    ok,
  }

  flags perms {
    read,
    write,
  }

  variant shape {
    circle(f64),
    none-shape,
    poly(list<point>),
  }

  resource blob {
    constructor();
    size: func() -> u64;
  }
  import log: func(msg: string, c: color, p: perms) -> pair;
  import mk: func(s: shape) -> blob;

  export run: func() -> result<_, u32>;
  export ex: interface {
    g: func(x: list<tuple<u8, char>>) -> option<result<f32>>;
  }
}
)";

TEST(Wit, WorldAsJcoPrintsIt) {
  DemoWorld w;
  auto text = print_world(w.t, w.id, WitOptions{false});
  ASSERT_TRUE(text) << text.error().message();
  EXPECT_EQ(*text, kDemoWorld);
}

TEST(Wit, ForeignInterfacesNestedAsWasmToolsPrintsThem) {
  DemoWorld w;
  auto text = print_world(w.t, w.id);
  ASSERT_TRUE(text) << text.error().message();
  EXPECT_EQ(*text, std::string(kDemoWorld) + R"(package my:demo@1.2.0 {
  interface types {
    record point {
      x: s32,
      y: s32,
    }

    resource counter {
      constructor(start: u32);
      get: func() -> u32;
      make: static func() -> counter;
    }
  }
}
)");
}

// package my:d;
// interface i {
//   type bytes = list<u8>;
//   record r { %type: bytes, %own: own-alias }
//   resource res;
//   type own-alias = res;
//   f: func(a: list<u8>, b: bytes) -> tuple<bytes, string>;
// }
// interface j {
//   use i.{bytes, r as rr, res};
//   g: func(x: rr, y: bytes, z: list<u8>, w: res) -> res;
// }
// world w {
//   enum color { red, %record }
//   export paint: func(c: color) -> color;
//   import j;
//   export j;
//   export i;
// }
TEST(Wit, UsesRenamesKeywordsAndInterfacesBothImportedAndExported) {
  TypeTables t;
  // One instance type of `my:d/i` as it is imported, another as it is exported: the export
  // defines its own resource and its own types.
  auto interface_i = [&](ValType& bytes, ValType& r, ResourceId& res) {
    bytes = t.add(ListType{prim(ValKind::U8), std::nullopt});
    res = t.add(ResourceTypeEntry{"res", false});
    r = t.add(RecordType{{{"type", bytes}, {"own", own(res)}}});
    const ValType anonymous_bytes = t.add(ListType{prim(ValKind::U8), std::nullopt});
    const ValType result = t.add(TupleType{{bytes, prim(ValKind::String)}});
    return t.add(InstanceType{{
        {"bytes", type_of(bytes)},
        {"res", resource_of(res)},
        {"own-alias", resource_of(res)},
        {"r", type_of(r)},
        {"f", func_of(t.add(FuncType{{{"a", anonymous_bytes}, {"b", bytes}}, result, false}))},
    }});
  };
  auto interface_j = [&](ValType bytes, ValType r, ResourceId res) {
    const ValType anonymous_bytes = t.add(ListType{prim(ValKind::U8), std::nullopt});
    return t.add(InstanceType{{
        {"rr", type_of(r)},
        {"bytes", type_of(bytes)},
        {"res", resource_of(res)},
        {"g", func_of(t.add(FuncType{{{"x", r}, {"y", bytes}, {"z", anonymous_bytes}, {"w", own(res)}}, own(res), false}))},
    }});
  };
  ValType bytes, r, bytes2, r2;
  ResourceId res, res2;
  const InstanceTypeId i_import = interface_i(bytes, r, res);
  const InstanceTypeId j_import = interface_j(bytes, r, res);
  const ValType color = t.add(EnumType{{"red", "record"}});
  const InstanceTypeId i_export = interface_i(bytes2, r2, res2);
  const InstanceTypeId j_export = interface_j(bytes2, r2, res2);
  ComponentType c;
  c.imports = {{"my:d/i", instance_of(i_import)}, {"my:d/j", instance_of(j_import)}, {"color", type_of(color)}};
  c.exports = {{"paint", func_of(t.add(FuncType{{{"c", color}}, color, false}))},
               {"my:d/i", instance_of(i_export)},
               {"my:d/j", instance_of(j_export)}};
  const ComponentTypeId id = t.add(std::move(c));

  auto world_only = print_world(t, id, WitOptions{false});
  ASSERT_TRUE(world_only) << world_only.error().message();
  // As jco wit printed it for the component of the WIT above.
  const std::string world = R"(package root:component;

world root {
  import my:d/i;
  import my:d/j;

  enum color {
    red,
    %record,
  }

  export paint: func(c: color) -> color;
  export my:d/i;
  export my:d/j;
}
)";
  EXPECT_EQ(*world_only, world);
  auto nested = print_world(t, id);
  ASSERT_TRUE(nested) << nested.error().message();
  EXPECT_EQ(*nested, world + R"(package my:d {
  interface i {
    type bytes = list<u8>;

    resource res;

    type own-alias = res;

    record r {
      %type: bytes,
      %own: res,
    }

    f: func(a: list<u8>, b: bytes) -> tuple<bytes, string>;
  }
  interface j {
    use i.{r as rr, bytes, res};

    g: func(x: rr, y: bytes, z: list<u8>, w: res) -> res;
  }
}
)");
}

TEST(Wit, PackagesThatOthersUseComeFirst) {
  TypeTables t;
  const ValType id_type = t.add(RecordType{{{"v", prim(ValKind::U8)}}});
  const FuncTypeId ping = t.add(FuncType{});
  const InstanceTypeId user_import = t.add(InstanceType{{{"ping", func_of(ping)}}});
  const InstanceTypeId base = t.add(InstanceType{{{"id", type_of(id_type)}}});
  const InstanceTypeId user_export = t.add(InstanceType{{{"id", type_of(id_type)},
                                                         {"ping", func_of(ping)},
                                                         {"get", func_of(t.add(FuncType{{}, id_type, false}))}}});
  ComponentType c;
  // The user's package is seen first; its export then `use`s what the base package named.
  c.imports = {{"z:user/api@0.1.0", instance_of(user_import)}, {"a:base/types", instance_of(base)}};
  c.exports = {{"z:user/api@0.1.0", instance_of(user_export)}};
  const ComponentTypeId id = t.add(std::move(c));
  auto text = print_world(t, id);
  ASSERT_TRUE(text) << text.error().message();
  EXPECT_EQ(*text, R"(package root:component;

world root {
  import z:user/api@0.1.0;
  import a:base/types;

  export z:user/api@0.1.0;
}
package a:base {
  interface types {
    record id {
      v: u8,
    }
  }
}


package z:user@0.1.0 {
  interface api {
    use a:base/types.{id};

    ping: func();

    get: func() -> id;
  }
}
)");
}

TEST(Wit, WhatWitCannotSayIsAnError) {
  TypeTables t;
  const ValType anonymous = t.add(RecordType{{{"v", prim(ValKind::U8)}}});
  ComponentType c;
  c.imports = {{"f", func_of(t.add(FuncType{{{"r", anonymous}}, std::nullopt, false}))}};
  const ComponentTypeId id = t.add(std::move(c));
  auto text = print_world(t, id);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind(), ErrorKind::Invalid);
  EXPECT_EQ(text.error().message(), "cannot print the component as WIT: an unnamed record type");

  ComponentType orphan;
  orphan.imports = {{"[method]ghost.m", func_of(t.add(FuncType{}))}};
  auto orphan_text = print_world(t, t.add(std::move(orphan)));
  ASSERT_FALSE(orphan_text);
  EXPECT_NE(orphan_text.error().message().find("belongs to no resource `ghost`"), std::string::npos);
  EXPECT_FALSE(print_world(t, ComponentTypeId{999}));
}

TEST(Wit, EmptyWorldAndAsyncFunctions) {
  TypeTables t;
  ComponentType empty;
  EXPECT_EQ(*print_world(t, t.add(std::move(empty))), "package root:component;\n\nworld root {\n}\n");
  ComponentType c;
  c.exports = {{"list", func_of(t.add(FuncType{{{"type", prim(ValKind::String)}}, std::nullopt, true}))}};
  EXPECT_EQ(*print_world(t, t.add(std::move(c))),
            "package root:component;\n\nworld root {\n  export %list: async func(%type: string);\n}\n");
}

}  // namespace
}  // namespace stratus::component::wit
