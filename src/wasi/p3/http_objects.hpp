// The wasi:http 0.3 request and response as the host keeps them in the Store's WasiP2Ctx
// table: shared by wasi:http/types, the client that sends requests and the server that hands
// requests to a handler and reads its responses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "wasi/http/fields.hpp"
#include "wasi/http/objects.hpp"
#include "wasi/p3/http_body.hpp"

namespace stratus::wasi::p3 {

class RequestObject final : public p2::HostObject {
 public:
  RequestObject(http::FieldList headers, HttpBody body) : headers(std::move(headers)), body(std::move(body)) {}
  std::string_view resource_name() const override { return "request"; }
  std::string method = "GET";
  std::optional<std::string> scheme, authority, path_with_query;
  http::FieldList headers;
  std::optional<http::RequestOptionsObject> options;
  HttpBody body;
};

class ResponseObject final : public p2::HostObject {
 public:
  ResponseObject(http::FieldList headers, HttpBody body) : headers(std::move(headers)), body(std::move(body)) {}
  std::string_view resource_name() const override { return "response"; }
  uint16_t status = 200;
  http::FieldList headers;
  HttpBody body;
};

}  // namespace stratus::wasi::p3
