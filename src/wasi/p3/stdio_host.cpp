// wasi:cli@0.3.0 stdin, stdout and stderr: the context's stdio descriptors, read and written
// through WASI 0.2's fd streams (p2::input_over / output_over) a chunk at a time as the guest
// reads or writes (stream_pump.hpp), so a guest never makes the host hold more than one chunk
// per stream. A stream's outcome future says how it ended.
#include <cerrno>
#include <memory>
#include <optional>
#include <tuple>

#include "wasi/p2/host_shared.hpp"
#include "wasi/p3/future_result.hpp"
#include "wasi/p3/host_support.hpp"
#include "wasi/p3/stream_pump.hpp"
#include "wit/p3/wasi/cli/stderr.hpp"
#include "wit/p3/wasi/cli/stdin.hpp"
#include "wit/p3/wasi/cli/stdout.hpp"
#include "wit/p3/wasi/cli/types.hpp"

namespace stratus::wasi::p3 {
namespace {

namespace cli = wit::p3::wasi::cli;
using Outcome = bindings::WitResult<std::monostate, cli::types::ErrorCode>;
using OutcomeFuture = bindings::Future<Outcome>;

// The pump's end as wasi:cli's error-code says it: a reader gone is `pipe`, anything else `io`.
PumpDone complete_outcome(Store& store, component::FutureWriter writer) {
  auto held = std::make_shared<component::FutureWriter>(std::move(writer));
  return [cx = plain_values(store), held](std::optional<p2::StreamError> error) {
    Outcome outcome = Outcome::ok();
    if (error)
      outcome = Outcome::err(error->host_errno == EPIPE ? cli::types::ErrorCode::pipe : cli::types::ErrorCode::io);
    complete_future(cx, std::move(*held), outcome);
  };
}

Result<OutcomeFuture> write_via_stream(Store& store, const bindings::Stream<uint8_t>& data, int fd) {
  auto reader = component::StreamReader::take(store, data.end);
  if (!reader) return reader.error();
  auto future = component::FuturePair::make(store);
  if (!future) return future.error();
  pump_from_guest(std::move(*reader), p2::output_over(fd), complete_outcome(store, std::move(future->writer)));
  return OutcomeFuture{future->guest_end};
}

class StdinHost final : public cli::stdin::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::tuple<bindings::Stream<uint8_t>, OutcomeFuture>> read_via_stream(Store& store) override {
    auto stream = component::StreamPair::make(store);
    if (!stream) return stream.error();
    auto future = component::FuturePair::make(store);
    if (!future) return future.error();
    std::tuple<bindings::Stream<uint8_t>, OutcomeFuture> out{bindings::Stream<uint8_t>{stream->guest_end},
                                                             OutcomeFuture{future->guest_end}};
    pump_to_guest(p2::input_over(ctx(store).stdin_fd()), std::move(stream->writer),
                  complete_outcome(store, std::move(future->writer)));
    return out;
  }
};

class StdoutHost final : public cli::stdout::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<OutcomeFuture> write_via_stream(Store& store, bindings::Stream<uint8_t> data) override {
    return p3::write_via_stream(store, data, ctx(store).stdout_fd());
  }
};

class StderrHost final : public cli::stderr::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<OutcomeFuture> write_via_stream(Store& store, bindings::Stream<uint8_t> data) override {
    return p3::write_via_stream(store, data, ctx(store).stderr_fd());
  }
};

}  // namespace

Result<void> add_stdio_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                 const p2::CtxLookup& lookup) {
  if (auto r =
          cli::stdin::add_to_linker(linker, types, shared_host<cli::stdin::Host>(std::make_shared<StdinHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::stdout::add_to_linker(linker, types,
                                          shared_host<cli::stdout::Host>(std::make_shared<StdoutHost>(lookup)));
      !r)
    return r;
  return cli::stderr::add_to_linker(linker, types,
                                    shared_host<cli::stderr::Host>(std::make_shared<StderrHost>(lookup)));
}

}  // namespace stratus::wasi::p3
