#include "wasi/p3/http_body.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "wasi/http/fields.hpp"
#include "wasi/p3/stream_pump.hpp"
#include "wit/p3/wasi/http/types.hpp"

namespace stratus::wasi::p3 {
namespace {

using component::CopyResult;
namespace t = wit::p3::wasi::http::types;
namespace bindings = component::bindings;
using TrailersResult = bindings::WitResult<std::optional<bindings::Own<t::Trailers>>, t::ErrorCode>;

// Bytes read from the guest's contents at a time.
constexpr uint32_t kBodyChunk = 64 * 1024;

// Copies the guest's contents stream to the consumer's, a chunk at a time, each read
// waiting for the write before it; either side going away drops the other.
struct BodyPump : std::enable_shared_from_this<BodyPump> {
  BodyPump(component::StreamReader from, component::StreamWriter to) : from(std::move(from)), to(std::move(to)) {}
  component::StreamReader from;
  component::StreamWriter to;

  void read() {
    auto self = shared_from_this();
    auto r = from.read_bytes(kBodyChunk, [self](CopyResult result, std::vector<uint8_t> bytes) {
      if (bytes.empty()) {
        if (result == CopyResult::Completed) return self->read();
        return self->finish();
      }
      self->write(std::move(bytes), result != CopyResult::Completed);
    });
    if (!r) finish();
  }
  void write(std::vector<uint8_t> bytes, bool last) {
    auto self = shared_from_this();
    auto rest = std::make_shared<std::vector<uint8_t>>(std::move(bytes));
    auto r = to.write_bytes(*rest, [self, rest, last](CopyResult result, uint32_t written) {
      if (result != CopyResult::Completed) return self->finish();
      rest->erase(rest->begin(), rest->begin() + written);
      if (!rest->empty()) return self->write(std::move(*rest), last);
      if (last) return self->finish();
      self->read();
    });
    if (!r) finish();
  }
  // From the loop, not from inside the end's own callback.
  void finish() {
    component::EventLoop::current().post([self = shared_from_this()] {
      self->from.drop();
      self->to.drop();
    });
  }
};

// Passes one future's value (or its writer's going away) on to another.
void forward_future(component::FutureReader from, component::FutureWriter to) {
  auto ends =
      std::make_shared<std::pair<component::FutureReader, component::FutureWriter>>(std::move(from), std::move(to));
  auto r = ends->first.read([ends](CopyResult result, std::optional<Val> value) {
    // The writer is dropped from the loop, not from inside a callback of the ends.
    auto drop_later = [ends] { component::EventLoop::current().post([ends] { ends->second.drop(); }); };
    if (result != CopyResult::Completed || !value) return drop_later();
    if (!ends->second.write(std::move(*value), [drop_later](CopyResult) { drop_later(); })) drop_later();
  });
  if (!r) {
    ends->first.drop();
    ends->second.drop();
  }
}

}  // namespace

BodyTypes::BodyTypes(const component::bindings::ResourceTypes& types) {
  if (const component::ResourceType* fields = types.find(t::Fields::kWitName)) fields_ = component::WeakResourceType(*fields);
}

component::bindings::ResourceTypes BodyTypes::lock() const {
  component::bindings::ResourceTypes types;
  if (auto fields = fields_.lock()) types.insert(std::string(t::Fields::kWitName), *fields);
  return types;
}

Result<MadeBody> make_guest_body(Store& store, const std::optional<Val>& contents, const Val& trailers) {
  std::optional<component::StreamReader> reader;
  if (contents) {
    auto taken = component::StreamReader::take(store, *contents);
    if (!taken) return taken.error();
    reader = std::move(*taken);
  }
  auto trailers_reader = component::FutureReader::take(store, trailers);
  if (!trailers_reader) return trailers_reader.error();
  auto transmitted = component::FuturePair::make(store);
  if (!transmitted) return transmitted.error();
  return MadeBody{GuestBody{std::move(reader), std::move(*trailers_reader), std::move(transmitted->writer)},
                  std::move(transmitted->guest_end)};
}

Result<std::pair<Val, Val>> consume_guest_body(Store& store, GuestBody body, const Val& res) {
  auto consumer_result = component::FutureReader::take(store, res);
  if (!consumer_result) return consumer_result.error();
  auto stream = component::StreamPair::make(store);
  if (!stream) return stream.error();
  auto trailers = component::FuturePair::make(store);
  if (!trailers) return trailers.error();
  if (body.contents) {
    std::make_shared<BodyPump>(std::move(*body.contents), std::move(stream->writer))->read();
  } else {
    stream->writer.drop();
  }
  forward_future(std::move(body.trailers), std::move(trailers->writer));
  forward_future(std::move(*consumer_result), std::move(body.transmitted));
  return std::pair<Val, Val>(std::move(stream->guest_end), std::move(trailers->guest_end));
}

Result<std::pair<Val, Val>> consume_host_body(Store& store, p2::WasiP2Ctx& ctx,
                                              const component::bindings::ResourceTypes& types, HostBody body,
                                              const Val& res) {
  if (auto consumer_result = component::FutureReader::take(store, res)) consumer_result->drop();
  else return consumer_result.error();
  auto stream = component::StreamPair::make(store);
  if (!stream) return stream.error();
  auto trailers = component::FuturePair::make(store);
  if (!trailers) return trailers.error();
  auto trailers_writer = std::make_shared<component::FutureWriter>(std::move(trailers->writer));
  auto source = body.source;
  auto types_copy = std::make_shared<const component::bindings::ResourceTypes>(types);
  pump_to_guest(std::make_unique<http::IncomingBodyStream>(source), std::move(stream->writer),
                [&store, &ctx, source, trailers_writer, types_copy](std::optional<p2::StreamError> failure) {
                  TrailersResult outcome = TrailersResult::ok(std::nullopt);
                  if (failure) {
                    outcome = TrailersResult::err(t::ErrorCode::http_protocol_error());
                  } else if (auto fields = source->trailers(); fields && !fields->empty()) {
                    auto rep = ctx.table().push(std::make_unique<http::Fields>(std::move(*fields), true));
                    if (rep) outcome = TrailersResult::ok(bindings::Own<t::Trailers>{*rep});
                  }
                  bindings::Context cx(store, *types_copy);
                  auto value = bindings::to_val(cx, outcome);
                  if (!value) return trailers_writer->drop();
                  if (!trailers_writer->write(std::move(*value), [trailers_writer](CopyResult) {}))
                    trailers_writer->drop();
                });
  return std::pair<Val, Val>(std::move(stream->guest_end), std::move(trailers->guest_end));
}

namespace {

using TransmitResult = bindings::WitResult<std::monostate, t::ErrorCode>;

struct BodySend : std::enable_shared_from_this<BodySend> {
  BodySend(Store& store, p2::WasiP2Ctx& ctx, const bindings::ResourceTypes& types, GuestBody body,
           std::shared_ptr<http::ResponseSink> sink, std::function<void(bool)> done)
      : store(store), ctx(ctx), types(types), body(std::move(body)), sink(std::move(sink)), done(std::move(done)) {}
  Store& store;
  p2::WasiP2Ctx& ctx;
  bindings::ResourceTypes types;
  GuestBody body;
  std::shared_ptr<http::ResponseSink> sink;
  std::function<void(bool)> done;

  void start() {
    auto self = shared_from_this();
    if (!body.contents) return read_trailers();
    auto contents = std::move(*body.contents);
    body.contents.reset();
    pump_from_guest(std::move(contents), std::make_unique<http::ResponseSinkStream>(sink),
                    [self](std::optional<p2::StreamError> failure) {
                      component::EventLoop::current().post([self, failed = failure.has_value()] {
                        if (failed) return self->end(false);
                        self->read_trailers();
                      });
                    });
  }

  void read_trailers() {
    auto self = shared_from_this();
    auto r = body.trailers.read([self](CopyResult result, std::optional<Val> value) {
      component::EventLoop::current().post([self, result, value = std::move(value)] {
        std::optional<http::FieldList> trailers;
        if (result == CopyResult::Completed && value) {
          bindings::Context cx(self->store, self->types);
          auto given = bindings::from_val<TrailersResult>(cx, *value);
          if (!given || !given->is_ok()) {
            self->sink->abandon();
            return self->end(false);
          }
          if (const auto& own = given->value(); own.has_value()) {
            auto object = self->ctx.table().remove(own->rep);
            if (!object) return self->end(false);
            trailers = static_cast<http::Fields&>(**object).entries();
          }
        }
        self->end(static_cast<bool>(self->sink->finish(trailers)));
      });
    });
    if (!r) end(false);
  }

  void end(bool whole) {
    answer_transmitted(store, types, std::move(body.transmitted),
                       whole ? std::nullopt : std::optional(t::ErrorCode::http_protocol_error()));
    auto d = std::move(done);
    if (d) d(whole);
  }
};

// Moves a host body's bytes into a sink, holding at most one read's worth.
struct HostBodySend : std::enable_shared_from_this<HostBodySend> {
  HostBodySend(std::shared_ptr<http::IncomingBody> source, std::shared_ptr<http::ResponseSink> sink,
               std::function<void(bool)> done)
      : source(std::move(source)), sink(std::move(sink)), done(std::move(done)) {}
  std::shared_ptr<http::IncomingBody> source;
  std::shared_ptr<http::ResponseSink> sink;
  std::function<void(bool)> done;
  std::vector<uint8_t> held;

  void step() {
    auto self = shared_from_this();
    if (held.empty()) {
      auto bytes = source->read(p2::kMaxReadBytes);
      if (!bytes) {
        if (bytes.error().kind != p2::StreamError::Kind::Closed) return end(false);
        return end(static_cast<bool>(sink->finish(source->trailers())));
      }
      if (bytes->empty()) return when_ready(source->readiness(), [self] { self->step(); });
      held = std::move(*bytes);
    }
    auto permit = sink->check_write();
    if (!permit) return end(false);
    if (*permit == 0) return when_ready(sink->readiness(), [self] { self->step(); });
    const size_t n = static_cast<size_t>(std::min<uint64_t>(*permit, held.size()));
    if (!sink->write(std::span<const uint8_t>(held.data(), n))) return end(false);
    held.erase(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(n));
    component::EventLoop::current().post([self] { self->step(); });
  }
  void end(bool whole) {
    auto d = std::move(done);
    if (d) d(whole);
  }
};

}  // namespace

void answer_transmitted(Store& store, const component::bindings::ResourceTypes& types,
                        component::FutureWriter transmitted, std::optional<t::ErrorCode> error) {
  bindings::Context cx(store, types);
  auto value = bindings::to_val(cx, error ? TransmitResult::err(std::move(*error)) : TransmitResult::ok());
  auto writer = std::make_shared<component::FutureWriter>(std::move(transmitted));
  if (!value || !writer->write(std::move(*value), [writer](CopyResult) {})) writer->drop();
}

void send_guest_body(Store& store, p2::WasiP2Ctx& ctx, const component::bindings::ResourceTypes& types, GuestBody body,
                     std::shared_ptr<http::ResponseSink> sink, std::function<void(bool whole)> done) {
  std::make_shared<BodySend>(store, ctx, types, std::move(body), std::move(sink), std::move(done))->start();
}

void send_host_body(HostBody body, std::shared_ptr<http::ResponseSink> sink, std::function<void(bool whole)> done) {
  std::make_shared<HostBodySend>(std::move(body.source), std::move(sink), std::move(done))->step();
}

}  // namespace stratus::wasi::p3
