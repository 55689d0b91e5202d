// Benchmark harness: runs a kernel's exported `run(n)` under Stratus and prints the same
// "checksum=... seconds=..." line as the native and V8 drivers, or, with --compile-only,
// measures Module::compile (decode + validate + translate) throughput.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/stratus.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s FILE.wasm N             call run(N), print checksum and seconds\n"
               "       %s --compile-only [--repeat R] FILE.wasm\n"
               "                                   compile R times (default 5), print median MB/s\n",
               argv0, argv0);
  return 2;
}

bool read_file(const std::string& path, std::vector<uint8_t>& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

int fail(std::string_view what, const stratus::Error& error) {
  std::fprintf(stderr, "stratus_bench: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
               error.message().c_str());
  return 1;
}

int compile_only(const std::vector<uint8_t>& bytes, int repeat) {
  stratus::Engine engine;
  std::vector<double> times;
  for (int i = 0; i < repeat; i++) {
    auto start = Clock::now();
    auto module = stratus::Module::compile(engine, bytes);
    double elapsed = seconds_since(start);
    if (!module) return fail("compile", module.error());
    times.push_back(elapsed);
  }
  // The median rather than the best: it is what a user loading the module will typically see.
  std::sort(times.begin(), times.end());
  double median = times[times.size() / 2];
  double megabytes = static_cast<double>(bytes.size()) / 1e6;
  std::printf("bytes=%zu seconds=%.6f mb_per_s=%.2f\n", bytes.size(), median, megabytes / median);
  return 0;
}

int run_kernel(const std::vector<uint8_t>& bytes, uint32_t n) {
  stratus::Engine engine;
  auto module = stratus::Module::compile(engine, bytes);
  if (!module) return fail("compile", module.error());
  stratus::Store store(engine);
  stratus::Linker linker(engine);
  auto instance = linker.instantiate(store, *module);
  if (!instance) return fail("instantiate", instance.error());
  auto run = instance->get_func("run");
  if (!run) {
    std::fprintf(stderr, "stratus_bench: module exports no function \"run\"\n");
    return 1;
  }
  auto typed = run->typed<uint32_t(uint32_t)>();
  if (!typed) return fail("run", typed.error());

  auto start = Clock::now();
  auto checksum = typed->call(store, n);
  double elapsed = seconds_since(start);
  if (!checksum) return fail("run", checksum.error());
  std::printf("checksum=%u seconds=%.6f\n", *checksum, elapsed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  bool compile = false;
  int repeat = 5;
  std::vector<std::string_view> positional;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "--compile-only") {
      compile = true;
    } else if (args[i] == "--repeat" && i + 1 < args.size()) {
      repeat = std::max(1, std::atoi(std::string(args[++i]).c_str()));
    } else if (args[i].starts_with("--")) {
      return usage(argv[0]);
    } else {
      positional.push_back(args[i]);
    }
  }
  if (positional.size() != (compile ? 1u : 2u)) return usage(argv[0]);

  std::vector<uint8_t> bytes;
  std::string path(positional[0]);
  if (!read_file(path, bytes)) {
    std::fprintf(stderr, "stratus_bench: cannot read %s\n", path.c_str());
    return 1;
  }
  if (compile) return compile_only(bytes, repeat);
  return run_kernel(bytes, static_cast<uint32_t>(std::strtoul(std::string(positional[1]).c_str(), nullptr, 10)));
}
