#include "wasi/p3/http_body.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace stratus::wasi::p3 {
namespace {

using component::CopyResult;

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

}  // namespace stratus::wasi::p3
