// The bindings tools/witgen generates from tests/wit/kinds: records, variants, enums and flags
// round trip through Vals spelled as WIT spells them, a Val of another shape is an Error, and
// add_to_linker reports what it cannot do.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <type_traits>

#include "stratus/engine.hpp"
#include "stratus/store.hpp"
#include "wit/test/kinds.hpp"
#include "wit/test/kinds/api.hpp"
#include "wit/test/kinds/host.hpp"
#include "wit/test/kinds/types.hpp"

namespace {

using stratus::ErrorKind;
using stratus::component::Val;
using stratus::component::ValBox;
namespace bindings = stratus::component::bindings;
namespace types = stratus::wit::test::kinds::types;
namespace api = stratus::wit::test::kinds::api;
using Point = stratus::wit::test::other::shapes::Point;

class GeneratedTest : public ::testing::Test {
 protected:
  template <class T>
  Val to(const T& value) {
    auto v = bindings::to_val(cx, value);
    EXPECT_TRUE(v.ok()) << v.error().message();
    return v.ok() ? *v : Val();
  }
  template <class T>
  void round_trip(const T& value) {
    Val v = to(value);
    auto back = bindings::from_val<T>(cx, v);
    ASSERT_TRUE(back.ok()) << back.error().message();
    EXPECT_EQ(*back, value);
  }
  template <class T>
  std::string error(const Val& v) {
    auto r = bindings::from_val<T>(cx, v);
    EXPECT_FALSE(r.ok());
    if (r.ok()) return "";
    EXPECT_EQ(r.error().kind(), ErrorKind::Argument);
    return r.error().message();
  }

  static types::Everything everything() {
    return types::Everything{true, -1, 2, -3, 4, -5, 6, -7, 8, 9.5f, -10.25, U'λ', "text", {1, 2},
                             "maybe", {11, "pair"}, {Point{1, 2}, std::nullopt}, 12,
                             types::Colour::delete_, types::Permissions{true, false, true}};
  }

  stratus::Engine engine;
  stratus::Store store{engine};
  bindings::ResourceTypes resource_types;
  bindings::Context cx{store, resource_types};
};

TEST_F(GeneratedTest, NamesFollowTheConvention) {
  static_assert(std::is_same_v<types::Counter, uint64_t>);
  static_assert(std::is_same_v<types::FileAlias, types::File>);
  static_assert(std::is_same_v<api::Color, types::Colour>);
  static_assert(std::is_same_v<types::OtherBlob, stratus::wit::test::other::shapes::Blob>);
  EXPECT_EQ(types::File::kWitName, "test:kinds/types.file");
  EXPECT_EQ(types::OtherBlob::kWitName, "test:other/shapes.blob");
  EXPECT_EQ(types::Shape::other_dot(Point{}).tag(), types::Shape::Tag::other_dot);
}

TEST_F(GeneratedTest, ARecordOfEveryKindRoundTrips) {
  round_trip(everything());
  Val v = to(everything());
  ASSERT_TRUE(v.is<Val::Record>());
  const auto& fields = v.as<Val::Record>().fields;
  ASSERT_EQ(fields.size(), 20u);
  EXPECT_EQ(fields[0].name, "flag");
  EXPECT_EQ(fields[10].name, "double");  // `%double` in the WIT, `double_` in C++
  EXPECT_EQ(fields[10].value, Val(-10.25));
  EXPECT_EQ(fields[18].value, Val(Val::Enum{"delete"}));
  EXPECT_EQ(fields[19].value, Val(Val::Flags{{"read", "exec"}}));
  EXPECT_EQ(fields[16].value,
            Val(Val::List{{Val(Val::Option{ValBox(Val(Val::Record{{{"x", Val(int32_t{1})}, {"y", Val(int32_t{2})}}}))}),
                           Val(Val::Option{})}}));
}

TEST_F(GeneratedTest, RecordFieldsAreFoundByName) {
  Val v(Val::Record{{{"y", Val(int32_t{2})}, {"x", Val(int32_t{1})}}});
  auto p = bindings::from_val<Point>(cx, v);
  ASSERT_TRUE(p.ok()) << p.error().message();
  EXPECT_EQ(*p, (Point{1, 2}));
}

TEST_F(GeneratedTest, ARecordOfAnotherShapeIsAnError) {
  EXPECT_EQ(error<Point>(Val(int32_t{1})), "expected the record `point`, found a `s32` value");
  EXPECT_EQ(error<Point>(Val(Val::Record{{{"x", Val(int32_t{1})}}})),
            "expected the record `point` of 2 fields, found 1");
  EXPECT_EQ(error<Point>(Val(Val::Record{{{"x", Val(int32_t{1})}, {"z", Val(int32_t{2})}}})),
            "the record `point` has no field `y`");
  EXPECT_EQ(error<Point>(Val(Val::Record{{{"x", Val(int32_t{1})}, {"y", Val(uint32_t{2})}}})),
            "field `y`: expected an `s32`, found a `u32` value");
  Val bad = to(everything());
  bad.storage() = [&] {
    auto r = bad.as<Val::Record>();
    r.fields[19].value = Val(Val::Flags{{"read", "fly"}});
    return r;
  }();
  EXPECT_EQ(error<types::Everything>(bad), "field `perms`: the flags `permissions` have no flag `fly`");
}

TEST_F(GeneratedTest, EveryVariantCaseRoundTripsUnderItsOwnName) {
  round_trip(types::Shape::nothing());
  round_trip(types::Shape::dot(Point{3, 4}));
  round_trip(types::Shape::line({Point{1, 1}, Point{2, 2}}));
  round_trip(types::Shape::other_dot(Point{5, 6}));  // the same payload type as `dot`
  round_trip(types::Shape::named("circle"));
  Val v = to(types::Shape::other_dot(Point{5, 6}));
  ASSERT_TRUE(v.is<Val::Variant>());
  EXPECT_EQ(v.as<Val::Variant>().case_name, "other-dot");
  EXPECT_EQ(to(types::Shape::nothing()), Val(Val::Variant{"nothing", {}}));
}

TEST_F(GeneratedTest, AVariantOfAnotherShapeIsAnError) {
  EXPECT_EQ(error<types::Shape>(Val(Val::Enum{"dot"})), "expected the variant `shape`, found a `enum` value");
  EXPECT_EQ(error<types::Shape>(Val(Val::Variant{"square", {}})), "the variant `shape` has no case `square`");
  EXPECT_EQ(error<types::Shape>(Val(Val::Variant{"dot", {}})), "case `dot` of the variant `shape` needs a payload");
  EXPECT_EQ(error<types::Shape>(Val(Val::Variant{"nothing", ValBox(Val(true))})),
            "case `nothing` of the variant `shape` has no payload");
  EXPECT_EQ(error<types::Shape>(Val(Val::Variant{"named", ValBox(Val(true))})),
            "case `named`: expected a `string`, found a `bool` value");
}

TEST_F(GeneratedTest, EnumsAndFlagsRoundTrip) {
  round_trip(types::Colour::red);
  round_trip(types::Colour::delete_);
  round_trip(types::Permissions{});
  round_trip(types::Permissions{false, true, true});
  EXPECT_EQ(to(types::Colour::green), Val(Val::Enum{"green"}));
  EXPECT_EQ(error<types::Colour>(Val(Val::Enum{"blue"})), "the enum `colour` has no case `blue`");
  EXPECT_EQ(error<types::Colour>(Val("red")), "expected the enum `colour`, found a `string` value");
  EXPECT_EQ(error<types::Permissions>(Val(Val::Enum{"read"})), "expected the flags `permissions`, found a `enum` value");
}

TEST_F(GeneratedTest, AVariantHoldingAResourceNeedsItsType) {
  round_trip(types::Holder::empty());
  auto r = bindings::to_val(cx, types::Holder::owned(bindings::Own<types::File>{1}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Link);
  EXPECT_NE(r.error().message().find("test:kinds/types.file"), std::string::npos) << r.error().message();
}

// An interface's add_to_linker needs the resource types of the interfaces it uses.
TEST_F(GeneratedTest, AddingAnInterfaceBeforeWhatItUsesIsALinkError) {
  stratus::component::Linker linker(engine);
  auto r = api::add_to_linker(linker, resource_types, [](stratus::Store&) -> api::Host& { std::abort(); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Link);
  EXPECT_EQ(r.error().message(), "test:kinds/api uses the resource type test:kinds/types.file, which is not "
                                 "defined: add its interface to the linker first");
}

TEST_F(GeneratedTest, APackageOrWorldWithoutAHostIsALinkError) {
  stratus::component::Linker linker(engine);
  auto r = stratus::wit::test::kinds::add_to_linker(linker, resource_types, stratus::wit::test::kinds::Hosts{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Link);
  EXPECT_EQ(r.error().message(), "package `test:kinds@0.1.0`: no host for test:kinds/types (set Hosts::types)");
  // The world `host` imports api, and so the interfaces api uses, dependencies first.
  stratus::wit::test::kinds::host::Hosts hosts;
  static_assert(std::is_same_v<decltype(hosts.kinds_api), std::function<api::Host&(stratus::Store&)>>);
  static_assert(std::is_same_v<decltype(hosts.other_shapes),
                               std::function<stratus::wit::test::other::shapes::Host&(stratus::Store&)>>);
  auto w = stratus::wit::test::kinds::host::add_to_linker(linker, resource_types, hosts);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().message(), "world `test:kinds/host`: no host for test:other/shapes (set Hosts::other_shapes)");
}

}  // namespace
