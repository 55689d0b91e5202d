// A hand-written component (component-wat/demo.wat) compiled, linked against host functions
// and called from the host: strings, a record, post-return, host imports reached through
// a semver-compatible instance name, traps for bad values, and the instantiation budgets.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"

namespace stratus::component {
namespace {

std::vector<uint8_t> read_wasm(const std::string& name) {
  std::ifstream in(std::string(STRATUS_COMPONENT_TEST_WASM_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Demo : ::testing::Test {
  Engine engine;
  std::vector<uint8_t> bytes = read_wasm("demo.wasm");
  std::vector<std::string> logged;

  Linker linker_with_host() {
    Linker linker(engine);
    auto logger = linker.instance("test:demo/logger@0.2.10");
    EXPECT_TRUE(logger);
    EXPECT_TRUE(logger->func_new("log", [this](Store&, std::span<const Val> params, std::vector<Val>&) -> Result<void> {
      logged.push_back(params[0].as<std::string>());
      return {};
    }));
    EXPECT_TRUE(linker.root().func_new("double", [](Store&, std::span<const Val> params, std::vector<Val>& results) -> Result<void> {
      results.push_back(Val(params[0].as<uint32_t>() * 2));
      return {};
    }));
    return linker;
  }
};

TEST_F(Demo, IsAComponentAndListsItsTypes) {
  ASSERT_FALSE(bytes.empty());
  EXPECT_TRUE(is_component(bytes));
  const uint8_t core[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  EXPECT_FALSE(is_component(core));
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  types::ComponentType t = c->type();
  ASSERT_EQ(t.imports.size(), 2u);
  EXPECT_EQ(t.imports[0].name, "test:demo/logger@0.2.3");
  EXPECT_EQ(t.imports[0].kind, types::ItemKind::Instance);
  ASSERT_EQ(t.imports[0].exports.size(), 1u);
  EXPECT_EQ(t.imports[0].exports[0].to_string(), "func(msg: string)");
  EXPECT_EQ(t.imports[1].to_string(), "func(x: u32) -> u32");
  std::vector<std::string> exports;
  for (const types::Item& e : t.exports) exports.push_back(e.name + ": " + e.to_string());
  EXPECT_NE(std::find(exports.begin(), exports.end(), "echo: func(s: string) -> string"), exports.end());
  EXPECT_NE(std::find(exports.begin(), exports.end(), "swap: func(p: record { x: s32, y: s32 }) -> record { x: s32, y: s32 }"),
            exports.end());
}

TEST_F(Demo, CoreModuleIsNotAComponent) {
  const uint8_t core[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  auto c = Component::compile(engine, core);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind(), ErrorKind::Malformed);
}

TEST_F(Demo, CallsStringsRecordsAndHostImports) {
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker = linker_with_host();
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_TRUE(instance) << instance.error().message();

  auto echo = instance->get_func("echo");
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->type().to_string(), "func(s: string) -> string");
  const Val hello[] = {Val("héllo, world")};
  auto r = echo->call(store, hello);
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], Val("héllo, world"));

  // post-return ran once per call of echo.
  auto post_returns = instance->get_func("post-returns");
  ASSERT_TRUE(post_returns);
  auto count = post_returns->call(store, {});
  ASSERT_TRUE(count) << count.error().message();
  EXPECT_EQ((*count)[0], Val(uint32_t{1}));

  auto swap = instance->get_func("swap");
  ASSERT_TRUE(swap);
  const Val point[] = {Val(Val::Record{{{"x", Val(int32_t{3})}, {"y", Val(int32_t{-4})}}})};
  auto swapped = swap->call(store, point);
  ASSERT_TRUE(swapped) << swapped.error().message();
  EXPECT_EQ((*swapped)[0], Val(Val::Record{{{"x", Val(int32_t{-4})}, {"y", Val(int32_t{3})}}}));

  // shout logs through the host instance `test:demo/logger@0.2.10` (the component imports
  // @0.2.3) and returns double(len) through the root import.
  auto shout = instance->get_func("shout");
  ASSERT_TRUE(shout);
  const Val words[] = {Val("abc")};
  auto n = shout->call(store, words);
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ((*n)[0], Val(uint32_t{6}));
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0], "abc");
}

TEST_F(Demo, FindsFunctionsInExportedInstances) {
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker = linker_with_host();
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_TRUE(instance) << instance.error().message();
  auto add = instance->get_func("test:demo/api@1.0.0#add");
  ASSERT_TRUE(add);
  const Val args[] = {Val(uint32_t{2}), Val(uint32_t{40})};
  auto r = add->call(store, args);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ((*r)[0], Val(uint32_t{42}));
  EXPECT_FALSE(instance->get_func("test:demo/api@1.0.0#nope"));
  EXPECT_FALSE(instance->get_func("nope"));
}

TEST_F(Demo, BadValuesFromTheGuestTrap) {
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker = linker_with_host();
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_TRUE(instance) << instance.error().message();
  auto bad = instance->get_func("bad-char")->call(store, {});
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(bad.error().trap()->kind(), TrapKind::CanonicalAbi);
  // An instance that trapped cannot be entered again, as in wasmtime.
  auto after = instance->get_func("add")->call(store, std::vector<Val>{Val(uint32_t{1}), Val(uint32_t{2})});
  ASSERT_FALSE(after);
  ASSERT_EQ(after.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(after.error().trap()->kind(), TrapKind::CannotEnterComponent);
}

TEST_F(Demo, AHostFunctionCannotReenterTheCallingInstance) {
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker(engine);
  ASSERT_TRUE(linker.instance("test:demo/logger@0.2.3")->func_new(
      "log", [](Store&, std::span<const Val>, std::vector<Val>&) -> Result<void> { return {}; }));
  Instance reentered;
  std::optional<Error> inner;
  ASSERT_TRUE(linker.root().func_new("double", [&](Store& store, std::span<const Val>, std::vector<Val>& results) -> Result<void> {
    auto r = reentered.get_func("add")->call(store, std::vector<Val>{Val(uint32_t{1}), Val(uint32_t{2})});
    if (!r) inner = r.error();
    results.push_back(Val(uint32_t{0}));
    return {};
  }));
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_TRUE(instance) << instance.error().message();
  reentered = *instance;
  auto r = instance->get_func("shout")->call(store, std::vector<Val>{Val("x")});
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_TRUE(inner);
  ASSERT_EQ(inner->kind(), ErrorKind::Trap);
  EXPECT_EQ(inner->trap()->kind(), TrapKind::CannotEnterComponent);
}

TEST_F(Demo, CoreTrapsKeepTheirKind) {
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker = linker_with_host();
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_TRUE(instance) << instance.error().message();
  auto trapped = instance->get_func("trap")->call(store, {});
  ASSERT_FALSE(trapped);
  ASSERT_EQ(trapped.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(trapped.error().trap()->kind(), TrapKind::Unreachable);
}

TEST_F(Demo, HostArgumentsOfTheWrongTypeAreArgumentErrors) {
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker = linker_with_host();
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_TRUE(instance) << instance.error().message();
  const Val wrong[] = {Val(uint32_t{1})};
  auto r = instance->get_func("echo")->call(store, wrong);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Argument);
  auto arity = instance->get_func("add")->call(store, wrong);
  ASSERT_FALSE(arity);
  EXPECT_EQ(arity.error().kind(), ErrorKind::Argument);
}

TEST_F(Demo, MissingImportsAreLinkErrors) {
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker(engine);
  auto pre = linker.instantiate_pre(*c);
  ASSERT_FALSE(pre);
  EXPECT_EQ(pre.error().kind(), ErrorKind::Link);
  EXPECT_NE(pre.error().message().find("test:demo/logger@0.2.3"), std::string::npos) << pre.error().message();

  // 0.3 is not compatible with 0.2.
  Linker other(engine);
  ASSERT_TRUE(other.instance("test:demo/logger@0.3.0"));
  auto pre2 = other.instantiate_pre(*c);
  ASSERT_FALSE(pre2);
  EXPECT_EQ(pre2.error().kind(), ErrorKind::Link);
}

TEST_F(Demo, ComponentPreInstantiatesIntoManyStores) {
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker = linker_with_host();
  auto pre = linker.instantiate_pre(*c);
  ASSERT_TRUE(pre) << pre.error().message();
  for (int i = 0; i < 3; ++i) {
    Store store(engine);
    auto instance = pre->instantiate(store);
    ASSERT_TRUE(instance) << instance.error().message();
    const Val s[] = {Val(std::string(i + 1, 'x'))};
    auto r = instance->get_func("echo")->call(store, s);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ((*r)[0], Val(std::string(i + 1, 'x')));
  }
}

TEST_F(Demo, CoreInstanceBudget) {
  EngineConfig config;
  config.limits.max_core_instances_per_component = 1;  // demo makes two
  auto small = Engine::create(config);
  ASSERT_TRUE(small);
  engine = *small;
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker = linker_with_host();
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().kind(), ErrorKind::Resource);
  EXPECT_NE(instance.error().message().find("max_core_instances_per_component"), std::string::npos);
}

TEST_F(Demo, MemoryBudget) {
  EngineConfig config;
  config.limits.max_memories_per_component = 0;  // demo defines one
  auto small = Engine::create(config);
  ASSERT_TRUE(small);
  engine = *small;
  auto c = Component::compile(engine, bytes);
  ASSERT_TRUE(c) << c.error().message();
  Linker linker = linker_with_host();
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().kind(), ErrorKind::Resource);
  EXPECT_NE(instance.error().message().find("max_memories_per_component"), std::string::npos);
}

TEST_F(Demo, FileLargerThanTheLimitIsRefused) {
  auto c = Component::from_file(engine, std::string(STRATUS_COMPONENT_TEST_WASM_DIR) + "/demo.wasm", 16);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind(), ErrorKind::Resource);
  auto ok = Component::from_file(engine, std::string(STRATUS_COMPONENT_TEST_WASM_DIR) + "/demo.wasm");
  ASSERT_TRUE(ok) << ok.error().message();
}

TEST(Resources, NewRepDropAndTheDestructor) {
  Engine engine;
  auto c = Component::compile(engine, read_wasm("resources.wasm"));
  ASSERT_TRUE(c) << c.error().message();
  Linker linker(engine);
  Store store(engine);
  auto instance = linker.instantiate(store, *c);
  ASSERT_TRUE(instance) << instance.error().message();
  auto call = [&](const char* name) { return instance->get_func(name)->call(store, {}); };
  auto rep = call("make-and-drop");
  ASSERT_TRUE(rep) << rep.error().message();
  EXPECT_EQ((*rep)[0], Val(uint32_t{7}));
  auto dropped = call("dropped");
  ASSERT_TRUE(dropped) << dropped.error().message();
  EXPECT_EQ((*dropped)[0], Val(uint32_t{7}));  // the destructor ran once, with rep 7
  auto two = call("two-handles");
  ASSERT_TRUE(two) << two.error().message();
  EXPECT_NE((*two)[0], Val(uint32_t{0}));
  auto after = call("use-after-drop");
  ASSERT_FALSE(after);
  ASSERT_EQ(after.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(after.error().trap()->kind(), TrapKind::InvalidResourceHandle);
}

}  // namespace
}  // namespace stratus::component
