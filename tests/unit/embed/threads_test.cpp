#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

// One Engine and Module, one Store per thread: the supported way to run in parallel.
TEST(Threads, StoresOnDifferentThreadsRunConcurrently) {
  Engine engine;
  Module module = test::load(engine, "loop");
  constexpr int kThreads = 4;
  std::vector<int64_t> sums(kThreads, -1);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store store(engine);
      auto inst = Linker(engine).instantiate(store, module);
      if (!inst) {
        errors[t] = inst.error().message();
        return;
      }
      auto sum = inst->get_func("sum")->typed<int64_t(int32_t)>();
      if (!sum) {
        errors[t] = sum.error().message();
        return;
      }
      int64_t total = 0;
      for (int round = 0; round < 20; ++round) {
        auto r = sum->call(store, 100000 + t);
        if (!r) {
          errors[t] = r.error().message();
          return;
        }
        total = *r;
      }
      sums[t] = total;
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(errors[t], "") << "thread " << t;
    const int64_t n = 100000 + t;
    EXPECT_EQ(sums[t], n * (n - 1) / 2) << "thread " << t;
  }
}

}  // namespace
}  // namespace stratus
