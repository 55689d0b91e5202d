// Pooled tables and instance state seen through the public API: wiped between tenants,
// held to the table limit, and never a reason to fail when a slot is too small.
#include <string>

#include "support.hpp"

namespace stratus {
namespace {

using test::ok;
using test::wasm_bytes;

int32_t call_i32(Store& store, const Instance& instance, const char* name, int32_t arg) {
  return ok(ok(instance.get_func(name)->typed<int32_t(int32_t)>()).call(store, arg));
}

void mark(Store& store, const Instance& instance, int32_t index) {
  ASSERT_TRUE(ok(instance.get_func("mark")->typed<void(int32_t)>()).call(store, index).ok());
}

// One slot, so every instance reuses the same table slot.
TEST(PooledTables, AReleasedSlotShowsNoReferenceOfThePreviousTenant) {
  Runtime runtime = ok(test::small_builder().max_components(1).force_pooling_allocator().build());
  InstancePre pre = ok(Linker(runtime.engine()).instantiate_pre(test::module_of(runtime.compile(wasm_bytes("table")))));
  for (int round = 0; round < 3; ++round) {
    Store store(runtime.engine());
    Instance instance = ok(pre.instantiate(store));
    EXPECT_EQ(ok(ok(instance.get_func("size")->typed<int32_t()>()).call(store)), 20) << round;
    EXPECT_EQ(call_i32(store, instance, "is_null", 5), 1) << round;
    ASSERT_EQ(call_i32(store, instance, "grow", 1980), 20) << round;
    EXPECT_EQ(call_i32(store, instance, "is_null", 1500), 1) << round;  // past 10 KiB kept resident
    EXPECT_EQ(call_i32(store, instance, "is_null", 1999), 1) << round;
    mark(store, instance, 5);
    mark(store, instance, 1500);
    mark(store, instance, 1999);
    EXPECT_EQ(call_i32(store, instance, "is_null", 1500), 0) << round;
  }
}

TEST(PooledTables, ATableGrowsNoFurtherThanFifteenThousandElements) {
  Runtime runtime = ok(test::small_builder().force_pooling_allocator().build());
  Store store(runtime.engine());
  Instance instance = ok(Linker(runtime.engine()).instantiate(store, test::module_of(runtime.compile(wasm_bytes("table")))));
  EXPECT_EQ(call_i32(store, instance, "grow", 15'000 - 20), 20);
  EXPECT_EQ(call_i32(store, instance, "grow", 1), -1);
  mark(store, instance, 14'999);
  EXPECT_EQ(call_i32(store, instance, "is_null", 14'999), 0);
}

// An engine whose table limit is above its slot size: a table that outgrows its slot
// continues on the heap with its elements.
TEST(PooledTables, ATableThatOutgrowsItsSlotKeepsItsElements) {
  EngineConfig config = test::small_pool_config();
  config.pooling.table_elements = 64;
  Engine engine = ok(Engine::create(config));
  Store store(engine);
  Instance instance = ok(Linker(engine).instantiate(store, ok(Module::compile(engine, wasm_bytes("table")))));
  mark(store, instance, 3);
  ASSERT_EQ(call_i32(store, instance, "grow", 40), 20);    // 60: in the slot
  mark(store, instance, 59);
  ASSERT_EQ(call_i32(store, instance, "grow", 940), 60);   // 1000: on the heap
  EXPECT_EQ(call_i32(store, instance, "is_null", 3), 0);
  EXPECT_EQ(call_i32(store, instance, "is_null", 59), 0);
  EXPECT_EQ(call_i32(store, instance, "is_null", 999), 1);
  Table table = *instance.get_table("table");
  EXPECT_EQ(table.size(), 1000u);
}

// Instance state that outgrows its slot (a tiny one here) continues on the heap.
TEST(PooledInstanceState, AStoreThatOutgrowsItsSlotKeepsWorking) {
  EngineConfig config = test::small_pool_config();
  config.pooling.instance_state_bytes = 4096;
  Engine engine = ok(Engine::create(config));
  Module module = ok(Module::compile(engine, wasm_bytes("table")));
  Store store(engine);
  std::vector<Instance> instances;
  for (int i = 0; i < 40; ++i) instances.push_back(ok(Linker(engine).instantiate(store, module)));
  for (int i = 0; i < 40; ++i) {
    mark(store, instances[i], i % 20);
    EXPECT_EQ(call_i32(store, instances[i], "is_null", i % 20), 0) << i;
  }
  // More Stores than state slots: the rest use the heap.
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 4; ++i) {
    auto& s = stores.emplace_back(std::make_unique<Store>(engine));
    Instance instance = ok(Linker(engine).instantiate(*s, module));
    EXPECT_EQ(call_i32(*s, instance, "is_null", 0), 1);
  }
}

}  // namespace
}  // namespace stratus
