// Lane access, splats, shuffles, loads/stores, and hand-picked cases straight from the spec's
// semantics for the ops whose corner cases matter most.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "exec/simd/simd_ops.hpp"
#include "simd_test_support.hpp"

namespace simd = stratus::exec::simd;
using namespace simd_test;

namespace {

V128 bytes_0_to_15() {
  V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(i);
  return v;
}

TEST(SimdLanes, Splat) {
  EXPECT_EQ(simd::I8x16Splat(0x1FF), splat_of<uint8_t>(0xFF));
  EXPECT_EQ(simd::I16x8Splat(0x12345), splat_of<uint16_t>(0x2345));
  EXPECT_EQ(simd::I32x4Splat(0xDEADBEEF), splat_of<uint32_t>(0xDEADBEEF));
  EXPECT_EQ(simd::I64x2Splat(0x0123456789ABCDEFull), splat_of<uint64_t>(0x0123456789ABCDEFull));
  // Floats travel as bits: a signalling NaN payload survives.
  EXPECT_EQ(simd::F32x4Splat(0x7F800001u), splat_of<uint32_t>(0x7F800001u));
  EXPECT_EQ(simd::F64x2Splat(0xFFF0000000000001ull), splat_of<uint64_t>(0xFFF0000000000001ull));
}

TEST(SimdLanes, ExtractSignAndZeroExtend) {
  V128 v = make<int8_t>({-1, 2, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -2});
  EXPECT_EQ(simd::I8x16ExtractLaneS(v, 0), 0xFFFFFFFFu);
  EXPECT_EQ(simd::I8x16ExtractLaneU(v, 0), 0xFFu);
  EXPECT_EQ(simd::I8x16ExtractLaneS(v, 2), 0xFFFFFF80u);
  EXPECT_EQ(simd::I8x16ExtractLaneU(v, 3), 127u);
  EXPECT_EQ(simd::I8x16ExtractLaneS(v, 15), 0xFFFFFFFEu);
  V128 w = make<int16_t>({-32768, 1, 0, 0, 0, 0, 0, -1});
  EXPECT_EQ(simd::I16x8ExtractLaneS(w, 0), 0xFFFF8000u);
  EXPECT_EQ(simd::I16x8ExtractLaneU(w, 0), 0x8000u);
  EXPECT_EQ(simd::I16x8ExtractLaneU(w, 7), 0xFFFFu);
  V128 x = bytes_0_to_15();
  EXPECT_EQ(simd::I32x4ExtractLane(x, 1), 0x07060504u);
  EXPECT_EQ(simd::F32x4ExtractLane(x, 3), 0x0F0E0D0Cu);
  EXPECT_EQ(simd::I64x2ExtractLane(x, 1), 0x0F0E0D0C0B0A0908ull);
  EXPECT_EQ(simd::F64x2ExtractLane(x, 0), 0x0706050403020100ull);
}

TEST(SimdLanes, ReplaceTouchesOnlyItsLane) {
  auto rng = seeded_rng("replace");
  for (int i = 0; i < 500; ++i) {
    V128 v = random_vector<int8_t>(rng);
    uint64_t x = rng();
    for (uint8_t lane = 0; lane < 16; ++lane) {
      V128 want = v;
      want.bytes[lane] = static_cast<uint8_t>(x);
      ASSERT_EQ(simd::I8x16ReplaceLane(v, static_cast<uint32_t>(x), lane), want);
    }
    for (uint8_t lane = 0; lane < 8; ++lane) {
      V128 want = v;
      put<uint16_t>(want, lane, static_cast<uint16_t>(x));
      ASSERT_EQ(simd::I16x8ReplaceLane(v, static_cast<uint32_t>(x), lane), want);
    }
    for (uint8_t lane = 0; lane < 4; ++lane) {
      V128 want = v;
      put<uint32_t>(want, lane, static_cast<uint32_t>(x));
      ASSERT_EQ(simd::I32x4ReplaceLane(v, static_cast<uint32_t>(x), lane), want);
      ASSERT_EQ(simd::F32x4ReplaceLane(v, static_cast<uint32_t>(x), lane), want);
    }
    for (uint8_t lane = 0; lane < 2; ++lane) {
      V128 want = v;
      put<uint64_t>(want, lane, x);
      ASSERT_EQ(simd::I64x2ReplaceLane(v, x, lane), want);
      ASSERT_EQ(simd::F64x2ReplaceLane(v, x, lane), want);
    }
  }
}

TEST(SimdLanes, ShuffleAndSwizzle) {
  auto rng = seeded_rng("shuffle");
  for (int i = 0; i < 2000; ++i) {
    V128 a = random_vector<int8_t>(rng), b = random_vector<int8_t>(rng), lanes, selectors;
    for (int j = 0; j < 16; ++j) {
      lanes.bytes[j] = static_cast<uint8_t>(rng() % 32);
      // Mostly in range, but also 16..31, 0x70..0x7F (pshufb-sensitive) and >= 0x80.
      const uint8_t specials[] = {16, 17, 31, 32, 0x70, 0x7F, 0x80, 0x8F, 0xF0, 0xFF};
      selectors.bytes[j] = (rng() % 3) ? static_cast<uint8_t>(rng() % 16) : specials[rng() % std::size(specials)];
    }
    V128 want_shuffle, want_swizzle;
    for (int j = 0; j < 16; ++j) {
      want_shuffle.bytes[j] = lanes.bytes[j] < 16 ? a.bytes[lanes.bytes[j]] : b.bytes[lanes.bytes[j] - 16];
      want_swizzle.bytes[j] = selectors.bytes[j] < 16 ? a.bytes[selectors.bytes[j]] : 0;
    }
    ASSERT_EQ(simd::I8x16Shuffle(a, b, lanes), want_shuffle) << hex(lanes);
    ASSERT_EQ(simd::I8x16Swizzle(a, selectors), want_swizzle) << hex(selectors);
  }
}

TEST(SimdLanes, ConstIsIdentity) {
  EXPECT_EQ(simd::V128Const(bytes_0_to_15()), bytes_0_to_15());
}

// ---------------------------------------------------------------------------------------------
// Memory

class SimdMemory : public ::testing::Test {
 protected:
  // Odd offsets into the buffer give unaligned pointers.
  alignas(16) uint8_t memory[64];
  void SetUp() override {
    for (int i = 0; i < 64; ++i) memory[i] = static_cast<uint8_t>(0x80 + i * 7);
  }
};

TEST_F(SimdMemory, PlainLoadStoreUnaligned) {
  for (int offset = 0; offset < 16; ++offset) {
    V128 v = simd::V128Load(memory + offset);
    EXPECT_EQ(0, std::memcmp(v.bytes, memory + offset, 16));
    uint8_t out[20] = {};
    simd::V128Store(out + 3, bytes_0_to_15());
    for (int i = 0; i < 16; ++i) EXPECT_EQ(out[3 + i], i);
    EXPECT_EQ(out[2], 0);
    EXPECT_EQ(out[19], 0);
  }
}

template <class Wide, class Narrow>
void expect_extending_load(V128 (*load)(const uint8_t*), const uint8_t* p) {
  V128 v = load(p);
  for (int i = 0; i < kLanes<Wide>; ++i) {
    Narrow x;
    std::memcpy(&x, p + i * sizeof(Narrow), sizeof x);
    EXPECT_EQ(get<Wide>(v, i), static_cast<Wide>(x)) << "lane " << i;
  }
}

TEST_F(SimdMemory, ExtendingLoads) {
  const uint8_t* p = memory + 5;
  expect_extending_load<int16_t, int8_t>(simd::V128Load8x8S, p);
  expect_extending_load<uint16_t, uint8_t>(simd::V128Load8x8U, p);
  expect_extending_load<int32_t, int16_t>(simd::V128Load16x4S, p);
  expect_extending_load<uint32_t, uint16_t>(simd::V128Load16x4U, p);
  expect_extending_load<int64_t, int32_t>(simd::V128Load32x2S, p);
  expect_extending_load<uint64_t, uint32_t>(simd::V128Load32x2U, p);
}

TEST_F(SimdMemory, SplatAndZeroLoads) {
  const uint8_t* p = memory + 3;
  uint16_t x16;
  uint32_t x32;
  uint64_t x64;
  std::memcpy(&x16, p, 2);
  std::memcpy(&x32, p, 4);
  std::memcpy(&x64, p, 8);
  EXPECT_EQ(simd::V128Load8Splat(p), splat_of<uint8_t>(*p));
  EXPECT_EQ(simd::V128Load16Splat(p), splat_of<uint16_t>(x16));
  EXPECT_EQ(simd::V128Load32Splat(p), splat_of<uint32_t>(x32));
  EXPECT_EQ(simd::V128Load64Splat(p), splat_of<uint64_t>(x64));
  EXPECT_EQ(simd::V128Load32Zero(p), make<uint32_t>({x32, 0, 0, 0}));
  EXPECT_EQ(simd::V128Load64Zero(p), make<uint64_t>({x64, 0}));
}

template <class T>
void expect_lane_load_store(V128 (*load)(const uint8_t*, V128, uint8_t), void (*store)(uint8_t*, V128, uint8_t),
                            const uint8_t* source) {
  V128 base = bytes_0_to_15();
  for (uint8_t lane = 0; lane < kLanes<T>; ++lane) {
    T x;
    std::memcpy(&x, source, sizeof x);
    V128 want = base;
    put<T>(want, lane, x);
    EXPECT_EQ(load(source, base, lane), want) << "lane " << int{lane};
    uint8_t out[sizeof(T) + 2] = {};
    store(out + 1, base, lane);
    EXPECT_EQ(0, std::memcmp(out + 1, base.bytes + lane * sizeof(T), sizeof(T)));
    EXPECT_EQ(out[0], 0);
    EXPECT_EQ(out[sizeof(T) + 1], 0);
  }
}

TEST_F(SimdMemory, LaneLoadsAndStores) {
  expect_lane_load_store<uint8_t>(simd::V128Load8Lane, simd::V128Store8Lane, memory + 1);
  expect_lane_load_store<uint16_t>(simd::V128Load16Lane, simd::V128Store16Lane, memory + 1);
  expect_lane_load_store<uint32_t>(simd::V128Load32Lane, simd::V128Store32Lane, memory + 1);
  expect_lane_load_store<uint64_t>(simd::V128Load64Lane, simd::V128Store64Lane, memory + 1);
}

TEST(SimdMemoryBytes, AccessSizes) {
  EXPECT_EQ(simd::V128Load_bytes, 16u);
  EXPECT_EQ(simd::V128Store_bytes, 16u);
  EXPECT_EQ(simd::V128Load8x8S_bytes, 8u);
  EXPECT_EQ(simd::V128Load8x8U_bytes, 8u);
  EXPECT_EQ(simd::V128Load16x4S_bytes, 8u);
  EXPECT_EQ(simd::V128Load16x4U_bytes, 8u);
  EXPECT_EQ(simd::V128Load32x2S_bytes, 8u);
  EXPECT_EQ(simd::V128Load32x2U_bytes, 8u);
  EXPECT_EQ(simd::V128Load8Splat_bytes, 1u);
  EXPECT_EQ(simd::V128Load16Splat_bytes, 2u);
  EXPECT_EQ(simd::V128Load32Splat_bytes, 4u);
  EXPECT_EQ(simd::V128Load64Splat_bytes, 8u);
  EXPECT_EQ(simd::V128Load32Zero_bytes, 4u);
  EXPECT_EQ(simd::V128Load64Zero_bytes, 8u);
  EXPECT_EQ(simd::V128Load8Lane_bytes, 1u);
  EXPECT_EQ(simd::V128Load16Lane_bytes, 2u);
  EXPECT_EQ(simd::V128Load32Lane_bytes, 4u);
  EXPECT_EQ(simd::V128Load64Lane_bytes, 8u);
  EXPECT_EQ(simd::V128Store8Lane_bytes, 1u);
  EXPECT_EQ(simd::V128Store16Lane_bytes, 2u);
  EXPECT_EQ(simd::V128Store32Lane_bytes, 4u);
  EXPECT_EQ(simd::V128Store64Lane_bytes, 8u);
}

// ---------------------------------------------------------------------------------------------
// Hand-picked spec corner cases

TEST(SimdSpot, BitmaskTakesLaneZeroAsBitZero) {
  EXPECT_EQ(simd::I8x16Bitmask(make<int8_t>({-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -128})), 0x8001u);
  EXPECT_EQ(simd::I16x8Bitmask(make<int16_t>({0, -1, 0, 0, 0, 0, 0, 1})), 0x2u);
  EXPECT_EQ(simd::I32x4Bitmask(make<int32_t>({0, 0, INT32_MIN, 0})), 0x4u);
  EXPECT_EQ(simd::I64x2Bitmask(make<int64_t>({-1, -1})), 0x3u);
}

TEST(SimdSpot, IntegerCorners) {
  EXPECT_EQ(simd::I16x8Q15mulrSatS(splat_of<int16_t>(INT16_MIN), splat_of<int16_t>(INT16_MIN)), splat_of<int16_t>(INT16_MAX));
  EXPECT_EQ(simd::I16x8Q15mulrSatS(splat_of<int16_t>(16384), splat_of<int16_t>(16384)), splat_of<int16_t>(8192));
  EXPECT_EQ(simd::I8x16AvgrU(splat_of<uint8_t>(255), splat_of<uint8_t>(254)), splat_of<uint8_t>(255));
  EXPECT_EQ(simd::I16x8AvgrU(splat_of<uint16_t>(0), splat_of<uint16_t>(1)), splat_of<uint16_t>(1));
  EXPECT_EQ(simd::I8x16Abs(splat_of<int8_t>(INT8_MIN)), splat_of<int8_t>(INT8_MIN));
  EXPECT_EQ(simd::I64x2Abs(splat_of<int64_t>(INT64_MIN)), splat_of<int64_t>(INT64_MIN));
  EXPECT_EQ(simd::I8x16Popcnt(make<uint8_t>({0, 1, 3, 0xFF, 0x80, 0x55, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})),
            make<uint8_t>({0, 1, 2, 8, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(simd::I32x4DotI16x8S(splat_of<int16_t>(INT16_MIN), splat_of<int16_t>(INT16_MIN)), splat_of<int32_t>(INT32_MIN));
  EXPECT_EQ(simd::I8x16NarrowI16x8U(splat_of<int16_t>(-1), splat_of<int16_t>(300)),
            make<uint8_t>({0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255}));
  EXPECT_EQ(simd::I16x8NarrowI32x4U(splat_of<int32_t>(70000), splat_of<int32_t>(-5)),
            make<uint16_t>({65535, 65535, 65535, 65535, 0, 0, 0, 0}));
  EXPECT_EQ(simd::I32x4ExtaddPairwiseI16x8U(splat_of<uint16_t>(0xFFFF)), splat_of<uint32_t>(0x1FFFE));
  EXPECT_EQ(simd::I8x16ShrS(splat_of<int8_t>(-128), 9), splat_of<int8_t>(-64));
  EXPECT_EQ(simd::I64x2Shl(splat_of<uint64_t>(1), 64), splat_of<uint64_t>(1));
}

template <class F>
BitsOf<F> bits_of(F x) { return std::bit_cast<BitsOf<F>>(x); }

TEST(SimdSpot, FloatCorners) {
  const float nan = std::bit_cast<float>(0x7FC00000u);
  // min/max order -0 < +0 in both argument orders; pmin/pmax just pick an operand.
  EXPECT_EQ(simd::F32x4Min(splat_of(0.0f), splat_of(-0.0f)), splat_of(-0.0f));
  EXPECT_EQ(simd::F32x4Min(splat_of(-0.0f), splat_of(0.0f)), splat_of(-0.0f));
  EXPECT_EQ(simd::F64x2Max(splat_of(-0.0), splat_of(0.0)), splat_of(0.0));
  EXPECT_EQ(simd::F32x4Pmin(splat_of(-0.0f), splat_of(0.0f)), splat_of(-0.0f));
  EXPECT_EQ(simd::F32x4Pmin(splat_of(0.0f), splat_of(-0.0f)), splat_of(0.0f));
  EXPECT_EQ(simd::F32x4Pmax(splat_of(nan), splat_of(1.0f)), splat_of(nan));
  EXPECT_EQ(simd::F32x4Pmax(splat_of(1.0f), splat_of(nan)), splat_of(1.0f));
  EXPECT_TRUE(is_canonical_nan(get<float>(simd::F32x4Min(splat_of(1.0f), splat_of(nan)), 0)));
  // nearest rounds half to even and keeps the sign of zero results.
  EXPECT_EQ(simd::F32x4Nearest(make<float>({2.5f, -2.5f, 3.5f, -0.5f})), make<float>({2.0f, -2.0f, 4.0f, -0.0f}));
  EXPECT_EQ(simd::F64x2Nearest(make<double>({4503599627370495.5, -0.4})), make<double>({4503599627370496.0, -0.0}));
  EXPECT_EQ(simd::F32x4Ceil(make<float>({-0.5f, 0.5f, -1.0f, 8388607.5f})), make<float>({-0.0f, 1.0f, -1.0f, 8388608.0f}));
  EXPECT_EQ(simd::F32x4Floor(make<float>({-0.5f, 0.5f, -0.0f, -8388607.5f})), make<float>({-1.0f, 0.0f, -0.0f, -8388608.0f}));
  EXPECT_EQ(simd::F64x2Trunc(make<double>({-1.5, 1.5})), make<double>({-1.0, 1.0}));
  // A signalling NaN comes out of rounding quiet, payload kept.
  EXPECT_EQ(bits_of(get<float>(simd::F32x4Trunc(splat_of(std::bit_cast<float>(0x7F800001u))), 0)), 0x7FC00001u);
  // Saturating truncation: NaN -> 0, out of range -> the nearest bound.
  EXPECT_EQ(simd::I32x4TruncSatF32x4S(make<float>({nan, 3e9f, -3e9f, -1.9f})), make<int32_t>({0, INT32_MAX, INT32_MIN, -1}));
  EXPECT_EQ(simd::I32x4TruncSatF32x4U(make<float>({nan, 5e9f, -0.9f, 4294967040.0f})), make<uint32_t>({0, UINT32_MAX, 0, 4294967040u}));
  EXPECT_EQ(simd::I32x4TruncSatF64x2SZero(make<double>({2147483647.9, -2147483648.9})), make<int32_t>({INT32_MAX, INT32_MIN, 0, 0}));
  EXPECT_EQ(simd::I32x4TruncSatF64x2UZero(make<double>({4294967295.9, -1.0})), make<uint32_t>({UINT32_MAX, 0, 0, 0}));
  EXPECT_EQ(simd::F32x4ConvertI32x4U(make<uint32_t>({UINT32_MAX, 16777217, 0x80000080u, 0x80000081u})),
            make<float>({4294967296.0f, 16777216.0f, 2147483648.0f, 2147483904.0f}));
  EXPECT_EQ(simd::F32x4DemoteF64x2Zero(make<double>({1e300, 0.1})), make<float>({INFINITY, 0.1f, 0.0f, 0.0f}));
  EXPECT_EQ(simd::F64x2PromoteLowF32x4(make<float>({0.1f, -0.0f, 7.0f, 7.0f})), make<double>({double{0.1f}, -0.0}));
}

}  // namespace
