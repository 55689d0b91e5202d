// The bodies of wasi:http/types: incoming-body and its stream and future-trailers over an
// IncomingBody, and outgoing-body and its stream over a ResponseSink (exchange.hpp).
//
// An outgoing body may be written before response-outparam.set says where it goes: up to
// kOutputBudget bytes wait here (the guest then sees check-write 0, as on a full socket),
// and set hands them and the rest to the sink. A Content-Length the guest declared is held
// to: a write past it fails, and finish with fewer bytes is error-code
// http-response-body-size.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "stratus/result.hpp"
#include "stratus/store.hpp"
#include "wasi/http/exchange.hpp"
#include "wasi/p2/streams.hpp"
#include "wit/wasi/http/types.hpp"

namespace stratus::wasi::http {

using WitErrorCode = wit::wasi::http::types::ErrorCode;

class IncomingBodyObject final : public p2::HostObject {
 public:
  explicit IncomingBodyObject(std::shared_ptr<IncomingBody> body) : body(std::move(body)) {}
  std::string_view resource_name() const override { return "incoming-body"; }
  std::shared_ptr<IncomingBody> body;
  bool stream_taken = false;
};

// incoming-body.finish's future: the rest of the body is read and discarded until it ends,
// then the trailers (or the failure) are there once.
class FutureTrailersObject final : public p2::HostObject {
 public:
  explicit FutureTrailersObject(std::shared_ptr<IncomingBody> body) : body_(std::move(body)) {}
  std::string_view resource_name() const override { return "future-trailers"; }
  p2::PollTarget target();
  // nullopt while the body has not ended; then the trailers or the error, which `taken`
  // marks as handed out.
  std::optional<std::variant<std::optional<FieldList>, WitErrorCode>> settle();
  bool taken = false;

 private:
  std::shared_ptr<IncomingBody> body_;
  std::optional<std::variant<std::optional<FieldList>, WitErrorCode>> outcome_;
};

// Where one outgoing body's bytes go (shared by the body, its stream and the response).
class OutgoingBodyChannel {
 public:
  enum class State { Open, Finished, Abandoned };

  // `for_request`: the body of an outgoing-request (its Content-Length errors are the
  // request's error-codes).
  explicit OutgoingBodyChannel(bool for_request = false) : for_request_(for_request) {}

  void set_content_length(std::optional<uint64_t> length) { content_length_ = length; }
  // The sink is started; hands it what was written so far (waiting as it needs, within the
  // Store's deadline), and the end if the body was finished already.
  Result<void> bind(Store& store, std::shared_ptr<ResponseSink> sink);

  p2::StreamResult<uint64_t> check_write();
  p2::StreamStatus write(std::span<const uint8_t> bytes);
  p2::StreamStatus flush();
  p2::PollTarget readiness();
  // outgoing-body.finish: the outer Error is a trap (the deadline passed while draining).
  Result<std::optional<WitErrorCode>> finish(Store& store, std::optional<FieldList> trailers);
  // The body was dropped without finish: the response is incomplete.
  void abandon() {
    if (state_ == State::Open) state_ = State::Abandoned;
  }

  State state() const { return state_; }
  bool bound() const { return sink_ != nullptr; }
  uint64_t written() const { return written_; }

 private:
  Result<void> drain(Store& store);
  // Hands pending bytes to the sink while it takes them; false while some are left.
  bool drain_now();
  uint64_t pending_room() const { return p2::kOutputBudget - pending_.size(); }

  std::shared_ptr<ResponseSink> sink_;
  std::vector<uint8_t> pending_;
  std::optional<uint64_t> content_length_;
  uint64_t written_ = 0;
  State state_ = State::Open;
  std::optional<FieldList> trailers_;  // finish before bind: sent at bind
  bool finish_sent_ = false;
  bool for_request_;
};

class OutgoingBodyStream final : public p2::OutputStream {
 public:
  explicit OutgoingBodyStream(std::shared_ptr<OutgoingBodyChannel> channel) : channel_(std::move(channel)) {}
  p2::StreamResult<uint64_t> check_write() override { return channel_->check_write(); }
  p2::StreamStatus write(std::span<const uint8_t> bytes) override { return channel_->write(bytes); }
  p2::StreamStatus flush() override { return channel_->flush(); }
  p2::PollTarget readiness() override { return channel_->readiness(); }

 private:
  std::shared_ptr<OutgoingBodyChannel> channel_;
};

class OutgoingBodyObject final : public p2::HostObject {
 public:
  explicit OutgoingBodyObject(std::shared_ptr<OutgoingBodyChannel> channel) : channel(std::move(channel)) {}
  ~OutgoingBodyObject() override {
    if (channel) channel->abandon();
  }
  std::string_view resource_name() const override { return "outgoing-body"; }
  std::shared_ptr<OutgoingBodyChannel> channel;
  bool stream_taken = false;
};

}  // namespace stratus::wasi::http
