// A tagged WebAssembly value for untyped calls, globals and tables.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#include "stratus/types.hpp"

namespace stratus {

struct V128 {
  alignas(16) uint8_t bytes[16] = {};
  bool operator==(const V128&) const = default;
};

// An opaque reference. For funcref it designates a function of some Store; for
// externref it is whatever pointer the host chose. nullptr is the null reference.
struct Ref {
  void* ptr = nullptr;
  bool is_null() const { return ptr == nullptr; }
  bool operator==(const Ref&) const = default;
};

class Val {
 public:
  Val() : type_(ValType::I32) { std::memset(&u_, 0, sizeof u_); }

  static Val i32(int32_t v) { Val x(ValType::I32); x.u_.i64 = static_cast<uint32_t>(v); return x; }
  static Val i64(int64_t v) { Val x(ValType::I64); x.u_.i64 = static_cast<uint64_t>(v); return x; }
  static Val f32(float v) { return f32_bits(std::bit_cast<uint32_t>(v)); }
  static Val f64(double v) { return f64_bits(std::bit_cast<uint64_t>(v)); }
  static Val f32_bits(uint32_t bits) { Val x(ValType::F32); x.u_.i64 = bits; return x; }
  static Val f64_bits(uint64_t bits) { Val x(ValType::F64); x.u_.i64 = bits; return x; }
  static Val v128(V128 v) { Val x(ValType::V128); x.u_.v128 = v; return x; }
  static Val funcref(Ref r) { Val x(ValType::FuncRef); x.u_.ref = r; return x; }
  static Val externref(Ref r) { Val x(ValType::ExternRef); x.u_.ref = r; return x; }
  static Val null_of(ValType t) { Val x(t); return x; }
  // The zero value of a type: 0, +0.0, all-zero v128, or null.
  static Val zero_of(ValType t) { return null_of(t); }

  ValType type() const { return type_; }
  int32_t i32() const { return static_cast<int32_t>(u_.i64); }
  int64_t i64() const { return static_cast<int64_t>(u_.i64); }
  float f32() const { return std::bit_cast<float>(static_cast<uint32_t>(u_.i64)); }
  double f64() const { return std::bit_cast<double>(u_.i64); }
  uint32_t f32_bits() const { return static_cast<uint32_t>(u_.i64); }
  uint64_t f64_bits() const { return u_.i64; }
  const V128& v128() const { return u_.v128; }
  Ref ref() const { return u_.ref; }

  // Bit-exact equality (NaN payloads compare by bits), as tests want.
  bool operator==(const Val& o) const {
    return type_ == o.type_ && std::memcmp(&u_, &o.u_, sizeof u_) == 0;
  }

 private:
  explicit Val(ValType t) : type_(t) { std::memset(&u_, 0, sizeof u_); }
  ValType type_;
  // The initializer keeps the union default-constructible: V128's member initializer makes
  // its default constructor non-trivial, which would otherwise delete the union's.
  union {
    uint64_t i64 = 0;
    V128 v128;
    Ref ref;
  } u_;
};

}  // namespace stratus
