// Limits: binary size, linear memory (minimum and growth), live instances, tables.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "support.hpp"

namespace stratus {
namespace {

using test::ok;
using test::wasm_bytes;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The same limits with each allocation strategy.
std::vector<Engine> engines_with_memory_limit(uint64_t bytes) {
  Runtime pooled = ok(test::small_builder().max_linear_memory(bytes).build());
  EngineConfig config;
  config.limits.max_memory_bytes = bytes;
  return {pooled.engine(), ok(Engine::create(config))};
}

TEST(Limits, BinaryLargerThanMaxComponentSizeIsRefusedBeforeParsing) {
  Runtime runtime = ok(test::small_builder().max_component_size(8).build());
  const std::vector<uint8_t> garbage(9, 0xff);
  auto refused = runtime.compile(garbage);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind(), ErrorKind::Resource);  // not Malformed: it was never decoded
  EXPECT_TRUE(contains(refused.error().message(), "9 bytes")) << refused.error().message();
  EXPECT_TRUE(contains(refused.error().message(), "max_component_size (8 bytes)")) << refused.error().message();
  auto parsed = runtime.compile(std::span<const uint8_t>(garbage).first(8));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind(), ErrorKind::Malformed);
}

TEST(Limits, CompileFileReadsUnderMaxComponentSize) {
  const std::string path = std::string(STRATUS_RUNTIME_TEST_WASM_DIR) + "/grow.wasm";
  const uint64_t size = wasm_bytes("grow").size();
  Runtime exact = ok(test::small_builder().max_component_size(size).build());
  EXPECT_TRUE(exact.compile_file(path).ok());
  Runtime smaller = ok(test::small_builder().max_component_size(size - 1).build());
  auto refused = smaller.compile_file(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind(), ErrorKind::Resource);
  EXPECT_TRUE(contains(refused.error().message(), "larger than the " + std::to_string(size - 1) + "-byte limit"))
      << refused.error().message();
}

TEST(Limits, MemoryGrowStormNeverExceedsTheLimit) {
  for (const Engine& engine : engines_with_memory_limit(uint64_t{1} << 20)) {
    Module module = ok(Module::compile(engine, wasm_bytes("grow")));
    Store store(engine);
    Instance instance = ok(Linker(engine).instantiate(store, module));
    auto grow = ok(instance.get_func("grow")->typed<int32_t(int32_t)>());
    auto pages = ok(instance.get_func("pages")->typed<int32_t()>());
    int grown = 0;
    for (int i = 0; i < 200; ++i) {
      const int32_t old = ok(grow.call(store, 1));
      if (old >= 0) ++grown;
      EXPECT_LE(ok(pages.call(store)), 16);
    }
    EXPECT_EQ(grown, 15);  // 1 page to start, 16 pages = 1 MiB at most
    EXPECT_EQ(ok(grow.call(store, 0)), 16);
    EXPECT_EQ(ok(grow.call(store, 1 << 20)), -1);
    EXPECT_EQ(instance.get_memory("memory"), std::nullopt);  // not exported; the host cannot cheat either
  }
}

TEST(Limits, MinimumAboveTheLimitFailsNamingBothSizes) {
  for (const Engine& engine : engines_with_memory_limit(uint64_t{1} << 20)) {
    Module module = ok(Module::compile(engine, wasm_bytes("big_min")));
    Store store(engine);
    auto r = Linker(engine).instantiate(store, module);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind(), ErrorKind::Resource);
    EXPECT_TRUE(contains(r.error().message(), "32 pages (2 MiB)")) << r.error().message();
    EXPECT_TRUE(contains(r.error().message(), "16 pages (1 MiB)")) << r.error().message();
  }
}

TEST(Limits, LiveInstancesBeyondMaxComponentsFailUntilOneIsReleased) {
  Runtime runtime = ok(test::small_builder().max_components(3).build());
  const Engine& engine = runtime.engine();
  Module module = test::module_of(runtime.compile(wasm_bytes("data")));
  InstancePre pre = ok(Linker(engine).instantiate_pre(module));
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 3; ++i) {
    stores.push_back(std::make_unique<Store>(engine));
    ASSERT_TRUE(pre.instantiate(*stores.back()).ok());
  }
  EXPECT_EQ(engine.live_instances(), 3u);
  Store extra(engine);
  auto refused = pre.instantiate(extra);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind(), ErrorKind::Resource);
  EXPECT_TRUE(contains(refused.error().message(), "instance limit")) << refused.error().message();
  EXPECT_TRUE(contains(refused.error().message(), "max_components")) << refused.error().message();

  stores.pop_back();
  EXPECT_EQ(engine.live_instances(), 2u);
  Instance instance = ok(pre.instantiate(extra));
  EXPECT_EQ(ok(instance.get_func("peek")->typed<int32_t(int32_t)>()->call(extra, 16)), 'h');
}

TEST(Limits, HostKeepsWorkingAtTheInstanceLimit) {
  constexpr uint32_t kLimit = 200;
  Runtime runtime = ok(test::small_builder().max_components(kLimit).build());
  const Engine& engine = runtime.engine();
  InstancePre pre = ok(Linker(engine).instantiate_pre(test::module_of(runtime.compile(wasm_bytes("data")))));
  std::vector<std::unique_ptr<Store>> stores;
  std::vector<Instance> instances;
  for (uint32_t i = 0; i < kLimit; ++i) {
    stores.push_back(std::make_unique<Store>(engine));
    instances.push_back(ok(pre.instantiate(*stores.back())));
  }
  Store one_more(engine);
  EXPECT_FALSE(pre.instantiate(one_more).ok());
  EXPECT_FALSE(pre.instantiate(one_more).ok());  // and again: a refusal leaves nothing behind
  EXPECT_EQ(engine.live_instances(), kLimit);
  // Everything live still runs.
  for (uint32_t i = 0; i < kLimit; ++i)
    EXPECT_EQ(ok(instances[i].get_func("peek")->typed<int32_t(int32_t)>()->call(*stores[i], 16)), 'h');
  instances.clear();
  stores.clear();
  EXPECT_EQ(engine.live_instances(), 0u);
  Instance instance = ok(pre.instantiate(one_more));
  EXPECT_EQ(ok(instance.get_func("peek")->typed<int32_t(int32_t)>()->call(one_more, 70000)), 'w');
}

// The defaults as wasmCloud ships them: 10,000 live instances, each still running, then a
// clean refusal, then room again once one is gone.
TEST(Limits, TenThousandLiveInstancesThenACleanRefusal) {
  Runtime runtime = ok(RuntimeBuilder().on_warning([](std::string_view) {}).build());
  const Engine& engine = runtime.engine();
  ASSERT_EQ(runtime.settings().max_components, 10'000u);
  InstancePre pre = ok(Linker(engine).instantiate_pre(test::module_of(runtime.compile(wasm_bytes("table")))));
  std::vector<std::unique_ptr<Store>> stores;
  std::vector<Instance> instances;
  stores.reserve(10'000);
  instances.reserve(10'000);
  for (int i = 0; i < 10'000; ++i) {
    stores.push_back(std::make_unique<Store>(engine));
    instances.push_back(ok(pre.instantiate(*stores.back())));
  }
  Store one_more(engine);
  auto refused = pre.instantiate(one_more);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(contains(refused.error().message(), "instance limit")) << refused.error().message();
  for (int i = 0; i < 10'000; i += 997) {
    auto is_null = ok(instances[i].get_func("is_null")->typed<int32_t(int32_t)>());
    EXPECT_EQ(ok(is_null.call(*stores[i], 19)), 1) << i;
  }
  instances.pop_back();
  stores.pop_back();
  Instance instance = ok(pre.instantiate(one_more));
  EXPECT_EQ(ok(ok(instance.get_func("size")->typed<int32_t()>()).call(one_more)), 20);
}

TEST(Limits, PooledTablesAreLimitedToFifteenThousandElements) {
  Runtime runtime = ok(test::small_builder().build());
  if (!runtime.pooling()) GTEST_SKIP() << "no pool on this machine";
  Module module = test::module_of(runtime.compile(wasm_bytes("big_table")));
  Store store(runtime.engine());
  auto r = Linker(runtime.engine()).instantiate(store, module);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Resource);
  EXPECT_TRUE(contains(r.error().message(), "20000 elements")) << r.error().message();
  EXPECT_TRUE(contains(r.error().message(), "15000")) << r.error().message();
  EXPECT_EQ(runtime.engine().live_instances(), 0u);
}

TEST(Limits, CoreInstanceBudgetIsReadyForComponents) {
  Runtime runtime = ok(test::small_builder().max_core_instances_per_component(2).build());
  EXPECT_TRUE(runtime.check_core_instance_count(2).ok());
  auto over = runtime.check_core_instance_count(3);
  ASSERT_FALSE(over.ok());
  EXPECT_TRUE(contains(over.error().message(), "max_core_instances_per_component (2)"));
  // Component instantiation reads the budget from the engine's limits.
  EXPECT_EQ(runtime.engine().limits().max_core_instances_per_component, 2u);
}

TEST(Limits, ComponentsCompileUnderMaxComponentSize) {
  // The empty component: the preamble alone (magic, version 0x0d, layer 1).
  const std::vector<uint8_t> empty = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  Runtime runtime = ok(test::small_builder().build());
  EXPECT_TRUE(runtime.compile_component(empty).ok());
  // compile takes either kind and says which it made.
  EXPECT_TRUE(std::holds_alternative<component::Component>(ok(runtime.compile(empty))));
  EXPECT_TRUE(std::holds_alternative<Module>(ok(runtime.compile(wasm_bytes("grow")))));

  Runtime tiny = ok(test::small_builder().max_component_size(4).build());
  auto big = tiny.compile_component(empty);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind(), ErrorKind::Resource);
  EXPECT_TRUE(contains(big.error().message(), "max_component_size (4 bytes)")) << big.error().message();
  auto big_either = tiny.compile(empty);
  ASSERT_FALSE(big_either.ok());
  EXPECT_EQ(big_either.error().kind(), ErrorKind::Resource);
  EXPECT_TRUE(contains(big_either.error().message(), "max_component_size (4 bytes)")) << big_either.error().message();
}

// A component file through compile_file: a regular file, and a FIFO (read once, bounded).
TEST(Limits, CompileFileTakesComponentsUnderMaxComponentSize) {
  const std::vector<uint8_t> empty = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/runtime_empty_component.wasm";
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(empty.data()), 8);
  Runtime runtime = ok(test::small_builder().build());
  EXPECT_TRUE(std::holds_alternative<component::Component>(ok(runtime.compile_file(path))));
  auto refused = ok(test::small_builder().max_component_size(7).build()).compile_file(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind(), ErrorKind::Resource);

  const std::string fifo = dir + "/runtime_component_fifo";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    out.write(reinterpret_cast<const char*>(empty.data()), 8);
  });
  auto from_fifo = runtime.compile_file(fifo);
  writer.join();
  ::unlink(fifo.c_str());
  EXPECT_TRUE(from_fifo.ok() && std::holds_alternative<component::Component>(*from_fifo));
}

}  // namespace
}  // namespace stratus
