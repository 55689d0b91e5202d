// Loading the test modules that CMake converts from wat/ at build time.
#pragma once

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "stratus/stratus.hpp"

namespace stratus::test {

inline std::string wasm_path(const std::string& stem) { return std::string(STRATUS_TEST_WASM_DIR) + "/" + stem + ".wasm"; }

inline Module load(const Engine& engine, const std::string& stem) {
  auto m = Module::from_file(engine, wasm_path(stem));
  if (!m) {
    throw std::runtime_error(stem + ": " + m.error().message());
  }
  return std::move(m).value();
}

template <class T>
T expect_ok(Result<T> r) {
  if (!r) {
    throw std::runtime_error(r.error().message());
  }
  return std::move(r).value();
}

}  // namespace stratus::test
