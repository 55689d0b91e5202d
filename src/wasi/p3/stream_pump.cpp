#include "wasi/p3/stream_pump.hpp"

#include <algorithm>
#include <utility>
#include <variant>
#include <vector>

#include <poll.h>

namespace stratus::wasi::p3 {
namespace {

using component::CopyResult;
using component::EventLoop;

std::optional<p2::StreamError> failure_of(const p2::StreamError& e) {
  if (e.kind == p2::StreamError::Kind::Closed) return std::nullopt;
  return e;
}

// Every step runs from the EventLoop, never inside a copy's callback, so a copy that completes
// at once does not re-enter the pump.
struct ToGuest : std::enable_shared_from_this<ToGuest> {
  std::unique_ptr<p2::InputStream> source;
  component::StreamWriter sink;
  PumpDone done;
  std::vector<uint8_t> held;  // read from the source, not yet taken by the guest
  // The source is read only while a guest's read waits: a reader that went away in between
  // is then seen at once (the zero-length write reports it), not after the source's next
  // bytes, which may never come (a terminal or pipe held open).
  bool reader_waiting = false;

  ToGuest(std::unique_ptr<p2::InputStream> s, component::StreamWriter w, PumpDone d)
      : source(std::move(s)), sink(std::move(w)), done(std::move(d)) {}

  void finish(std::optional<p2::StreamError> error) {
    sink.drop();
    auto d = std::move(done);
    if (d) d(std::move(error));
  }

  void step() {
    auto self = shared_from_this();
    if (held.empty() && !reader_waiting) {
      // A zero-length write completes when the guest reads (or drops its end).
      auto r = sink.write_bytes({}, [self](CopyResult result, uint32_t) {
        if (result != CopyResult::Completed) return self->finish(std::nullopt);
        self->reader_waiting = true;
        EventLoop::current().post([self] { self->step(); });
      });
      if (!r) finish(p2::StreamError::failed(r.error().message()));
      return;
    }
    if (held.empty()) {
      auto bytes = source->read(p2::kMaxReadBytes);
      if (!bytes) return finish(failure_of(bytes.error()));
      if (bytes->empty()) return when_ready(source->readiness(), [self] { self->step(); });
      held = std::move(*bytes);
    }
    auto r = sink.write_bytes(held, [self](CopyResult result, uint32_t written) {
      self->held.erase(self->held.begin(), self->held.begin() + std::min<size_t>(written, self->held.size()));
      if (result != CopyResult::Completed) return self->finish(std::nullopt);
      self->reader_waiting = false;
      EventLoop::current().post([self] { self->step(); });
    });
    if (!r) finish(p2::StreamError::failed(r.error().message()));
  }
};

struct FromGuest : std::enable_shared_from_this<FromGuest> {
  component::StreamReader source;
  std::unique_ptr<p2::OutputStream> sink;
  PumpDone done;
  bool source_ended = false;

  FromGuest(component::StreamReader r, std::unique_ptr<p2::OutputStream> s, PumpDone d)
      : source(std::move(r)), sink(std::move(s)), done(std::move(d)) {}

  void finish(std::optional<p2::StreamError> error) {
    source.drop();
    auto d = std::move(done);
    if (d) d(std::move(error));
  }

  void step() {
    auto self = shared_from_this();
    // A permit of zero means earlier bytes are still pending: wait for them, also before
    // reporting the end, so `done` means written.
    auto permit = sink->check_write();
    if (!permit)
      return finish(permit.error().kind == p2::StreamError::Kind::Closed
                        ? p2::StreamError::failed("the output is closed")
                        : permit.error());
    if (*permit == 0) return when_ready(sink->readiness(), [self] { self->step(); });
    if (source_ended) return finish(std::nullopt);
    const auto max = static_cast<uint32_t>(std::min<uint64_t>(*permit, p2::kOutputBudget));
    auto r = source.read_bytes(max, [self](CopyResult result, std::vector<uint8_t> bytes) {
      if (!bytes.empty()) {
        if (auto w = self->sink->write(bytes); !w) return self->finish(w.error());
      }
      if (result != CopyResult::Completed) {
        self->source_ended = true;
        if (auto f = self->sink->flush(); !f) return self->finish(f.error());
      }
      EventLoop::current().post([self] { self->step(); });
    });
    if (!r) finish(p2::StreamError::failed(r.error().message()));
  }
};

}  // namespace

void when_ready(const p2::PollTarget& target, std::function<void()> step) {
  if (const auto* fd = std::get_if<p2::FdReadiness>(&target); fd && fd->fd >= 0) {
    const unsigned interest = (fd->events & POLLOUT) ? EventLoop::Writable : EventLoop::Readable;
    EventLoop::current().watch_fd(fd->fd, interest, std::move(step));
    return;
  }
  EventLoop::current().post(std::move(step));
}

void pump_to_guest(std::unique_ptr<p2::InputStream> source, component::StreamWriter sink, PumpDone done) {
  std::make_shared<ToGuest>(std::move(source), std::move(sink), std::move(done))->step();
}

void pump_from_guest(component::StreamReader source, std::unique_ptr<p2::OutputStream> sink, PumpDone done) {
  std::make_shared<FromGuest>(std::move(source), std::move(sink), std::move(done))->step();
}

}  // namespace stratus::wasi::p3
