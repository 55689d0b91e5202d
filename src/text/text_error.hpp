// Where in the source a problem is, and the error the text layer's steps throw inside the
// layer; the public entries (wat.cpp) turn it into an Error value.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace stratus::text {

struct Location {
  uint32_t line = 1;    // from 1
  uint32_t column = 1;  // from 1, in bytes
};

struct TextError {
  Location where;
  std::string message;

  std::string to_string() const {
    return std::to_string(where.line) + ":" + std::to_string(where.column) + ": " + message;
  }
};

[[noreturn]] inline void fail(Location where, std::string message) { throw TextError{where, std::move(message)}; }

}  // namespace stratus::text
