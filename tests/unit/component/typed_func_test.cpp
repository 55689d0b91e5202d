// TypedFunc (stratus/component/typed_func.hpp) against a hand-written component
// (component-wat/typed.wat) whose exports lift a few core functions under every type TypedFunc
// maps: each C++ type round-trips, a mismatch is a clear error at typed(), a trap in the
// callee is a trap, post-return runs, and a guest's bad value traps.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/component/typed_func.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"

namespace typed_test {
struct Point {
  int32_t x = 0;
  int32_t y = 0;
  bool operator==(const Point&) const = default;
};
struct Triple {
  uint32_t a = 0, b = 0, c = 0;
  bool operator==(const Triple&) const = default;
};
enum class Color { Red, Green, Blue };
enum class Hue { Red, Green, Yellow };  // Color's shape with another name
using Shape = std::variant<float, uint32_t, std::monostate>;
}  // namespace typed_test

namespace stratus::component {
template <>
struct WitValue<typed_test::Point>
    : WitRecord<typed_test::Point, WitField<"x", &typed_test::Point::x>, WitField<"y", &typed_test::Point::y>> {};
template <>
struct WitValue<typed_test::Triple>
    : WitRecord<typed_test::Triple, WitField<"a", &typed_test::Triple::a>, WitField<"b", &typed_test::Triple::b>,
                WitField<"c", &typed_test::Triple::c>> {};
template <>
struct WitValue<typed_test::Color> : WitEnum<typed_test::Color, "red", "green", "blue"> {};
template <>
struct WitValue<typed_test::Hue> : WitEnum<typed_test::Hue, "red", "green", "yellow"> {};
template <>
struct WitValue<typed_test::Shape> : WitVariant<typed_test::Shape, "circle", "square", "none"> {};
}  // namespace stratus::component

namespace stratus::component {
namespace {

using namespace typed_test;
using Perms = FlagSet<"read", "write", "exec">;

// A TypedFunc comes only from Func::typed, which checks the signature.
static_assert(!std::is_constructible_v<TypedFunc<void()>, Func>);
static_assert(!std::is_default_constructible_v<TypedFunc<void()>>);

std::vector<uint8_t> read_wasm(const std::string& name) {
  std::ifstream in(std::string(STRATUS_COMPONENT_TEST_WASM_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct TypedFuncTest : ::testing::Test {
  void SetUp() override {
    auto c = Component::compile(engine, read_wasm("typed.wasm"));
    ASSERT_TRUE(c) << c.error().message();
    Linker linker(engine);
    auto i = linker.instantiate(store, *c);
    ASSERT_TRUE(i) << i.error().message();
    instance = *i;
  }
  template <class Sig>
  TypedFunc<Sig> typed(const char* name) {
    auto f = instance.get_func(name);
    EXPECT_TRUE(f) << name;
    auto t = f->typed<Sig>();
    EXPECT_TRUE(t) << name << ": " << t.error().message();
    return *t;
  }
  // What `name` gives back for `v` (a failed call fails the test and gives `v`).
  template <class T>
  T round_trip(const char* name, const T& v) {
    auto r = typed<T(T)>(name).call(store, v);
    EXPECT_TRUE(r) << name << ": " << r.error().message();
    return r ? *r : v;
  }

  Engine engine;
  Store store{engine};
  Instance instance;
};

TEST_F(TypedFuncTest, Numbers) {
  EXPECT_EQ(typed<uint32_t(uint32_t, uint32_t)>("add").call(store, 40, 2).unwrap(), 42u);
  EXPECT_EQ(round_trip<bool>("id-bool", true), true);
  EXPECT_EQ(round_trip<bool>("id-bool", false), false);
  EXPECT_EQ(round_trip<int8_t>("id-s8", -5), -5);
  EXPECT_EQ(round_trip<uint8_t>("id-u8", 250), 250);
  EXPECT_EQ(round_trip<int16_t>("id-s16", -30000), -30000);
  EXPECT_EQ(round_trip<uint16_t>("id-u16", 65000), 65000);
  EXPECT_EQ(round_trip<int32_t>("id-s32", -7), -7);
  EXPECT_EQ(round_trip<uint32_t>("id-u32", 0xFFFFFFFFu), 0xFFFFFFFFu);
  EXPECT_EQ(round_trip<int64_t>("id-s64", INT64_MIN), INT64_MIN);
  EXPECT_EQ(round_trip<uint64_t>("id-u64", UINT64_MAX), UINT64_MAX);
  EXPECT_EQ(round_trip<float>("id-f32", 1.5f), 1.5f);
  EXPECT_EQ(round_trip<double>("id-f64", -2.25), -2.25);
  // NaNs come back canonical, as the canonical ABI lifts them.
  const float nan32 = std::bit_cast<float>(0x7FA00001u);
  EXPECT_EQ(std::bit_cast<uint32_t>(round_trip<float>("id-f32", nan32)), 0x7FC00000u);
}

TEST_F(TypedFuncTest, CharsEnumsAndFlags) {
  EXPECT_EQ(round_trip<char32_t>("id-char", U'\U0001F600'), U'\U0001F600');
  EXPECT_EQ(round_trip<Color>("id-color", Color::Blue), Color::Blue);
  EXPECT_EQ(round_trip<Perms>("id-perms", Perms{0b101}), Perms{0b101});
}

TEST_F(TypedFuncTest, StringsAndLists) {
  const std::string s = "héllo, wörld";
  EXPECT_EQ(typed<std::string(std::string_view)>("echo").call(store, s).unwrap(), s);
  EXPECT_EQ(round_trip<std::string>("echo", ""), "");
  EXPECT_EQ(round_trip<std::vector<uint32_t>>("echo-list-u32", {1, 2, 0xFFFFFFFF}),
            (std::vector<uint32_t>{1, 2, 0xFFFFFFFF}));
  EXPECT_EQ(round_trip<std::vector<std::string>>("echo-list-string", {"a", "", "ccc"}),
            (std::vector<std::string>{"a", "", "ccc"}));
  EXPECT_EQ(round_trip<std::vector<Point>>("echo-points", {{1, -1}, {2, -2}}), (std::vector<Point>{{1, -1}, {2, -2}}));
}

TEST_F(TypedFuncTest, RecordsTuplesOptionsResultsVariants) {
  EXPECT_EQ(round_trip<Point>("id-point", Point{3, -4}), (Point{3, -4}));
  EXPECT_EQ(round_trip<Triple>("id-triple", Triple{1, 2, 3}), (Triple{1, 2, 3}));
  EXPECT_EQ(round_trip<std::optional<uint32_t>>("id-option", 7u), std::optional<uint32_t>(7));
  EXPECT_EQ(round_trip<std::optional<uint32_t>>("id-option", std::nullopt), std::nullopt);
  EXPECT_EQ(round_trip<std::optional<std::string>>("id-option-string", "some"), std::optional<std::string>("some"));
  using R = bindings::WitResult<uint32_t, std::string>;
  EXPECT_EQ(round_trip<R>("id-result", R::ok(5u)), R::ok(5u));
  EXPECT_EQ(round_trip<R>("id-result", R::err("bad")), R::err("bad"));
  using U = bindings::WitResult<std::monostate, uint32_t>;
  EXPECT_EQ(round_trip<U>("id-result-unit", U::ok()), U::ok());
  EXPECT_EQ(round_trip<U>("id-result-unit", U::err(9u)), U::err(9u));
  using T = std::tuple<uint8_t, uint64_t>;
  EXPECT_EQ(round_trip<T>("id-tuple", T{200, UINT64_MAX - 1}), (T{200, UINT64_MAX - 1}));
  EXPECT_EQ(round_trip<Shape>("id-shape", Shape(2.5f)), Shape(2.5f));
  EXPECT_EQ(round_trip<Shape>("id-shape", Shape(std::in_place_index<1>, 8u)), Shape(std::in_place_index<1>, 8u));
  EXPECT_EQ(round_trip<Shape>("id-shape", Shape(std::monostate{})), Shape(std::monostate{}));
}

TEST_F(TypedFuncTest, SpilledParams) {
  using U = uint32_t;
  auto f = typed<U(U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U)>("sum17");
  EXPECT_EQ(f.call(store, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17).unwrap(), 153u);
}

TEST_F(TypedFuncTest, AMismatchIsAnErrorNamingIt) {
  auto echo = instance.get_func("echo");
  auto wrong = echo->typed<uint32_t(uint32_t)>();
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind(), ErrorKind::Argument);
  EXPECT_EQ(wrong.error().message(),
            "typed(): function \"echo\" has type func(s: string) -> string: parameter 1 (`s`) is `string`, not the C++ "
            "type's `u32`");
  auto arity = instance.get_func("add")->typed<uint32_t(uint32_t)>();
  ASSERT_FALSE(arity);
  EXPECT_NE(arity.error().message().find("the C++ signature has 1 parameter(s), not 2"), std::string::npos);
  auto result = instance.get_func("add")->typed<void(uint32_t, uint32_t)>();
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("the C++ signature returns void"), std::string::npos);
  // Names are part of the type.
  auto hue = instance.get_func("id-color")->typed<Hue(Hue)>();
  ASSERT_FALSE(hue);
  EXPECT_NE(hue.error().message().find("is `enum { red, green, blue }`, not the C++ type's `enum { red, green, yellow }`"),
            std::string::npos);
  auto point = instance.get_func("id-point")->typed<Triple(Triple)>();
  ASSERT_FALSE(point);
  EXPECT_NE(point.error().message().find("not the C++ type's `record { a: u32, b: u32, c: u32 }`"), std::string::npos);
  auto list = instance.get_func("echo-list-u32")->typed<std::vector<uint32_t>(std::vector<int32_t>)>();
  ASSERT_FALSE(list);
  EXPECT_NE(list.error().message().find("is `list<u32>`, not the C++ type's `list<s32>`"), std::string::npos);
}

TEST_F(TypedFuncTest, PostReturnRunsAfterEachCall) {
  auto count = typed<uint32_t()>("post-returns");
  EXPECT_EQ(count.call(store).unwrap(), 0u);
  auto echo = typed<std::string(std::string)>("echo");
  EXPECT_EQ(echo.call(store, "a").unwrap(), "a");
  EXPECT_EQ(echo.call(store, "b").unwrap(), "b");
  EXPECT_EQ(count.call(store).unwrap(), 2u);
}

TEST_F(TypedFuncTest, ATrapInTheCalleeIsATrapAndPoisonsTheInstance) {
  auto boom = typed<void()>("boom");
  auto r = boom.call(store);
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().kind(), ErrorKind::Trap);
  EXPECT_EQ(r.error().trap()->kind(), TrapKind::Unreachable);
  auto again = typed<uint32_t(uint32_t, uint32_t)>("add").call(store, 1, 2);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().trap()->kind(), TrapKind::CannotEnterComponent);
}

TEST_F(TypedFuncTest, AGuestsBadValueTraps) {
  auto c = typed<char32_t(uint32_t)>("u32-as-char").call(store, 0xD800);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().trap()->kind(), TrapKind::CanonicalAbi);
  EXPECT_NE(c.error().message().find("invalid char 0xd800"), std::string::npos);
}

TEST_F(TypedFuncTest, EachCharOfAListIsChecked) {
  auto f = typed<std::vector<char32_t>(std::vector<uint32_t>)>("u32s-as-chars");
  EXPECT_EQ(f.call(store, {0x41, 0x1F600}).unwrap(), (std::vector<char32_t>{U'A', U'\U0001F600'}));
  auto bad = f.call(store, {0x41, 0x110000});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().trap()->kind(), TrapKind::CanonicalAbi);
  EXPECT_NE(bad.error().message().find("invalid char 0x110000"), std::string::npos);
}

TEST_F(TypedFuncTest, ACallWithAnotherStoreIsRefusedAndLeavesTheInstanceUsable) {
  auto add = typed<uint32_t(uint32_t, uint32_t)>("add");
  Store other(engine);
  auto r = add.call(other, 1, 2);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Argument);
  EXPECT_EQ(add.call(store, 1, 2).unwrap(), 3u);
}

TEST_F(TypedFuncTest, AnOutOfBoundsStringTraps) {
  auto s = typed<std::string()>("bad-string").call(store);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().trap()->kind(), TrapKind::CanonicalAbi);
}

TEST_F(TypedFuncTest, AHostValueThatDoesNotFitIsAnArgumentErrorAndTheInstanceStaysUsable) {
  auto c = typed<char32_t(char32_t)>("id-char").call(store, static_cast<char32_t>(0xDFFF));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind(), ErrorKind::Argument);
  auto flags = typed<Perms(Perms)>("id-perms").call(store, Perms{0b1000});
  ASSERT_FALSE(flags);
  EXPECT_EQ(flags.error().kind(), ErrorKind::Argument);
  EXPECT_EQ(typed<uint32_t(uint32_t, uint32_t)>("add").call(store, 1, 2).unwrap(), 3u);
}

}  // namespace
}  // namespace stratus::component
