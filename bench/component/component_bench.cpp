// Host -> component calls: a nop, `echo(s: string) -> string` with 1 KiB and
// `sum(l: list<u8>) -> u64` with 64 KiB, each through the dynamic API (Func::call with Vals)
// and through TypedFunc, beside the same component run by `jco transpile` + Node in the same
// run; then ComponentPre instantiate + call nop + drop the Store, with the pooling allocator.
//
//   stratus_component_bench COMPONENT.wasm [--quick] [--on-demand] [--no-node] [--only-nop val|typed N]
//                           [--only-instantiate N]
//
// Each figure is the median of several rounds, in ns per operation. --on-demand uses the
// on-demand allocator (valgrind cannot reserve the pool) and skips the pooled rows;
// --only-nop val|typed N makes N nop calls through Func::call or TypedFunc and nothing else,
// for instruction counts (cachegrind) of one call; --only-instantiate N makes N times a Store,
// an instance of the ComponentPre and its nop call, then drops the Store. Node, its jco output and node_calls.mjs are where CMake put them.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/component/typed_func.hpp"
#include "stratus/store.hpp"

using namespace stratus;

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "component_bench: %s failed\n", what);
    std::exit(1);
  }
}

template <class F>
double median_ns(size_t rounds, size_t iterations, F&& op) {
  iterations = std::max<size_t>(iterations, 1);
  for (size_t i = 0; i < iterations / 10 + 1; ++i) op();  // warm-up
  std::vector<double> per_round;
  for (size_t r = 0; r < rounds; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < iterations; ++i) op();
    per_round.push_back(std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() /
                        static_cast<double>(iterations));
  }
  std::sort(per_round.begin(), per_round.end());
  return per_round[per_round.size() / 2];
}

// node_calls.mjs's `name median` lines, or an empty map (with why on stderr) when Node or
// the transpiled component is missing.
std::map<std::string, double> node_figures(size_t rounds, size_t scale) {
  std::map<std::string, double> out;
#if defined(STRATUS_BENCH_NODE) && defined(STRATUS_BENCH_NODE_SCRIPT) && defined(STRATUS_BENCH_TRANSPILED_DIR)
  const std::string command = std::string("'") + STRATUS_BENCH_NODE + "' '" + STRATUS_BENCH_NODE_SCRIPT + "' '" +
                              STRATUS_BENCH_TRANSPILED_DIR + "' " + std::to_string(rounds) + " " +
                              std::to_string(scale);
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char name[64];
  double ns = 0;
  while (std::fscanf(p, "%63s %lf", name, &ns) == 2) out[name] = ns;
  if (pclose(p) != 0) std::fprintf(stderr, "component_bench: %s failed; the node column is empty\n", command.c_str());
#else
  (void)rounds;
  (void)scale;
  std::fprintf(stderr, "component_bench: built without Node; the node column is empty\n");
#endif
  return out;
}

std::string cell(double ns) {
  if (std::isnan(ns)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", ns);
  return buf;
}
std::string ratio(double a, double b) {
  if (std::isnan(a) || std::isnan(b) || b == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", a / b);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: stratus_component_bench COMPONENT.wasm [--quick] [--on-demand] [--no-node] "
                 "[--only-nop val|typed N] [--only-instantiate N]\n");
    return 2;
  }
  bool quick = false, on_demand = false, with_node = true;
  size_t only_nop = 0, only_instantiate = 0;
  bool only_nop_typed = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    else if (std::strcmp(argv[i], "--on-demand") == 0) on_demand = true;
    else if (std::strcmp(argv[i], "--no-node") == 0) with_node = false;
    else if (std::strcmp(argv[i], "--only-nop") == 0 && i + 2 < argc) {
      only_nop_typed = std::strcmp(argv[++i], "typed") == 0;
      only_nop = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--only-instantiate") == 0 && i + 1 < argc) {
      only_instantiate = std::strtoull(argv[++i], nullptr, 10);
    }
    else {
      std::fprintf(stderr, "component_bench: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  const size_t scale = quick ? 100 : 1;
  const size_t rounds = quick ? 3 : 7;
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

  EngineConfig config;
  if (!on_demand) {
    config.allocation = InstanceAllocation::Pooling;
    config.pooling.memory_slots = 16;
  }
  auto engine = Engine::create(config);
  check(engine.ok(), "Engine::create");
  auto compiled = component::Component::compile(*engine, bytes);
  if (!compiled) {
    std::fprintf(stderr, "component_bench: %s\n", compiled.error().message().c_str());
    return 1;
  }
  component::Linker linker(*engine);
  auto pre = linker.instantiate_pre(*compiled);
  check(pre.ok(), "instantiate_pre");

  Store store(*engine);
  auto instance = pre->instantiate(store);
  check(instance.ok(), "instantiate");
  component::Func nop = *instance->get_func("nop");
  component::Func echo = *instance->get_func("echo");
  component::Func sum = *instance->get_func("sum");
  auto typed_nop = nop.typed<void()>();
  check(typed_nop.ok(), "typed<void()>");
  auto typed_echo = echo.typed<std::string(std::string_view)>();
  check(typed_echo.ok(), "typed<std::string(std::string_view)>");
  auto typed_sum = sum.typed<uint64_t(std::vector<uint8_t>)>();
  check(typed_sum.ok(), "typed<uint64_t(std::vector<uint8_t>)>");

  const auto instantiate_call_drop = [&] {
    Store fresh(*engine);
    auto i = pre->instantiate(fresh);
    check(i.ok(), "instantiate");
    check(i->get_func("nop")->call(fresh, {}).ok(), "nop");
  };
  if (only_instantiate != 0) {
    for (size_t i = 0; i < only_instantiate; ++i) instantiate_call_drop();
    return 0;
  }
  if (only_nop != 0) {
    for (size_t i = 0; i < only_nop; ++i) check(only_nop_typed ? typed_nop->call(store).ok() : nop.call(store, {}).ok(), "nop");
    return 0;
  }

  struct Row {
    const char* name;
    const char* node_key;
    double val = NAN, typed = NAN, node = NAN;
  };
  std::vector<Row> rows = {{"nop", "nop"}, {"echo(string 1 KiB) -> string", "echo"}, {"sum(list<u8> 64 KiB) -> u64", "sum"}};

  rows[0].val = median_ns(rounds, 2'000'000 / scale, [&] { check(nop.call(store, {}).ok(), "nop"); });
  rows[0].typed = median_ns(rounds, 2'000'000 / scale, [&] { check(typed_nop->call(store).ok(), "nop"); });

  const std::string text(1024, 'x');
  const std::vector<component::Val> text_val = {component::Val(text)};
  rows[1].val = median_ns(rounds, 200'000 / scale, [&] {
    auto r = echo.call(store, text_val);
    check(r.ok() && (*r)[0].as<std::string>().size() == 1024, "echo");
  });
  rows[1].typed = median_ns(rounds, 200'000 / scale, [&] {
    auto r = typed_echo->call(store, text);
    check(r.ok() && r->size() == 1024, "echo");
  });

  const std::vector<uint8_t> bytes64k(64 * 1024, 1);
  component::Val::List list;
  list.elements.assign(bytes64k.size(), component::Val(uint8_t{1}));
  const std::vector<component::Val> list_val = {component::Val(std::move(list))};
  rows[2].val = median_ns(rounds, 2'000 / scale, [&] {
    auto r = sum.call(store, list_val);
    check(r.ok() && (*r)[0].as<uint64_t>() == bytes64k.size(), "sum");
  });
  rows[2].typed = median_ns(rounds, 2'000 / scale, [&] {
    auto r = typed_sum->call(store, bytes64k);
    check(r.ok() && *r == bytes64k.size(), "sum");
  });

  double pre_val = NAN, pre_typed = NAN;
  if (!on_demand) {
    pre_val = median_ns(rounds, 20'000 / scale, instantiate_call_drop);
    pre_typed = median_ns(rounds, 20'000 / scale, [&] {
      Store fresh(*engine);
      auto i = pre->instantiate(fresh);
      check(i.ok(), "instantiate");
      auto f = i->get_func("nop")->typed<void()>();
      check(f.ok() && f->call(fresh).ok(), "nop");
    });
  }

  if (with_node) {
    auto node = node_figures(rounds, scale);
    for (Row& r : rows) {
      if (auto it = node.find(r.node_key); it != node.end()) r.node = it->second;
    }
  }

  std::printf("host -> component calls, ns per call, median of %zu rounds%s\n", rounds, quick ? " (--quick)" : "");
  std::printf("%-32s %10s %10s %10s %12s %10s\n", "call", "Val", "TypedFunc", "Val/Typed", "jco+node", "node/Typed");
  for (const Row& r : rows) {
    std::printf("%-32s %10s %10s %10s %12s %10s\n", r.name, cell(r.val).c_str(), cell(r.typed).c_str(),
                ratio(r.val, r.typed).c_str(), cell(r.node).c_str(), ratio(r.node, r.typed).c_str());
  }
  if (!on_demand) {
    std::printf("\nComponentPre instantiate + call nop + drop, pooled, ns, median of %zu rounds\n", rounds);
    std::printf("%-32s %10s %10s %10s\n", "", "Val", "TypedFunc", "Val/Typed");
    std::printf("%-32s %10s %10s %10s\n", "instantiate + nop + drop", cell(pre_val).c_str(), cell(pre_typed).c_str(),
                ratio(pre_val, pre_typed).c_str());
  }
  return 0;
}
