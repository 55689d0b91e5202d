// Error contexts (component-wat/error_context.wat): error-context.new, .debug-message and
// .drop; error-context values the host passes in and gets out (a Val's ErrorContext), and
// through a future; each built-in's traps.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "component_wasm.hpp"
#include "stratus/component/async.hpp"
#include "stratus/component/component.hpp"
#include "stratus/component/func.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"

namespace stratus::component {
namespace {

struct ErrorContexts : test::ComponentFixture {
  ErrorContexts() : ComponentFixture("error_context.wasm") {}

  // The one result of `name`, which must be of type T.
  template <class T>
  std::optional<T> result_of(const std::string& name, std::vector<Val> args = {}) {
    auto r = call(name, std::move(args));
    EXPECT_TRUE(r) << name << ": " << r.error().message();
    if (!r || r->size() != 1 || !(*r)[0].is<T>()) {
      ADD_FAILURE() << name << " did not return one value of the expected kind";
      return std::nullopt;
    }
    return (*r)[0].as<T>();
  }
};

TEST_F(ErrorContexts, NewLiftsTheGuestsMessage) {
  auto e = result_of<ErrorContext>("make");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->debug_message, "disk on fire");
}

TEST_F(ErrorContexts, NewReadsItsStringEncoding) {
  auto e = result_of<ErrorContext>("make16");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->debug_message, "hi");
}

TEST_F(ErrorContexts, DebugMessageLowersTheHostsMessageThroughRealloc) {
  EXPECT_EQ(result_of<std::string>("message-of", {Val(ErrorContext{"from the host"})}), "from the host");
  EXPECT_EQ(result_of<std::string>("message-of", {Val(ErrorContext{""})}), "");
  EXPECT_EQ(result_of<std::string>("message-of16", {Val(ErrorContext{"sm\xc3\xb8rrebr\xc3\xb8"
                                                                     "d"})}),
            "sm\xc3\xb8rrebr\xc3\xb8"
            "d");
}

TEST_F(ErrorContexts, AValueRoundTripsThroughTheGuest) {
  EXPECT_EQ(result_of<ErrorContext>("echo", {Val(ErrorContext{"again"})}), ErrorContext{"again"});
}

TEST_F(ErrorContexts, AFutureCarriesANewHandleWithTheMessage) {
  EXPECT_EQ(result_of<std::string>("through-future"), "disk on fire");
}

TEST_F(ErrorContexts, TheHostReadsOneFromAGuestsFuture) {
  auto end = call("future-to-host");
  ASSERT_TRUE(end) << end.error().message();
  ASSERT_EQ(end->size(), 1u);
  auto reader = FutureReader::take(*store, (*end)[0]);
  ASSERT_TRUE(reader) << reader.error().message();
  std::optional<Val> got;
  ASSERT_TRUE(reader->read([&](CopyResult r, std::optional<Val> v) {
    EXPECT_EQ(r, CopyResult::Completed);
    got = std::move(v);
  }));
  ASSERT_TRUE(got) << "the guest's pending write did not complete the host's read";
  EXPECT_EQ(*got, Val(ErrorContext{"disk on fire"}));
}

TEST_F(ErrorContexts, AGuestReadsOneFromTheHostsFuture) {
  auto pair = FuturePair::make(*store);
  ASSERT_TRUE(pair) << pair.error().message();
  ASSERT_TRUE(pair->writer.write(Val(ErrorContext{"written by the host"}), [](CopyResult) {}));
  EXPECT_EQ(result_of<std::string>("message-from-future", {pair->guest_end}), "written by the host");
}

TEST_F(ErrorContexts, AHostValueOfAnotherKindIsAnArgumentError) {
  auto r = call("message-of", {Val(std::string("not an error context"))});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Argument) << r.error().message();
  EXPECT_NE(r.error().message().find("error-context"), std::string::npos) << r.error().message();
}

TEST_F(ErrorContexts, NewTrapsOnABadString) {
  expect_trap("new-bad-utf8", "not valid UTF-8");
  expect_trap("new-out-of-bounds", "out of bounds");
  expect_trap("new-too-long", "longer than");
}

TEST_F(ErrorContexts, BadHandlesTrap) {
  expect_trap("message-of-unknown", "unknown handle index 99");
  expect_trap("message-after-drop", "already dropped");
  expect_trap("drop-twice", "already dropped");
  expect_trap("drop-waitable-set", "is a waitable set, not an error context");
  expect_trap("lift-unknown", "unknown handle index 77");
}

TEST_F(ErrorContexts, DebugMessageTrapsOnAResultPointerOutOfBounds) {
  expect_trap("message-to-out-of-bounds", "result pointer 0xfffc is out of bounds");
}

}  // namespace
}  // namespace stratus::component
