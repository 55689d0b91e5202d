// Counts of command outcomes, kept trivially copyable so a forked child can publish them
// through shared memory as it goes and a crash loses nothing already counted.
#pragma once

#include <cstdint>

namespace stratus::wast {

struct Tally {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;

  Tally& operator+=(const Tally& other) {
    passed += other.passed;
    failed += other.failed;
    skipped += other.skipped;
    return *this;
  }
};

// What the parent needs to account for a script whose child died part-way.
struct ScriptProgress {
  Tally tally;
  uint64_t total_commands = 0;
  uint64_t commands_done = 0;
  uint32_t current_line = 0;  // line of the command being run, for crash reports
};

}  // namespace stratus::wast
