// The verdict on one script command. Failures carry a short fixed category (so a whole run
// can be grouped by it) and free-form details.
#pragma once

#include <string>
#include <utility>

namespace stratus::wast {

struct Outcome {
  enum class Status { Passed, Failed, Skipped };
  Status status = Status::Passed;
  std::string category;
  std::string detail;

  static Outcome pass() { return {}; }
  static Outcome fail(std::string category, std::string detail) {
    return {Status::Failed, std::move(category), std::move(detail)};
  }
  static Outcome skip(std::string reason) { return {Status::Skipped, "skipped", std::move(reason)}; }
};

}  // namespace stratus::wast
