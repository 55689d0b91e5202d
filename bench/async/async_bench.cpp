// What an async call of the component model costs, beside the sync call it generalizes, in
// one run (ns per call, the median of several rounds):
//   host -> guest: Func::call of a nop lifted sync, and lifted `async` with a callback;
//   guest -> host: one call to a host function lowered sync, and to an async-typed one lowered
//   `async`, implemented by a plain host function or by an async one (func_new_async) that
//   ends its call at once: each the time of a guest loop of N calls, less the loop of none, over N;
//   stackful tasks: Func::call of a nop, a yield (one park and resume) from a loop of N, and
//   10,000 tasks started at once (Func::start) that all park on a host call: the memory each
//   parked task holds (the process's resident and page-table growth over 10,000), the time to
//   start and park one, and to resolve, resume and finish one.
//
//   stratus_async_bench COMPONENT.wasm [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "stratus/component/async.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/func.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"

using namespace stratus;
using component::Val;

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "async_bench: %s failed\n", what);
    std::exit(1);
  }
}

template <class F>
double median_ns(size_t rounds, size_t iterations, F&& op) {
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

// A /proc/self/status figure in KiB ("VmRSS", "VmPTE").
long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string want = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(want, 0) == 0) return std::strtol(line.c_str() + want.size(), nullptr, 10);
  return -1;
}

double ns_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: stratus_async_bench COMPONENT.wasm [--quick]\n");
    return 2;
  }
  const bool quick = argc > 2 && std::strcmp(argv[2], "--quick") == 0;
  const size_t rounds = quick ? 3 : 7;
  const size_t calls = quick ? 2'000 : 200'000;
  const uint32_t loop_n = quick ? 1'000 : 100'000;

  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  Engine engine;
  auto compiled = component::Component::compile(engine, bytes);
  check(static_cast<bool>(compiled), "compile");
  component::Linker linker(engine);
  auto host = linker.instance("host");
  check(static_cast<bool>(host), "linker.instance");
  check(static_cast<bool>(host->func_new("add",
                                         [](Store&, std::span<const Val> p, std::vector<Val>& r) -> Result<void> {
                                           r.push_back(Val(p[0].as<uint32_t>() + p[1].as<uint32_t>()));
                                           return {};
                                         })),
        "func_new add");
  check(static_cast<bool>(host->func_new("add-plain",
                                         [](Store&, std::span<const Val> p, std::vector<Val>& r) -> Result<void> {
                                           r.push_back(Val(p[0].as<uint32_t>() + p[1].as<uint32_t>()));
                                           return {};
                                         })),
        "func_new add-plain");
  check(static_cast<bool>(host->func_new_async("add-async",
                                               [](Store&, std::span<const Val> p, component::AsyncCall call) {
                                                 return call.resolve({Val(p[0].as<uint32_t>() + p[1].as<uint32_t>())});
                                               })),
        "func_new_async add-async");
  std::vector<component::AsyncCall> held;  // `later`'s calls, resolved when the bench says
  check(static_cast<bool>(host->func_new_async("later",
                                               [&held](Store&, std::span<const Val>, component::AsyncCall call) {
                                                 held.push_back(std::move(call));
                                                 return Result<void>();
                                               })),
        "func_new_async later");
  Store store(engine);
  auto instance = linker.instantiate(store, *compiled);
  check(static_cast<bool>(instance), "instantiate");
  auto func = [&](const char* name) {
    auto f = instance->get_func(name);
    check(f.has_value(), name);
    return *f;
  };

  auto nop = func("nop"), nop_async = func("nop-async");
  const double host_sync = median_ns(rounds, calls, [&] { check(static_cast<bool>(nop.call(store, {})), "nop"); });
  const double host_async =
      median_ns(rounds, calls, [&] { check(static_cast<bool>(nop_async.call(store, {})), "nop-async"); });

  // A guest loop's time per call, less its time with no calls.
  auto per_guest_call = [&](const char* name) {
    auto f = func(name);
    const Val none[] = {Val(uint32_t{0})}, many[] = {Val(loop_n)};
    const double empty = median_ns(rounds, 1, [&] { check(static_cast<bool>(f.call(store, none)), name); });
    const double full = median_ns(rounds, 1, [&] { check(static_cast<bool>(f.call(store, many)), name); });
    return (full - empty) / loop_n;
  };
  const double guest_sync = per_guest_call("loop-sync");
  const double guest_async_lowered = per_guest_call("loop-async-lowered");
  const double guest_async_host = per_guest_call("loop-async-host");

  auto nop_stackful = func("nop-stackful");
  const double host_stackful =
      median_ns(rounds, calls, [&] { check(static_cast<bool>(nop_stackful.call(store, {})), "nop-stackful"); });
  auto yield_loop = func("yield-loop");
  const Val no_yields[] = {Val(uint32_t{0})}, yields[] = {Val(loop_n)};
  const double yield_empty =
      median_ns(rounds, 1, [&] { check(static_cast<bool>(yield_loop.call(store, no_yields)), "yield-loop"); });
  const double yield_full =
      median_ns(rounds, 1, [&] { check(static_cast<bool>(yield_loop.call(store, yields)), "yield-loop"); });
  const double per_yield = (yield_full - yield_empty) / loop_n;

  // One task at a time: started, parked on a host call, resolved, resumed, exited; its stack
  // is the one the task before it had (exec_stack.hpp's kept task stacks).
  auto park_once = func("park-once");
  const double one_at_a_time = median_ns(rounds, calls / 10, [&] {
    auto s = park_once.start(store, {});
    check(static_cast<bool>(s) && held.size() == 1, "park-once start");
    check(static_cast<bool>(held[0].resolve({Val(uint32_t{1})})), "resolve");
    held.clear();
    check(static_cast<bool>(s->wait()), "park-once wait");
  });

  // Many tasks parked at once: what each holds, and what starting and finishing one costs.
  constexpr size_t kTasks = 10'000;
  std::vector<component::StartedCall> started;
  started.reserve(kTasks);
  held.reserve(kTasks);
  const long rss_before = status_kib("VmRSS"), pte_before = status_kib("VmPTE");
  const auto start_all = std::chrono::steady_clock::now();
  for (size_t i = 0; i < kTasks; ++i) {
    auto s = park_once.start(store, {});
    check(static_cast<bool>(s), "park-once start");
    started.push_back(std::move(*s));
  }
  const double start_ns = ns_since(start_all) / kTasks;
  const long rss_parked = status_kib("VmRSS"), pte_parked = status_kib("VmPTE");
  check(component::parked_task_count() == kTasks && held.size() == kTasks, "all tasks parked");
  const auto finish_all = std::chrono::steady_clock::now();
  for (auto& call : held) check(static_cast<bool>(call.resolve({Val(uint32_t{1})})), "resolve");
  check(static_cast<bool>(component::run_started_tasks()), "run_started_tasks");
  const double finish_ns = ns_since(finish_all) / kTasks;
  for (const auto& s : started) check(s.done() && static_cast<bool>(s.result()), "a parked task's result");
  const double rss_per_task = static_cast<double>(rss_parked - rss_before) * 1024.0 / kTasks;
  const double pte_per_task = static_cast<double>(pte_parked - pte_before) * 1024.0 / kTasks;

  std::printf("| call | ns per call | x its sync form |\n|---|---:|---:|\n");
  std::printf("| host -> guest, lifted sync (Func::call) | %.1f | 1.00 |\n", host_sync);
  std::printf("| host -> guest, lifted async, callback (Func::call) | %.1f | %.2f |\n", host_async,
              host_async / host_sync);
  std::printf("| guest -> host, lowered sync | %.1f | 1.00 |\n", guest_sync);
  std::printf("| guest -> host, async lowered async, plain host function | %.1f | %.2f |\n", guest_async_lowered,
              guest_async_lowered / guest_sync);
  std::printf("| guest -> host, async lowered async, async host function | %.1f | %.2f |\n", guest_async_host,
              guest_async_host / guest_sync);
  std::printf("| host -> guest, lifted async, stackful (Func::call) | %.1f | %.2f |\n", host_stackful,
              host_stackful / host_sync);
  std::printf("| stackful task: thread.yield (park + resume) | %.1f | |\n", per_yield);
  std::printf("| stackful task, one at a time: start, park on a host call, resolve, resume, exit | %.1f | |\n",
              one_at_a_time);
  std::printf("| stackful task, %zu at once: Func::start until parked (a fresh stack each) | %.1f | |\n", kTasks,
              start_ns);
  std::printf("| stackful task, %zu at once: resolve, resume, exit | %.1f | |\n", kTasks, finish_ns);
  std::printf("\n| %zu parked stackful tasks | bytes per task |\n|---|---:|\n", kTasks);
  std::printf("| resident memory (VmRSS) | %.0f |\n", rss_per_task);
  std::printf("| page tables (VmPTE) | %.0f |\n", pte_per_task);
  return 0;
}
