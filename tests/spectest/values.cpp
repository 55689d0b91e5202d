#include "values.hpp"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

namespace spectest {

using nlohmann::json;
using stratus::Val;
using stratus::ValType;

namespace {

struct LaneShape {
  unsigned bytes = 4;
  bool is_float = false;
};

LaneShape lane_shape(const std::string& lane_type) {
  if (lane_type == "i8") return {1, false};
  if (lane_type == "i16") return {2, false};
  if (lane_type == "i32") return {4, false};
  if (lane_type == "i64") return {8, false};
  if (lane_type == "f32") return {4, true};
  if (lane_type == "f64") return {8, true};
  throw ScriptFormatError("unknown v128 lane type '" + lane_type + "'");
}

ValType parse_type(const std::string& name) {
  if (name == "i32") return ValType::I32;
  if (name == "i64") return ValType::I64;
  if (name == "f32") return ValType::F32;
  if (name == "f64") return ValType::F64;
  if (name == "v128") return ValType::V128;
  if (name == "funcref") return ValType::FuncRef;
  if (name == "externref") return ValType::ExternRef;
  throw ScriptFormatError("unknown value type '" + name + "'");
}

uint64_t parse_decimal(const std::string& text) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size())
    throw ScriptFormatError("not a decimal bit pattern: '" + text + "'");
  return n;
}

uint64_t lane_mask(unsigned bytes) { return bytes == 8 ? ~uint64_t{0} : (uint64_t{1} << (bytes * 8)) - 1; }

// Lanes are little-endian in a v128, whatever the host's byte order.
uint64_t read_lane(const stratus::V128& v, unsigned bytes, unsigned index) {
  uint64_t bits = 0;
  for (unsigned b = 0; b < bytes; ++b) bits |= uint64_t{v.bytes[index * bytes + b]} << (8 * b);
  return bits;
}

void write_lane(stratus::V128& v, unsigned bytes, unsigned index, uint64_t bits) {
  for (unsigned b = 0; b < bytes; ++b) v.bytes[index * bytes + b] = static_cast<uint8_t>(bits >> (8 * b));
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

LaneExpectation parse_lane_expectation(const json& text, bool is_float) {
  const std::string s = text.get<std::string>();
  if (is_float && s == "nan:canonical") return {0, NanPattern::Canonical};
  if (is_float && s == "nan:arithmetic") return {0, NanPattern::Arithmetic};
  return {parse_decimal(s), NanPattern::None};
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

void* extern_ref_pointer(uint64_t n) { return reinterpret_cast<void*>(static_cast<uintptr_t>(n + 1)); }

Val parse_argument(const json& value) {
  const ValType type = parse_type(value.at("type").get<std::string>());
  const json& payload = value.at("value");
  switch (type) {
    case ValType::I32: return Val::i32(static_cast<int32_t>(static_cast<uint32_t>(parse_decimal(payload))));
    case ValType::I64: return Val::i64(static_cast<int64_t>(parse_decimal(payload)));
    case ValType::F32: return Val::f32_bits(static_cast<uint32_t>(parse_decimal(payload)));
    case ValType::F64: return Val::f64_bits(parse_decimal(payload));
    case ValType::V128: {
      const LaneShape shape = lane_shape(value.at("lane_type").get<std::string>());
      const unsigned count = 16 / shape.bytes;
      if (!payload.is_array() || payload.size() != count) throw ScriptFormatError("v128 argument needs " + std::to_string(count) + " lanes");
      stratus::V128 v;
      for (unsigned i = 0; i < count; ++i)
        write_lane(v, shape.bytes, i, parse_decimal(payload[i].get<std::string>()) & lane_mask(shape.bytes));
      return Val::v128(v);
    }
    case ValType::FuncRef:
      if (payload == "null") return Val::funcref({});
      throw ScriptFormatError("a non-null funcref argument cannot be written in a script");
    case ValType::ExternRef:
      if (payload == "null") return Val::externref({});
      return Val::externref(stratus::Ref{extern_ref_pointer(parse_decimal(payload))});
  }
  throw ScriptFormatError("unsupported argument type");
}

Expectation parse_expectation(const json& value) {
  Expectation e;
  e.type = parse_type(value.at("type").get<std::string>());
  const json* payload = value.contains("value") ? &value.at("value") : nullptr;
  switch (e.type) {
    case ValType::I32:
    case ValType::I64:
    case ValType::F32:
    case ValType::F64:
      if (payload == nullptr) throw ScriptFormatError("expected value without a value");
      e.lanes.push_back(parse_lane_expectation(*payload, e.type == ValType::F32 || e.type == ValType::F64));
      return e;
    case ValType::V128: {
      e.lane_type = value.at("lane_type").get<std::string>();
      const LaneShape shape = lane_shape(e.lane_type);
      const unsigned count = 16 / shape.bytes;
      if (payload == nullptr || !payload->is_array() || payload->size() != count)
        throw ScriptFormatError("v128 expectation needs " + std::to_string(count) + " lanes");
      for (const json& lane : *payload) {
        LaneExpectation l = parse_lane_expectation(lane, shape.is_float);
        l.bits &= lane_mask(shape.bytes);
        e.lanes.push_back(l);
      }
      return e;
    }
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (payload == nullptr) {
        e.ref_any_non_null = true;  // wast2json leaves the value out for `(ref.func)` patterns
      } else if (*payload == "null") {
        e.ref_is_null = true;
      } else if (e.type == ValType::FuncRef) {
        e.ref_any_non_null = true;
      } else {
        e.lanes.push_back({reinterpret_cast<uintptr_t>(extern_ref_pointer(parse_decimal(*payload))), NanPattern::None});
      }
      return e;
  }
  throw ScriptFormatError("unsupported expectation type");
}

bool matches(const Expectation& expected, const Val& got) {
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
        const bool ok = shape.is_float ? float_lane_matches(expected.lanes[i], lane, shape.bytes)
                                       : expected.lanes[i].bits == lane;
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

}  // namespace spectest
