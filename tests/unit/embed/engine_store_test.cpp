#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "embed/api_access.hpp"
#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

TEST(Engine, ResolvesAutoAndKeepsTheConfig) {
  EngineConfig config;
  config.max_call_depth = 123;
  Engine engine = Engine::create(config).unwrap();
  EXPECT_EQ(engine.config().max_call_depth, 123u);
  EXPECT_NE(engine.bounds_checks(), BoundsChecks::Auto);
  Engine copy = engine;  // handles share one engine
  EXPECT_EQ(&detail::impl(copy), &detail::impl(engine));
}

TEST(Engine, ExplicitChoiceIsKept) {
  Engine engine = Engine::create(EngineConfig{.bounds_checks = BoundsChecks::Explicit}).unwrap();
  EXPECT_EQ(engine.bounds_checks(), BoundsChecks::Explicit);
}

TEST(Store, KeepsUserDataAndItsEngine) {
  Engine engine;
  Store store(engine);
  int payload = 7;
  EXPECT_EQ(store.user_data(), nullptr);
  store.set_user_data(&payload);
  EXPECT_EQ(store.user_data(), &payload);
  EXPECT_EQ(&detail::impl(store.engine()), &detail::impl(engine));
}

TEST(Store, OutlivesDroppedEngineAndModuleHandles) {
  std::optional<Store> store;
  Instance instance;
  {
    Engine engine;
    store.emplace(engine);
    Module module = test::load(engine, "add");
    instance = test::expect_ok(Linker(engine).instantiate(*store, module));
  }
  auto add = instance.get_func("add");
  ASSERT_TRUE(add);
  auto r = add->call(*store, std::vector<Val>{Val::i32(2), Val::i32(3)});
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0].i32(), 5);
}

TEST(Module, DescribesImportsExportsAndName) {
  Engine engine;
  Module m = test::load(engine, "imports_all");
  auto imports = m.imports();
  ASSERT_EQ(imports.size(), 4u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "f");
  EXPECT_EQ(imports[0].type.kind, ExternKind::Func);
  EXPECT_EQ(imports[0].type.func, (FuncType{{ValType::I32}, {ValType::I32}}));
  EXPECT_EQ(imports[1].type.kind, ExternKind::Table);
  EXPECT_EQ(imports[1].type.table.limits, (Limits{2, 10}));
  EXPECT_EQ(imports[2].type.kind, ExternKind::Memory);
  EXPECT_EQ(imports[2].type.memory.limits, (Limits{1, 4}));
  EXPECT_EQ(imports[3].type.kind, ExternKind::Global);
  EXPECT_EQ(imports[3].type.global, (GlobalType{ValType::I32, true}));

  Module e = test::load(engine, "exports_all");
  EXPECT_EQ(e.name(), "exporter");
  auto exports = e.exports();
  ASSERT_EQ(exports.size(), 5u);
  EXPECT_EQ(exports[0].name, "get");
  EXPECT_EQ(exports[0].type.func, (FuncType{{}, {ValType::I32}}));
  EXPECT_EQ(exports[2].type.kind, ExternKind::Memory);
  EXPECT_EQ(exports[2].type.memory.limits.min, 2u);
  EXPECT_EQ(exports[4].type.global, (GlobalType{ValType::FuncRef, false}));
}

TEST(Module, MissingFileIsAnIoErrorNamingThePath) {
  Engine engine;
  auto m = Module::from_file(engine, "/nonexistent/dir/x.wasm");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), ErrorKind::Io);
  EXPECT_EQ(m.error().message(), "cannot open /nonexistent/dir/x.wasm: No such file or directory");
}

TEST(Module, MalformedAndInvalidBytesAreErrors) {
  Engine engine;
  const uint8_t garbage[] = {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
  auto m = Module::compile(engine, garbage);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), ErrorKind::Malformed);
  EXPECT_FALSE(Module::validate(engine, garbage));

  // (func (result i32)) with an empty body: type mismatch.
  const uint8_t invalid[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00,
                             0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b};
  auto v = Module::compile(engine, invalid);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().kind(), ErrorKind::Invalid);
  EXPECT_EQ(Module::validate(engine, invalid).error().kind(), ErrorKind::Invalid);
}

// Compiling reads the bodies once, in validation; the error is still the one decoding finds
// first: a malformed body after an invalid one, or a body before a malformed data section.
TEST(Module, MalformedBodyIsReportedBeforeAnEarlierInvalidOne) {
  Engine engine;
  // Two (func) bodies: `i32.add` on an empty stack (invalid), then opcode 0xff (malformed).
  const uint8_t bodies[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                            0x03, 0x03, 0x02, 0x00, 0x00, 0x0a, 0x09, 0x02, 0x03, 0x00, 0x6a, 0x0b, 0x03, 0x00, 0xff,
                            0x0b};
  auto m = Module::compile(engine, bodies);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), ErrorKind::Malformed);
  EXPECT_NE(m.error().message().find("illegal opcode 0xff"), std::string::npos) << m.error().message();
  EXPECT_EQ(Module::validate(engine, bodies).error().message(), m.error().message());

  // One (func) body holding opcode 0xff, then a data section whose count promises a segment.
  const uint8_t then_data[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00,
                               0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0xff, 0x0b, 0x0b,
                               0x01, 0x01};
  auto d = Module::compile(engine, then_data);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().kind(), ErrorKind::Malformed);
  EXPECT_NE(d.error().message().find("illegal opcode 0xff"), std::string::npos) << d.error().message();
}

TEST(Module, ValidBytesValidate) {
  Engine engine;
  const uint8_t empty[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  EXPECT_TRUE(Module::validate(engine, empty));
  EXPECT_TRUE(Module::compile(engine, empty));
}

}  // namespace
}  // namespace stratus
