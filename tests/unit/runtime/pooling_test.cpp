// The pool: copy-on-write images, wiping on release, warm slots, InstancePre, fallback.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "../under_asan.hpp"
#include "support.hpp"

namespace stratus {
namespace {

using test::ok;
using test::wasm_bytes;

int32_t peek(Store& store, const Instance& instance, int32_t address) {
  return ok(ok(instance.get_func("peek")->typed<int32_t(int32_t)>()).call(store, address));
}

void poke(Store& store, const Instance& instance, int32_t address, int32_t value) {
  ASSERT_TRUE(ok(instance.get_func("poke")->typed<void(int32_t, int32_t)>()).call(store, address, value).ok());
}

TEST(Pooling, SmallRuntimeUsesThePool) {
  Runtime runtime = ok(test::small_builder().force_pooling_allocator().build());
  EXPECT_TRUE(runtime.pooling());
  EXPECT_EQ(runtime.engine().allocation(), InstanceAllocation::Pooling);
}

TEST(Pooling, DataSegmentsAreVisibleThroughTheImage) {
  Runtime runtime = ok(test::small_builder().build());
  Module module = test::module_of(runtime.compile(wasm_bytes("data")));
  Store store(runtime.engine());
  Instance instance = ok(Linker(runtime.engine()).instantiate(store, module));
  EXPECT_EQ(peek(store, instance, 16), 'h');
  EXPECT_EQ(peek(store, instance, 20), 'o');
  EXPECT_EQ(peek(store, instance, 70000), 'w');
  EXPECT_EQ(peek(store, instance, 15), 0);
  EXPECT_EQ(peek(store, instance, 131071), 0);
}

// One slot, so every instance reuses it: nothing the previous tenant wrote may show.
TEST(Pooling, AReleasedSlotShowsNothingOfThePreviousTenant) {
  Runtime runtime = ok(test::small_builder().max_components(1).force_pooling_allocator().build());
  const Engine& engine = runtime.engine();
  InstancePre pre = ok(Linker(engine).instantiate_pre(test::module_of(runtime.compile(wasm_bytes("data")))));
  for (int round = 0; round < 3; ++round) {
    Store store(engine);
    Instance instance = ok(pre.instantiate(store));
    EXPECT_EQ(peek(store, instance, 16), 'h') << round;     // the image, restored
    EXPECT_EQ(peek(store, instance, 100), 0) << round;      // within keep-resident: memset
    EXPECT_EQ(peek(store, instance, 60000), 0) << round;    // past keep-resident: madvise
    EXPECT_EQ(peek(store, instance, 70000), 'w') << round;
    EXPECT_EQ(instance.get_memory("memory")->pages(), 2u) << round;
    poke(store, instance, 16, 'X');
    poke(store, instance, 100, 1);
    poke(store, instance, 60000, 2);
    poke(store, instance, 70000, 3);
    ASSERT_EQ(ok(instance.get_func("grow")->typed<int32_t(int32_t)>()->call(store, 3)), 2);
    poke(store, instance, 200000, 4);  // in the grown part
  }
}

// Slots are reset in batches: with a batch of 2 and two slots, some releases reset at once,
// others wait and are reset when the next instance finds no free slot. Either way nothing of
// the previous tenant shows.
TEST(Pooling, BatchedResetsShowNothingOfThePreviousTenant) {
  EngineConfig config = test::small_pool_config();
  config.pooling.decommit_batch = 2;
  Engine engine = ok(Engine::create(config));
  InstancePre pre = ok(Linker(engine).instantiate_pre(ok(Module::compile(engine, wasm_bytes("data")))));
  for (int round = 0; round < 6; ++round) {
    std::vector<std::unique_ptr<Store>> stores;
    for (int live = 0; live <= round % 2; ++live) {
      Store& store = *stores.emplace_back(std::make_unique<Store>(engine));
      Instance instance = ok(pre.instantiate(store));
      EXPECT_EQ(peek(store, instance, 16), 'h') << round;
      EXPECT_EQ(peek(store, instance, 100), 0) << round;
      EXPECT_EQ(peek(store, instance, 60000), 0) << round;
      EXPECT_EQ(peek(store, instance, 70000), 'w') << round;
      poke(store, instance, 16, 'X');
      poke(store, instance, 100, 1);
      poke(store, instance, 60000, 2);
      poke(store, instance, 70000, 3);
    }
  }
}

TEST(Pooling, DecommitBatchOutsideOneToSixtyFourIsAConfigError) {
  EngineConfig config = test::small_pool_config();
  for (uint32_t batch : {0u, 65u}) {
    config.pooling.decommit_batch = batch;
    auto engine = Engine::create(config);
    ASSERT_FALSE(engine.ok()) << batch;
    EXPECT_EQ(engine.error().kind(), ErrorKind::Config);
  }
}

TEST(Pooling, ASlotNeverShowsAnotherModulesImage) {
  Runtime runtime = ok(test::small_builder().max_components(1).force_pooling_allocator().build());
  const Engine& engine = runtime.engine();
  InstancePre first = ok(Linker(engine).instantiate_pre(test::module_of(runtime.compile(wasm_bytes("data")))));
  InstancePre second = ok(Linker(engine).instantiate_pre(test::module_of(runtime.compile(wasm_bytes("other_data")))));
  for (int round = 0; round < 2; ++round) {
    {
      Store store(engine);
      Instance instance = ok(first.instantiate(store));
      EXPECT_EQ(peek(store, instance, 16), 'h');
      EXPECT_EQ(peek(store, instance, 70000), 'w');
    }
    {
      Store store(engine);
      Instance instance = ok(second.instantiate(store));
      EXPECT_EQ(peek(store, instance, 16), 'H');
      EXPECT_EQ(peek(store, instance, 70000), 0);
    }
  }
}

TEST(Pooling, ModuleRecompiledAtARecycledAddressGetsItsOwnImage) {
  Runtime runtime = ok(test::small_builder().max_components(2).build());
  const Engine& engine = runtime.engine();
  for (int round = 0; round < 20; ++round) {
    const bool hello = round % 2 == 0;
    Module module = test::module_of(runtime.compile(wasm_bytes(hello ? "data" : "other_data")));
    Store store(engine);
    Instance instance = ok(Linker(engine).instantiate(store, module));
    EXPECT_EQ(peek(store, instance, 16), hello ? 'h' : 'H') << round;
  }
}

TEST(InstancePre, InstantiatesConcurrentlyWithHostFunctions) {
  Runtime runtime = ok(test::small_builder().max_components(16).build());
  const Engine& engine = runtime.engine();
  Linker linker(engine);
  ASSERT_TRUE(linker
                  .define_func("env", "twice", FuncType{{ValType::I32}, {ValType::I32}},
                               [](Caller&, std::span<const Val> params, std::span<Val> results) -> Result<void> {
                                 results[0] = Val::i32(params[0].i32() * 2);
                                 return {};
                               })
                  .ok());
  InstancePre pre = ok(linker.instantiate_pre(test::module_of(runtime.compile(wasm_bytes("host_call")))));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        Store store(engine);
        auto instance = pre.instantiate(store);
        if (!instance) {
          ++failures;
          continue;
        }
        auto result = instance->get_func("run")->typed<int32_t(int32_t)>()->call(store, t * 1000 + i);
        if (!result || *result != 2 * (t * 1000 + i)) ++failures;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(engine.live_instances(), 0u);
}

// Instances point at the InstancePre's host callables: a Store must keep them alive after
// the InstancePre and the Linker are gone.
TEST(InstancePre, ItsHostFunctionsOutliveIt) {
  Runtime runtime = ok(test::small_builder().build());
  const Engine& engine = runtime.engine();
  Store store(engine);
  std::optional<Instance> instance;
  {
    Linker linker(engine);
    auto factor = std::make_shared<int>(3);
    ASSERT_TRUE(linker
                    .define_func("env", "twice", FuncType{{ValType::I32}, {ValType::I32}},
                                 [factor](Caller&, std::span<const Val> params, std::span<Val> results) -> Result<void> {
                                   results[0] = Val::i32(params[0].i32() * *factor);
                                   return {};
                                 })
                    .ok());
    InstancePre pre = ok(linker.instantiate_pre(test::module_of(runtime.compile(wasm_bytes("host_call")))));
    instance = ok(pre.instantiate(store));
    instance = ok(pre.instantiate(store));  // a second instance from the same InstancePre
  }
  EXPECT_EQ(ok(ok(instance->get_func("run")->typed<int32_t(int32_t)>()).call(store, 7)), 21);
}

TEST(InstancePre, RefusesImportsBoundToOneStore) {
  Runtime runtime = ok(test::small_builder().build());
  const Engine& engine = runtime.engine();
  Store store(engine);
  Linker linker(engine);
  Func twice = Func::wrap(store, FuncType{{ValType::I32}, {ValType::I32}},
                          [](Caller&, std::span<const Val>, std::span<Val>) -> Result<void> { return {}; });
  ASSERT_TRUE(linker.define("env", "twice", twice).ok());
  auto pre = linker.instantiate_pre(test::module_of(runtime.compile(wasm_bytes("host_call"))));
  ASSERT_FALSE(pre.ok());
  EXPECT_NE(pre.error().message().find("define_func"), std::string::npos) << pre.error().message();
  auto missing = Linker(engine).instantiate_pre(test::module_of(runtime.compile(wasm_bytes("host_call"))));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("unknown import: \"env\" \"twice\""), std::string::npos);
}

// Runs `body` in a child process whose address space is capped at `bytes`; returns its exit status.
template <class Body>
int in_small_address_space(uint64_t bytes, Body body) {
  const pid_t pid = fork();
  if (pid == 0) {
    rlimit limit{bytes, bytes};
    if (setrlimit(RLIMIT_AS, &limit) != 0) _exit(90);
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

TEST(Pooling, FallsBackToOnDemandWhenThePoolCannotBeHad) {
#ifdef STRATUS_TEST_ASAN
  GTEST_SKIP() << "ASan's shadow memory needs more address space than the limit allows";
#else
  const int status = in_small_address_space(uint64_t{16} << 30, [] {
    std::string warning;
    auto runtime = RuntimeBuilder().on_warning([&](std::string_view w) { warning = w; }).build();
    if (!runtime) return 1;
    if (runtime->pooling()) return 2;
    // The warning names the size it tried.
    if (warning.find("TiB") == std::string::npos || warning.find("on-demand") == std::string::npos) return 3;
    const Engine& engine = runtime->engine();
    auto module = runtime->compile(wasm_bytes("data"));
    if (!module) return 4;
    Store store(engine);
    auto instance = Linker(engine).instantiate(store, std::get<Module>(*module));
    if (!instance) return 5;
    auto peeked = instance->get_func("peek")->typed<int32_t(int32_t)>()->call(store, 16);
    return peeked && *peeked == 'h' ? 0 : 6;
  });
  EXPECT_EQ(status, 0);
#endif
}

TEST(Pooling, ForcedPoolingFailsWithTheSizeItTried) {
#ifdef STRATUS_TEST_ASAN
  GTEST_SKIP() << "ASan's shadow memory needs more address space than the limit allows";
#else
  const int status = in_small_address_space(uint64_t{16} << 30, [] {
    bool warned = false;
    auto runtime = RuntimeBuilder().force_pooling_allocator().on_warning([&](std::string_view) { warned = true; }).build();
    if (runtime) return 1;
    if (runtime.error().kind() != ErrorKind::Resource) return 2;
    const std::string& message = runtime.error().message();
    if (message.find("force_pooling_allocator") == std::string::npos) return 3;
    if (message.find("10000 slots") == std::string::npos || message.find("TiB") == std::string::npos) return 4;
    return warned ? 5 : 0;
  });
  EXPECT_EQ(status, 0);
#endif
}

}  // namespace
}  // namespace stratus
