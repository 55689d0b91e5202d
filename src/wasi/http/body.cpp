#include "wasi/http/body.hpp"

#include <algorithm>
#include <string>

#include "wasi/p2/pollable.hpp"

namespace stratus::wasi::http {
namespace {

// How many reads one look at a future-trailers may spend discarding the rest of a body, so
// a large body is drained over several polls rather than in one call.
constexpr int kDrainReadsPerCall = 16;

// A target that is never ready: waiting on it ends only at the Store's deadline.
p2::PollTarget never() { return p2::MonotonicDeadline{UINT64_MAX}; }

}  // namespace

std::optional<std::variant<std::optional<FieldList>, WitErrorCode>> FutureTrailersObject::settle() {
  for (int i = 0; !outcome_ && i < kDrainReadsPerCall; ++i) {
    auto r = body_->read(p2::kMaxReadBytes);
    if (r && r->empty()) break;
    if (r) continue;
    if (r.error().kind == p2::StreamError::Kind::Closed) {
      auto trailers = body_->trailers();
      if (trailers && trailers->empty()) outcome_.emplace(std::in_place_index<0>, std::nullopt);
      else if (trailers) outcome_.emplace(std::in_place_index<0>, std::move(*trailers));
      else outcome_.emplace(std::in_place_index<0>, std::nullopt);
    } else {
      outcome_.emplace(std::in_place_index<1>, WitErrorCode::internal_error("the request body failed: " + r.error().message));
    }
  }
  return outcome_;
}

p2::PollTarget FutureTrailersObject::target() {
  if (settle()) return p2::ReadyNow{};
  return body_->readiness();
}

Result<void> OutgoingBodyChannel::bind(Store& store, std::shared_ptr<ResponseSink> sink) {
  sink_ = std::move(sink);
  if (auto d = drain(store); !d) return d;
  if (state_ == State::Finished && !finish_sent_) {
    finish_sent_ = true;
    return sink_->finish(trailers_);
  }
  return {};
}

bool OutgoingBodyChannel::drain_now() {
  while (!pending_.empty()) {
    auto permitted = sink_->check_write();
    if (!permitted) return true;  // the sink's failure is the next write's
    if (*permitted == 0) return false;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(*permitted, pending_.size()));
    if (auto w = sink_->write(std::span<const uint8_t>(pending_.data(), n)); !w) {
      pending_.clear();
      return true;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return true;
}

Result<void> OutgoingBodyChannel::drain(Store& store) {
  while (!drain_now())
    if (auto w = p2::wait_for(store, sink_->readiness()); !w) return w;
  return {};
}

p2::StreamResult<uint64_t> OutgoingBodyChannel::check_write() {
  if (state_ != State::Open) return p2::StreamError::closed();
  if (!sink_) return pending_room();
  if (!drain_now()) return uint64_t{0};
  return sink_->check_write();
}

p2::StreamStatus OutgoingBodyChannel::write(std::span<const uint8_t> bytes) {
  if (state_ != State::Open) return p2::StreamError::closed();
  if (content_length_ && written_ + bytes.size() > *content_length_)
    return p2::StreamError::failed("the body is longer than its Content-Length of " + std::to_string(*content_length_) +
                                   " bytes");
  if (!sink_) {
    if (bytes.size() > pending_room()) return p2::StreamError::failed(p2::write_exceeds_permit(bytes.size(), pending_room()));
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
    written_ += bytes.size();
    return std::monostate{};
  }
  auto r = sink_->write(bytes);
  if (r) written_ += bytes.size();
  return r;
}

p2::StreamStatus OutgoingBodyChannel::flush() {
  if (state_ != State::Open) return p2::StreamError::closed();
  if (!sink_) return std::monostate{};
  drain_now();
  return sink_->flush();
}

p2::PollTarget OutgoingBodyChannel::readiness() {
  if (state_ != State::Open) return p2::ReadyNow{};
  if (!sink_) return pending_room() > 0 ? p2::PollTarget(p2::ReadyNow{}) : never();
  return sink_->readiness();
}

Result<std::optional<WitErrorCode>> OutgoingBodyChannel::finish(Store& store, std::optional<FieldList> trailers) {
  if (content_length_ && written_ != *content_length_) {
    state_ = State::Abandoned;
    return std::optional(for_request_ ? WitErrorCode::http_request_body_size(written_)
                                      : WitErrorCode::http_response_body_size(written_));
  }
  state_ = State::Finished;
  trailers_ = std::move(trailers);
  if (!sink_) return std::optional<WitErrorCode>();
  if (auto d = drain(store); !d) return d.error();
  finish_sent_ = true;
  if (auto f = sink_->finish(trailers_); !f)
    return std::optional(WitErrorCode::internal_error("the response could not be finished: " + f.error().message()));
  return std::optional<WitErrorCode>();
}

}  // namespace stratus::wasi::http
