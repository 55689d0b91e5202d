// Per-invocation cost: instantiate + call + drop for three module shapes, pooled and on
// demand; throughput on two threads; resident memory with 10,000 live instances.
//   stratus_instantiate_bench [--quick] [--live N] [--shape a|b|c] [--pooled | --on-demand]
//   stratus_instantiate_bench --emit DIR
// --live sets how many live instances the RSS measurement holds (default 10,000).
// --shape and the mode flags restrict the run to latency of that shape/mode (for profiling).
// --emit writes the three modules to DIR as a.wasm, b.wasm, c.wasm (for v8_instantiate.mjs).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "alloc/huge_pages.hpp"
#include "bench_modules.hpp"
#include "stratus/runtime.hpp"
#include "stratus/stratus.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using stratus::bench::Bytes;

struct Shape {
  const char* name;
  Bytes bytes;
  int iterations;
};

template <class T>
T must(stratus::Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "instantiate_bench: %s: %s\n", what, r.error().message().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

// The engine a Runtime with default settings builds, pooled or not.
stratus::Engine make_engine(bool pooled) {
  auto runtime = must(stratus::RuntimeBuilder().force_pooling_allocator(pooled).build(), "build runtime");
  if (pooled) return runtime.engine();
  stratus::EngineConfig config;
  config.allocation = stratus::InstanceAllocation::OnDemand;
  config.limits.max_memory_bytes = runtime.settings().max_linear_memory;
  config.limits.max_instances = runtime.settings().max_components;
  config.bounds_checks = runtime.engine().bounds_checks();
  config.epochs.store_deadline_ticks = 601;
  return must(stratus::Engine::create(config), "create on-demand engine");
}

// One invocation as wasmCloud makes it: a fresh Store and instance, one call, all dropped.
bool invoke_once(const stratus::Engine& engine, const stratus::InstancePre& pre, uint32_t arg) {
  stratus::Store store(engine);
  auto instance = pre.instantiate(store);
  if (!instance) {
    std::fprintf(stderr, "instantiate: %s\n", instance.error().message().c_str());
    return false;
  }
  auto run = instance->get_func("run");
  auto typed = run->typed<uint32_t(uint32_t)>();
  auto result = typed->call(store, arg);
  if (!result) std::fprintf(stderr, "call: %s\n", result.error().message().c_str());
  return result.ok();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

// The process's memory from /proc/self/smaps_rollup, in bytes. RSS counts a shared page once
// per mapping of it; PSS divides it among them, so PSS is what the pages cost the machine.
struct MemoryUse {
  uint64_t rss = 0, pss = 0, anonymous = 0, shmem = 0;
};

MemoryUse memory_use() {
  MemoryUse use;
  std::FILE* f = std::fopen("/proc/self/smaps_rollup", "r");
  if (!f) return use;
  char line[256];
  while (std::fgets(line, sizeof line, f)) {
    unsigned long long kib = 0;
    if (std::sscanf(line, "Rss: %llu kB", &kib) == 1) use.rss = kib << 10;
    else if (std::sscanf(line, "Pss: %llu kB", &kib) == 1) use.pss = kib << 10;
    else if (std::sscanf(line, "Anonymous: %llu kB", &kib) == 1) use.anonymous = kib << 10;
    else if (std::sscanf(line, "Pss_Shmem: %llu kB", &kib) == 1) use.shmem = kib << 10;
  }
  std::fclose(f);
  return use;
}

void latency(const char* mode, const stratus::Engine& engine, const Shape& shape) {
  auto module = must(stratus::Module::compile(engine, shape.bytes), "compile");
  stratus::Linker linker(engine);
  auto pre = must(linker.instantiate_pre(module), "instantiate_pre");
  for (int i = 0; i < shape.iterations / 10 + 1; ++i)
    if (!invoke_once(engine, pre, static_cast<uint32_t>(i))) std::exit(1);
  std::vector<double> micros;
  micros.reserve(static_cast<size_t>(shape.iterations));
  const auto all_start = Clock::now();
  for (int i = 0; i < shape.iterations; ++i) {
    const auto start = Clock::now();
    if (!invoke_once(engine, pre, static_cast<uint32_t>(i))) std::exit(1);
    micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  // Slots are reset in batches, so most drops cost little and every 16th pays for 16: the
  // mean shows that amortized cost next to the median.
  const double mean = std::chrono::duration<double, std::micro>(Clock::now() - all_start).count() / shape.iterations;
  std::printf("latency  %-10s %-22s median %8.2f us   p90 %8.2f us   mean %8.2f us   (%d runs)\n", mode, shape.name,
              median(micros), percentile(micros, 0.9), mean, shape.iterations);
}

void throughput(const char* mode, const stratus::Engine& engine, const Shape& shape, int threads) {
  auto module = must(stratus::Module::compile(engine, shape.bytes), "compile");
  stratus::Linker linker(engine);
  auto pre = must(linker.instantiate_pre(module), "instantiate_pre");
  const int per_thread = shape.iterations;
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i)
        if (!invoke_once(engine, pre, static_cast<uint32_t>(i))) std::exit(1);
    });
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("throughput %-8s %-22s %d threads: %10.0f invocations/s\n", mode, shape.name, threads,
              per_thread * threads / seconds);
}

void live_instances_rss(const char* mode, const stratus::Engine& engine, const Bytes& bytes, int count) {
  auto module = must(stratus::Module::compile(engine, bytes), "compile");
  stratus::Linker linker(engine);
  auto pre = must(linker.instantiate_pre(module), "instantiate_pre");
  const MemoryUse before = memory_use();
  std::vector<std::unique_ptr<stratus::Store>> stores;
  stores.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    auto& store = stores.emplace_back(std::make_unique<stratus::Store>(engine));
    auto instance = must(pre.instantiate(*store), "instantiate live instance");
    auto result = instance.get_func("run")->typed<uint32_t(uint32_t)>()->call(*store, static_cast<uint32_t>(i));
    if (!result) std::exit(1);
  }
  const MemoryUse after = memory_use();
  auto line = [&](const char* what, uint64_t from, uint64_t to) {
    const double grown = static_cast<double>(to) - static_cast<double>(from);
    std::printf("rss      %-10s %d live instances of data-1MiB: %-9s +%7.1f MiB (%6.1f KiB each), total %7.1f MiB\n",
                mode, count, what, grown / (1 << 20), grown / 1024 / count, static_cast<double>(to) / (1 << 20));
  };
  line("RSS", before.rss, after.rss);
  line("PSS", before.pss, after.pss);
  line("anon", before.anonymous, after.anonymous);
  line("shmem PSS", before.shmem, after.shmem);
}

bool emit_modules(const std::string& dir, const std::vector<Shape>& shapes) {
  for (size_t s = 0; s < shapes.size(); ++s) {
    const std::string path = dir + "/" + static_cast<char>('a' + s) + ".wasm";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    const bool written = f && std::fwrite(shapes[s].bytes.data(), 1, shapes[s].bytes.size(), f) == shapes[s].bytes.size();
    if (f) std::fclose(f);
    if (!written) {
      std::fprintf(stderr, "instantiate_bench: cannot write %s\n", path.c_str());
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, only_pooled = false, only_on_demand = false;
  char only_shape = 0;
  int live = -1;
  const char* emit_dir = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    else if (std::strcmp(argv[i], "--pooled") == 0) only_pooled = true;
    else if (std::strcmp(argv[i], "--on-demand") == 0) only_on_demand = true;
    else if (std::strcmp(argv[i], "--shape") == 0 && i + 1 < argc) only_shape = argv[++i][0];
    else if (std::strcmp(argv[i], "--live") == 0 && i + 1 < argc) live = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--emit") == 0 && i + 1 < argc) emit_dir = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--quick] [--live N] [--shape a|b|c] [--pooled | --on-demand] | --emit DIR\n",
                   argv[0]);
      return 2;
    }
  }
  const bool focused = only_shape || only_pooled || only_on_demand;
  const int n = quick ? 200 : 20000;
  std::vector<Shape> shapes = {
      {"(a) empty", stratus::bench::empty_module(), n},
      {"(b) data-1MiB", stratus::bench::data_module(), n},
      {"(c) 10MB-table-7000", stratus::bench::big_table_module(), quick ? 20 : 500},
  };
  if (emit_dir) return emit_modules(emit_dir, shapes) ? 0 : 1;
  std::printf("%s; module (c) is %zu bytes\n", std::string(stratus::Runtime::version()).c_str(), shapes[2].bytes.size());
  for (bool pooled : {true, false}) {
    if ((pooled && only_on_demand) || (!pooled && only_pooled)) continue;
    const char* mode = pooled ? "pooled" : "on-demand";
    stratus::Engine engine = make_engine(pooled);
    std::printf("-- %s (%s bounds checks%s)\n", mode,
                engine.bounds_checks() == stratus::BoundsChecks::GuardPages ? "guard-page" : "explicit",
                pooled && stratus::alloc::host_offers_small_huge_pages() ? ", small huge pages" : "");
    for (size_t s = 0; s < shapes.size(); ++s)
      if (!only_shape || only_shape == static_cast<char>('a' + s)) latency(mode, engine, shapes[s]);
    if (focused) continue;
    for (size_t s = 0; s < 2; ++s) throughput(mode, engine, shapes[s], 2);
    if (pooled) live_instances_rss(mode, engine, shapes[1].bytes, live >= 0 ? live : quick ? 100 : 10000);
  }
  return 0;
}
