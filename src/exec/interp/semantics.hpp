// The meaning of every scalar numeric instruction, one inline function per opcode enum name.
// Handlers are generated from these by deducing the operand and result types, so the
// signature of each function *is* its typing: i32 = uint32_t, i64 = uint64_t, f32 = float,
// f64 = double. Trapping operations return Trapping<R>.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "stratus/trap.hpp"

namespace stratus::exec::sem {

template <class R>
struct Trapping {
  R value;
  bool trapped;
  TrapKind kind;
};
template <class R> inline Trapping<R> ok(R v) { return {v, false, TrapKind::Unreachable}; }
template <class R> inline Trapping<R> fail(TrapKind k) { return {R{}, true, k}; }

using i32 = uint32_t;
using i64 = uint64_t;
using s32 = int32_t;
using s64 = int64_t;

inline i32 b(bool v) { return v ? 1u : 0u; }

// comparisons
inline i32 I32Eqz(i32 a) { return b(a == 0); }
inline i32 I32Eq(i32 a, i32 c) { return b(a == c); }
inline i32 I32Ne(i32 a, i32 c) { return b(a != c); }
inline i32 I32LtS(i32 a, i32 c) { return b(s32(a) < s32(c)); }
inline i32 I32LtU(i32 a, i32 c) { return b(a < c); }
inline i32 I32GtS(i32 a, i32 c) { return b(s32(a) > s32(c)); }
inline i32 I32GtU(i32 a, i32 c) { return b(a > c); }
inline i32 I32LeS(i32 a, i32 c) { return b(s32(a) <= s32(c)); }
inline i32 I32LeU(i32 a, i32 c) { return b(a <= c); }
inline i32 I32GeS(i32 a, i32 c) { return b(s32(a) >= s32(c)); }
inline i32 I32GeU(i32 a, i32 c) { return b(a >= c); }
inline i32 I64Eqz(i64 a) { return b(a == 0); }
inline i32 I64Eq(i64 a, i64 c) { return b(a == c); }
inline i32 I64Ne(i64 a, i64 c) { return b(a != c); }
inline i32 I64LtS(i64 a, i64 c) { return b(s64(a) < s64(c)); }
inline i32 I64LtU(i64 a, i64 c) { return b(a < c); }
inline i32 I64GtS(i64 a, i64 c) { return b(s64(a) > s64(c)); }
inline i32 I64GtU(i64 a, i64 c) { return b(a > c); }
inline i32 I64LeS(i64 a, i64 c) { return b(s64(a) <= s64(c)); }
inline i32 I64LeU(i64 a, i64 c) { return b(a <= c); }
inline i32 I64GeS(i64 a, i64 c) { return b(s64(a) >= s64(c)); }
inline i32 I64GeU(i64 a, i64 c) { return b(a >= c); }
inline i32 F32Eq(float a, float c) { return b(a == c); }
inline i32 F32Ne(float a, float c) { return b(a != c); }
inline i32 F32Lt(float a, float c) { return b(a < c); }
inline i32 F32Gt(float a, float c) { return b(a > c); }
inline i32 F32Le(float a, float c) { return b(a <= c); }
inline i32 F32Ge(float a, float c) { return b(a >= c); }
inline i32 F64Eq(double a, double c) { return b(a == c); }
inline i32 F64Ne(double a, double c) { return b(a != c); }
inline i32 F64Lt(double a, double c) { return b(a < c); }
inline i32 F64Gt(double a, double c) { return b(a > c); }
inline i32 F64Le(double a, double c) { return b(a <= c); }
inline i32 F64Ge(double a, double c) { return b(a >= c); }

// integer arithmetic
inline i32 I32Clz(i32 a) { return i32(std::countl_zero(a)); }
inline i32 I32Ctz(i32 a) { return i32(std::countr_zero(a)); }
inline i32 I32Popcnt(i32 a) { return i32(std::popcount(a)); }
inline i32 I32Add(i32 a, i32 c) { return a + c; }
inline i32 I32Sub(i32 a, i32 c) { return a - c; }
inline i32 I32Mul(i32 a, i32 c) { return a * c; }
inline Trapping<i32> I32DivS(i32 a, i32 c) {
  if (c == 0) return fail<i32>(TrapKind::IntegerDivideByZero);
  if (a == 0x80000000u && c == 0xFFFFFFFFu) return fail<i32>(TrapKind::IntegerOverflow);
  return ok(i32(s32(a) / s32(c)));
}
inline Trapping<i32> I32DivU(i32 a, i32 c) {
  if (c == 0) return fail<i32>(TrapKind::IntegerDivideByZero);
  return ok(a / c);
}
inline Trapping<i32> I32RemS(i32 a, i32 c) {
  if (c == 0) return fail<i32>(TrapKind::IntegerDivideByZero);
  if (c == 0xFFFFFFFFu) return ok(i32(0));  // INT_MIN % -1 overflows in C++, is 0 in wasm
  return ok(i32(s32(a) % s32(c)));
}
inline Trapping<i32> I32RemU(i32 a, i32 c) {
  if (c == 0) return fail<i32>(TrapKind::IntegerDivideByZero);
  return ok(a % c);
}
inline i32 I32And(i32 a, i32 c) { return a & c; }
inline i32 I32Or(i32 a, i32 c) { return a | c; }
inline i32 I32Xor(i32 a, i32 c) { return a ^ c; }
inline i32 I32Shl(i32 a, i32 c) { return a << (c & 31); }
inline i32 I32ShrS(i32 a, i32 c) { return i32(s32(a) >> (c & 31)); }
inline i32 I32ShrU(i32 a, i32 c) { return a >> (c & 31); }
inline i32 I32Rotl(i32 a, i32 c) { return std::rotl(a, int(c & 31)); }
inline i32 I32Rotr(i32 a, i32 c) { return std::rotr(a, int(c & 31)); }

inline i64 I64Clz(i64 a) { return i64(std::countl_zero(a)); }
inline i64 I64Ctz(i64 a) { return i64(std::countr_zero(a)); }
inline i64 I64Popcnt(i64 a) { return i64(std::popcount(a)); }
inline i64 I64Add(i64 a, i64 c) { return a + c; }
inline i64 I64Sub(i64 a, i64 c) { return a - c; }
inline i64 I64Mul(i64 a, i64 c) { return a * c; }
inline Trapping<i64> I64DivS(i64 a, i64 c) {
  if (c == 0) return fail<i64>(TrapKind::IntegerDivideByZero);
  if (a == 0x8000000000000000ull && c == ~0ull) return fail<i64>(TrapKind::IntegerOverflow);
  return ok(i64(s64(a) / s64(c)));
}
inline Trapping<i64> I64DivU(i64 a, i64 c) {
  if (c == 0) return fail<i64>(TrapKind::IntegerDivideByZero);
  return ok(a / c);
}
inline Trapping<i64> I64RemS(i64 a, i64 c) {
  if (c == 0) return fail<i64>(TrapKind::IntegerDivideByZero);
  if (c == ~0ull) return ok(i64(0));
  return ok(i64(s64(a) % s64(c)));
}
inline Trapping<i64> I64RemU(i64 a, i64 c) {
  if (c == 0) return fail<i64>(TrapKind::IntegerDivideByZero);
  return ok(a % c);
}
inline i64 I64And(i64 a, i64 c) { return a & c; }
inline i64 I64Or(i64 a, i64 c) { return a | c; }
inline i64 I64Xor(i64 a, i64 c) { return a ^ c; }
inline i64 I64Shl(i64 a, i64 c) { return a << (c & 63); }
inline i64 I64ShrS(i64 a, i64 c) { return i64(s64(a) >> (c & 63)); }
inline i64 I64ShrU(i64 a, i64 c) { return a >> (c & 63); }
inline i64 I64Rotl(i64 a, i64 c) { return std::rotl(a, int(c & 63)); }
inline i64 I64Rotr(i64 a, i64 c) { return std::rotr(a, int(c & 63)); }

// float arithmetic; sign operations work on bits so NaN payloads survive
inline float F32Abs(float a) { return std::bit_cast<float>(std::bit_cast<i32>(a) & 0x7FFFFFFFu); }
inline float F32Neg(float a) { return std::bit_cast<float>(std::bit_cast<i32>(a) ^ 0x80000000u); }
inline float F32Ceil(float a) { return std::ceil(a); }
inline float F32Floor(float a) { return std::floor(a); }
inline float F32Trunc(float a) { return std::trunc(a); }
inline float F32Nearest(float a) { return std::nearbyint(a); }
inline float F32Sqrt(float a) { return std::sqrt(a); }
inline float F32Add(float a, float c) { return a + c; }
inline float F32Sub(float a, float c) { return a - c; }
inline float F32Mul(float a, float c) { return a * c; }
inline float F32Div(float a, float c) { return a / c; }
inline float F32Min(float a, float c) {
  if (a != a || c != c) return a + c;  // propagates a quiet NaN
  if (a == c) return std::bit_cast<float>(std::bit_cast<i32>(a) | std::bit_cast<i32>(c));  // -0 wins
  return a < c ? a : c;
}
inline float F32Max(float a, float c) {
  if (a != a || c != c) return a + c;
  if (a == c) return std::bit_cast<float>(std::bit_cast<i32>(a) & std::bit_cast<i32>(c));  // +0 wins
  return a > c ? a : c;
}
inline float F32Copysign(float a, float c) {
  return std::bit_cast<float>((std::bit_cast<i32>(a) & 0x7FFFFFFFu) | (std::bit_cast<i32>(c) & 0x80000000u));
}
inline double F64Abs(double a) { return std::bit_cast<double>(std::bit_cast<i64>(a) & 0x7FFFFFFFFFFFFFFFull); }
inline double F64Neg(double a) { return std::bit_cast<double>(std::bit_cast<i64>(a) ^ 0x8000000000000000ull); }
inline double F64Ceil(double a) { return std::ceil(a); }
inline double F64Floor(double a) { return std::floor(a); }
inline double F64Trunc(double a) { return std::trunc(a); }
inline double F64Nearest(double a) { return std::nearbyint(a); }
inline double F64Sqrt(double a) { return std::sqrt(a); }
inline double F64Add(double a, double c) { return a + c; }
inline double F64Sub(double a, double c) { return a - c; }
inline double F64Mul(double a, double c) { return a * c; }
inline double F64Div(double a, double c) { return a / c; }
inline double F64Min(double a, double c) {
  if (a != a || c != c) return a + c;
  if (a == c) return std::bit_cast<double>(std::bit_cast<i64>(a) | std::bit_cast<i64>(c));
  return a < c ? a : c;
}
inline double F64Max(double a, double c) {
  if (a != a || c != c) return a + c;
  if (a == c) return std::bit_cast<double>(std::bit_cast<i64>(a) & std::bit_cast<i64>(c));
  return a > c ? a : c;
}
inline double F64Copysign(double a, double c) {
  return std::bit_cast<double>((std::bit_cast<i64>(a) & 0x7FFFFFFFFFFFFFFFull) |
                               (std::bit_cast<i64>(c) & 0x8000000000000000ull));
}

// conversions. Range tests are written so NaN fails them; bounds are exact in the source type.
template <class To, class From>
inline Trapping<To> trunc_checked(From x, From lower_exclusive, From upper_exclusive) {
  if (x != x) return fail<To>(TrapKind::InvalidConversionToInteger);
  if (!(x > lower_exclusive && x < upper_exclusive)) return fail<To>(TrapKind::IntegerOverflow);
  if constexpr (std::is_signed_v<To>) return ok(To(x));
  else return ok(To(x));
}
template <class To, class From>
inline To trunc_saturating(From x, From lower_exclusive, From upper_exclusive) {
  if (x != x) return 0;
  if (!(x > lower_exclusive)) return std::numeric_limits<To>::min();
  if (!(x < upper_exclusive)) return std::numeric_limits<To>::max();
  return To(x);
}
inline i32 I32WrapI64(i64 a) { return i32(a); }
inline Trapping<i32> I32TruncF32S(float a) {
  auto r = trunc_checked<s32>(a, -2147483904.0f, 2147483648.0f);
  return {i32(r.value), r.trapped, r.kind};
}
inline Trapping<i32> I32TruncF32U(float a) { return trunc_checked<i32>(a, -1.0f, 4294967296.0f); }
inline Trapping<i32> I32TruncF64S(double a) {
  auto r = trunc_checked<s32>(a, -2147483649.0, 2147483648.0);
  return {i32(r.value), r.trapped, r.kind};
}
inline Trapping<i32> I32TruncF64U(double a) { return trunc_checked<i32>(a, -1.0, 4294967296.0); }
inline i64 I64ExtendI32S(i32 a) { return i64(s64(s32(a))); }
inline i64 I64ExtendI32U(i32 a) { return i64(a); }
inline Trapping<i64> I64TruncF32S(float a) {
  auto r = trunc_checked<s64>(a, -9223373136366403584.0f, 9223372036854775808.0f);
  return {i64(r.value), r.trapped, r.kind};
}
inline Trapping<i64> I64TruncF32U(float a) { return trunc_checked<i64>(a, -1.0f, 18446744073709551616.0f); }
inline Trapping<i64> I64TruncF64S(double a) {
  auto r = trunc_checked<s64>(a, -9223372036854777856.0, 9223372036854775808.0);
  return {i64(r.value), r.trapped, r.kind};
}
inline Trapping<i64> I64TruncF64U(double a) { return trunc_checked<i64>(a, -1.0, 18446744073709551616.0); }
inline float F32ConvertI32S(i32 a) { return float(s32(a)); }
inline float F32ConvertI32U(i32 a) { return float(a); }
inline float F32ConvertI64S(i64 a) { return float(s64(a)); }
inline float F32ConvertI64U(i64 a) { return float(a); }
inline float F32DemoteF64(double a) { return float(a); }
inline double F64ConvertI32S(i32 a) { return double(s32(a)); }
inline double F64ConvertI32U(i32 a) { return double(a); }
inline double F64ConvertI64S(i64 a) { return double(s64(a)); }
inline double F64ConvertI64U(i64 a) { return double(a); }
inline double F64PromoteF32(float a) { return double(a); }
inline i32 I32ReinterpretF32(float a) { return std::bit_cast<i32>(a); }
inline i64 I64ReinterpretF64(double a) { return std::bit_cast<i64>(a); }
inline float F32ReinterpretI32(i32 a) { return std::bit_cast<float>(a); }
inline double F64ReinterpretI64(i64 a) { return std::bit_cast<double>(a); }
inline i32 I32Extend8S(i32 a) { return i32(s32(int8_t(a))); }
inline i32 I32Extend16S(i32 a) { return i32(s32(int16_t(a))); }
inline i64 I64Extend8S(i64 a) { return i64(s64(int8_t(a))); }
inline i64 I64Extend16S(i64 a) { return i64(s64(int16_t(a))); }
inline i64 I64Extend32S(i64 a) { return i64(s64(int32_t(a))); }
inline i32 I32TruncSatF32S(float a) { return i32(trunc_saturating<s32>(a, -2147483904.0f, 2147483648.0f)); }
inline i32 I32TruncSatF32U(float a) { return trunc_saturating<i32>(a, -1.0f, 4294967296.0f); }
inline i32 I32TruncSatF64S(double a) { return i32(trunc_saturating<s32>(a, -2147483649.0, 2147483648.0)); }
inline i32 I32TruncSatF64U(double a) { return trunc_saturating<i32>(a, -1.0, 4294967296.0); }
inline i64 I64TruncSatF32S(float a) {
  return i64(trunc_saturating<s64>(a, -9223373136366403584.0f, 9223372036854775808.0f));
}
inline i64 I64TruncSatF32U(float a) { return trunc_saturating<i64>(a, -1.0f, 18446744073709551616.0f); }
inline i64 I64TruncSatF64S(double a) {
  return i64(trunc_saturating<s64>(a, -9223372036854777856.0, 9223372036854775808.0));
}
inline i64 I64TruncSatF64U(double a) { return trunc_saturating<i64>(a, -1.0, 18446744073709551616.0); }

}  // namespace stratus::exec::sem
