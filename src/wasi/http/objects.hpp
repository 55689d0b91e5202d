// The host objects behind wasi:http/types' request, response and option resources, kept in
// the Store's WasiP2Ctx table (wasi/p2/resource_table.hpp) beside its streams and pollables.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "wasi/http/body.hpp"
#include "wasi/http/exchange.hpp"
#include "wasi/p2/resource_table.hpp"
#include "wit/wasi/http/types.hpp"

namespace stratus::wasi::http {

// One exchange's answer as response-outparam.set gives it; read by handle_request.
struct ExchangeState {
  std::shared_ptr<ResponseSink> sink;
  bool response_set = false;                  // set(ok(response)): the sink was started
  std::optional<WitErrorCode> error_code;     // set(err(code))
  std::shared_ptr<OutgoingBodyChannel> body;  // the set response's body
  bool body_taken = false;                    // the guest asked for that body
};

class IncomingRequestObject final : public p2::HostObject {
 public:
  IncomingRequestObject(RequestHead head, std::shared_ptr<IncomingBody> body)
      : head(std::move(head)), body(std::move(body)) {}
  std::string_view resource_name() const override { return "incoming-request"; }
  RequestHead head;
  std::shared_ptr<IncomingBody> body;  // null once consumed
};

class ResponseOutparamObject final : public p2::HostObject {
 public:
  explicit ResponseOutparamObject(std::shared_ptr<ExchangeState> state) : state(std::move(state)) {}
  std::string_view resource_name() const override { return "response-outparam"; }
  std::shared_ptr<ExchangeState> state;
};

class OutgoingResponseObject final : public p2::HostObject {
 public:
  explicit OutgoingResponseObject(FieldList headers) : headers(std::move(headers)) {}
  std::string_view resource_name() const override { return "outgoing-response"; }
  uint16_t status = 200;
  FieldList headers;
  std::shared_ptr<OutgoingBodyChannel> body = std::make_shared<OutgoingBodyChannel>();
  bool body_taken = false;
};

class OutgoingRequestObject final : public p2::HostObject {
 public:
  explicit OutgoingRequestObject(FieldList headers) : headers(std::move(headers)) {}
  std::string_view resource_name() const override { return "outgoing-request"; }
  wit::wasi::http::types::Method method = wit::wasi::http::types::Method::get();
  std::optional<wit::wasi::http::types::Scheme> scheme;
  std::optional<std::string> authority;
  std::optional<std::string> path_with_query;
  FieldList headers;
  std::shared_ptr<OutgoingBodyChannel> body = std::make_shared<OutgoingBodyChannel>(true);
  bool body_taken = false;
};

class RequestOptionsObject final : public p2::HostObject {
 public:
  std::string_view resource_name() const override { return "request-options"; }
  std::optional<uint64_t> connect_timeout_ns;
  std::optional<uint64_t> first_byte_timeout_ns;
  std::optional<uint64_t> between_bytes_timeout_ns;
  bool immutable = false;  // WASI 0.3: the options a request holds, read back, refuse changes
};

class IncomingResponseObject final : public p2::HostObject {
 public:
  std::string_view resource_name() const override { return "incoming-response"; }
  uint16_t status = 0;
  FieldList headers;
  std::shared_ptr<IncomingBody> body;  // null once consumed
};

// What outgoing-handler.handle started: the response head once it has arrived (or the
// error), never blocking.
class PendingResponse {
 public:
  using Outcome = std::variant<std::unique_ptr<IncomingResponseObject>, WitErrorCode>;
  virtual ~PendingResponse() = default;
  virtual std::optional<Outcome> poll() = 0;
  virtual p2::PollTarget readiness() = 0;
};

// outgoing-handler.handle's future: settled once, read once.
class FutureIncomingResponseObject final : public p2::HostObject {
 public:
  explicit FutureIncomingResponseObject(std::unique_ptr<PendingResponse> pending) : pending_(std::move(pending)) {}
  std::string_view resource_name() const override { return "future-incoming-response"; }
  std::optional<PendingResponse::Outcome> settle() {
    if (!outcome_) outcome_ = pending_->poll();
    return std::move(outcome_);
  }
  p2::PollTarget target() {
    if (!outcome_) outcome_ = pending_->poll();
    return outcome_ ? p2::PollTarget(p2::ReadyNow{}) : pending_->readiness();
  }
  bool taken = false;

 private:
  std::unique_ptr<PendingResponse> pending_;
  std::optional<PendingResponse::Outcome> outcome_;
};

}  // namespace stratus::wasi::http
