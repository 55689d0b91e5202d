// Loading the test modules CMake converts from wat/, and small helpers for runtime tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "stratus/runtime.hpp"
#include "stratus/stratus.hpp"

namespace stratus::test {

inline std::vector<uint8_t> wasm_bytes(const std::string& stem) {
  std::ifstream in(std::string(STRATUS_RUNTIME_TEST_WASM_DIR) + "/" + stem + ".wasm", std::ios::binary);
  if (!in) throw std::runtime_error("missing test module " + stem);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

template <class T>
T ok(Result<T> r) {
  if (!r) throw std::runtime_error(r.error().message());
  return std::move(r).value();
}

// The core module Runtime::compile made; throws for an error or a component.
inline Module module_of(Result<Compiled> compiled) {
  return std::get<Module>(ok(std::move(compiled)));
}

// A small runtime: tests reserve a pool of a few slots, not 10,000.
inline RuntimeBuilder small_builder() {
  RuntimeBuilder b;
  b.max_components(8).max_linear_memory(uint64_t{1} << 20).on_warning([](std::string_view) {});
  return b;
}

// An engine config that pools with two slots of 1 MiB memories, for tests that set the pool's
// finer knobs themselves.
inline EngineConfig small_pool_config() {
  EngineConfig config;
  config.allocation = InstanceAllocation::Pooling;
  config.pooling.memory_slots = 2;
  config.limits.max_memory_bytes = uint64_t{1} << 20;
  return config;
}

}  // namespace stratus::test
