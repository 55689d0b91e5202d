// Value types compare as types, not as entries of the TypeTables (same_val_type).
#include <gtest/gtest.h>

#include "component/types/types.hpp"

namespace stratus::component {
namespace {

const ValType kU32{ValKind::U32, 0};
const ValType kString{ValKind::String, 0};

TEST(SameValType, TwoEntriesOfOneTypeAreTheSameType) {
  TypeTables t;
  // `result` without payloads, written twice: what a run export and its task.return name.
  ValType a = t.add(ResultType{});
  ValType b = t.add(ResultType{});
  ASSERT_NE(a, b);
  EXPECT_TRUE(same_val_type(t, a, b));
  ValType ra = t.add(RecordType{{{"x", kU32}, {"y", t.add(ListType{kString, std::nullopt})}}});
  ValType rb = t.add(RecordType{{{"x", kU32}, {"y", t.add(ListType{kString, std::nullopt})}}});
  EXPECT_TRUE(same_val_type(t, ra, rb));
}

TEST(SameValType, ADifferenceAnywhereMakesAnotherType) {
  TypeTables t;
  EXPECT_FALSE(same_val_type(t, t.add(ResultType{kU32, std::nullopt}), t.add(ResultType{})));
  EXPECT_FALSE(same_val_type(t, t.add(ResultType{std::nullopt, kU32}), t.add(ResultType{kU32, std::nullopt})));
  EXPECT_FALSE(same_val_type(t, t.add(RecordType{{{"x", kU32}}}), t.add(RecordType{{{"z", kU32}}})));
  EXPECT_FALSE(same_val_type(t, t.add(OptionType{kU32}), t.add(OptionType{kString})));
  EXPECT_FALSE(same_val_type(t, t.add(EnumType{{"a", "b"}}), t.add(EnumType{{"a"}})));
  EXPECT_FALSE(same_val_type(t, t.add(OptionType{kU32}), t.add(ListType{kU32, std::nullopt})));
  EXPECT_FALSE(same_val_type(t, t.add(ListType{kU32, 4u}), t.add(ListType{kU32, std::nullopt})));
  EXPECT_FALSE(same_val_type(t, ValType{ValKind::Own, 0}, ValType{ValKind::Own, 1})) << "resources are generative";
}

}  // namespace
}  // namespace stratus::component
