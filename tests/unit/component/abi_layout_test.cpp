// Sizes, alignments and flattenings against CanonicalABI.md's definitions, worked by hand.
#include <gtest/gtest.h>

#include "component/abi/layout.hpp"

namespace stratus::component::abi {
namespace {

using F = FlatType;
constexpr ValType kU8{ValKind::U8}, kU16{ValKind::U16}, kU32{ValKind::U32}, kU64{ValKind::U64};
constexpr ValType kF32{ValKind::F32}, kF64{ValKind::F64}, kString{ValKind::String};

Layouts layouts_of(const TypeTables& t) {
  auto l = Layouts::compute(t);
  EXPECT_TRUE(l.ok()) << l.error().message();
  return std::move(l).unwrap();
}

TEST(AbiLayout, Primitives) {
  TypeTables t;
  Layouts l = layouts_of(t);
  struct Row {
    ValKind k;
    uint32_t size, align;
    std::vector<F> flat;
  };
  const Row rows[] = {
      {ValKind::Bool, 1, 1, {F::I32}},         {ValKind::S8, 1, 1, {F::I32}},   {ValKind::U16, 2, 2, {F::I32}},
      {ValKind::S32, 4, 4, {F::I32}},          {ValKind::U64, 8, 8, {F::I64}},  {ValKind::F32, 4, 4, {F::F32}},
      {ValKind::F64, 8, 8, {F::F64}},          {ValKind::Char, 4, 4, {F::I32}}, {ValKind::String, 8, 4, {F::I32, F::I32}},
      {ValKind::ErrorContext, 4, 4, {F::I32}}, {ValKind::Own, 4, 4, {F::I32}},  {ValKind::Borrow, 4, 4, {F::I32}},
      {ValKind::Stream, 4, 4, {F::I32}},       {ValKind::Future, 4, 4, {F::I32}},
  };
  for (const Row& r : rows) {
    const Layout& x = l.of(ValType{r.k});
    EXPECT_EQ(x.size, r.size) << static_cast<int>(r.k);
    EXPECT_EQ(x.align, r.align) << static_cast<int>(r.k);
    EXPECT_EQ(x.flat, r.flat) << static_cast<int>(r.k);
  }
}

TEST(AbiLayout, RecordPadsEachFieldToItsAlignment) {
  TypeTables t;
  ValType rec = t.add(RecordType{{{"a", kU8}, {"b", kU32}, {"c", kU8}, {"d", kU16}}});
  ValType tup = t.add(TupleType{{kU8, kU64}});
  Layouts l = layouts_of(t);
  EXPECT_EQ(l.of(rec).size, 12u);
  EXPECT_EQ(l.of(rec).align, 4u);
  EXPECT_EQ(l.of(rec).field_offsets, (std::vector<uint32_t>{0, 4, 8, 10}));
  EXPECT_EQ(l.of(rec).flat, (std::vector<F>{F::I32, F::I32, F::I32, F::I32}));
  EXPECT_EQ(l.of(tup).size, 16u);
  EXPECT_EQ(l.of(tup).field_offsets, (std::vector<uint32_t>{0, 8}));
}

TEST(AbiLayout, DiscriminantGrowsPast256And65536Cases) {
  TypeTables t;
  auto names = [](size_t n) {
    EnumType e;
    for (size_t i = 0; i < n; ++i) e.names.push_back("c" + std::to_string(i));
    return e;
  };
  ValType e256 = t.add(names(256)), e257 = t.add(names(257)), e65536 = t.add(names(65536)),
          e65537 = t.add(names(65537));
  Layouts l = layouts_of(t);
  EXPECT_EQ(l.of(e256).size, 1u);
  EXPECT_EQ(l.of(e257).size, 2u);
  EXPECT_EQ(l.of(e257).align, 2u);
  EXPECT_EQ(l.of(e65536).size, 2u);
  EXPECT_EQ(l.of(e65537).size, 4u);
  EXPECT_EQ(l.of(e65537).flat, std::vector<F>{F::I32});  // the flat discriminant is always one i32
}

TEST(AbiLayout, VariantJoinsTheCasesFlatTypes) {
  TypeTables t;
  ValType pair = t.add(TupleType{{kU8, kU8}});
  ValType v1 = t.add(VariantType{{{"a", kF32}, {"b", kU32}, {"c", kU64}, {"d", kF64}, {"e", std::nullopt}}});
  ValType v2 = t.add(VariantType{{{"a", kF32}, {"b", kF32}}});
  ValType v3 = t.add(VariantType{{{"a", pair}, {"b", kF64}}});
  ValType v4 = t.add(VariantType{{{"a", kF32}, {"b", kU32}}});
  ValType opt = t.add(OptionType{kU64});
  ValType res = t.add(ResultType{kString, std::nullopt});
  Layouts l = layouts_of(t);
  EXPECT_EQ(l.of(v1).flat, (std::vector<F>{F::I32, F::I64}));
  EXPECT_EQ(l.of(v2).flat, (std::vector<F>{F::I32, F::F32}));
  EXPECT_EQ(l.of(v3).flat, (std::vector<F>{F::I32, F::I64, F::I32}));
  EXPECT_EQ(l.of(v4).flat, (std::vector<F>{F::I32, F::I32}));
  EXPECT_EQ(l.of(v1).size, 16u);
  EXPECT_EQ(l.of(v1).payload_offset, 8u);
  EXPECT_EQ(l.of(opt).size, 16u);
  EXPECT_EQ(l.of(opt).align, 8u);
  EXPECT_EQ(l.of(opt).payload_offset, 8u);
  EXPECT_EQ(l.of(res).size, 12u);
  EXPECT_EQ(l.of(res).payload_offset, 4u);
  EXPECT_EQ(l.of(res).flat, (std::vector<F>{F::I32, F::I32, F::I32}));
}

TEST(AbiLayout, FlagsOfAnyCount) {
  TypeTables t;
  auto flags = [&](size_t n) {
    FlagsType f;
    for (size_t i = 0; i < n; ++i) f.names.push_back("f" + std::to_string(i));
    return t.add(std::move(f));
  };
  ValType f0 = flags(0), f8 = flags(8), f9 = flags(9), f16 = flags(16), f17 = flags(17), f32 = flags(32),
          f33 = flags(33), f100 = flags(100);
  Layouts l = layouts_of(t);
  EXPECT_EQ(l.of(f0).size, 0u);
  EXPECT_TRUE(l.of(f0).flat.empty());
  EXPECT_EQ(l.of(f8).size, 1u);
  EXPECT_EQ(l.of(f9).size, 2u);
  EXPECT_EQ(l.of(f16).align, 2u);
  EXPECT_EQ(l.of(f17).size, 4u);
  EXPECT_EQ(l.of(f32).flat, std::vector<F>{F::I32});
  EXPECT_EQ(l.of(f33).size, 8u);
  EXPECT_EQ(l.of(f33).flat, (std::vector<F>{F::I32, F::I32}));
  EXPECT_EQ(l.of(f100).size, 16u);
  EXPECT_EQ(l.of(f100).flag_words, 4u);
}

TEST(AbiLayout, ListsVariableAndFixed) {
  TypeTables t;
  ValType var = t.add(ListType{kU64, std::nullopt});
  ValType fixed = t.add(ListType{kU16, 3});
  ValType big = t.add(ListType{kU8, 1000});
  Layouts l = layouts_of(t);
  EXPECT_EQ(l.of(var).size, 8u);
  EXPECT_EQ(l.of(var).align, 4u);
  EXPECT_EQ(l.of(var).flat, (std::vector<F>{F::I32, F::I32}));
  EXPECT_EQ(l.of(fixed).size, 6u);
  EXPECT_EQ(l.of(fixed).align, 2u);
  EXPECT_EQ(l.of(fixed).flat, (std::vector<F>{F::I32, F::I32, F::I32}));
  // A flattening past 16 values is only ever passed in memory: the count saturates and the
  // types are not kept.
  EXPECT_EQ(l.of(big).size, 1000u);
  EXPECT_EQ(l.of(big).flat_count, kMaxFlatParams + 1);
  EXPECT_TRUE(l.of(big).flat.empty());
}

TEST(AbiLayout, FunctionsSpillPast16ParamsAnd1Result) {
  TypeTables t;
  FuncType sixteen, seventeen;
  for (int i = 0; i < 16; ++i) sixteen.params.push_back({"p" + std::to_string(i), kU32});
  seventeen = sixteen;
  seventeen.params.push_back({"p16", kU8});
  sixteen.result = kU64;
  seventeen.result = kString;
  FuncTypeId a = t.add(sixteen), b = t.add(seventeen);
  Layouts l = layouts_of(t);
  const FuncLayout& fa = l.func(a);
  EXPECT_FALSE(fa.params_in_memory);
  EXPECT_EQ(fa.param_flat.size(), 16u);
  EXPECT_FALSE(fa.result_in_memory);
  EXPECT_EQ(fa.core_type(FlattenFor::Lift).results, std::vector<stratus::ValType>{stratus::ValType::I64});

  const FuncLayout& fb = l.func(b);
  EXPECT_TRUE(fb.params_in_memory);
  EXPECT_EQ(fb.params_tuple.size, 68u);
  EXPECT_EQ(fb.params_tuple.field_offsets.back(), 64u);
  EXPECT_TRUE(fb.result_in_memory);
  stratus::FuncType lift = fb.core_type(FlattenFor::Lift), lower = fb.core_type(FlattenFor::Lower);
  EXPECT_EQ(lift.params, std::vector<stratus::ValType>{stratus::ValType::I32});
  EXPECT_EQ(lift.results, std::vector<stratus::ValType>{stratus::ValType::I32});
  EXPECT_EQ(lower.params, (std::vector<stratus::ValType>{stratus::ValType::I32, stratus::ValType::I32}));
  EXPECT_TRUE(lower.results.empty());
}

TEST(AbiLayout, NestingPastTheDepthLimitIsRejected) {
  TypeTables t;
  ValType v = kU8;
  for (uint32_t i = 0; i <= kMaxTypeDepth + 1; ++i) v = t.add(OptionType{v});
  auto l = Layouts::compute(t);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.error().kind(), ErrorKind::Invalid);
  EXPECT_NE(l.error().message().find("deeper"), std::string::npos);
}

TEST(AbiLayout, TypesOf4GiBOrMoreAreRejected) {
  TypeTables t;
  ValType inner = t.add(ListType{kU8, 65536});
  t.add(ListType{inner, 65536});
  auto l = Layouts::compute(t);
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.error().message().find("4 GiB"), std::string::npos);
}

TEST(AbiLayout, ExtendMeasuresOnlyTheNewTypes) {
  TypeTables t;
  ValType a = t.add(RecordType{{{"x", kU8}}});
  Layouts l = layouts_of(t);
  ValType b = t.add(TupleType{{a, kF64}});
  ASSERT_TRUE(l.extend(t).ok());
  EXPECT_EQ(l.of(b).size, 16u);
  EXPECT_EQ(l.of(b).flat, (std::vector<F>{F::I32, F::F64}));
}

TEST(AbiLayout, CellsConvertToCoreValsBitForBit) {
  EXPECT_EQ(cell_to_val(0xFFFFFFFFu, F::I32), stratus::Val::i32(-1));
  EXPECT_EQ(val_to_cell(stratus::Val::i32(-1)), 0xFFFFFFFFu) << "an i32 cell is zero-extended";
  EXPECT_EQ(val_to_cell(cell_to_val(0x7FA00001u, F::F32)), 0x7FA00001u);
  EXPECT_EQ(val_to_cell(cell_to_val(0xFFF0000000000001ull, F::F64)), 0xFFF0000000000001ull);
  EXPECT_EQ(cell_to_val(1ull << 63, F::I64), stratus::Val::i64(INT64_MIN));
}

}  // namespace
}  // namespace stratus::component::abi
