#include "component/wave/typed.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace stratus::component::wave {

namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }


Error invalid_type(const Node& node, ValType type) {
  return wave_error(std::string("invalid value type (expected a value of type ") + kind_name(type.kind) + ")",
                    node.span);
}
Error conversion(const Node& node, const std::string& what) {
  return wave_error("error converting Wasm value: " + what, node.span);
}

// A decimal integer as the lexer's Number token spells it, into T, as Rust's `str::parse`
// does: no fraction, no exponent, and no sign for an unsigned type.
template <class T>
Result<Val> integer(const Node& node, std::string_view src, ValType type) {
  if (node.type != NodeType::Number) return invalid_type(node, type);
  std::string_view s = node.slice(src);
  T value{};
  bool ok = !(std::is_unsigned_v<T> && !s.empty() && s.front() == '-');
  if (ok) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    ok = ec == std::errc() && end == s.data() + s.size();
  }
  if (!ok) {
    using Wide = std::conditional_t<std::is_signed_v<T>, long long, unsigned long long>;
    return wave_error(std::string("invalid value (expected ") + kind_name(type.kind) + ", an integer from " +
                          std::to_string(static_cast<Wide>(std::numeric_limits<T>::min())) + " to " +
                          std::to_string(static_cast<Wide>(std::numeric_limits<T>::max())) + ")",
                      node.span);
  }
  return Val(value);
}

// Whether the decimal number `s` (in the lexer's Number syntax, finite) is at least 1 in
// magnitude, for telling an overflow from an underflow when it does not fit.
bool magnitude_at_least_one(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  size_t e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  long long exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view digits = s.substr(e + 1);
    bool negative = !digits.empty() && digits.front() == '-';
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
    for (char c : digits) exponent = std::min<long long>(exponent * 10 + (c - '0'), 1'000'000'000);
    if (negative) exponent = -exponent;
  }
  // The position of the first nonzero digit relative to the decimal point.
  size_t dot = mantissa.find('.');
  std::string_view whole = mantissa.substr(0, dot);
  long long magnitude;
  if (whole != "0") {
    magnitude = static_cast<long long>(whole.size()) - 1;
  } else {
    std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : mantissa.substr(dot + 1);
    size_t first = fraction.find_first_not_of('0');
    if (first == std::string_view::npos) return false;  // zero
    magnitude = -static_cast<long long>(first) - 1;
  }
  return magnitude + exponent >= 0;
}

// A float as Rust's `str::parse` reads it: correctly rounded, `inf` past the largest value,
// zero below the smallest; `nan`, `inf`, `-inf`.
template <class T>
Result<Val> floating(const Node& node, std::string_view src, ValType type) {
  if (node.type != NodeType::Number) return invalid_type(node, type);
  std::string_view s = node.slice(src);
  if (s == "nan") return Val(std::numeric_limits<T>::quiet_NaN());
  if (s == "inf") return Val(std::numeric_limits<T>::infinity());
  if (s == "-inf") return Val(-std::numeric_limits<T>::infinity());
  T value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::general);
  if (end != s.data() + s.size() || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return wave_error(std::string("invalid value (expected a number of type ") + kind_name(type.kind) + ")",
                      node.span);
  }
  if (ec == std::errc::result_out_of_range) {
    const bool negative = s.front() == '-';
    value = magnitude_at_least_one(s) ? std::numeric_limits<T>::infinity() : T{0};
    if (negative) value = -value;
  }
  return Val(value);
}

Result<Val> character(const Node& node, std::string_view src, ValType type) {
  if (node.type != NodeType::Char) return invalid_type(node, type);
  std::string_view inner = src.substr(node.span.start + 1, node.span.end - node.span.start - 2);
  Unescaped u;
  if (!inner.empty() && inner.front() == '\\') {
    auto e = unescape(inner);
    if (!e) return wave_error("invalid character escape", node.span);
    u = *e;
  } else {
    u = decode_utf8(inner);
  }
  if (u.length != inner.size()) return wave_error("multiple characters in char value", node.span);
  return Val(u.c);
}

// The characters between `begin` and `end` of `src`, escapes decoded, appended to `out`.
Result<void> unescape_into(std::string& out, std::string_view src, size_t begin, size_t end) {
  size_t i = begin;
  while (i < end) {
    size_t backslash = src.find('\\', i);
    if (backslash == std::string_view::npos || backslash >= end) {
      out.append(src.substr(i, end - i));
      break;
    }
    out.append(src.substr(i, backslash - i));
    auto e = unescape(src.substr(backslash, end - backslash));
    if (!e) return wave_error("invalid character escape", Span{backslash, backslash + 1});
    append_utf8(out, e->c);
    i = backslash + e->length;
  }
  return {};
}

Result<std::string> string_of(const Node& node, std::string_view src) {
  std::string out;
  if (node.type == NodeType::String) {
    if (auto r = unescape_into(out, src, node.span.start + 1, node.span.end - 1); !r) return r.error();
    return out;
  }
  // A multiline string: `"""`, a line break, lines, a line break, spaces, `"""`. The spaces
  // before the closing quotes are the indent every line loses; the breaks between the lines
  // are `\n`, the first and the last are not part of the string.
  size_t begin = node.span.start + 3;
  const size_t end = node.span.end - 3;
  const size_t opening = begin;
  if (begin < end && src[begin] == '\r') ++begin;
  std::vector<std::pair<size_t, size_t>> lines;  // [start, end) in src
  for (size_t at = begin;;) {
    size_t br = src.find('\n', at);
    if (br == std::string_view::npos || br >= end) {
      lines.emplace_back(at, end);
      break;
    }
    lines.emplace_back(at, br);
    at = br + 1;
  }
  std::string_view indent = src.substr(lines.back().first, lines.back().second - lines.back().first);
  if (indent.find_first_not_of(' ') != std::string_view::npos) {
    return wave_error("invalid multiline string: closing \"\"\" must be on a line preceded only by spaces",
                      Span{node.span.end - 3, node.span.end});
  }
  if (lines.size() < 2 || lines.front().first != lines.front().second) {
    return wave_error("invalid multiline string: opening \"\"\" must be followed immediately by newline",
                      Span{opening, opening + 1});
  }
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    auto [line_start, line_end] = lines[i];
    if (src.substr(line_start, std::min(indent.size(), line_end - line_start)) != indent) {
      return wave_error("invalid multiline string: lines must be indented at least as much as closing \"\"\"",
                        Span{line_start, line_start + 1});
    }
    if (i > 1) out.push_back('\n');
    size_t content = line_start + indent.size();
    if (line_end > content && src[line_end - 1] == '\r') --line_end;
    if (auto r = unescape_into(out, src, content, line_end); !r) return r.error();
  }
  return out;
}

Result<Val> string(const Node& node, std::string_view src, ValType type) {
  if (node.type != NodeType::String && node.type != NodeType::MultilineString) return invalid_type(node, type);
  auto s = string_of(node, src);
  if (!s) return s.error();
  return Val(std::move(*s));
}

bool flattenable(ValType t) { return t.kind != ValKind::Option && t.kind != ValKind::Result; }

Result<ValBox> payload(const Node& node, std::string_view case_name, const std::optional<ValType>& type,
                       const Node* value, const TypeTables& types, std::string_view src) {
  if (type && value) {
    auto v = to_val(*value, *type, types, src);
    if (!v) return v.error();
    return ValBox(std::move(*v));
  }
  if (!type && !value) return ValBox{};
  if (type) return conversion(node, "missing payload for " + quoted(case_name) + " case");
  return conversion(node, "unexpected payload for " + quoted(case_name) + " case");
}

}  // namespace

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  }
}

Unescaped decode_utf8(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  auto cont = [&](size_t i) -> char32_t { return i < s.size() ? static_cast<unsigned char>(s[i]) & 0x3f : 0; };
  if (b0 < 0x80) return {b0, 1};
  if (b0 < 0xe0) return {static_cast<char32_t>(((b0 & 0x1f) << 6) | cont(1)), std::min<size_t>(2, s.size())};
  if (b0 < 0xf0) {
    return {static_cast<char32_t>(((b0 & 0x0f) << 12) | (cont(1) << 6) | cont(2)), std::min<size_t>(3, s.size())};
  }
  return {static_cast<char32_t>(((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3)),
          std::min<size_t>(4, s.size())};
}

std::optional<Unescaped> unescape(std::string_view s) {
  if (s.size() < 2 || s[0] != '\\') return std::nullopt;
  switch (s[1]) {
    case '\\': return Unescaped{'\\', 2};
    case '\'': return Unescaped{'\'', 2};
    case '"': return Unescaped{'"', 2};
    case 't': return Unescaped{'\t', 2};
    case 'n': return Unescaped{'\n', 2};
    case 'r': return Unescaped{'\r', 2};
    case 'u': break;
    default: return std::nullopt;
  }
  if (s.size() < 3 || s[2] != '{') return std::nullopt;
  uint32_t value = 0;
  size_t digits = 0;
  size_t i = 3;
  for (; i < s.size() && s[i] != '}'; ++i) {
    char c = s[i];
    uint32_t d;
    if (c >= '0' && c <= '9') {
      d = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      d = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    if (++digits > 6) return std::nullopt;
    value = (value << 4) | d;
  }
  if (i >= s.size() || digits == 0) return std::nullopt;
  if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return std::nullopt;
  return Unescaped{static_cast<char32_t>(value), digits + 4};
}

Result<Val> to_val(const Node& node, ValType type, const TypeTables& types, std::string_view src) {
  switch (type.kind) {
    case ValKind::Bool:
      if (node.type == NodeType::BoolTrue) return Val(true);
      if (node.type == NodeType::BoolFalse) return Val(false);
      return invalid_type(node, type);
    case ValKind::S8: return integer<int8_t>(node, src, type);
    case ValKind::U8: return integer<uint8_t>(node, src, type);
    case ValKind::S16: return integer<int16_t>(node, src, type);
    case ValKind::U16: return integer<uint16_t>(node, src, type);
    case ValKind::S32: return integer<int32_t>(node, src, type);
    case ValKind::U32: return integer<uint32_t>(node, src, type);
    case ValKind::S64: return integer<int64_t>(node, src, type);
    case ValKind::U64: return integer<uint64_t>(node, src, type);
    case ValKind::F32: return floating<float>(node, src, type);
    case ValKind::F64: return floating<double>(node, src, type);
    case ValKind::Char: return character(node, src, type);
    case ValKind::String: return string(node, src, type);
    case ValKind::List: {
      if (node.type != NodeType::List) return invalid_type(node, type);
      const ListType& list = types.list(type);
      if (list.length && node.children.size() != *list.length) {
        return conversion(node, "expected " + std::to_string(*list.length) + " list elements; got " +
                                    std::to_string(node.children.size()));
      }
      Val::List out;
      out.elements.reserve(node.children.size());
      for (const Node& child : node.children) {
        auto v = to_val(child, list.element, types, src);
        if (!v) return v.error();
        out.elements.push_back(std::move(*v));
      }
      return Val(std::move(out));
    }
    case ValKind::Record: {
      if (node.type != NodeType::Record) return invalid_type(node, type);
      const RecordType& record = types.record(type);
      for (size_t i = 0; i < node.children.size(); i += 2) {
        std::string_view name = node.children[i].label(src);
        bool known = std::any_of(record.fields.begin(), record.fields.end(),
                                 [&](const Field& f) { return f.name == name; });
        if (!known) return conversion(node.children[i], "unknown field " + quoted(name));
      }
      Val::Record out;
      for (const Field& field : record.fields) {
        const Node* value = nullptr;
        for (size_t i = 0; i < node.children.size(); i += 2) {
          if (node.children[i].label(src) == field.name) value = &node.children[i + 1];
        }
        if (value) {
          auto v = to_val(*value, field.type, types, src);
          if (!v) return v.error();
          out.fields.push_back({field.name, std::move(*v)});
        } else if (field.type.kind == ValKind::Option) {
          out.fields.push_back({field.name, Val(Val::Option{})});
        } else {
          return conversion(node, "missing field " + quoted(field.name));
        }
      }
      return Val(std::move(out));
    }
    case ValKind::Tuple: {
      if (node.type != NodeType::Tuple) return invalid_type(node, type);
      const TupleType& tuple = types.tuple(type);
      if (tuple.types.size() != node.children.size()) {
        return conversion(node, "expected " + std::to_string(tuple.types.size()) + " tuple elements; got " +
                                    std::to_string(node.children.size()));
      }
      Val::Tuple out;
      for (size_t i = 0; i < tuple.types.size(); ++i) {
        auto v = to_val(node.children[i], tuple.types[i], types, src);
        if (!v) return v.error();
        out.elements.push_back(std::move(*v));
      }
      return Val(std::move(out));
    }
    case ValKind::Variant: {
      if (node.type != NodeType::Label && node.type != NodeType::VariantWithPayload) return invalid_type(node, type);
      const Node& label = node.type == NodeType::Label ? node : node.children[0];
      const Node* value = node.type == NodeType::Label ? nullptr : &node.children[1];
      std::string_view name = label.label(src);
      const VariantType& variant = types.variant(type);
      auto c = std::find_if(variant.cases.begin(), variant.cases.end(), [&](const Case& c) { return c.name == name; });
      if (c == variant.cases.end()) return conversion(node, "unknown case " + quoted(name));
      auto p = payload(node, name, c->type, value, types, src);
      if (!p) return p.error();
      return Val(Val::Variant{std::string(name), std::move(*p)});
    }
    case ValKind::Enum: {
      if (node.type != NodeType::Label) return invalid_type(node, type);
      std::string_view name = node.label(src);
      const EnumType& e = types.enum_of(type);
      if (std::find(e.names.begin(), e.names.end(), name) == e.names.end()) {
        return conversion(node, "unknown case " + quoted(name));
      }
      return Val(Val::Enum{std::string(name)});
    }
    case ValKind::Option: {
      const OptionType& option = types.option(type);
      if (node.type == NodeType::OptionSome || node.type == NodeType::OptionNone) {
        const Node* value = node.children.empty() ? nullptr : &node.children[0];
        std::optional<ValType> some;
        if (node.type == NodeType::OptionSome) some = option.some;
        auto p = payload(node, node.type == NodeType::OptionSome ? "some" : "none", some, value, types, src);
        if (!p) return p.error();
        return Val(Val::Option{std::move(*p)});
      }
      if (!flattenable(option.some)) return invalid_type(node, type);
      auto v = to_val(node, option.some, types, src);
      if (!v) return v.error();
      return Val(Val::Option{std::move(*v)});
    }
    case ValKind::Result: {
      const ResultType& result = types.result(type);
      if (node.type == NodeType::ResultOk || node.type == NodeType::ResultErr) {
        const bool ok = node.type == NodeType::ResultOk;
        const Node* value = node.children.empty() ? nullptr : &node.children[0];
        auto p = payload(node, ok ? "ok" : "err", ok ? result.ok : result.err, value, types, src);
        if (!p) return p.error();
        return Val(Val::Result{ok, std::move(*p)});
      }
      if (!result.ok || !flattenable(*result.ok)) return invalid_type(node, type);
      auto v = to_val(node, *result.ok, types, src);
      if (!v) return v.error();
      return Val(Val::Result{true, std::move(*v)});
    }
    case ValKind::Flags: {
      if (node.type != NodeType::Flags) return invalid_type(node, type);
      const FlagsType& flags = types.flags_of(type);
      for (const Node& child : node.children) {
        std::string_view name = child.label(src);
        if (std::find(flags.names.begin(), flags.names.end(), name) == flags.names.end()) {
          return conversion(node, "unknown case " + quoted(name));
        }
      }
      Val::Flags out;
      for (const std::string& name : flags.names) {
        bool set = std::any_of(node.children.begin(), node.children.end(),
                               [&](const Node& child) { return child.label(src) == name; });
        if (set) out.names.push_back(name);
      }
      return Val(std::move(out));
    }
    case ValKind::ErrorContext:
    case ValKind::Own:
    case ValKind::Borrow:
    case ValKind::Stream:
    case ValKind::Future:
      return conversion(node, std::string("unsupported type ") + kind_name(type.kind) +
                                  " (WAVE has no encoding for it)");
  }
  return invalid_type(node, type);
}

}  // namespace stratus::component::wave
