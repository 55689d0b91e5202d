// wasi:io/{error,poll,streams}: the blocking functions are the non-blocking ones plus
// wait_for(readiness), so every wait honours the Store's deadline (pollable.hpp).
#include <algorithm>
#include <memory>
#include <vector>

#include "wasi/p2/host_support.hpp"
#include "wit/wasi/io/error.hpp"

namespace stratus::wasi::p2 {
namespace {

namespace streams = wit_io::streams;
using Bytes = std::vector<uint8_t>;

// wasi:io/streams makes check-write's permit a precondition of write and write-zeroes:
// "Otherwise, this function will trap" (wasmtime traps too).
Result<void> past_permit(uint64_t size, uint64_t permitted) {
  if (size <= permitted) return {};
  return Error(ErrorKind::Host, write_exceeds_permit(size, permitted));
}
using Done = std::monostate;
template <class T>
using R = Result<WitStreamResult<T>>;

class ErrorHost final : public wit_io::error::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::string> error_to_debug_string(Store& store, bindings::Borrow<wit_io::error::Error> self) override {
    auto error = ctx(store).table().get<IoError>(self.rep);
    if (!error) return error.error();
    return (*error)->message();
  }
  Result<void> error_drop(Store& store, uint32_t rep) override { return drop_object<IoError>(ctx(store), rep); }
};

class PollHost final : public wit_io::poll::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::vector<uint32_t>> poll(Store& store, std::vector<bindings::Borrow<wit_io::poll::Pollable>> in) override {
    if (in.empty()) return Error(ErrorKind::Host, "wasi:io/poll.poll: the list of pollables is empty (it would wait forever)");
    std::vector<PollTarget> targets;
    targets.reserve(in.size());
    for (const auto& p : in) {
      auto pollable = ctx(store).table().get<Pollable>(p.rep);
      if (!pollable) return pollable.error();
      targets.push_back((*pollable)->target());
    }
    return poll_targets(store, targets, true);
  }
  Result<bool> pollable_ready(Store& store, bindings::Borrow<wit_io::poll::Pollable> self) override {
    auto pollable = ctx(store).table().get<Pollable>(self.rep);
    if (!pollable) return pollable.error();
    const PollTarget target = (*pollable)->target();
    auto ready = poll_targets(store, std::span<const PollTarget>(&target, 1), false);
    if (!ready) return ready.error();
    return !ready->empty();
  }
  Result<void> pollable_block(Store& store, bindings::Borrow<wit_io::poll::Pollable> self) override {
    auto pollable = ctx(store).table().get<Pollable>(self.rep);
    if (!pollable) return pollable.error();
    return wait_for(store, (*pollable)->target());
  }
  Result<void> pollable_drop(Store& store, uint32_t rep) override { return drop_object<Pollable>(ctx(store), rep); }
};

class StreamsHost final : public streams::Host, CtxHost {
 public:
  using CtxHost::CtxHost;

  R<Bytes> input_stream_read(Store& store, bindings::Borrow<streams::InputStream> self, uint64_t len) override {
    auto in = input(store, self);
    if (!in) return in.error();
    return to_wit(ctx(store), (*in)->read(len));
  }
  R<Bytes> input_stream_blocking_read(Store& store, bindings::Borrow<streams::InputStream> self, uint64_t len) override {
    auto in = input(store, self);
    if (!in) return in.error();
    for (;;) {
      auto r = (*in)->read(len);
      if (!r || !r->empty() || len == 0) return to_wit(ctx(store), std::move(r));
      if (auto w = wait_for(store, (*in)->readiness()); !w) return w.error();
    }
  }
  R<uint64_t> input_stream_skip(Store& store, bindings::Borrow<streams::InputStream> self, uint64_t len) override {
    auto in = input(store, self);
    if (!in) return in.error();
    return to_wit(ctx(store), (*in)->skip(len));
  }
  R<uint64_t> input_stream_blocking_skip(Store& store, bindings::Borrow<streams::InputStream> self, uint64_t len) override {
    auto in = input(store, self);
    if (!in) return in.error();
    for (;;) {
      auto r = (*in)->skip(len);
      if (!r || *r != 0 || len == 0) return to_wit(ctx(store), std::move(r));
      if (auto w = wait_for(store, (*in)->readiness()); !w) return w.error();
    }
  }
  Result<bindings::Own<wit_io::poll::Pollable>> input_stream_subscribe(Store& store,
                                                                      bindings::Borrow<streams::InputStream> self) override {
    auto in = input(store, self);
    if (!in) return in.error();
    InputStream* stream = *in;
    return new_pollable(ctx(store), [stream] { return stream->readiness(); }, self.rep);
  }

  R<uint64_t> output_stream_check_write(Store& store, bindings::Borrow<streams::OutputStream> self) override {
    auto out = output(store, self);
    if (!out) return out.error();
    return to_wit(ctx(store), (*out)->check_write());
  }
  R<Done> output_stream_write(Store& store, bindings::Borrow<streams::OutputStream> self, Bytes contents) override {
    auto out = output(store, self);
    if (!out) return out.error();
    auto permitted = (*out)->check_write();
    if (!permitted) return to_wit(ctx(store), StreamStatus(permitted.error()));
    if (auto over = past_permit(contents.size(), *permitted); !over) return over.error();
    return to_wit(ctx(store), (*out)->write(contents));
  }
  R<Done> output_stream_blocking_write_and_flush(Store& store, bindings::Borrow<streams::OutputStream> self,
                                                 Bytes contents) override {
    auto out = output(store, self);
    if (!out) return out.error();
    return to_wit_or_trap(ctx(store), write_all(store, **out, contents));
  }
  R<Done> output_stream_flush(Store& store, bindings::Borrow<streams::OutputStream> self) override {
    auto out = output(store, self);
    if (!out) return out.error();
    return to_wit(ctx(store), (*out)->flush());
  }
  R<Done> output_stream_blocking_flush(Store& store, bindings::Borrow<streams::OutputStream> self) override {
    auto out = output(store, self);
    if (!out) return out.error();
    return to_wit_or_trap(ctx(store), flush_and_wait(store, **out));
  }
  Result<bindings::Own<wit_io::poll::Pollable>> output_stream_subscribe(Store& store,
                                                                       bindings::Borrow<streams::OutputStream> self) override {
    auto out = output(store, self);
    if (!out) return out.error();
    OutputStream* stream = *out;
    return new_pollable(ctx(store), [stream] { return stream->readiness(); }, self.rep);
  }
  R<Done> output_stream_write_zeroes(Store& store, bindings::Borrow<streams::OutputStream> self, uint64_t len) override {
    auto out = output(store, self);
    if (!out) return out.error();
    // Checked before allocating, so a guest asking for 2^64 zeroes costs nothing.
    auto permitted = (*out)->check_write();
    if (!permitted) return to_wit(ctx(store), StreamStatus(permitted.error()));
    if (auto over = past_permit(len, *permitted); !over) return over.error();
    const Bytes zeroes(static_cast<size_t>(len), 0);
    return to_wit(ctx(store), (*out)->write(zeroes));
  }
  R<Done> output_stream_blocking_write_zeroes_and_flush(Store& store, bindings::Borrow<streams::OutputStream> self,
                                                        uint64_t len) override {
    auto out = output(store, self);
    if (!out) return out.error();
    const Bytes zeroes(static_cast<size_t>(std::min<uint64_t>(len, kOutputBudget)), 0);
    for (uint64_t left = len; left > 0;) {
      const uint64_t n = std::min<uint64_t>(left, zeroes.size());
      auto r = write_all(store, **out, std::span<const uint8_t>(zeroes.data(), static_cast<size_t>(n)), false);
      if (!r || !*r) return to_wit_or_trap(ctx(store), std::move(r));
      left -= n;
    }
    return to_wit_or_trap(ctx(store), flush_and_wait(store, **out));
  }
  R<uint64_t> output_stream_splice(Store& store, bindings::Borrow<streams::OutputStream> self,
                                   bindings::Borrow<streams::InputStream> src, uint64_t len) override {
    auto out = output(store, self);
    if (!out) return out.error();
    auto in = input(store, src);
    if (!in) return in.error();
    return to_wit(ctx(store), splice(**out, **in, len));
  }
  R<uint64_t> output_stream_blocking_splice(Store& store, bindings::Borrow<streams::OutputStream> self,
                                            bindings::Borrow<streams::InputStream> src, uint64_t len) override {
    auto out = output(store, self);
    if (!out) return out.error();
    auto in = input(store, src);
    if (!in) return in.error();
    if (len == 0) return to_wit(ctx(store), splice(**out, **in, 0));
    for (;;) {
      // Wait until the output takes bytes and the input has some (or ends).
      auto permitted = (*out)->check_write();
      if (!permitted) return to_wit(ctx(store), StreamResult<uint64_t>(permitted.error()));
      if (*permitted == 0) {
        if (auto w = wait_for(store, (*out)->readiness()); !w) return w.error();
        continue;
      }
      auto moved = splice(**out, **in, len);
      if (!moved || *moved != 0) return to_wit(ctx(store), std::move(moved));
      if (auto w = wait_for(store, (*in)->readiness()); !w) return w.error();
    }
  }

  Result<void> input_stream_drop(Store& store, uint32_t rep) override { return drop_object<InputStream>(ctx(store), rep); }
  Result<void> output_stream_drop(Store& store, uint32_t rep) override {
    return drop_object<OutputStream>(ctx(store), rep);
  }

 private:
  Result<InputStream*> input(Store& store, bindings::Borrow<streams::InputStream> h) {
    return ctx(store).table().get<InputStream>(h.rep);
  }
  Result<OutputStream*> output(Store& store, bindings::Borrow<streams::OutputStream> h) {
    return ctx(store).table().get<OutputStream>(h.rep);
  }

  // The WIT's blocking-write-and-flush: check-write, write what it permits, wait, repeat;
  // then (with `flush`) flush and wait until that completes. The outer Result is a trap
  // (the deadline passed while waiting); stream errors are values inside it.
  static Result<StreamStatus> write_all(Store& store, OutputStream& out, std::span<const uint8_t> bytes,
                                        bool flush = true) {
    while (!bytes.empty()) {
      auto permitted = out.check_write();
      if (!permitted) return StreamStatus(permitted.error());
      if (*permitted == 0) {
        if (auto w = wait_for(store, out.readiness()); !w) return w.error();
        continue;
      }
      const size_t n = static_cast<size_t>(std::min<uint64_t>(*permitted, bytes.size()));
      if (auto r = out.write(bytes.first(n)); !r) return r;
      bytes = bytes.subspan(n);
    }
    if (!flush) return StreamStatus(std::monostate{});
    return flush_and_wait(store, out);
  }

  static Result<StreamStatus> flush_and_wait(Store& store, OutputStream& out) {
    if (auto r = out.flush(); !r) return r;
    for (;;) {
      auto permitted = out.check_write();
      if (!permitted) return StreamStatus(permitted.error());
      if (*permitted > 0) return StreamStatus(std::monostate{});
      if (auto w = wait_for(store, out.readiness()); !w) return w.error();
    }
  }

  static StreamResult<uint64_t> splice(OutputStream& out, InputStream& in, uint64_t len) {
    auto permitted = out.check_write();
    if (!permitted) return permitted.error();
    const uint64_t n = std::min(*permitted, len);
    if (n == 0) return uint64_t{0};
    auto bytes = in.read(n);
    if (!bytes) return bytes.error();
    if (auto r = out.write(*bytes); !r) return r.error();
    return static_cast<uint64_t>(bytes->size());
  }

  template <class T>
  static R<T> to_wit_or_trap(WasiP2Ctx& ctx, Result<StreamResult<T>> r) {
    if (!r) return r.error();
    return to_wit(ctx, std::move(*r));
  }
};

}  // namespace

Result<wit_io::streams::StreamError> to_wit(WasiP2Ctx& ctx, const StreamError& error) {
  if (error.kind == StreamError::Kind::Closed) return wit_io::streams::StreamError::closed();
  auto rep = ctx.table().push(std::make_unique<IoError>(error.message, error.host_errno));
  if (!rep) return rep.error();
  return wit_io::streams::StreamError::last_operation_failed(bindings::Own<wit_io::error::Error>{*rep});
}

Result<bindings::Own<wit_io::poll::Pollable>> new_pollable(WasiP2Ctx& ctx, std::function<PollTarget()> target,
                                                           std::optional<uint32_t> parent) {
  auto object = std::make_unique<Pollable>(std::move(target));
  auto rep = parent ? ctx.table().push_child(std::move(object), *parent) : ctx.table().push(std::move(object));
  if (!rep) return rep.error();
  return bindings::Own<wit_io::poll::Pollable>{*rep};
}

Result<bindings::Own<wit_io::streams::InputStream>> new_input_stream(WasiP2Ctx& ctx, std::unique_ptr<InputStream> s,
                                                                     std::optional<uint32_t> parent) {
  auto rep = parent ? ctx.table().push_child(std::move(s), *parent) : ctx.table().push(std::move(s));
  if (!rep) return rep.error();
  return bindings::Own<wit_io::streams::InputStream>{*rep};
}

Result<bindings::Own<wit_io::streams::OutputStream>> new_output_stream(WasiP2Ctx& ctx, std::unique_ptr<OutputStream> s,
                                                                       std::optional<uint32_t> parent) {
  auto rep = parent ? ctx.table().push_child(std::move(s), *parent) : ctx.table().push(std::move(s));
  if (!rep) return rep.error();
  return bindings::Own<wit_io::streams::OutputStream>{*rep};
}

Result<void> add_io_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup) {
  auto error_host = std::make_shared<ErrorHost>(lookup);
  auto poll_host = std::make_shared<PollHost>(lookup);
  auto streams_host = std::make_shared<StreamsHost>(lookup);
  if (auto r = wit_io::error::add_to_linker(linker, types, [error_host](Store&) -> wit_io::error::Host& { return *error_host; }); !r)
    return r;
  if (auto r = wit_io::poll::add_to_linker(linker, types, [poll_host](Store&) -> wit_io::poll::Host& { return *poll_host; }); !r)
    return r;
  return wit_io::streams::add_to_linker(linker, types,
                                        [streams_host](Store&) -> wit_io::streams::Host& { return *streams_host; });
}

}  // namespace stratus::wasi::p2
