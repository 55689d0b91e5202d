// The canonical ABI fuzz harness (fuzz/component_abi_harness.hpp) over seeded random inputs,
// so every CTest run (and the ASan one) throws hostile values and memory at lift, lower and
// transcoding. The harness aborts when a round trip changes a value.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "component_abi_harness.hpp"

namespace stratus::component::abi {
namespace {

TEST(AbiFuzz, HostileInputsNeverCrashAndRoundTripsHold) {
  std::mt19937_64 rng(20260211);
  std::vector<uint8_t> input;
  int round_trips = 0, transcodes = 0;
  for (int i = 0; i < 20000; ++i) {
    // Mostly short inputs, so lengths and pointers land inside the input's memory often.
    size_t n = 8 + rng() % (i % 10 == 0 ? 4096 : 96);
    input.resize(n);
    for (auto& b : input) b = static_cast<uint8_t>(rng());
    // Small pointers and lengths now and then, which reach valid ranges.
    if (i % 2 == 0) {
      input[4] = static_cast<uint8_t>(8 + rng() % 64);
      input[5] = input[6] = input[7] = 0;
      if (n > 12) {
        input[8] = static_cast<uint8_t>(rng() % 32);
        input[9] = input[10] = input[11] = 0;
      }
    }
    switch (fuzz::run_one(input.data(), input.size())) {
      case fuzz::Outcome::RoundTripped: ++round_trips; break;
      case fuzz::Outcome::Transcoded: ++transcodes; break;
      case fuzz::Outcome::Rejected: break;
    }
  }
  // Enough inputs get through the checks for the round trips to mean something.
  EXPECT_GT(round_trips, 2000);
  EXPECT_GT(transcodes, 300);
  std::printf("%d values round-tripped, %d strings transcoded of 20000 inputs\n", round_trips, transcodes);
}

}  // namespace
}  // namespace stratus::component::abi
