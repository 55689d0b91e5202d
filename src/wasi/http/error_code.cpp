#include "wasi/http/error_code.hpp"

#include <array>
#include <string_view>

namespace stratus::wasi::http {
namespace {

using wit::wasi::http::types::ErrorCode;

// In the order of the WIT's cases (ErrorCode::Tag).
constexpr std::array<std::string_view, 39> kNames = {
    "DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable", "destination-IP-prohibited",
    "destination-IP-unroutable", "connection-refused", "connection-terminated", "connection-timeout",
    "connection-read-timeout", "connection-write-timeout", "connection-limit-reached", "TLS-protocol-error",
    "TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied", "HTTP-request-length-required",
    "HTTP-request-body-size", "HTTP-request-method-invalid", "HTTP-request-URI-invalid", "HTTP-request-URI-too-long",
    "HTTP-request-header-section-size", "HTTP-request-header-size", "HTTP-request-trailer-section-size",
    "HTTP-request-trailer-size", "HTTP-response-incomplete", "HTTP-response-header-section-size",
    "HTTP-response-header-size", "HTTP-response-body-size", "HTTP-response-trailer-section-size",
    "HTTP-response-trailer-size", "HTTP-response-transfer-coding", "HTTP-response-content-coding",
    "HTTP-response-timeout", "HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error",
    "internal-error"};

template <class T>
std::string payload_text(const T& v) {
  if constexpr (std::is_same_v<T, std::optional<std::string>>) return v ? *v : std::string();
  else if constexpr (std::is_same_v<T, std::optional<uint64_t>> || std::is_same_v<T, std::optional<uint32_t>>)
    return v ? std::to_string(*v) : std::string();
  else if constexpr (std::is_same_v<T, wit::wasi::http::types::FieldSizePayload>)
    return v.field_name.value_or("");
  else if constexpr (std::is_same_v<T, std::optional<wit::wasi::http::types::FieldSizePayload>>)
    return v ? v->field_name.value_or("") : std::string();
  else if constexpr (std::is_same_v<T, wit::wasi::http::types::DnsErrorPayload>) return v.rcode.value_or("");
  else if constexpr (std::is_same_v<T, wit::wasi::http::types::TlsAlertReceivedPayload>)
    return v.alert_message.value_or("");
  else return std::string();
}

}  // namespace

std::string_view error_code_name(size_t index) { return index < kNames.size() ? kNames[index] : "unknown"; }

std::string describe(const ErrorCode& code) {
  std::string text(kNames[code.value.index()]);
  const std::string payload = std::visit([](const auto& v) { return payload_text(v); }, code.value);
  if (!payload.empty()) text += ": " + payload;
  return text;
}

}  // namespace stratus::wasi::http
