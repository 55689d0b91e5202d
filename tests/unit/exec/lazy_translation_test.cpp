// Functions are translated on their first call, once, whichever thread or Store calls first;
// an instance makes a function's FuncInst on its first use.
#include <thread>
#include <vector>

#include "embed/api_access.hpp"
#include "embed/compiled_module.hpp"
#include "embed/store_impl.hpp"
#include "exec/interp/code.hpp"
#include "exec/translate.hpp"
#include "exec_test_support.hpp"

namespace stratus::exec_test {
namespace {

// Defined function indices of lazy.wat (no imports).
constexpr uint32_t kDouble = 0, kNeverCalled = 1, kCallsDouble = 2, kFib = 4;

const exec::ModuleCode& code_of(const Module& module) { return *detail::impl(module).code; }
bool translated(const Module& module, uint32_t defined_index) {
  return code_of(module).funcs[defined_index].translated();
}

TEST(LazyTranslation, NothingIsTranslatedBeforeItsFirstCall) {
  Fixture f("lazy");
  f.instantiate();
  for (uint32_t i = 0; i < code_of(*f.module).func_count; ++i) EXPECT_FALSE(translated(*f.module, i)) << i;
}

TEST(LazyTranslation, ACallTranslatesTheCalleeAndNothingElse) {
  Fixture f("lazy");
  f.instantiate();
  EXPECT_EQ(Fixture::must(f.call("calls_double", {i32(21)}))[0].i32(), 42);
  EXPECT_TRUE(translated(*f.module, kCallsDouble));
  EXPECT_TRUE(translated(*f.module, kDouble));
  EXPECT_FALSE(translated(*f.module, kNeverCalled));
  EXPECT_FALSE(translated(*f.module, kFib));
  // The second call takes the translated path and gives the same answer.
  EXPECT_EQ(Fixture::must(f.call("calls_double", {i32(5)}))[0].i32(), 10);
}

TEST(LazyTranslation, CallIndirectTranslatesTheTableElementItReaches) {
  Fixture f("lazy");
  f.instantiate();
  EXPECT_EQ(Fixture::must(f.call("indirect", {i32(7), i32(1)}))[0].i32(), 7);
  EXPECT_TRUE(translated(*f.module, kNeverCalled));
  EXPECT_FALSE(translated(*f.module, kDouble));
  EXPECT_EQ(Fixture::must(f.call("indirect", {i32(7), i32(0)}))[0].i32(), 14);
  EXPECT_TRUE(translated(*f.module, kDouble));
}

TEST(LazyTranslation, TranslatedCodeKnowsItsFunctionAndSource) {
  Fixture f("lazy");
  f.instantiate();
  EXPECT_EQ(Fixture::must(f.call("fib", {i32(10)}))[0].i32(), 55);
  const exec::CompiledFunc& fib = code_of(*f.module).funcs[kFib];
  EXPECT_EQ(fib.func_index, kFib);
  EXPECT_EQ(fib.module_code, &code_of(*f.module));
  EXPECT_GT(fib.code_slots, 0u);
  EXPECT_GT(fib.frame_cells, 0u);
  EXPECT_FALSE(fib.pc_map().empty());
  EXPECT_GT(fib.wasm_offset_at(fib.code), 0u);
}

TEST(LazyTranslation, RunawayRecursionStillExhaustsTheStack) {
  Fixture f("lazy");
  f.instantiate();
  auto trap = f.trap_of("runaway", {i32(0)});
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind(), TrapKind::CallStackExhausted);
}

TEST(LazyTranslation, TranslateAllTranslatesEveryFunction) {
  Fixture f("lazy");
  ASSERT_TRUE(exec::translate_all(code_of(*f.module)));
  for (uint32_t i = 0; i < code_of(*f.module).func_count; ++i) EXPECT_TRUE(translated(*f.module, i)) << i;
  f.instantiate();
  EXPECT_EQ(Fixture::must(f.call("fib", {i32(15)}))[0].i32(), 610);
}

TEST(LazyFuncInsts, AnInstanceMakesAFunctionOnItsFirstUse) {
  Fixture f("lazy");
  f.instantiate();
  const exec::ModuleInst& inst = detail::impl(f.store).instances.back();
  ASSERT_EQ(inst.func_count, code_of(*f.module).func_count);
  // The active element segment took $double and $never_called; nothing took $fib yet.
  EXPECT_NE(inst.defined_funcs[kDouble].type, nullptr);
  EXPECT_NE(inst.defined_funcs[kNeverCalled].type, nullptr);
  EXPECT_EQ(inst.defined_funcs[kFib].type, nullptr);
  auto fib = f.instance.get_func("fib");
  ASSERT_TRUE(fib);
  const exec::FuncInst& made = inst.defined_funcs[kFib];
  EXPECT_EQ(made.instance, &inst);
  EXPECT_EQ(made.code, &code_of(*f.module).funcs[kFib]);
  EXPECT_EQ(made.type, inst.types[0]);  // $unary
  EXPECT_EQ(inst.func(kFib), &made);   // made once
  EXPECT_EQ(Fixture::must(f.call("fib", {i32(7)}))[0].i32(), 13);
}

// Many Stores on many threads make the first calls of one shared module at once: each
// function is translated by one of them and every caller sees the finished code.
TEST(LazyTranslation, ConcurrentFirstCallsOfASharedModule) {
  for (int round = 0; round < 20; ++round) {
    Engine engine;
    Module module = Fixture::must(Module::from_file(engine, wasm_path("lazy")));
    constexpr int kThreads = 4;
    std::vector<int32_t> results(kThreads * 3, -1);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Store store(engine);
        auto inst = Linker(engine).instantiate(store, module);
        if (!inst) return;
        auto call = [&](const char* name, std::vector<Val> args) -> int32_t {
          auto r = inst->get_func(name)->call(store, args);
          return r ? (*r)[0].i32() : -2;
        };
        results[t * 3] = call("fib", {i32(12)});
        results[t * 3 + 1] = call("calls_double", {i32(t)});
        results[t * 3 + 2] = call("indirect", {i32(t), i32(t % 2)});
      });
    }
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(results[t * 3], 144) << "thread " << t;
      EXPECT_EQ(results[t * 3 + 1], 2 * t) << "thread " << t;
      EXPECT_EQ(results[t * 3 + 2], t % 2 ? t : 2 * t) << "thread " << t;
    }
  }
}

}  // namespace
}  // namespace stratus::exec_test
