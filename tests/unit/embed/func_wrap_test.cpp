// Linker::func_wrap: host functions whose wasm type is deduced from their C++ signature.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <tuple>

#include "stratus/stratus.hpp"
#include "test_support.hpp"

namespace stratus {
namespace {

template <class F>
FuncType deduced(F) {
  return detail::HostSignature<F>::type();
}

int64_t twice(int64_t x) { return 2 * x; }

TEST(FuncWrap, DeducesTheWasmType) {
  using V = ValType;
  EXPECT_EQ(deduced([](int32_t, uint32_t) { return int32_t{0}; }), (FuncType{{V::I32, V::I32}, {V::I32}}));
  EXPECT_EQ(deduced([](int64_t, uint64_t, float, double) {}), (FuncType{{V::I64, V::I64, V::F32, V::F64}, {}}));
  EXPECT_EQ(deduced([](Caller&, float x) { return double{x}; }), (FuncType{{V::F32}, {V::F64}}));
  EXPECT_EQ(deduced([](const Caller&) { return std::tuple<int32_t, int64_t>{}; }), (FuncType{{}, {V::I32, V::I64}}));
  EXPECT_EQ(deduced([](uint32_t) -> Result<void> { return {}; }), (FuncType{{V::I32}, {}}));
  EXPECT_EQ(deduced([](uint32_t) -> Result<uint64_t> { return uint64_t{1}; }), (FuncType{{V::I32}, {V::I64}}));
  EXPECT_EQ(deduced([]() -> Result<std::tuple<float, float>> { return std::tuple<float, float>{}; }),
            (FuncType{{}, {V::F32, V::F32}}));
  EXPECT_EQ(deduced(&twice), (FuncType{{V::I64}, {V::I64}}));
  int state = 0;
  EXPECT_EQ(deduced([state](int32_t x) mutable { return state += x; }), (FuncType{{V::I32}, {V::I32}}));
}

class FuncWrapTest : public ::testing::Test {
 protected:
  void define_all() {
    ASSERT_TRUE(linker.func_wrap("host", "add_i32", [](int32_t a, int32_t b) { return a + b; }));
    ASSERT_TRUE(linker.func_wrap("host", "mix", [](int64_t a, float b, double c) { return double(a) * b + c; }));
    ASSERT_TRUE(linker.func_wrap("host", "divmod", [](uint32_t a, uint32_t b) {
      return std::tuple<uint32_t, uint32_t>{a / b, a % b};
    }));
    ASSERT_TRUE(linker.func_wrap("host", "note", [this](uint64_t x) { noted = x; }));
    ASSERT_TRUE(linker.func_wrap("host", "checked", [](int32_t x) -> Result<int32_t> {
      if (x < 0) return Error(ErrorKind::Host, "checked: negative input");
      if (x == 0) return Error(std::make_shared<Trap>(TrapKind::Exit, "exit", std::vector<Frame>{}, 7));
      return x + 1;
    }));
    ASSERT_TRUE(linker.func_wrap("host", "pages", [](Caller& caller) -> uint32_t {
      auto memory = caller.memory();
      return memory ? static_cast<uint32_t>(memory->pages()) : 0;
    }));
  }

  Engine engine;
  Store store{engine};
  Linker linker{engine};
  uint64_t noted = 0;
};

TEST_F(FuncWrapTest, ValuesTravelBothWays) {
  define_all();
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "host_typed")));
  auto add = test::expect_ok(inst.get_func("add_i32")->typed<int32_t(int32_t, int32_t)>());
  EXPECT_EQ(add.call(store, 40, -2).unwrap(), 38);
  auto mix = test::expect_ok(inst.get_func("mix")->typed<double(int64_t, float, double)>());
  EXPECT_EQ(mix.call(store, 3, 0.5f, 0.25).unwrap(), 1.75);
  auto divmod = test::expect_ok(inst.get_func("divmod")->typed<std::tuple<int32_t, int32_t>(int32_t, int32_t)>());
  EXPECT_EQ(divmod.call(store, 17, 5).unwrap(), std::make_tuple(3, 2));
  auto note = test::expect_ok(inst.get_func("note")->typed<void(int64_t)>());
  ASSERT_TRUE(note.call(store, -1));
  EXPECT_EQ(noted, UINT64_MAX);
  auto pages = test::expect_ok(inst.get_func("pages")->typed<int32_t()>());
  EXPECT_EQ(pages.call(store).unwrap(), 2);
}

TEST_F(FuncWrapTest, ErrorsFromTheCallableBecomeTraps) {
  define_all();
  Instance inst = test::expect_ok(linker.instantiate(store, test::load(engine, "host_typed")));
  auto checked = test::expect_ok(inst.get_func("checked")->typed<int32_t(int32_t)>());
  EXPECT_EQ(checked.call(store, 41).unwrap(), 42);

  auto host_error = checked.call(store, -5);
  ASSERT_FALSE(host_error);
  ASSERT_EQ(host_error.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(host_error.error().trap()->kind(), TrapKind::HostTrap);
  EXPECT_NE(host_error.error().message().find("checked: negative input"), std::string::npos)
      << host_error.error().message();

  auto exit = checked.call(store, 0);
  ASSERT_FALSE(exit);
  ASSERT_EQ(exit.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(exit.error().trap()->kind(), TrapKind::Exit);
  EXPECT_EQ(exit.error().trap()->exit_code(), 7);
}

TEST_F(FuncWrapTest, ADeducedTypeThatDoesNotMatchTheImportFailsToLink) {
  Linker wrong(engine);
  ASSERT_TRUE(wrong.func_wrap("host", "add_i32", [](int64_t a, int64_t b) { return a + b; }));
  auto r = wrong.instantiate(store, test::load(engine, "host_typed"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Link);
  EXPECT_NE(r.error().message().find("add_i32"), std::string::npos) << r.error().message();
}

TEST_F(FuncWrapTest, RedefiningIsAnErrorLikeDefineFunc) {
  ASSERT_TRUE(linker.func_wrap("host", "f", []() {}));
  EXPECT_FALSE(linker.func_wrap("host", "f", []() {}));
}

}  // namespace
}  // namespace stratus
