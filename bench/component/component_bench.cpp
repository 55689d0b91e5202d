// Host -> component calls through the dynamic API (component::Func::call with Vals): a nop,
// `echo(s: string) -> string` with 1 KiB, `sum(l: list<u8>) -> u64` with 64 KiB, and
// ComponentPre instantiate + call nop + drop the Store, with the pooling allocator.
//
//   stratus_component_bench COMPONENT.wasm [--quick]
//
// Prints one line per measurement: name, ns per operation, operations.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"

using namespace stratus;

namespace {

template <class F>
void measure(const char* name, size_t iterations, F&& op) {
  for (size_t i = 0; i < iterations / 10 + 1; ++i) op();  // warm-up
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < iterations; ++i) op();
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  std::printf("%-40s %10.1f ns/op %10zu ops\n", name, ns / static_cast<double>(iterations), iterations);
}

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "component_bench: %s failed\n", what);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: stratus_component_bench COMPONENT.wasm [--quick]\n");
    return 2;
  }
  const bool quick = argc > 2 && std::strcmp(argv[2], "--quick") == 0;
  const size_t scale = quick ? 100 : 1;
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

  EngineConfig config;
  config.allocation = InstanceAllocation::Pooling;
  config.pooling.memory_slots = 16;
  auto engine = Engine::create(config);
  check(engine.ok(), "Engine::create (pooling)");
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

  measure("nop", 2'000'000 / scale, [&] { check(nop.call(store, {}).ok(), "nop"); });

  const std::vector<component::Val> text = {component::Val(std::string(1024, 'x'))};
  measure("echo(string 1 KiB) -> string", 200'000 / scale, [&] { check(echo.call(store, text).ok(), "echo"); });

  component::Val::List bytes64k;
  bytes64k.elements.assign(64 * 1024, component::Val(uint8_t{1}));
  const std::vector<component::Val> list = {component::Val(std::move(bytes64k))};
  uint64_t total = 0;
  measure("sum(list<u8> 64 KiB) -> u64", 2'000 / scale, [&] {
    auto r = sum.call(store, list);
    check(r.ok(), "sum");
    total += (*r)[0].as<uint64_t>();
  });
  check(total > 0, "sum's result");

  measure("ComponentPre instantiate + nop + drop", 20'000 / scale, [&] {
    Store fresh(*engine);
    auto i = pre->instantiate(fresh);
    check(i.ok(), "instantiate");
    check(i->get_func("nop")->call(fresh, {}).ok(), "nop");
  });
  return 0;
}
