#include "cli/wast/expectation.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace stratus::wast {

using text::Expectation;
using text::LaneExpectation;
using text::NanPattern;

namespace {

// Lanes are little-endian in a v128, whatever the host's byte order.
uint64_t read_lane(const V128& v, unsigned bytes, unsigned index) {
  uint64_t bits = 0;
  for (unsigned b = 0; b < bytes; ++b) bits |= uint64_t{v.bytes[index * bytes + b]} << (8 * b);
  return bits;
}

bool float_lane_matches(const LaneExpectation& want, uint64_t got, unsigned bytes) {
  const bool wide = bytes == 8;
  const uint64_t sign = wide ? uint64_t{1} << 63 : uint64_t{1} << 31;
  const uint64_t canonical = wide ? 0x7ff8000000000000ull : 0x7fc00000ull;
  switch (want.nan) {
    case NanPattern::None: return want.bits == got;
    case NanPattern::Canonical: return (got & ~sign) == canonical;
    // Any NaN whose payload has the quiet bit set; the canonical bits are exponent + quiet bit.
    case NanPattern::Arithmetic: return (got & canonical) == canonical;
  }
  return false;
}

std::string hex(uint64_t bits, unsigned bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*" PRIx64, static_cast<int>(bytes * 2), bits);
  return buf;
}

std::string describe_float(uint64_t bits, unsigned bytes) {
  char buf[64];
  if (bytes == 4) {
    float f;
    const auto narrow = static_cast<uint32_t>(bits);
    std::memcpy(&f, &narrow, sizeof f);
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f));
  } else {
    double d;
    std::memcpy(&d, &bits, sizeof d);
    std::snprintf(buf, sizeof buf, "%.17g", d);
  }
  return std::string(buf) + " (" + hex(bits, bytes) + ")";
}

std::string describe_lane(const LaneExpectation& lane, LaneShape shape) {
  if (lane.nan == NanPattern::Canonical) return "nan:canonical";
  if (lane.nan == NanPattern::Arithmetic) return "nan:arithmetic";
  if (shape.is_float) return describe_float(lane.bits, shape.bytes);
  return hex(lane.bits, shape.bytes);
}

std::string describe_ref(const char* type_name, const void* ptr) {
  if (ptr == nullptr) return std::string(type_name) + ":null";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s:%p", type_name, ptr);
  return buf;
}

}  // namespace

LaneShape lane_shape(const std::string& lane_type) {
  if (lane_type == "i8") return {1, false};
  if (lane_type == "i16") return {2, false};
  if (lane_type == "i32") return {4, false};
  if (lane_type == "i64") return {8, false};
  if (lane_type == "f32") return {4, true};
  if (lane_type == "f64") return {8, true};
  throw ScriptFormatError("unknown v128 lane type '" + lane_type + "'");
}

bool matches(const Expectation& expected, const Val& got) {
  if (expected.ref_of_any_type) return is_ref(got.type()) && got.ref().is_null();
  if (got.type() != expected.type) return false;
  switch (expected.type) {
    case ValType::I32: return expected.lanes[0].bits == static_cast<uint32_t>(got.i32());
    case ValType::I64: return expected.lanes[0].bits == static_cast<uint64_t>(got.i64());
    case ValType::F32: return float_lane_matches(expected.lanes[0], got.f32_bits(), 4);
    case ValType::F64: return float_lane_matches(expected.lanes[0], got.f64_bits(), 8);
    case ValType::V128: {
      const LaneShape shape = lane_shape(expected.lane_type);
      for (unsigned i = 0; i < expected.lanes.size(); ++i) {
        const uint64_t lane = read_lane(got.v128(), shape.bytes, i);
        const bool ok =
            shape.is_float ? float_lane_matches(expected.lanes[i], lane, shape.bytes) : expected.lanes[i].bits == lane;
        if (!ok) return false;
      }
      return true;
    }
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (expected.ref_is_null) return got.ref().is_null();
      if (expected.ref_any_non_null) return !got.ref().is_null();
      return reinterpret_cast<uintptr_t>(got.ref().ptr) == expected.lanes[0].bits;
  }
  return false;
}

std::string describe(const Expectation& expected) {
  if (expected.ref_of_any_type) return "ref:null";
  switch (expected.type) {
    case ValType::I32: return "i32:" + describe_lane(expected.lanes[0], {4, false});
    case ValType::I64: return "i64:" + describe_lane(expected.lanes[0], {8, false});
    case ValType::F32: return "f32:" + describe_lane(expected.lanes[0], {4, true});
    case ValType::F64: return "f64:" + describe_lane(expected.lanes[0], {8, true});
    case ValType::V128: {
      const LaneShape shape = lane_shape(expected.lane_type);
      std::string s = "v128:" + expected.lane_type + "[";
      for (size_t i = 0; i < expected.lanes.size(); ++i) s += (i ? " " : "") + describe_lane(expected.lanes[i], shape);
      return s + "]";
    }
    case ValType::FuncRef:
    case ValType::ExternRef: {
      const char* name = expected.type == ValType::FuncRef ? "funcref" : "externref";
      if (expected.ref_is_null) return std::string(name) + ":null";
      if (expected.ref_any_non_null) return std::string(name) + ":non-null";
      return describe_ref(name, reinterpret_cast<const void*>(static_cast<uintptr_t>(expected.lanes[0].bits)));
    }
  }
  return "?";
}

std::string describe(const Val& value, const std::string& lane_type) {
  switch (value.type()) {
    case ValType::I32: return "i32:" + hex(static_cast<uint32_t>(value.i32()), 4);
    case ValType::I64: return "i64:" + hex(static_cast<uint64_t>(value.i64()), 8);
    case ValType::F32: return "f32:" + describe_float(value.f32_bits(), 4);
    case ValType::F64: return "f64:" + describe_float(value.f64_bits(), 8);
    case ValType::V128: {
      const std::string shown = lane_type.empty() ? "i32" : lane_type;
      const LaneShape shape = lane_shape(shown);
      std::string s = "v128:" + shown + "[";
      for (unsigned i = 0; i < 16 / shape.bytes; ++i) {
        const uint64_t lane = read_lane(value.v128(), shape.bytes, i);
        s += (i ? " " : "") + (shape.is_float ? describe_float(lane, shape.bytes) : hex(lane, shape.bytes));
      }
      return s + "]";
    }
    case ValType::FuncRef: return describe_ref("funcref", value.ref().ptr);
    case ValType::ExternRef: return describe_ref("externref", value.ref().ptr);
  }
  return "?";
}

}  // namespace stratus::wast
