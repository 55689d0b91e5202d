// What the text tests ask of the parser over and over: a text's binary (a failure when it is
// refused), a refused text's message, a binary from its sections, a file's bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stratus/text.hpp"

namespace stratus::text::test_support {

inline std::vector<uint8_t> encode(const std::string& wat, const WatOptions& options = {}) {
  auto r = wat_to_binary(wat, options);
  if (!r) {
    ADD_FAILURE() << wat << ": " << r.error().message();
    return {};
  }
  return *r;
}

inline std::string error_of(const std::string& wat) {
  auto r = wat_to_binary(wat);
  if (r) {
    ADD_FAILURE() << wat << " was accepted";
    return {};
  }
  EXPECT_EQ(r.error().kind(), ErrorKind::Malformed);
  return r.error().message();
}

// The magic and version, then `sections`.
inline std::vector<uint8_t> module_bytes(std::initializer_list<uint8_t> sections) {
  std::vector<uint8_t> out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  out.insert(out.end(), sections);
  return out;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace stratus::text::test_support
