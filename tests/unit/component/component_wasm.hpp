// What the component tests share: their components (component-wat/*.wat, built with
// `jco parse`) and the check that a call trapped saying what it should.
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/component/val.hpp"
#include "stratus/result.hpp"

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

}  // namespace stratus::component::test
