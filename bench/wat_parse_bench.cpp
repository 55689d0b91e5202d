// Text-format parse throughput: wat_to_binary over one .wat file, the median of N rounds.
// Usage: stratus_wat_bench FILE.wat [ROUNDS]   (prints MB/s; 1 MB = 10^6 bytes)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "stratus/text.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: stratus_wat_bench FILE.wat [ROUNDS]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  std::vector<double> seconds;
  size_t binary_size = 0;
  for (int i = 0; i < rounds; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto binary = stratus::text::wat_to_binary(text);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!binary) {
      std::fprintf(stderr, "%s: %s\n", argv[1], binary.error().message().c_str());
      return 1;
    }
    binary_size = binary->size();
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  std::printf("%s: %zu bytes of text -> %zu bytes of binary; median of %d: %.3f s, %.1f MB/s\n", argv[1], text.size(),
              binary_size, rounds, median, static_cast<double>(text.size()) / median / 1e6);
  return 0;
}
