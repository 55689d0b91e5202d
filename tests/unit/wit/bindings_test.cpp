// The conversions of stratus/component/bindings.hpp for the types every binding shares:
// primitives, string, list, option, result, tuple, handles, and the HostFunc adapter; and
// bindings_async.hpp's stream and future ends.
#include "stratus/component/bindings.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "stratus/component/bindings_async.hpp"
#include "stratus/engine.hpp"
#include "stratus/store.hpp"

namespace {

using stratus::ErrorKind;
using stratus::component::FutureHandle;
using stratus::component::ResourceHandle;
using stratus::component::StreamHandle;
using stratus::component::Val;
using stratus::component::ValBox;
namespace bindings = stratus::component::bindings;

struct Thing {
  static constexpr std::string_view kWitName = "test:x/y.thing";
};

class BindingsTest : public ::testing::Test {
 protected:
  template <class T>
  void round_trip(const T& value) {
    auto v = bindings::to_val(cx, value);
    ASSERT_TRUE(v.ok()) << v.error().message();
    auto back = bindings::from_val<T>(cx, *v);
    ASSERT_TRUE(back.ok()) << back.error().message();
    EXPECT_EQ(*back, value);
  }
  template <class T>
  std::string mismatch(const Val& v) {
    auto r = bindings::from_val<T>(cx, v);
    EXPECT_FALSE(r.ok());
    if (r.ok()) return "";
    EXPECT_EQ(r.error().kind(), ErrorKind::Argument);
    return r.error().message();
  }

  stratus::Engine engine;
  stratus::Store store{engine};
  bindings::ResourceTypes types;
  bindings::Context cx{store, types};
};

TEST_F(BindingsTest, PrimitivesRoundTripAsTheirOwnKind) {
  round_trip(true);
  round_trip(int8_t{-5});
  round_trip(uint8_t{250});
  round_trip(int16_t{-30000});
  round_trip(uint16_t{65000});
  round_trip(int32_t{-7});
  round_trip(uint32_t{4000000000u});
  round_trip(int64_t{-1});
  round_trip(uint64_t{~0ull});
  round_trip(1.5f);
  round_trip(-2.25);
  round_trip(char32_t{0x1F600});
  round_trip(std::string("héllo"));
  EXPECT_TRUE(bindings::to_val(cx, uint8_t{7})->is<uint8_t>());
}

TEST_F(BindingsTest, APrimitiveOfAnotherKindIsAnError) {
  EXPECT_EQ(mismatch<uint32_t>(Val(int32_t{1})), "expected a `u32`, found a `s32` value");
  EXPECT_EQ(mismatch<std::string>(Val(true)), "expected a `string`, found a `bool` value");
  EXPECT_EQ(mismatch<bool>(Val(Val::List{})), "expected a `bool`, found a `list` value");
  EXPECT_EQ(mismatch<uint64_t>(Val(ResourceHandle{})), "expected a `u64`, found a `resource` value");
}

TEST_F(BindingsTest, ACharMustBeAUnicodeScalarValue) {
  EXPECT_EQ(mismatch<char32_t>(Val(char32_t{0xD800})), "a `char` must be a Unicode scalar value, not U+D800");
  EXPECT_EQ(mismatch<char32_t>(Val(char32_t{0x110000})), "a `char` must be a Unicode scalar value, not U+110000");
  EXPECT_FALSE(bindings::to_val(cx, char32_t{0xDFFF}).ok());
}

TEST_F(BindingsTest, ListsOptionsTuplesRoundTrip) {
  round_trip(std::vector<uint8_t>{1, 2, 3});
  round_trip(std::vector<std::string>{});
  round_trip(std::optional<uint32_t>{});
  round_trip(std::optional<std::optional<uint32_t>>{std::optional<uint32_t>{}});
  round_trip(std::tuple<uint16_t, std::string, bool>{9, "x", false});
  round_trip(std::vector<std::tuple<std::string, std::string>>{{"a", "b"}, {"c", "d"}});
}

TEST_F(BindingsTest, ANestedMismatchSaysWhere) {
  Val list(Val::List{{Val(uint8_t{1}), Val(int8_t{2})}});
  EXPECT_EQ(mismatch<std::vector<uint8_t>>(list), "element 1: expected a `u8`, found a `s8` value");
  Val some(Val::Option{ValBox(Val("s"))});
  EXPECT_EQ(mismatch<std::optional<uint32_t>>(some), "some: expected a `u32`, found a `string` value");
  EXPECT_EQ(mismatch<std::optional<uint32_t>>(Val(uint32_t{1})), "expected an `option`, found a `u32` value");
}

TEST_F(BindingsTest, ATupleOfAnotherLengthIsAnError) {
  Val two(Val::Tuple{{Val(uint32_t{1}), Val(uint32_t{2})}});
  EXPECT_EQ((mismatch<std::tuple<uint32_t, uint32_t, uint32_t>>(two)),
            "expected a `tuple` of 3 elements, found 2");
  EXPECT_EQ((mismatch<std::tuple<uint32_t, std::string>>(two)),
            "element 1: expected a `string`, found a `u32` value");
}

TEST_F(BindingsTest, ResultsRoundTripWithAndWithoutPayloads) {
  using Both = bindings::WitResult<std::string, std::string>;
  round_trip(Both::ok("fine"));
  round_trip(Both::err("bad"));
  using Neither = bindings::WitResult<std::monostate, std::monostate>;
  round_trip(Neither::ok());
  round_trip(Neither::err());
  auto v = bindings::to_val(cx, bindings::WitResult<std::monostate, uint32_t>::err(5u));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, Val(Val::Result{false, ValBox(Val(uint32_t{5}))}));
  EXPECT_EQ(*bindings::to_val(cx, Neither::ok()), Val(Val::Result{true, {}}));
}

TEST_F(BindingsTest, AResultPayloadMustMatchItsType) {
  using R = bindings::WitResult<std::monostate, uint32_t>;
  EXPECT_EQ(mismatch<R>(Val(Val::Result{true, ValBox(Val(uint32_t{1}))})),
            "expected a `result` whose ok has no payload");
  EXPECT_EQ(mismatch<R>(Val(Val::Result{false, {}})), "expected a `result` whose err has a payload");
  EXPECT_EQ(mismatch<R>(Val(Val::Result{false, ValBox(Val(true))})), "err: expected a `u32`, found a `bool` value");
  EXPECT_EQ(mismatch<R>(Val(Val::Option{})), "expected a `result`, found a `option` value");
}

TEST_F(BindingsTest, HandlesMustBeHandlesOfTheRightOwnership) {
  EXPECT_EQ(mismatch<bindings::Own<Thing>>(Val(uint32_t{3})),
            "expected an owned `test:x/y.thing` handle, found a `u32` value");
  EXPECT_EQ(mismatch<bindings::Own<Thing>>(Val(ResourceHandle{1, false})),
            "expected an owned `test:x/y.thing` handle, found a `resource` value");
  EXPECT_EQ(mismatch<bindings::Borrow<Thing>>(Val("h")), "expected a `test:x/y.thing` handle, found a `string` value");
}

TEST_F(BindingsTest, AHandleOfAnUndefinedResourceTypeIsALinkError) {
  auto r = bindings::from_val<bindings::Borrow<Thing>>(cx, Val(ResourceHandle{1, false}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Link);
  EXPECT_NE(r.error().message().find("test:x/y.thing is not defined"), std::string::npos) << r.error().message();
  auto out = bindings::to_val(cx, bindings::Own<Thing>{4});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind(), ErrorKind::Link);
  EXPECT_FALSE(bindings::to_val(cx, bindings::Borrow<Thing>{4}).ok());
}

TEST_F(BindingsTest, SnapshotNamesTheMissingResourceType) {
  auto s = bindings::snapshot(types, {"test:x/y.thing"}, "test:x/y");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind(), ErrorKind::Link);
  EXPECT_EQ(s.error().message(), "test:x/y uses the resource type test:x/y.thing, which is not defined: add its "
                                 "interface to the linker first");
  types.insert("test:x/y.thing", stratus::component::ResourceType::define("thing", nullptr));
  auto ok = bindings::snapshot(types, {"test:x/y.thing"}, "test:x/y");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)->size(), 1u);
}

TEST_F(BindingsTest, AHostFuncConvertsArgumentsAndResult) {
  auto fn = bindings::HostFuncOf<std::string(uint32_t, std::vector<std::string>)>::make(
      std::make_shared<bindings::ResourceTypes>(), "pick", {"index", "names"},
      [](stratus::Store&, uint32_t index, std::vector<std::string> names) -> stratus::Result<std::string> {
        if (index >= names.size()) return stratus::Error(ErrorKind::Host, "out of range");
        return names[index];
      });
  std::vector<Val> results;
  std::vector<Val> args{Val(uint32_t{1}), Val(Val::List{{Val("a"), Val("b")}})};
  ASSERT_TRUE(fn(store, args, results).ok());
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0], Val("b"));

  results.clear();
  std::vector<Val> bad{Val(uint32_t{1}), Val(Val::List{{Val("a"), Val(uint8_t{2})}})};
  auto r = fn(store, bad, results);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Argument);
  EXPECT_EQ(r.error().message(), "pick: parameter `names`: element 1: expected a `string`, found a `u8` value");
  EXPECT_TRUE(results.empty());

  auto few = fn(store, std::vector<Val>{Val(uint32_t{1})}, results);
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.error().message(), "pick: expected 2 arguments, got 1");

  std::vector<Val> far{Val(uint32_t{5}), Val(Val::List{})};
  auto host_error = fn(store, far, results);
  ASSERT_FALSE(host_error.ok());
  EXPECT_EQ(host_error.error().kind(), ErrorKind::Host);
  EXPECT_EQ(host_error.error().message(), "out of range");
}

TEST_F(BindingsTest, AHostFuncWithoutResultLeavesResultsEmpty) {
  int calls = 0;
  auto fn = bindings::HostFuncOf<void()>::make(std::make_shared<bindings::ResourceTypes>(), "tick", {},
                                               [&](stratus::Store&) -> stratus::Result<void> {
                                                 ++calls;
                                                 return {};
                                               });
  std::vector<Val> results;
  ASSERT_TRUE(fn(store, {}, results).ok());
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(results.empty());
}

TEST_F(BindingsTest, StreamAndFutureEndsPassAsTheirHandleVals) {
  round_trip(bindings::Stream<uint8_t>{Val(StreamHandle{3})});
  round_trip(bindings::Future<void>{Val(FutureHandle{4})});
  round_trip(std::optional<bindings::Stream<std::string>>(bindings::Stream<std::string>{Val(StreamHandle{0})}));
  auto end = bindings::from_val<bindings::Stream<uint8_t>>(cx, Val(StreamHandle{9}));
  ASSERT_TRUE(end.ok()) << end.error().message();
  EXPECT_EQ(end->end.as<StreamHandle>().index, 9u);
}

TEST_F(BindingsTest, AStreamOrFutureEndMustBeOne) {
  EXPECT_EQ(mismatch<bindings::Stream<uint8_t>>(Val(FutureHandle{1})),
            "expected a `stream` end, found a `future` value");
  EXPECT_EQ(mismatch<bindings::Future<uint32_t>>(Val(uint32_t{1})), "expected a `future` end, found a `u32` value");
  // The host's own mistake, too: a Val that is no stream end never reaches the guest.
  auto out = bindings::to_val(cx, bindings::Stream<uint8_t>{Val("not an end")});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message(), "expected a `stream` end, found a `string` value");
}

}  // namespace
