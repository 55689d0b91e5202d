#include "values.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "cli/wast/expectation.hpp"
#include "text/module_context.hpp"

namespace spectest {

using nlohmann::json;
using stratus::Val;
using stratus::ValType;
using stratus::text::Expectation;
using stratus::text::LaneExpectation;
using stratus::text::NanPattern;
using stratus::wast::ScriptFormatError;

namespace {

using stratus::wast::lane_shape;
using stratus::wast::LaneShape;

ValType parse_type(const std::string& name) {
  if (auto type = stratus::text::valtype_keyword(name)) return *type;
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

void write_lane(stratus::V128& v, unsigned bytes, unsigned index, uint64_t bits) {
  for (unsigned b = 0; b < bytes; ++b) v.bytes[index * bytes + b] = static_cast<uint8_t>(bits >> (8 * b));
}

LaneExpectation parse_lane_expectation(const json& text, bool is_float) {
  const std::string s = text.get<std::string>();
  if (is_float && s == "nan:canonical") return {0, NanPattern::Canonical};
  if (is_float && s == "nan:arithmetic") return {0, NanPattern::Arithmetic};
  return {parse_decimal(s), NanPattern::None};
}

}  // namespace

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
      if (!payload.is_array() || payload.size() != count)
        throw ScriptFormatError("v128 argument needs " + std::to_string(count) + " lanes");
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
      return Val::externref(stratus::Ref{stratus::text::extern_ref_pointer(parse_decimal(payload))});
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
        e.lanes.push_back({reinterpret_cast<uintptr_t>(stratus::text::extern_ref_pointer(parse_decimal(*payload))),
                           NanPattern::None});
      }
      return e;
  }
  throw ScriptFormatError("unsupported expectation type");
}

}  // namespace spectest
