// Compares every lane-computing SIMD op against a straightforward scalar per-lane reference
// over random inputs biased towards edge values (0, -1, INT_MIN/MAX, NaNs with payloads,
// ±0, ±inf, subnormals, values around 2^31/2^32 and the rounding thresholds).
#include <algorithm>
#include <bit>
#include <cmath>

#include "exec/simd/simd_ops.hpp"
#include "simd_test_support.hpp"

namespace simd = stratus::exec::simd;
using namespace simd_test;

namespace {

constexpr int kIterations = 3000;

// `CompareLane` says how results are compared (floats with the NaN rules, everything else
// bit-exactly); `InLane` says how the random inputs are generated.
template <class CompareLane, class InLane, class Op, class Ref>
void check_binary(std::string_view name, Op op, Ref reference) {
  auto rng = seeded_rng(name);
  for (int i = 0; i < kIterations; ++i) {
    V128 a = random_vector<InLane>(rng);
    V128 b = (i % 8 == 0) ? a : random_vector<InLane>(rng);
    ASSERT_TRUE(lanes_match<CompareLane>(op(a, b), reference(a, b))) << name << " a=" << hex(a) << " b=" << hex(b);
  }
}

template <class CompareLane, class InLane, class Op, class Ref>
void check_unary(std::string_view name, Op op, Ref reference) {
  auto rng = seeded_rng(name);
  for (int i = 0; i < kIterations; ++i) {
    V128 a = random_vector<InLane>(rng);
    ASSERT_TRUE(lanes_match<CompareLane>(op(a), reference(a))) << name << " a=" << hex(a);
  }
}

template <class Out, class In, class Fn>
auto lanewise(Fn fn) {
  return [fn](V128 a, V128 b) {
    V128 r;
    for (int i = 0; i < kLanes<In>; ++i) put<Out>(r, i, static_cast<Out>(fn(get<In>(a, i), get<In>(b, i))));
    return r;
  };
}

template <class Out, class In, class Fn>
auto lanewise_unary(Fn fn) {
  return [fn](V128 a) {
    V128 r;
    for (int i = 0; i < kLanes<In>; ++i) put<Out>(r, i, static_cast<Out>(fn(get<In>(a, i))));
    return r;
  };
}

template <class T>
T mask(bool condition) {
  return condition ? static_cast<T>(~std::make_unsigned_t<T>(0)) : T(0);
}

// Wrapping arithmetic via uint64_t: conversions back to T are modular in C++20.
template <class T> T wrap_add(T x, T y) { return static_cast<T>(static_cast<uint64_t>(x) + static_cast<uint64_t>(y)); }
template <class T> T wrap_sub(T x, T y) { return static_cast<T>(static_cast<uint64_t>(x) - static_cast<uint64_t>(y)); }
template <class T> T wrap_mul(T x, T y) { return static_cast<T>(static_cast<uint64_t>(x) * static_cast<uint64_t>(y)); }
template <class T> T wrap_abs(T x) { return x < 0 ? wrap_sub<T>(0, x) : x; }
template <class T> T saturate(int64_t x) {
  return static_cast<T>(std::clamp<int64_t>(x, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}

// ---------------------------------------------------------------------------------------------
// Integer lane-wise ops, instantiated for each lane width.

struct IntegerOps {
  std::string prefix;
  V128 (*eq)(V128, V128), (*ne)(V128, V128), (*add)(V128, V128), (*sub)(V128, V128);
  V128 (*neg)(V128), (*abs)(V128);
};
#define INTEGER_OPS(P) \
  IntegerOps { #P, simd::P##Eq, simd::P##Ne, simd::P##Add, simd::P##Sub, simd::P##Neg, simd::P##Abs }

template <class S>
void check_integer_lanewise(const IntegerOps& ops) {
  using U = std::make_unsigned_t<S>;
  check_binary<U, S>(ops.prefix + "Eq", ops.eq, lanewise<U, U>([](U x, U y) { return mask<U>(x == y); }));
  check_binary<U, S>(ops.prefix + "Ne", ops.ne, lanewise<U, U>([](U x, U y) { return mask<U>(x != y); }));
  check_binary<U, S>(ops.prefix + "Add", ops.add, lanewise<U, U>([](U x, U y) { return wrap_add(x, y); }));
  check_binary<U, S>(ops.prefix + "Sub", ops.sub, lanewise<U, U>([](U x, U y) { return wrap_sub(x, y); }));
  check_unary<U, S>(ops.prefix + "Neg", ops.neg, lanewise_unary<U, U>([](U x) { return wrap_sub<U>(0, x); }));
  check_unary<U, S>(ops.prefix + "Abs", ops.abs, lanewise_unary<S, S>([](S x) { return wrap_abs(x); }));
}

TEST(SimdReference, IntegerCommonLanewise) {
  check_integer_lanewise<int8_t>(INTEGER_OPS(I8x16));
  check_integer_lanewise<int16_t>(INTEGER_OPS(I16x8));
  check_integer_lanewise<int32_t>(INTEGER_OPS(I32x4));
  check_integer_lanewise<int64_t>(INTEGER_OPS(I64x2));
}

// Ordered comparisons: signed for every width, unsigned for 8/16/32 (i64x2 has no _u).
#define CHECK_SIGNED_COMPARE(Prefix, S)                                                                            \
  check_binary<S, S>(#Prefix "LtS", simd::Prefix##LtS, lanewise<S, S>([](S x, S y) { return mask<S>(x < y); }));  \
  check_binary<S, S>(#Prefix "GtS", simd::Prefix##GtS, lanewise<S, S>([](S x, S y) { return mask<S>(x > y); }));  \
  check_binary<S, S>(#Prefix "LeS", simd::Prefix##LeS, lanewise<S, S>([](S x, S y) { return mask<S>(x <= y); })); \
  check_binary<S, S>(#Prefix "GeS", simd::Prefix##GeS, lanewise<S, S>([](S x, S y) { return mask<S>(x >= y); }))
#define CHECK_UNSIGNED_COMPARE(Prefix, U)                                                                          \
  check_binary<U, U>(#Prefix "LtU", simd::Prefix##LtU, lanewise<U, U>([](U x, U y) { return mask<U>(x < y); }));  \
  check_binary<U, U>(#Prefix "GtU", simd::Prefix##GtU, lanewise<U, U>([](U x, U y) { return mask<U>(x > y); }));  \
  check_binary<U, U>(#Prefix "LeU", simd::Prefix##LeU, lanewise<U, U>([](U x, U y) { return mask<U>(x <= y); })); \
  check_binary<U, U>(#Prefix "GeU", simd::Prefix##GeU, lanewise<U, U>([](U x, U y) { return mask<U>(x >= y); }))

TEST(SimdReference, IntegerComparisons) {
  CHECK_SIGNED_COMPARE(I8x16, int8_t);
  CHECK_UNSIGNED_COMPARE(I8x16, uint8_t);
  CHECK_SIGNED_COMPARE(I16x8, int16_t);
  CHECK_UNSIGNED_COMPARE(I16x8, uint16_t);
  CHECK_SIGNED_COMPARE(I32x4, int32_t);
  CHECK_UNSIGNED_COMPARE(I32x4, uint32_t);
  CHECK_SIGNED_COMPARE(I64x2, int64_t);
}

#define CHECK_MIN_MAX(Prefix, S, U)                                                                                       \
  check_binary<S, S>(#Prefix "MinS", simd::Prefix##MinS, lanewise<S, S>([](S x, S y) { return std::min(x, y); })); \
  check_binary<S, S>(#Prefix "MaxS", simd::Prefix##MaxS, lanewise<S, S>([](S x, S y) { return std::max(x, y); })); \
  check_binary<U, U>(#Prefix "MinU", simd::Prefix##MinU, lanewise<U, U>([](U x, U y) { return std::min(x, y); })); \
  check_binary<U, U>(#Prefix "MaxU", simd::Prefix##MaxU, lanewise<U, U>([](U x, U y) { return std::max(x, y); }))

#define CHECK_SATURATING(Prefix, S, U)                                                                                              \
  check_binary<S, S>(#Prefix "AddSatS", simd::Prefix##AddSatS, lanewise<S, S>([](S x, S y) { return saturate<S>(int64_t{x} + y); })); \
  check_binary<S, S>(#Prefix "SubSatS", simd::Prefix##SubSatS, lanewise<S, S>([](S x, S y) { return saturate<S>(int64_t{x} - y); })); \
  check_binary<U, U>(#Prefix "AddSatU", simd::Prefix##AddSatU, lanewise<U, U>([](U x, U y) { return saturate<U>(int64_t{x} + y); })); \
  check_binary<U, U>(#Prefix "SubSatU", simd::Prefix##SubSatU, lanewise<U, U>([](U x, U y) { return saturate<U>(int64_t{x} - y); }));  \
  check_binary<U, U>(#Prefix "AvgrU", simd::Prefix##AvgrU, lanewise<U, U>([](U x, U y) { return (uint32_t{x} + y + 1) / 2; }))

TEST(SimdReference, IntegerMinMaxSaturatingAverage) {
  CHECK_MIN_MAX(I8x16, int8_t, uint8_t);
  CHECK_MIN_MAX(I16x8, int16_t, uint16_t);
  CHECK_MIN_MAX(I32x4, int32_t, uint32_t);
  CHECK_SATURATING(I8x16, int8_t, uint8_t);
  CHECK_SATURATING(I16x8, int16_t, uint16_t);
}

TEST(SimdReference, IntegerMultiply) {
  check_binary<uint16_t, int16_t>("I16x8Mul", simd::I16x8Mul, lanewise<uint16_t, uint16_t>(wrap_mul<uint16_t>));
  check_binary<uint32_t, int32_t>("I32x4Mul", simd::I32x4Mul, lanewise<uint32_t, uint32_t>(wrap_mul<uint32_t>));
  check_binary<uint64_t, int64_t>("I64x2Mul", simd::I64x2Mul, lanewise<uint64_t, uint64_t>(wrap_mul<uint64_t>));
  check_binary<int16_t, int16_t>("I16x8Q15mulrSatS", simd::I16x8Q15mulrSatS, lanewise<int16_t, int16_t>([](int16_t x, int16_t y) {
    return saturate<int16_t>((int64_t{x} * y + 0x4000) >> 15);
  }));
}

TEST(SimdReference, Popcnt) {
  check_unary<uint8_t, int8_t>("I8x16Popcnt", simd::I8x16Popcnt,
                               lanewise_unary<uint8_t, uint8_t>([](uint8_t x) { return std::popcount(x); }));
}

template <class S>
void check_shifts(std::string_view prefix, V128 (*shl)(V128, uint32_t), V128 (*shr_s)(V128, uint32_t),
                  V128 (*shr_u)(V128, uint32_t)) {
  using U = std::make_unsigned_t<S>;
  constexpr uint32_t lane_bits = sizeof(S) * 8;
  auto rng = seeded_rng(prefix);
  const uint32_t counts[] = {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 0xFFFFFFFFu, 0x80000000u};
  for (int i = 0; i < kIterations; ++i) {
    V128 a = random_vector<S>(rng);
    uint32_t count = (i % 2) ? counts[rng() % std::size(counts)] : static_cast<uint32_t>(rng());
    uint32_t k = count % lane_bits;
    V128 want_shl, want_shr_s, want_shr_u;
    for (int lane = 0; lane < kLanes<S>; ++lane) {
      put<U>(want_shl, lane, static_cast<U>(static_cast<U>(get<U>(a, lane) << k)));
      put<S>(want_shr_s, lane, static_cast<S>(get<S>(a, lane) >> k));
      put<U>(want_shr_u, lane, static_cast<U>(get<U>(a, lane) >> k));
    }
    ASSERT_TRUE(lanes_match<U>(shl(a, count), want_shl)) << prefix << "Shl by " << count << " a=" << hex(a);
    ASSERT_TRUE(lanes_match<U>(shr_s(a, count), want_shr_s)) << prefix << "ShrS by " << count << " a=" << hex(a);
    ASSERT_TRUE(lanes_match<U>(shr_u(a, count), want_shr_u)) << prefix << "ShrU by " << count << " a=" << hex(a);
  }
}

TEST(SimdReference, Shifts) {
  check_shifts<int8_t>("I8x16", simd::I8x16Shl, simd::I8x16ShrS, simd::I8x16ShrU);
  check_shifts<int16_t>("I16x8", simd::I16x8Shl, simd::I16x8ShrS, simd::I16x8ShrU);
  check_shifts<int32_t>("I32x4", simd::I32x4Shl, simd::I32x4ShrS, simd::I32x4ShrU);
  check_shifts<int64_t>("I64x2", simd::I64x2Shl, simd::I64x2ShrS, simd::I64x2ShrU);
}

// ---------------------------------------------------------------------------------------------
// Bitwise and boolean reductions

TEST(SimdReference, Bitwise) {
  using U = uint64_t;
  check_unary<U, int8_t>("V128Not", simd::V128Not, lanewise_unary<U, U>([](U x) { return ~x; }));
  check_binary<U, int8_t>("V128And", simd::V128And, lanewise<U, U>([](U x, U y) { return x & y; }));
  check_binary<U, int8_t>("V128AndNot", simd::V128AndNot, lanewise<U, U>([](U x, U y) { return x & ~y; }));
  check_binary<U, int8_t>("V128Or", simd::V128Or, lanewise<U, U>([](U x, U y) { return x | y; }));
  check_binary<U, int8_t>("V128Xor", simd::V128Xor, lanewise<U, U>([](U x, U y) { return x ^ y; }));
  auto rng = seeded_rng("V128Bitselect");
  for (int i = 0; i < kIterations; ++i) {
    V128 a = random_vector<int64_t>(rng), b = random_vector<int64_t>(rng), c = random_vector<int8_t>(rng);
    V128 want;
    for (int lane = 0; lane < 2; ++lane) {
      U m = get<U>(c, lane);
      put<U>(want, lane, (get<U>(a, lane) & m) | (get<U>(b, lane) & ~m));
    }
    ASSERT_TRUE(lanes_match<U>(simd::V128Bitselect(a, b, c), want));
  }
}

template <class S>
void check_reductions(std::string_view name, uint32_t (*all_true)(V128), uint32_t (*bitmask)(V128)) {
  auto rng = seeded_rng(name);
  for (int i = 0; i < kIterations; ++i) {
    V128 a = random_vector<S>(rng);
    // Random lanes are rarely zero; zero some so all_true and any_true see both answers.
    if (i % 3 == 0) put<S>(a, static_cast<int>(rng() % kLanes<S>), S(0));
    if (i % 17 == 0) a = V128{};
    uint32_t want_all = 1, want_mask = 0, want_any = 0;
    for (int lane = 0; lane < kLanes<S>; ++lane) {
      if (get<S>(a, lane) == 0) want_all = 0;
      if (get<S>(a, lane) < 0) want_mask |= 1u << lane;
    }
    for (uint8_t byte : a.bytes) want_any |= byte != 0;
    ASSERT_EQ(all_true(a), want_all) << name << " all_true " << hex(a);
    ASSERT_EQ(bitmask(a), want_mask) << name << " bitmask " << hex(a);
    ASSERT_EQ(simd::V128AnyTrue(a), want_any) << "any_true " << hex(a);
  }
}

TEST(SimdReference, BooleanReductions) {
  check_reductions<int8_t>("I8x16", simd::I8x16AllTrue, simd::I8x16Bitmask);
  check_reductions<int16_t>("I16x8", simd::I16x8AllTrue, simd::I16x8Bitmask);
  check_reductions<int32_t>("I32x4", simd::I32x4AllTrue, simd::I32x4Bitmask);
  check_reductions<int64_t>("I64x2", simd::I64x2AllTrue, simd::I64x2Bitmask);
}

// ---------------------------------------------------------------------------------------------
// Widening and narrowing

template <class Narrow, class Wide>
void check_narrow(std::string_view name, V128 (*op)(V128, V128)) {
  check_binary<Narrow, Wide>(name, op, [](V128 a, V128 b) {
    V128 r;
    for (int i = 0; i < kLanes<Wide>; ++i) {
      put<Narrow>(r, i, saturate<Narrow>(get<Wide>(a, i)));
      put<Narrow>(r, i + kLanes<Wide>, saturate<Narrow>(get<Wide>(b, i)));
    }
    return r;
  });
}

TEST(SimdReference, Narrow) {
  check_narrow<int8_t, int16_t>("I8x16NarrowI16x8S", simd::I8x16NarrowI16x8S);
  check_narrow<uint8_t, int16_t>("I8x16NarrowI16x8U", simd::I8x16NarrowI16x8U);
  check_narrow<int16_t, int32_t>("I16x8NarrowI32x4S", simd::I16x8NarrowI32x4S);
  check_narrow<uint16_t, int32_t>("I16x8NarrowI32x4U", simd::I16x8NarrowI32x4U);
}

template <class Wide, class Narrow>
void check_extend(std::string_view name, V128 (*op)(V128), int first_lane) {
  check_unary<Wide, Narrow>(name, op, [first_lane](V128 a) {
    V128 r;
    for (int i = 0; i < kLanes<Wide>; ++i) put<Wide>(r, i, static_cast<Wide>(get<Narrow>(a, first_lane + i)));
    return r;
  });
}

template <class Wide, class Narrow>
void check_extmul(std::string_view name, V128 (*op)(V128, V128), int first_lane) {
  check_binary<Wide, Narrow>(name, op, [first_lane](V128 a, V128 b) {
    V128 r;
    for (int i = 0; i < kLanes<Wide>; ++i)
      put<Wide>(r, i, static_cast<Wide>(static_cast<Wide>(get<Narrow>(a, first_lane + i)) *
                                        static_cast<Wide>(get<Narrow>(b, first_lane + i))));
    return r;
  });
}

template <class Wide, class Narrow>
void check_extadd(std::string_view name, V128 (*op)(V128)) {
  check_unary<Wide, Narrow>(name, op, [](V128 a) {
    V128 r;
    for (int i = 0; i < kLanes<Wide>; ++i)
      put<Wide>(r, i, static_cast<Wide>(Wide{get<Narrow>(a, 2 * i)} + Wide{get<Narrow>(a, 2 * i + 1)}));
    return r;
  });
}

TEST(SimdReference, ExtendExtmulExtadd) {
  check_extend<int16_t, int8_t>("I16x8ExtendLowI8x16S", simd::I16x8ExtendLowI8x16S, 0);
  check_extend<int16_t, int8_t>("I16x8ExtendHighI8x16S", simd::I16x8ExtendHighI8x16S, 8);
  check_extend<uint16_t, uint8_t>("I16x8ExtendLowI8x16U", simd::I16x8ExtendLowI8x16U, 0);
  check_extend<uint16_t, uint8_t>("I16x8ExtendHighI8x16U", simd::I16x8ExtendHighI8x16U, 8);
  check_extend<int32_t, int16_t>("I32x4ExtendLowI16x8S", simd::I32x4ExtendLowI16x8S, 0);
  check_extend<int32_t, int16_t>("I32x4ExtendHighI16x8S", simd::I32x4ExtendHighI16x8S, 4);
  check_extend<uint32_t, uint16_t>("I32x4ExtendLowI16x8U", simd::I32x4ExtendLowI16x8U, 0);
  check_extend<uint32_t, uint16_t>("I32x4ExtendHighI16x8U", simd::I32x4ExtendHighI16x8U, 4);
  check_extend<int64_t, int32_t>("I64x2ExtendLowI32x4S", simd::I64x2ExtendLowI32x4S, 0);
  check_extend<int64_t, int32_t>("I64x2ExtendHighI32x4S", simd::I64x2ExtendHighI32x4S, 2);
  check_extend<uint64_t, uint32_t>("I64x2ExtendLowI32x4U", simd::I64x2ExtendLowI32x4U, 0);
  check_extend<uint64_t, uint32_t>("I64x2ExtendHighI32x4U", simd::I64x2ExtendHighI32x4U, 2);

  check_extmul<int16_t, int8_t>("I16x8ExtmulLowI8x16S", simd::I16x8ExtmulLowI8x16S, 0);
  check_extmul<int16_t, int8_t>("I16x8ExtmulHighI8x16S", simd::I16x8ExtmulHighI8x16S, 8);
  check_extmul<uint16_t, uint8_t>("I16x8ExtmulLowI8x16U", simd::I16x8ExtmulLowI8x16U, 0);
  check_extmul<uint16_t, uint8_t>("I16x8ExtmulHighI8x16U", simd::I16x8ExtmulHighI8x16U, 8);
  check_extmul<int32_t, int16_t>("I32x4ExtmulLowI16x8S", simd::I32x4ExtmulLowI16x8S, 0);
  check_extmul<int32_t, int16_t>("I32x4ExtmulHighI16x8S", simd::I32x4ExtmulHighI16x8S, 4);
  check_extmul<uint32_t, uint16_t>("I32x4ExtmulLowI16x8U", simd::I32x4ExtmulLowI16x8U, 0);
  check_extmul<uint32_t, uint16_t>("I32x4ExtmulHighI16x8U", simd::I32x4ExtmulHighI16x8U, 4);
  check_extmul<int64_t, int32_t>("I64x2ExtmulLowI32x4S", simd::I64x2ExtmulLowI32x4S, 0);
  check_extmul<int64_t, int32_t>("I64x2ExtmulHighI32x4S", simd::I64x2ExtmulHighI32x4S, 2);
  check_extmul<uint64_t, uint32_t>("I64x2ExtmulLowI32x4U", simd::I64x2ExtmulLowI32x4U, 0);
  check_extmul<uint64_t, uint32_t>("I64x2ExtmulHighI32x4U", simd::I64x2ExtmulHighI32x4U, 2);

  check_extadd<int16_t, int8_t>("I16x8ExtaddPairwiseI8x16S", simd::I16x8ExtaddPairwiseI8x16S);
  check_extadd<uint16_t, uint8_t>("I16x8ExtaddPairwiseI8x16U", simd::I16x8ExtaddPairwiseI8x16U);
  check_extadd<int32_t, int16_t>("I32x4ExtaddPairwiseI16x8S", simd::I32x4ExtaddPairwiseI16x8S);
  check_extadd<uint32_t, uint16_t>("I32x4ExtaddPairwiseI16x8U", simd::I32x4ExtaddPairwiseI16x8U);

  check_binary<int32_t, int16_t>("I32x4DotI16x8S", simd::I32x4DotI16x8S, [](V128 a, V128 b) {
    V128 r;
    for (int i = 0; i < 4; ++i) {
      int32_t even = int32_t{get<int16_t>(a, 2 * i)} * get<int16_t>(b, 2 * i);
      int32_t odd = int32_t{get<int16_t>(a, 2 * i + 1)} * get<int16_t>(b, 2 * i + 1);
      put<int32_t>(r, i, wrap_add(even, odd));
    }
    return r;
  });
}

// ---------------------------------------------------------------------------------------------
// Floating point

template <class F>
F flip_sign_bits(F x, bool clear) {
  auto b = std::bit_cast<BitsOf<F>>(x);
  return std::bit_cast<F>(static_cast<BitsOf<F>>(clear ? (b & ~kSignBit<F>) : (b ^ kSignBit<F>)));
}

template <class F>
F wasm_min(F x, F y) {
  if (std::isnan(x) || std::isnan(y)) return nan_result<F>(x, y);
  if (x == 0 && y == 0) return (std::signbit(x) || std::signbit(y)) ? -F(0) : F(0);
  return x < y ? x : y;
}

template <class F>
F wasm_max(F x, F y) {
  if (std::isnan(x) || std::isnan(y)) return nan_result<F>(x, y);
  if (x == 0 && y == 0) return (std::signbit(x) && std::signbit(y)) ? -F(0) : F(0);
  return x > y ? x : y;
}

template <class F, class Fn>
auto arithmetic(Fn fn) {
  return [fn](F x, F y) {
    F r = fn(x, y);
    return std::isnan(r) ? nan_result<F>(x, y) : r;
  };
}

template <class F, class Fn>
auto arithmetic_unary(Fn fn) {
  return [fn](F x) {
    F r = fn(x);
    return std::isnan(r) ? nan_result<F>(x) : r;
  };
}

struct FloatOps {
  std::string prefix;
  V128 (*eq)(V128, V128), (*ne)(V128, V128), (*lt)(V128, V128), (*gt)(V128, V128), (*le)(V128, V128), (*ge)(V128, V128);
  V128 (*add)(V128, V128), (*sub)(V128, V128), (*mul)(V128, V128), (*div)(V128, V128);
  V128 (*min)(V128, V128), (*max)(V128, V128), (*pmin)(V128, V128), (*pmax)(V128, V128);
  V128 (*abs)(V128), (*neg)(V128), (*sqrt)(V128), (*ceil)(V128), (*floor)(V128), (*trunc)(V128), (*nearest)(V128);
};
#define FLOAT_OPS(P)                                                                                      \
  FloatOps {                                                                                              \
    #P, simd::P##Eq, simd::P##Ne, simd::P##Lt, simd::P##Gt, simd::P##Le, simd::P##Ge, simd::P##Add,       \
        simd::P##Sub, simd::P##Mul, simd::P##Div, simd::P##Min, simd::P##Max, simd::P##Pmin, simd::P##Pmax, \
        simd::P##Abs, simd::P##Neg, simd::P##Sqrt, simd::P##Ceil, simd::P##Floor, simd::P##Trunc,          \
        simd::P##Nearest                                                                                  \
  }

template <class F>
void check_float_ops(const FloatOps& ops) {
  using B = BitsOf<F>;
  using M = std::make_signed_t<B>;
  const std::string& p = ops.prefix;
  check_binary<M, F>(p + "Eq", ops.eq, lanewise<M, F>([](F x, F y) { return mask<M>(x == y); }));
  check_binary<M, F>(p + "Ne", ops.ne, lanewise<M, F>([](F x, F y) { return mask<M>(x != y); }));
  check_binary<M, F>(p + "Lt", ops.lt, lanewise<M, F>([](F x, F y) { return mask<M>(x < y); }));
  check_binary<M, F>(p + "Gt", ops.gt, lanewise<M, F>([](F x, F y) { return mask<M>(x > y); }));
  check_binary<M, F>(p + "Le", ops.le, lanewise<M, F>([](F x, F y) { return mask<M>(x <= y); }));
  check_binary<M, F>(p + "Ge", ops.ge, lanewise<M, F>([](F x, F y) { return mask<M>(x >= y); }));

  check_binary<F, F>(p + "Add", ops.add, lanewise<F, F>(arithmetic<F>([](F x, F y) { return x + y; })));
  check_binary<F, F>(p + "Sub", ops.sub, lanewise<F, F>(arithmetic<F>([](F x, F y) { return x - y; })));
  check_binary<F, F>(p + "Mul", ops.mul, lanewise<F, F>(arithmetic<F>([](F x, F y) { return x * y; })));
  check_binary<F, F>(p + "Div", ops.div, lanewise<F, F>(arithmetic<F>([](F x, F y) { return x / y; })));
  check_binary<F, F>(p + "Min", ops.min, lanewise<F, F>(wasm_min<F>));
  check_binary<F, F>(p + "Max", ops.max, lanewise<F, F>(wasm_max<F>));
  // pmin/pmax, abs and neg are bit-exact, NaN payloads included.
  check_binary<B, F>(p + "Pmin", ops.pmin, lanewise<F, F>([](F x, F y) { return y < x ? y : x; }));
  check_binary<B, F>(p + "Pmax", ops.pmax, lanewise<F, F>([](F x, F y) { return x < y ? y : x; }));
  check_unary<B, F>(p + "Abs", ops.abs, lanewise_unary<F, F>([](F x) { return flip_sign_bits(x, true); }));
  check_unary<B, F>(p + "Neg", ops.neg, lanewise_unary<F, F>([](F x) { return flip_sign_bits(x, false); }));

  check_unary<F, F>(p + "Sqrt", ops.sqrt, lanewise_unary<F, F>(arithmetic_unary<F>([](F x) { return std::sqrt(x); })));
  check_unary<F, F>(p + "Ceil", ops.ceil, lanewise_unary<F, F>(arithmetic_unary<F>([](F x) { return std::ceil(x); })));
  check_unary<F, F>(p + "Floor", ops.floor, lanewise_unary<F, F>(arithmetic_unary<F>([](F x) { return std::floor(x); })));
  check_unary<F, F>(p + "Trunc", ops.trunc, lanewise_unary<F, F>(arithmetic_unary<F>([](F x) { return std::trunc(x); })));
  // The default rounding mode is to-nearest-even, which is what Wasm's nearest is.
  check_unary<F, F>(p + "Nearest", ops.nearest, lanewise_unary<F, F>(arithmetic_unary<F>([](F x) { return std::nearbyint(x); })));
}

TEST(SimdReference, F32x4) { check_float_ops<float>(FLOAT_OPS(F32x4)); }
TEST(SimdReference, F64x2) { check_float_ops<double>(FLOAT_OPS(F64x2)); }

// ---------------------------------------------------------------------------------------------
// Conversions

template <class I, class F>
I trunc_sat(F x) {
  // 2^31 and 2^32 are exact in both float and double.
  constexpr F upper = std::is_signed_v<I> ? F(2147483648.0) : F(4294967296.0);
  if (std::isnan(x)) return 0;
  if (x <= static_cast<F>(std::numeric_limits<I>::min())) return std::numeric_limits<I>::min();
  if (x >= upper) return std::numeric_limits<I>::max();
  return static_cast<I>(x);
}

TEST(SimdReference, Conversions) {
  check_unary<int32_t, float>("I32x4TruncSatF32x4S", simd::I32x4TruncSatF32x4S,
                              lanewise_unary<int32_t, float>(trunc_sat<int32_t, float>));
  check_unary<uint32_t, float>("I32x4TruncSatF32x4U", simd::I32x4TruncSatF32x4U,
                               lanewise_unary<uint32_t, float>(trunc_sat<uint32_t, float>));
  check_unary<float, int32_t>("F32x4ConvertI32x4S", simd::F32x4ConvertI32x4S,
                              lanewise_unary<float, int32_t>([](int32_t x) { return static_cast<float>(x); }));
  check_unary<float, uint32_t>("F32x4ConvertI32x4U", simd::F32x4ConvertI32x4U,
                               lanewise_unary<float, uint32_t>([](uint32_t x) { return static_cast<float>(x); }));

  auto two_lanes_then_zero = [](auto convert_lane, auto out_tag, auto in_tag) {
    using Out = decltype(out_tag);
    using In = decltype(in_tag);
    return [convert_lane](V128 a) {
      V128 r;
      for (int i = 0; i < 2; ++i) put<Out>(r, i, convert_lane(get<In>(a, i)));
      return r;
    };
  };
  check_unary<int32_t, double>("I32x4TruncSatF64x2SZero", simd::I32x4TruncSatF64x2SZero,
                               two_lanes_then_zero(trunc_sat<int32_t, double>, int32_t{}, double{}));
  check_unary<uint32_t, double>("I32x4TruncSatF64x2UZero", simd::I32x4TruncSatF64x2UZero,
                                two_lanes_then_zero(trunc_sat<uint32_t, double>, uint32_t{}, double{}));
  check_unary<float, double>("F32x4DemoteF64x2Zero", simd::F32x4DemoteF64x2Zero,
                             two_lanes_then_zero([](double x) { return std::isnan(x) ? nan_result<float>(x) : static_cast<float>(x); }, float{}, double{}));
  // Promotion/low conversions read the low two 32-bit lanes and fill both 64-bit lanes.
  auto low_two = [](auto convert_lane, auto in_tag) {
    using In = decltype(in_tag);
    return [convert_lane](V128 a) {
      V128 r;
      for (int i = 0; i < 2; ++i) put<double>(r, i, convert_lane(get<In>(a, i)));
      return r;
    };
  };
  check_unary<double, float>("F64x2PromoteLowF32x4", simd::F64x2PromoteLowF32x4,
                             low_two([](float x) { return std::isnan(x) ? nan_result<double>(x) : static_cast<double>(x); }, float{}));
  check_unary<double, int32_t>("F64x2ConvertLowI32x4S", simd::F64x2ConvertLowI32x4S,
                               low_two([](int32_t x) { return static_cast<double>(x); }, int32_t{}));
  check_unary<double, uint32_t>("F64x2ConvertLowI32x4U", simd::F64x2ConvertLowI32x4U,
                                low_two([](uint32_t x) { return static_cast<double>(x); }, uint32_t{}));
}

}  // namespace
