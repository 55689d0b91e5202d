// Module::compile, from_file and validate take the text format wherever they take a binary.
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/stratus.hpp"

namespace stratus {
namespace {

std::span<const uint8_t> bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(ModuleText, CompilesAndRunsText) {
  Engine engine;
  auto module = Module::compile(engine, bytes_of(R"(
    (module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))))"));
  ASSERT_TRUE(module) << module.error().message();
  Store store(engine);
  Linker linker(engine);
  auto instance = linker.instantiate(store, *module);
  ASSERT_TRUE(instance) << instance.error().message();
  auto add = instance->get_func("add");
  ASSERT_TRUE(add);
  const std::vector<Val> args = {Val::i32(2), Val::i32(40)};
  auto result = add->call(store, args);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ((*result)[0].i32(), 42);
}

TEST(ModuleText, MalformedTextNamesLineAndColumn) {
  Engine engine;
  auto module = Module::compile(engine, bytes_of(";; two lines\n(module (func i32.ad))"));
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().kind(), ErrorKind::Malformed);
  EXPECT_EQ(module.error().message().substr(0, 5), "2:15:");
}

TEST(ModuleText, InvalidTextIsInvalidNotMalformed) {
  Engine engine;
  auto module = Module::compile(engine, bytes_of("(module (func (result i32) (i64.const 0)))"));
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().kind(), ErrorKind::Invalid);
  EXPECT_TRUE(Module::validate(engine, bytes_of("(module (func))")));
  EXPECT_FALSE(Module::validate(engine, bytes_of("(module (func (drop)))")));
}

TEST(ModuleText, NonTextStillGoesToTheDecoder) {
  Engine engine;
  for (std::string_view bytes : {std::string_view(""), std::string_view("asm"), std::string_view("\0asm", 4)}) {
    auto module = Module::compile(engine, bytes_of(bytes));
    ASSERT_FALSE(module);
    EXPECT_EQ(module.error().kind(), ErrorKind::Malformed);
  }
}

TEST(ModuleText, FromFileNamesThePath) {
  Engine engine;
  const std::string path = testing::TempDir() + "module_text_test.wat";
  std::ofstream(path) << "(module\n  (memory 1)\n  (data (i32.const 0) \"\\zz\"))\n";
  auto module = Module::from_file(engine, path);
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().message().rfind(path + ":3:", 0), 0u) << module.error().message();
  std::remove(path.c_str());
}

}  // namespace
}  // namespace stratus
