// Lift and lower of every value type, flat and in memory, with the traps for bad guest
// values and the errors for host values that do not fit their type.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "abi_guest.hpp"
#include "component/abi/values.hpp"

namespace stratus::component::abi {
namespace {

using testing::FakeGuest;
using testing::ReallocCall;
constexpr ValType kBool{ValKind::Bool}, kS8{ValKind::S8}, kU8{ValKind::U8}, kS16{ValKind::S16}, kU16{ValKind::U16},
    kS32{ValKind::S32}, kU32{ValKind::U32}, kS64{ValKind::S64}, kU64{ValKind::U64}, kF32{ValKind::F32},
    kF64{ValKind::F64}, kChar{ValKind::Char}, kString{ValKind::String};

struct Fixture {
  TypeTables types;
  std::optional<Layouts> layouts;
  FakeGuest guest;
  LiftLowerContext& cx() {
    if (!layouts) layouts = Layouts::compute(types).unwrap();
    ctx.emplace(LiftLowerContext{types, *layouts, guest.options()});
    return *ctx;
  }
  Result<Val> flat_round_trip(const Val& v, ValType t) {
    std::vector<uint64_t> cells;
    auto ok = lower_flat(cx(), v, t, cells);
    if (!ok) return ok.error();
    size_t pos = 0;
    auto back = lift_flat(cx(), cells, pos, t);
    EXPECT_EQ(pos, cells.size());
    return back;
  }
  Result<Val> memory_round_trip(const Val& v, ValType t, uint32_t at = 1024) {
    auto ok = store(cx(), v, t, at);
    if (!ok) return ok.error();
    return load(cx(), t, at);
  }
  std::optional<LiftLowerContext> ctx;
};

Val::Record record(std::vector<Val::Field> f) { return Val::Record{std::move(f)}; }

TEST(AbiValues, EveryKindRoundTripsFlatAndThroughMemory) {
  Fixture f;
  ValType list = f.types.add(ListType{kString, std::nullopt});
  ValType fixed = f.types.add(ListType{kU16, 3});
  ValType tuple = f.types.add(TupleType{{kU8, kF64}});
  ValType variant = f.types.add(VariantType{{{"none", std::nullopt}, {"num", kF32}, {"big", kU64}}});
  ValType enumeration = f.types.add(EnumType{{"red", "green"}});
  ValType option = f.types.add(OptionType{kString});
  ValType result = f.types.add(ResultType{kU32, kString});
  ValType flags = f.types.add(FlagsType{{"a", "b", "c"}});
  const std::pair<Val, ValType> cases[] = {
      {Val(true), kBool},
      {Val(int8_t{-5}), kS8},
      {Val(uint8_t{250}), kU8},
      {Val(int16_t{-30000}), kS16},
      {Val(uint16_t{65000}), kU16},
      {Val(int32_t{-7}), kS32},
      {Val(uint32_t{0xFFFFFFFF}), kU32},
      {Val(int64_t{-1}), kS64},
      {Val(uint64_t{1} << 63), kU64},
      {Val(1.5f), kF32},
      {Val(-2.25), kF64},
      {Val(char32_t{0x1F600}), kChar},
      {Val("h\xC3\xA9llo"), kString},
      {Val(Val::List{{Val("a"), Val(""), Val("ccc")}}), list},
      {Val(Val::List{{Val(uint16_t{1}), Val(uint16_t{2}), Val(uint16_t{3})}}), fixed},
      {Val(Val::Tuple{{Val(uint8_t{9}), Val(0.5)}}), tuple},
      {Val(Val::Variant{"num", Val(3.0f)}), variant},
      {Val(Val::Variant{"big", Val(uint64_t{0x123456789})}), variant},
      {Val(Val::Variant{"none", {}}), variant},
      {Val(Val::Enum{"green"}), enumeration},
      {Val(Val::Option{Val("x")}), option},
      {Val(Val::Option{}), option},
      {Val(Val::Result{true, Val(uint32_t{4})}), result},
      {Val(Val::Result{false, Val("bad")}), result},
      {Val(Val::Flags{{"a", "c"}}), flags},
  };
  for (const auto& [v, t] : cases) {
    auto flat = f.flat_round_trip(v, t);
    ASSERT_TRUE(flat.ok()) << flat.error().message();
    EXPECT_EQ(*flat, v) << "flat, kind " << static_cast<int>(t.kind);
    auto mem = f.memory_round_trip(v, t);
    ASSERT_TRUE(mem.ok()) << mem.error().message();
    EXPECT_EQ(*mem, v) << "memory, kind " << static_cast<int>(t.kind);
  }
}

TEST(AbiValues, RecordsStoreAtTheirFieldOffsets) {
  Fixture f;
  ValType rec = f.types.add(RecordType{{{"a", kU8}, {"b", kU32}, {"c", kU16}}});
  Val v = record({{"a", Val(uint8_t{1})}, {"b", Val(uint32_t{0xAABBCCDD})}, {"c", Val(uint16_t{7})}});
  ASSERT_TRUE(store(f.cx(), v, rec, 1024).ok());
  EXPECT_EQ(f.guest.bytes[1024], 1);
  EXPECT_EQ(f.guest.get_le<uint32_t>(1028), 0xAABBCCDDu);
  EXPECT_EQ(f.guest.get_le<uint16_t>(1032), 7);
  auto back = load(f.cx(), rec, 1024);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, v);
}

TEST(AbiValues, BoolLiftsAnyNonZeroAsTrue) {
  Fixture f;
  std::vector<uint64_t> cells = {2};
  size_t pos = 0;
  auto b = lift_flat(f.cx(), cells, pos, kBool);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, Val(true));
  f.guest.bytes[1024] = 0x80;
  auto m = load(f.cx(), kBool, 1024);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, Val(true));
}

TEST(AbiValues, CharMustBeAUnicodeScalarValue) {
  Fixture f;
  for (uint32_t bad : {0xD800u, 0xDFFFu, 0x110000u, 0xFFFFFFFFu}) {
    std::vector<uint64_t> cells = {bad};
    size_t pos = 0;
    EXPECT_TRAP(lift_flat(f.cx(), cells, pos, kChar), TrapKind::CanonicalAbi, "invalid char");
    f.guest.put_le<uint32_t>(1024, bad);
    EXPECT_TRAP(load(f.cx(), kChar, 1024), TrapKind::CanonicalAbi, "invalid char");
  }
  std::vector<uint64_t> max = {0x10FFFF};
  size_t pos = 0;
  EXPECT_TRUE(lift_flat(f.cx(), max, pos, kChar).ok());
  std::vector<uint64_t> out;
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(char32_t{0xD800}), kChar, out), "not a Unicode scalar value");
}

TEST(AbiValues, NarrowIntegersTakeTheLowBitsOfTheirI32) {
  Fixture f;
  std::vector<uint64_t> cells = {0x1FF, 0x80, 0x12345678, 0xFFFFFFFF};
  size_t pos = 0;
  EXPECT_EQ(*lift_flat(f.cx(), cells, pos, kU8), Val(uint8_t{0xFF}));
  EXPECT_EQ(*lift_flat(f.cx(), cells, pos, kS8), Val(int8_t{-128}));
  EXPECT_EQ(*lift_flat(f.cx(), cells, pos, kU16), Val(uint16_t{0x5678}));
  EXPECT_EQ(*lift_flat(f.cx(), cells, pos, kS32), Val(int32_t{-1}));
  // Lowering a negative s8 gives its 32-bit two's complement, zero-extended in the cell.
  std::vector<uint64_t> out;
  ASSERT_TRUE(lower_flat(f.cx(), Val(int8_t{-1}), kS8, out).ok());
  EXPECT_EQ(out, std::vector<uint64_t>{0xFFFFFFFFu});
}

TEST(AbiValues, NaNsAreCanonicalizedOnLift) {
  Fixture f;
  std::vector<uint64_t> cells = {0x7FA00001u, 0xFFF0000000000001ull};
  size_t pos = 0;
  auto a = lift_flat(f.cx(), cells, pos, kF32);
  auto b = lift_flat(f.cx(), cells, pos, kF64);
  EXPECT_EQ(std::bit_cast<uint32_t>(a->as<float>()), 0x7FC00000u);
  EXPECT_EQ(std::bit_cast<uint64_t>(b->as<double>()), 0x7FF8000000000000ull);
}

TEST(AbiValues, BadDiscriminantsTrap) {
  Fixture f;
  ValType variant = f.types.add(VariantType{{{"a", kU8}, {"b", std::nullopt}}});
  ValType enumeration = f.types.add(EnumType{{"x", "y", "z"}});
  ValType option = f.types.add(OptionType{kU32});
  ValType result = f.types.add(ResultType{std::nullopt, std::nullopt});
  const std::pair<ValType, uint32_t> cases[] = {{variant, 2}, {enumeration, 3}, {option, 2}, {result, 2}};
  for (auto [t, d] : cases) {
    std::vector<uint64_t> cells(f.cx().layouts.of(t).flat_count, 0);
    cells[0] = d;
    size_t pos = 0;
    EXPECT_TRAP(lift_flat(f.cx(), cells, pos, t), TrapKind::CanonicalAbi, "discriminant " + std::to_string(d));
    f.guest.put_le<uint32_t>(1024, d);
    EXPECT_TRAP(load(f.cx(), t, 1024), TrapKind::CanonicalAbi, "discriminant");
  }
  // A one-byte discriminant reads one byte: 0x0100 in memory is case 0.
  f.guest.put_le<uint16_t>(1024, 0x0100);
  EXPECT_TRUE(load(f.cx(), enumeration, 1024).ok());
}

TEST(AbiValues, VariantPayloadsCoerceThroughTheJoinedFlatTypes) {
  Fixture f;
  ValType v = f.types.add(VariantType{{{"f", kF32}, {"i", kU64}, {"d", kF64}, {"s", kU8}}});
  std::vector<uint64_t> out;
  ASSERT_TRUE(lower_flat(f.cx(), Val(Val::Variant{"f", Val(1.5f)}), v, out).ok());
  EXPECT_EQ(out, (std::vector<uint64_t>{0, std::bit_cast<uint32_t>(1.5f)}));
  // Lifting an f32 from the joined i64 takes its low 32 bits; garbage above them is ignored.
  std::vector<uint64_t> cells = {0, 0xDEADBEEF00000000ull | std::bit_cast<uint32_t>(2.5f)};
  size_t pos = 0;
  auto lifted = lift_flat(f.cx(), cells, pos, v);
  ASSERT_TRUE(lifted.ok()) << lifted.error().message();
  EXPECT_EQ(*lifted, Val(Val::Variant{"f", Val(2.5f)}));
  cells = {3, 0xFFFFFFFF000001FFull};
  pos = 0;
  EXPECT_EQ(*lift_flat(f.cx(), cells, pos, v), Val(Val::Variant{"s", Val(uint8_t{0xFF})}));
  cells = {2, std::bit_cast<uint64_t>(-0.5)};
  pos = 0;
  EXPECT_EQ(*lift_flat(f.cx(), cells, pos, v), Val(Val::Variant{"d", Val(-0.5)}));
  // A case of fewer flat values is padded with zeros, and lifting consumes the padding too.
  ValType wide = f.types.add(TupleType{{kU32, kU32, kU32}});
  ValType v2 = f.types.add(VariantType{{{"small", kU8}, {"wide", wide}}});
  f.layouts.reset();
  out.clear();
  ASSERT_TRUE(lower_flat(f.cx(), Val(Val::Variant{"small", Val(uint8_t{7})}), v2, out).ok());
  EXPECT_EQ(out, (std::vector<uint64_t>{0, 7, 0, 0}));
  pos = 0;
  ASSERT_TRUE(lift_flat(f.cx(), out, pos, v2).ok());
  EXPECT_EQ(pos, 4u);
}

TEST(AbiValues, FlagBitsPastTheLastFlagAreIgnored) {
  Fixture f;
  ValType three = f.types.add(FlagsType{{"a", "b", "c"}});
  FlagsType many_t;
  for (int i = 0; i < 40; ++i) many_t.names.push_back("f" + std::to_string(i));
  ValType many = f.types.add(many_t);
  std::vector<uint64_t> cells = {0xFFFFFFF9};
  size_t pos = 0;
  EXPECT_EQ(*lift_flat(f.cx(), cells, pos, three), Val(Val::Flags{{"a"}}));
  f.guest.bytes[1024] = 0xFE;
  EXPECT_EQ(*load(f.cx(), three, 1024), Val(Val::Flags{{"b", "c"}}));
  // Past 32 flags: one word per 32, bit 32 is the first flag of the second word.
  Val v = Val::Flags{{"f0", "f31", "f32", "f39"}};
  auto flat = f.flat_round_trip(v, many);
  ASSERT_TRUE(flat.ok()) << flat.error().message();
  EXPECT_EQ(*flat, v);
  ASSERT_TRUE(store(f.cx(), v, many, 2048).ok());
  EXPECT_EQ(f.guest.get_le<uint32_t>(2048), 0x80000001u);
  EXPECT_EQ(f.guest.get_le<uint32_t>(2052), 0x81u);
  f.guest.put_le<uint32_t>(2052, 0xFFFFFF00u);  // bits 40..63 are past the 40 flags
  EXPECT_EQ(*load(f.cx(), many, 2048), Val(Val::Flags{{"f0", "f31"}}));
}

TEST(AbiValues, ListRangesAreCheckedIn64Bits) {
  Fixture f;
  ValType bytes = f.types.add(ListType{kU8, std::nullopt});
  ValType words = f.types.add(ListType{kU32, std::nullopt});
  ValType longs = f.types.add(ListType{kU64, std::nullopt});
  auto lift_list = [&](ValType t, uint32_t ptr, uint32_t len) {
    std::vector<uint64_t> cells = {ptr, len};
    size_t pos = 0;
    return lift_flat(f.cx(), cells, pos, t);
  };
  // ptr + len wraps 32 bits: still out of bounds.
  EXPECT_TRAP(lift_list(bytes, 0xFFFFFF00u, 0x200), TrapKind::CanonicalAbi, "out of bounds");
  // len * 8 is exactly 2^32: past the length limit, not a zero-byte list.
  EXPECT_TRAP(lift_list(longs, 0, 0x20000000u), TrapKind::CanonicalAbi, "longer than");
  EXPECT_TRAP(lift_list(longs, 0, 0xFFFFFFFFu), TrapKind::CanonicalAbi, "longer than");
  EXPECT_TRAP(lift_list(words, 2, 1), TrapKind::CanonicalAbi, "not 4-byte aligned");
  const uint32_t size = static_cast<uint32_t>(f.guest.bytes.size());
  EXPECT_TRAP(lift_list(words, size - 4, 2), TrapKind::CanonicalAbi, "out of bounds");
  auto ok = lift_list(words, size - 8, 2);
  EXPECT_TRUE(ok.ok());
  // An element that traps inside a list traps the list.
  ValType chars = f.types.add(ListType{kChar, std::nullopt});
  f.layouts.reset();
  f.guest.put_le<uint32_t>(1024, 'a');
  f.guest.put_le<uint32_t>(1028, 0xD800);
  EXPECT_TRAP(lift_list(chars, 1024, 2), TrapKind::CanonicalAbi, "invalid char");
}

TEST(AbiValues, ListOfBytesIsOneAllocationAndOneCopy) {
  Fixture f;
  ValType bytes = f.types.add(ListType{kU8, std::nullopt});
  Val::List l;
  for (int i = 0; i < 100; ++i) l.elements.emplace_back(static_cast<uint8_t>(i));
  std::vector<uint64_t> cells;
  ASSERT_TRUE(lower_flat(f.cx(), Val(l), bytes, cells).ok());
  EXPECT_EQ(f.guest.calls, (std::vector<ReallocCall>{{0, 0, 1, 100}}));
  EXPECT_EQ(cells[1], 100u);
  EXPECT_EQ(f.guest.bytes[cells[0] + 99], 99);
  // The typed path: no Val per element.
  f.guest.calls.clear();
  std::vector<uint32_t> nums = {1, 2, 0xFFFFFFFF};
  auto g = lower_list_of<uint32_t>(f.cx(), nums);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(f.guest.calls, (std::vector<ReallocCall>{{0, 0, 4, 12}}));
  auto back = lift_list_of<uint32_t>(f.cx(), *g);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, nums);
  EXPECT_TRAP(lift_list_of<uint32_t>(f.cx(), GuestList{g->ptr + 1, 1}), TrapKind::CanonicalAbi, "aligned");
  std::vector<float> nan = {std::bit_cast<float>(0x7F800001u)};
  auto n = lower_list_of<float>(f.cx(), nan);
  EXPECT_EQ(std::bit_cast<uint32_t>(lift_list_of<float>(f.cx(), *n)->at(0)), 0x7FC00000u);
  // A host list element of the wrong kind is named.
  Val::List mixed{{Val(uint8_t{1}), Val(uint16_t{2})}};
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(mixed), bytes, cells), "expected a `u8` value, found a `u16`");
}

// The preview-1 adapter's cabi_import_realloc tells wasi:cli/environment's arrays from their
// strings by alignment alone (4: the array, into its own scratch page; 1: a string, straight
// into the guest's argv/environ buffer), and sizes that buffer from the string allocations of
// an earlier call: so the array comes first, then every string in element order, each asked
// for at exactly its byte length, the empty one too.
TEST(AbiValues, ListsOfStringsAllocateTheArrayThenEachStringInOrder) {
  Fixture f;
  ValType args = f.types.add(ListType{kString, std::nullopt});
  ValType pair = f.types.add(TupleType{{kString, kString}});
  ValType env = f.types.add(ListType{pair, std::nullopt});
  Val::List argv{{Val("prog"), Val(""), Val("h\xC3\xA9")}};
  ASSERT_TRUE(store(f.cx(), Val(argv), args, 1024).ok());
  EXPECT_EQ(f.guest.calls, (std::vector<ReallocCall>{{0, 0, 4, 24}, {0, 0, 1, 4}, {0, 0, 1, 0}, {0, 0, 1, 3}}));
  f.guest.calls.clear();
  Val::List environ{{Val(Val::Tuple{{Val("a"), Val("text")}}), Val(Val::Tuple{{Val("bb"), Val("")}})}};
  ASSERT_TRUE(store(f.cx(), Val(environ), env, 1024).ok());
  EXPECT_EQ(f.guest.calls,
            (std::vector<ReallocCall>{{0, 0, 4, 32}, {0, 0, 1, 1}, {0, 0, 1, 4}, {0, 0, 1, 2}, {0, 0, 1, 0}}));
}

TEST(AbiValues, ReallocJunkForAListOrSpilledParamsTraps) {
  Fixture f;
  ValType words = f.types.add(ListType{kU32, std::nullopt});
  f.guest.junk = [](const ReallocCall&) -> Result<uint32_t> { return 6u; };
  std::vector<uint64_t> out;
  EXPECT_TRAP(lower_flat(f.cx(), Val(Val::List{{Val(1u)}}), words, out), TrapKind::CanonicalAbi,
              "realloc returned 0x6, which is not 4-byte aligned");
  f.guest.junk = [](const ReallocCall&) -> Result<uint32_t> { return 0xFFFFFFF0u; };
  EXPECT_TRAP(lower_flat(f.cx(), Val(Val::List{{Val(1u), Val(2u)}}), words, out), TrapKind::CanonicalAbi,
              "out of bounds");
}

TEST(AbiValues, MemoryAccessesAreAlignedAndInBounds) {
  Fixture f;
  ValType rec = f.types.add(RecordType{{{"a", kU64}}});
  EXPECT_TRAP(load(f.cx(), kU32, 1026), TrapKind::CanonicalAbi, "not 4-byte aligned");
  EXPECT_TRAP(load(f.cx(), rec, 1028), TrapKind::CanonicalAbi, "not 8-byte aligned");
  const uint32_t size = static_cast<uint32_t>(f.guest.bytes.size());
  EXPECT_TRAP(load(f.cx(), kU64, size), TrapKind::CanonicalAbi, "out of bounds");
  EXPECT_TRAP(load(f.cx(), kU64, size - 4), TrapKind::CanonicalAbi, "not 8-byte aligned");
  EXPECT_TRAP(store(f.cx(), Val(uint32_t{1}), kU32, 0xFFFFFFFCu), TrapKind::CanonicalAbi, "out of bounds");
  EXPECT_TRUE(load(f.cx(), kU64, size - 8).ok());
}

TEST(AbiValues, HostValuesThatDoNotFitTheirTypeAreArgumentErrors) {
  Fixture f;
  ValType rec = f.types.add(RecordType{{{"x", kU8}, {"y", kU8}}});
  ValType variant = f.types.add(VariantType{{{"a", kU8}, {"b", std::nullopt}}});
  ValType flags = f.types.add(FlagsType{{"read", "write"}});
  ValType fixed = f.types.add(ListType{kU8, 2});
  ValType result = f.types.add(ResultType{kU8, std::nullopt});
  std::vector<uint64_t> out;
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(uint32_t{1}), kS32, out), "expected a `s32` value, found a `u32`");
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(record({{"x", Val(uint8_t{1})}, {"z", Val(uint8_t{1})}})), rec, out),
                    "expected record field `y`, found `z`");
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(record({{"x", Val(uint8_t{1})}})), rec, out), "2 fields");
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(Val::Variant{"c", {}}), variant, out), "unknown variant case `c`");
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(Val::Variant{"a", {}}), variant, out), "needs a payload");
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(Val::Variant{"b", Val(uint8_t{1})}), variant, out), "takes no payload");
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(Val::Flags{{"exec"}}), flags, out), "unknown flag `exec`");
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(Val::List{{Val(uint8_t{1})}}), fixed, out), "list of 2 elements");
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(Val::Result{false, Val(uint8_t{1})}), result, out), "takes no payload");
  EXPECT_HOST_ERROR(lower_flat(f.cx(), Val(Val::Enum{"a"}), variant, out), "expected a `variant` value");
}

TEST(AbiValues, TypesNeedingMemoryFailCleanlyWithoutIt) {
  TypeTables types;
  Layouts layouts = Layouts::compute(types).unwrap();
  LiftLowerContext cx{types, layouts, MemoryOptions{}};
  std::vector<uint64_t> out;
  EXPECT_HOST_ERROR(lower_flat(cx, Val("x"), kString, out), "`memory` is required");
  std::vector<uint64_t> cells = {0, 0};
  size_t pos = 0;
  EXPECT_HOST_ERROR(lift_flat(cx, cells, pos, kString), "`memory` is required");
}

// A function of 17 params and a string result: the params spill to a realloc'd tuple when
// the host calls in (lift), and come from a pointer when the guest calls out (lower).
struct SpillFixture : Fixture {
  FuncTypeId id;
  SpillFixture() {
    FuncType ft;
    for (int i = 0; i < 16; ++i) ft.params.push_back({"p" + std::to_string(i), kU32});
    ft.params.push_back({"last", kU8});
    ft.result = kString;
    id = types.add(ft);
  }
  const FuncLayout& fl() {
    cx();
    return layouts->func(id);
  }
  std::vector<Val> args() {
    std::vector<Val> a;
    for (uint32_t i = 0; i < 16; ++i) a.emplace_back(i * 3);
    a.emplace_back(uint8_t{200});
    return a;
  }
};

TEST(AbiValues, SpilledParamsAndResultsGoThroughMemory) {
  SpillFixture f;
  const FuncLayout& fl = f.fl();
  auto flat = lower_arguments(f.cx(), fl, f.args());
  ASSERT_TRUE(flat.ok()) << flat.error().message();
  ASSERT_EQ(flat->size(), 1u);
  EXPECT_EQ(f.guest.calls, (std::vector<ReallocCall>{{0, 0, 4, 68}}));
  uint32_t ptr = static_cast<uint32_t>((*flat)[0]);
  EXPECT_EQ(f.guest.get_le<uint32_t>(ptr + 4 * 15), 45u);
  EXPECT_EQ(f.guest.bytes[ptr + 64], 200);
  auto lifted = lift_arguments(f.cx(), fl, *flat);
  ASSERT_TRUE(lifted.ok()) << lifted.error().message();
  EXPECT_EQ(*lifted, f.args());
  std::vector<uint64_t> misaligned = {ptr + 2};
  EXPECT_TRAP(lift_arguments(f.cx(), fl, misaligned), TrapKind::CanonicalAbi, "params pointer");
  std::vector<uint64_t> past = {f.guest.bytes.size() - 64};
  EXPECT_TRAP(lift_arguments(f.cx(), fl, past), TrapKind::CanonicalAbi, "out of bounds");

  // The result: lowered through the caller's return pointer (the last core param)...
  std::vector<uint64_t> params = {ptr, 4096};
  auto none = lower_result(f.cx(), fl, kString, Val("ok"), params);
  ASSERT_TRUE(none.ok()) << none.error().message();
  EXPECT_TRUE(none->empty());
  // ...and lifted from the pointer the callee returns.
  std::vector<uint64_t> results = {4096};
  auto r = lift_result(f.cx(), fl, kString, results);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(**r, Val("ok"));
  results = {4097};
  EXPECT_TRAP(lift_result(f.cx(), fl, kString, results), TrapKind::CanonicalAbi, "result pointer");
  params = {ptr, 4098};
  EXPECT_TRAP(lower_result(f.cx(), fl, kString, Val("ok"), params), TrapKind::CanonicalAbi, "result pointer");
  EXPECT_HOST_ERROR(lower_arguments(f.cx(), fl, std::vector<Val>{Val(1u)}), "expected 17 arguments");
}

TEST(AbiValues, FlatParamsAndResult) {
  Fixture f;
  FuncType ft;
  ft.params = {{"a", kU8}, {"b", kF64}};
  ft.result = kU64;
  FuncTypeId id = f.types.add(ft);
  f.cx();
  const FuncLayout& fl = f.layouts->func(id);
  std::vector<Val> args = {Val(uint8_t{3}), Val(0.25)};
  auto flat = lower_arguments(f.cx(), fl, args);
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(*flat, (std::vector<uint64_t>{3, std::bit_cast<uint64_t>(0.25)}));
  EXPECT_TRUE(f.guest.calls.empty());
  auto back = lift_arguments(f.cx(), fl, *flat);
  EXPECT_EQ(*back, args);
  std::vector<uint64_t> results = {42};
  EXPECT_EQ(**lift_result(f.cx(), fl, kU64, results), Val(uint64_t{42}));
  auto lowered = lower_result(f.cx(), fl, kU64, Val(uint64_t{7}), *flat);
  EXPECT_EQ(*lowered, std::vector<uint64_t>{7});
}

}  // namespace
}  // namespace stratus::component::abi
