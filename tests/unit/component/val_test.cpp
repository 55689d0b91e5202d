#include "stratus/component/val.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace stratus::component {
namespace {

TEST(ComponentVal, PayloadsCopyDeeply) {
  Val inner = Val::Record{{{"a", Val(uint32_t{1})}, {"b", Val("x")}}};
  Val v = Val::Option{inner};
  Val copy = v;
  EXPECT_EQ(copy, v);
  std::get<Val::Option>(copy.storage()).value->storage() = Val::Enum{"other"};
  EXPECT_NE(copy, v);
  EXPECT_EQ(*v.as<Val::Option>().value, inner);
}

TEST(ComponentVal, FloatsCompareByBits) {
  EXPECT_EQ(Val(std::nan("")), Val(std::nan("")));
  EXPECT_NE(Val(0.0), Val(-0.0));
  EXPECT_NE(Val(float{1}), Val(double{1}));
}

TEST(ComponentVal, KindsWithTheSameShapeDiffer) {
  EXPECT_NE(Val(Val::List{{Val(1)}}), Val(Val::Tuple{{Val(1)}}));
  EXPECT_NE(Val(Val::Option{}), Val(Val::Result{false, {}}));
  EXPECT_TRUE(Val("s").is<std::string>());
  EXPECT_TRUE(Val(int32_t{-1}).is<int32_t>());
  EXPECT_TRUE(Val(true).is<bool>());
}

}  // namespace
}  // namespace stratus::component
