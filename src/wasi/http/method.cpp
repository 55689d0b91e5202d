#include "wasi/http/method.hpp"

#include <array>
#include <charconv>

#include "wasi/http/fields.hpp"

namespace stratus::wasi::http {
namespace {

using wit::wasi::http::types::Method;
using wit::wasi::http::types::Scheme;

// In the order of Method's cases.
constexpr std::array<std::string_view, 9> kMethods = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                                      "CONNECT", "OPTIONS", "TRACE", "PATCH"};

}  // namespace

Method method_from_text(std::string_view text) {
  using Make = Method (*)();
  static constexpr Make kMakers[] = {Method::get,     Method::head,    Method::post,  Method::put,  Method::delete_,
                                     Method::connect, Method::options, Method::trace, Method::patch};
  for (size_t i = 0; i < kMethods.size(); ++i)
    if (kMethods[i] == text) return kMakers[i]();
  return Method::other(std::string(text));
}

std::string method_text(const Method& method) {
  if (method.tag() == Method::Tag::other) return std::get<std::string>(method.value);
  return std::string(kMethods[static_cast<size_t>(method.tag())]);
}

Scheme scheme_from_text(std::string_view text) {
  if (field_names_equal(text, "http")) return Scheme::http();
  if (field_names_equal(text, "https")) return Scheme::https();
  return Scheme::other(std::string(text));
}

std::string scheme_text(const Scheme& scheme) {
  switch (scheme.tag()) {
    case Scheme::Tag::http: return "http";
    case Scheme::Tag::https: return "https";
    default: return std::get<std::string>(scheme.value);
  }
}

std::optional<uint64_t> content_length_of(const FieldList& headers) {
  std::optional<uint64_t> found;
  for (const auto& [name, value] : headers) {
    if (!field_names_equal(name, "content-length")) continue;
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty()) return std::nullopt;
    if (found && *found != n) return std::nullopt;
    found = n;
  }
  return found;
}

}  // namespace stratus::wasi::http
