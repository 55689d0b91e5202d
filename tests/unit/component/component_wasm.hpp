// What the component tests share: their components (component-wat/*.wat, built with
// `jco parse`), the check that a call trapped saying what it should, and a fixture of one
// instance of a component that imports nothing.
#pragma once

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/component/component.hpp"
#include "stratus/component/func.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::test {

inline std::vector<uint8_t> read_wasm(const std::string& name) {
  std::ifstream in(std::string(STRATUS_COMPONENT_TEST_WASM_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `r`, the result of calling `name`, is a trap whose message holds `says`.
inline void expect_trap_saying(const Result<std::vector<Val>>& r, const std::string& name, const std::string& says) {
  ASSERT_FALSE(r) << name << " did not trap";
  EXPECT_EQ(r.error().kind(), ErrorKind::Trap) << r.error().message();
  EXPECT_NE(r.error().message().find(says), std::string::npos) << name << ": " << r.error().message();
}

// The one u32 that `r`, the result of calling `name`, holds; 0 and a failure otherwise.
inline uint32_t one_u32(const Result<std::vector<Val>>& r, const std::string& name) {
  EXPECT_TRUE(r) << name << ": " << r.error().message();
  if (!r || r->size() != 1 || !(*r)[0].is<uint32_t>()) {
    ADD_FAILURE() << name << " did not return one u32";
    return 0;
  }
  return (*r)[0].as<uint32_t>();
}

// One instance of the component `wasm` (imports none) in a Store of its own.
class ComponentFixture : public ::testing::Test {
 protected:
  explicit ComponentFixture(std::string wasm) : wasm_(std::move(wasm)) {}

  void SetUp() override { fresh(); }

  // A trap leaves the instance entered (it cannot be called again), so each trap is tried on
  // an instance of its own.
  void fresh() {
    instance.reset();
    store.emplace(engine);
    auto bytes = read_wasm(wasm_);
    ASSERT_FALSE(bytes.empty()) << wasm_;
    auto component = Component::compile(engine, bytes);
    ASSERT_TRUE(component) << component.error().message();
    Linker linker(engine);
    auto made = linker.instantiate(*store, *component);
    ASSERT_TRUE(made) << made.error().message();
    instance = std::move(*made);
  }

  Func func(const std::string& name) {
    auto f = instance->get_func(name);
    EXPECT_TRUE(f) << name;
    return f ? *f : Func();
  }

  Result<std::vector<Val>> call(const std::string& name, std::vector<Val> args = {}) {
    Func f = func(name);
    if (!f) return Error(ErrorKind::Argument, "no export " + name);
    return f.call(*store, args);
  }

  uint32_t call_u32(const std::string& name, std::vector<Val> args = {}) {
    return one_u32(call(name, std::move(args)), name);
  }

  void expect_trap(const std::string& name, const std::string& says) {
    fresh();
    expect_trap_saying(call(name), name, says);
  }

  Engine engine;
  std::optional<Store> store;
  std::optional<Instance> instance;

 private:
  std::string wasm_;
};

}  // namespace stratus::component::test
