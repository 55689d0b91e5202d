#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "component/wave/typed.hpp"
#include "component/wave/unicode.hpp"
#include "component/wave/wave.hpp"

namespace stratus::component::wave {

namespace {

bool is_wave_keyword(std::string_view s) {
  return s == "true" || s == "false" || s == "some" || s == "none" || s == "ok" || s == "err" || s == "inf" ||
         s == "nan";
}

void unicode_escape(std::string& out, char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u{%x}", static_cast<unsigned>(c));
  out += buf;
}

// One character of a char or string literal, escaped as wasm-wave escapes it: the six
// short escapes, `\u{..}` for controls, and Rust's `escape_debug` for the rest (grapheme
// extenders and unprintable code points escaped, everything else as it is).
void write_char(std::string& out, char32_t c) {
  switch (c) {
    case '\\': out += "\\\\"; return;
    case '"': out += "\\\""; return;
    case '\'': out += "\\'"; return;
    case '\t': out += "\\t"; return;
    case '\r': out += "\\r"; return;
    case '\n': out += "\\n"; return;
    default: break;
  }
  const bool control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
  if (control || is_grapheme_extend(c) || !is_printable(c)) {
    unicode_escape(out, c);
    return;
  }
  append_utf8(out, c);
}

// Rust's `Display` for floats: the shortest digits that read back to the same value,
// written out in full without an exponent; NaN as `nan`.
template <class T>
void write_float(std::string& out, T v) {
  if (std::isnan(v)) {
    out += "nan";
    return;
  }
  if (std::isinf(v)) {
    out += v < 0 ? "-inf" : "inf";
    return;
  }
  // The shortest digits come from the scientific form; laid out without the exponent they
  // are padded with zeros, never with the further digits of the exact binary value.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  if (ec != std::errc()) return;
  std::string_view sci(buf, static_cast<size_t>(end - buf));
  if (sci.front() == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  const size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int point = exponent + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-point), '0');
    out += digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    out += digits;
    out.append(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    out.append(digits, 0, static_cast<size_t>(point));
    out.push_back('.');
    out.append(digits, static_cast<size_t>(point), std::string::npos);
  }
}

template <class T>
void write_integer(std::string& out, T v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

void write_label(std::string& out, std::string_view name) {
  if (is_wave_keyword(name)) out.push_back('%');
  out += name;
}

void write(std::string& out, const Val& value);

void write_payload(std::string& out, const ValBox& payload) {
  if (!payload) return;
  out.push_back('(');
  write(out, *payload);
  out.push_back(')');
}

template <class Seq>
void write_sequence(std::string& out, char open, char close, const Seq& elements) {
  out.push_back(open);
  bool first = true;
  for (const Val& v : elements) {
    if (!first) out += ", ";
    first = false;
    write(out, v);
  }
  out.push_back(close);
}

struct Writer {
  std::string& out;
  void operator()(bool v) const { out += v ? "true" : "false"; }
  void operator()(int8_t v) const { write_integer(out, v); }
  void operator()(uint8_t v) const { write_integer(out, v); }
  void operator()(int16_t v) const { write_integer(out, v); }
  void operator()(uint16_t v) const { write_integer(out, v); }
  void operator()(int32_t v) const { write_integer(out, v); }
  void operator()(uint32_t v) const { write_integer(out, v); }
  void operator()(int64_t v) const { write_integer(out, v); }
  void operator()(uint64_t v) const { write_integer(out, v); }
  void operator()(float v) const { write_float(out, v); }
  void operator()(double v) const { write_float(out, v); }
  void operator()(char32_t v) const {
    out.push_back('\'');
    write_char(out, v);
    out.push_back('\'');
  }
  void operator()(const std::string& s) const {
    out.push_back('"');
    // A Val's string is UTF-8 by construction; a stray byte is written as U+FFFD.
    for (size_t i = 0; i < s.size();) {
      Unescaped u = decode_utf8(std::string_view(s).substr(i));
      write_char(out, u.c > 0x10ffff || (u.c >= 0xd800 && u.c <= 0xdfff) ? char32_t{0xfffd} : u.c);
      i += u.length;
    }
    out.push_back('"');
  }
  void operator()(const Val::List& l) const { write_sequence(out, '[', ']', l.elements); }
  void operator()(const Val::Tuple& t) const { write_sequence(out, '(', ')', t.elements); }
  void operator()(const Val::Record& r) const {
    out.push_back('{');
    bool first = true;
    for (const Val::Field& f : r.fields) {
      // wasm-wave leaves out the `none` fields a reader may omit.
      if (f.value.is<Val::Option>() && !f.value.as<Val::Option>().value) continue;
      if (!first) out += ", ";
      first = false;
      out += f.name;
      out += ": ";
      write(out, f.value);
    }
    if (first) out.push_back(':');
    out.push_back('}');
  }
  void operator()(const Val::Variant& v) const {
    write_label(out, v.case_name);
    write_payload(out, v.payload);
  }
  void operator()(const Val::Enum& e) const { write_label(out, e.name); }
  void operator()(const Val::Option& o) const {
    if (!o.value) {
      out += "none";
      return;
    }
    out += "some";
    write_payload(out, o.value);
  }
  void operator()(const Val::Result& r) const {
    out += r.is_ok ? "ok" : "err";
    write_payload(out, r.payload);
  }
  void operator()(const Val::Flags& f) const {
    out.push_back('{');
    for (size_t i = 0; i < f.names.size(); ++i) {
      if (i) out += ", ";
      out += f.names[i];
    }
    out.push_back('}');
  }
  void operator()(const ResourceHandle& h) const {
    out += h.own ? "own(" : "borrow(";
    write_integer(out, h.index);
    out.push_back(')');
  }
  // WAVE has no syntax for async ends; this names them as resources are named.
  void operator()(const StreamHandle& h) const {
    out += "stream(";
    write_integer(out, h.index);
    out.push_back(')');
  }
  void operator()(const FutureHandle& h) const {
    out += "future(";
    write_integer(out, h.index);
    out.push_back(')');
  }
  // Nor for error contexts: this shows the debug message, as a string.
  void operator()(const ErrorContext& e) const {
    out += "error-context(";
    (*this)(e.debug_message);
    out.push_back(')');
  }
};

void write(std::string& out, const Val& value) { std::visit(Writer{out}, value.storage()); }

}  // namespace

std::string to_string(const Val& value) {
  std::string out;
  write(out, value);
  return out;
}

std::string results_to_string(std::span<const Val> results) {
  if (results.size() == 1) return to_string(results[0]);
  std::string out;
  write_sequence(out, '(', ')', results);
  return out;
}

}  // namespace stratus::component::wave
