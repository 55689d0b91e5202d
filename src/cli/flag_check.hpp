// Runs one of our parsers as a CLI11 check, so a bad value is reported as "--flag: message"
// before anything runs.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace stratus::cli {

template <class Parse>
CLI::Validator checked_by(Parse parse) {
  return CLI::Validator(
      [parse](std::string& text) -> std::string {
        auto parsed = parse(text);
        return parsed ? std::string() : parsed.error().message();
      },
      "");
}

}  // namespace stratus::cli
