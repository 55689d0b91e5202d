// Runs compute kernels (bench/kernels/*.c compiled to wasm) through
// the public API and prints "<name> <result> <seconds>" per kernel; the best of `repeats` runs
// counts. A kernel exports either `run()` or `run(n)`; `--n N` gives the argument of the latter.
// `--explicit` selects explicit bounds checks, which also lets the driver run under valgrind
// (whose address-space manager cannot hold the guard-page reservations).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "stratus/stratus.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <kernel.wasm>... [--explicit] [--repeats N] [--n N]\n", argv[0]);
    return 2;
  }
  stratus::EngineConfig config;
  int repeats = 3;
  uint32_t n = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--explicit") config.bounds_checks = stratus::BoundsChecks::Explicit;
    if (std::string(argv[i]) == "--repeats" && i + 1 < argc) repeats = std::atoi(argv[i + 1]);
    if (std::string(argv[i]) == "--n" && i + 1 < argc) n = static_cast<uint32_t>(std::strtoul(argv[i + 1], nullptr, 10));
  }
  stratus::Engine engine = stratus::Engine::create(config).unwrap();
  for (int i = 1; i < argc; ++i) {
    const std::string path = argv[i];
    if (path.size() < 5 || path.substr(path.size() - 5) != ".wasm") continue;
    auto module = stratus::Module::from_file(engine, path);
    if (!module) {
      std::printf("%s compile error: %s\n", path.c_str(), module.error().message().c_str());
      continue;
    }
    double best = 1e9;
    uint32_t result = 0;
    for (int r = 0; r < repeats; ++r) {
      stratus::Store store(engine);
      stratus::Linker linker(engine);
      auto instance = linker.instantiate(store, *module);
      if (!instance) {
        std::printf("%s instantiate error: %s\n", path.c_str(), instance.error().message().c_str());
        break;
      }
      auto func = instance->get_func("run");
      if (!func) {
        std::printf("%s exports no run\n", path.c_str());
        break;
      }
      stratus::Result<uint32_t> value = 0u;
      const auto start = std::chrono::steady_clock::now();
      if (auto run0 = func->typed<uint32_t()>()) value = run0->call(store);
      else if (auto run1 = func->typed<uint32_t(uint32_t)>()) value = run1->call(store, n);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!value) {
        std::printf("%s trap: %s\n", path.c_str(), value.error().message().c_str());
        break;
      }
      result = *value;
      best = std::min(best, seconds);
    }
    std::printf("%s %u %.6f\n", path.c_str(), result, best);
  }
  return 0;
}
