// Shared by the differential runner: the job-file format, value formatting and the
// deterministic host functions. tests/diff/run_v8.mjs implements the same rules in JS; keep
// the two in step (README.md in this folder describes the format).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/stratus.hpp"

namespace stratus::diff {

// Canonical text of one value. NaNs print as "nan": engines may pick any payload for the
// result of float arithmetic, and V8 moves floats through JS Numbers, so payloads are only
// compared when a test reinterprets them as integers.
// With nan_bits, NaNs print as "f32:nan:<bits>" (for the wabt oracle, which sees exact bits).
inline std::string format_val(const Val& v, bool nan_bits = false) {
  char buf[64];
  switch (v.type()) {
    case ValType::I32: std::snprintf(buf, sizeof buf, "i32:%08x", v.f32_bits()); break;
    case ValType::I64: std::snprintf(buf, sizeof buf, "i64:%016llx", static_cast<unsigned long long>(v.f64_bits())); break;
    case ValType::F32:
      if (std::isnan(v.f32())) {
        if (!nan_bits) return "f32:nan";
        std::snprintf(buf, sizeof buf, "f32:nan:%08x", v.f32_bits());
        break;
      }
      std::snprintf(buf, sizeof buf, "f32:%08x", v.f32_bits());
      break;
    case ValType::F64:
      if (std::isnan(v.f64())) {
        if (!nan_bits) return "f64:nan";
        std::snprintf(buf, sizeof buf, "f64:nan:%016llx", static_cast<unsigned long long>(v.f64_bits()));
        break;
      }
      std::snprintf(buf, sizeof buf, "f64:%016llx", static_cast<unsigned long long>(v.f64_bits()));
      break;
    case ValType::V128: return "v128:?";
    case ValType::FuncRef: return v.ref().is_null() ? "func:null" : "func:nonnull";
    case ValType::ExternRef:
      if (v.ref().is_null()) return "ext:null";
      std::snprintf(buf, sizeof buf, "ext:%llu", static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(v.ref().ptr)));
      break;
  }
  return buf;
}

// The bits a host function hashes for one argument: floats by value (a JS Number carries
// an f32 argument as the equal f64; every NaN counts as the canonical one).
inline uint64_t host_hash_bits(const Val& v) {
  switch (v.type()) {
    case ValType::I32: return v.f32_bits();
    case ValType::I64: return v.f64_bits();
    case ValType::F32: {
      double d = v.f32();
      return std::isnan(d) ? 0x7ff8000000000000ull : std::bit_cast<uint64_t>(d);
    }
    case ValType::F64: return std::isnan(v.f64()) ? 0x7ff8000000000000ull : v.f64_bits();
    default: return v.ref().is_null() ? 0 : 1;
  }
}

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;

// Result j of a host function whose name and arguments hashed to `acc`.
inline Val host_result(ValType t, uint64_t acc, size_t j) {
  uint64_t r = acc + j * 0x9e3779b97f4a7c15ull;
  // Floats: a small integer, exact in f32, f64 and a JS Number alike.
  double small = static_cast<double>(static_cast<int64_t>((r >> 40) & 0xffff) - 1000) / 8.0;
  switch (t) {
    case ValType::I32: return Val::i32(static_cast<int32_t>(static_cast<uint32_t>(r)));
    case ValType::I64: return Val::i64(static_cast<int64_t>(r));
    case ValType::F32: return Val::f32(static_cast<float>(small));
    case ValType::F64: return Val::f64(small);
    default: return Val::null_of(t);
  }
}

// FNV-1a over a memory's bytes, except that every aligned 32-bit word that is an f32 NaN
// counts as 0x7fc00000: code that stores the NaN result of float arithmetic may store any
// sign and payload (x86 hardware and V8 differ in sign). n is a multiple of 4.
inline uint32_t memory_hash(const uint8_t* p, size_t n) {
  uint32_t h = 0x811c9dc5u;
  for (size_t i = 0; i < n; i += 4) {
    uint32_t w = uint32_t{p[i]} | uint32_t{p[i + 1]} << 8 | uint32_t{p[i + 2]} << 16 | uint32_t{p[i + 3]} << 24;
    if ((w & 0x7f800000u) == 0x7f800000u && (w & 0x007fffffu) != 0) w = 0x7fc00000u;
    h = (h ^ w) * 0x01000193u;
  }
  return h;
}

inline std::string_view trap_category(TrapKind k) {
  switch (k) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::IntegerDivideByZero: return "divzero";
    case TrapKind::IntegerOverflow: return "intoverflow";
    case TrapKind::InvalidConversionToInteger: return "badconv";
    case TrapKind::OutOfBoundsMemoryAccess: return "mem_oob";
    // V8 says "table index is out of bounds" both for call_indirect past the end and for
    // table.get/set/init/copy out of range, so these share a category.
    case TrapKind::OutOfBoundsTableAccess:
    case TrapKind::UndefinedElement: return "table_oob";
    // V8: "null function or function signature mismatch" for both.
    case TrapKind::UninitializedElement:
    case TrapKind::IndirectCallTypeMismatch: return "indirect";
    case TrapKind::CallStackExhausted: return "exhausted";
    case TrapKind::Interrupt: return "timeout";
    case TrapKind::HostTrap: return "host";
    case TrapKind::Exit: return "exit";
    case TrapKind::CanonicalAbi:
    case TrapKind::InvalidResourceHandle:
    case TrapKind::CannotEnterComponent:
    case TrapKind::CannotLeaveComponent: return "component";
  }
  return "other";
}

// The oracle scripts name types as the text format does, which stratus::to_string matches.
inline std::string type_code(ValType t) { return std::string(to_string(t)); }

}  // namespace stratus::diff
