// wasi:http's method and scheme variants and the text on the wire. The conversions serve
// WASI 0.2's bindings (the default) and 0.3's, whose variants have the same cases in order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wasi/http/exchange.hpp"
#include "wit/wasi/http/types.hpp"

namespace stratus::wasi::http {

// In the order of the method variant's cases.
inline constexpr std::array<std::string_view, 9> kMethodNames = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                                                 "CONNECT", "OPTIONS", "TRACE", "PATCH"};
bool scheme_is_http(std::string_view text);
bool scheme_is_https(std::string_view text);

template <class Method = wit::wasi::http::types::Method>
Method method_from_text(std::string_view text) {
  using Make = Method (*)();
  static constexpr Make kMakers[] = {Method::get,     Method::head,    Method::post,  Method::put,  Method::delete_,
                                     Method::connect, Method::options, Method::trace, Method::patch};
  for (size_t i = 0; i < kMethodNames.size(); ++i)
    if (kMethodNames[i] == text) return kMakers[i]();
  return Method::other(std::string(text));
}

template <class Method>
std::string method_text(const Method& method) {
  if (method.tag() == Method::Tag::other) return std::get<std::string>(method.value);
  return std::string(kMethodNames[static_cast<size_t>(method.tag())]);
}

template <class Scheme = wit::wasi::http::types::Scheme>
Scheme scheme_from_text(std::string_view text) {
  if (scheme_is_http(text)) return Scheme::http();
  if (scheme_is_https(text)) return Scheme::https();
  return Scheme::other(std::string(text));
}

template <class Scheme>
std::string scheme_text(const Scheme& scheme) {
  switch (scheme.tag()) {
    case Scheme::Tag::http: return "http";
    case Scheme::Tag::https: return "https";
    default: return std::get<std::string>(scheme.value);
  }
}

// A Content-Length header's value, when `headers` holds exactly one valid one.
std::optional<uint64_t> content_length_of(const FieldList& headers);

}  // namespace stratus::wasi::http
