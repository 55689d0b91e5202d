// The public stream and future ends (stratus/component/async.hpp) over async::HostCopyEnd:
// taking an end out of the Store's table of host-held handles, making a pair, and the typed
// callbacks over the host buffers.
#include <memory>
#include <string>
#include <utility>

#include "component/abi/traps.hpp"
#include "component/async/host_ends.hpp"
#include "component/async/waitables.hpp"
#include "component/instantiate/host_resources.hpp"
#include "stratus/component/async.hpp"

namespace stratus::component {

namespace {

using async::HostCopyEnd;
using async::HostSink;
using async::HostSource;

CopyResult public_result(async::CopyResult r) { return static_cast<CopyResult>(r); }

// The readable end a Val names, moved out of the host's table.
Result<std::shared_ptr<HostCopyEnd>> take_end(Store& store, const Val& v, bool future) {
  const char* what = future ? "FutureReader::take" : "StreamReader::take";
  uint32_t index = 0;
  if (future && v.is<FutureHandle>()) {
    index = v.as<FutureHandle>().index;
  } else if (!future && v.is<StreamHandle>()) {
    index = v.as<StreamHandle>().index;
  } else {
    return Error(ErrorKind::Argument, std::string(what) + ": the value is not a " + (future ? "future" : "stream"));
  }
  abi::HandleTable& host = detail::store_resources(store).host_handles;
  auto end = async::CopyEnd::at(host, index, future, true);
  if (!end)
    return Error(ErrorKind::Argument,
                 std::string(what) +
                     ": the host holds no such end (already taken, or passed to a guest): " + end.error().message());
  (void)host.remove_element<async::CopyEnd>(index, (*end)->kind_name());
  return std::make_shared<HostCopyEnd>((*end)->release(), true);
}

// A new channel whose readable end the host table holds (the Val to give) and whose writer
// the host keeps.
Result<std::pair<std::shared_ptr<HostCopyEnd>, Val>> make_channel(Store& store, bool future) {
  auto shared = std::make_shared<async::SharedChannel>(future);
  auto readable = std::make_shared<async::CopyEnd>(shared, true);
  auto index = detail::store_resources(store).host_handles.add(readable);
  if (!index) return index.error();
  readable->index = *index;
  Val end = future ? Val(FutureHandle{*index}) : Val(StreamHandle{*index});
  return std::pair{std::make_shared<HostCopyEnd>(std::move(shared), false), std::move(end)};
}

Result<void> check_values(const HostCopyEnd& end, const std::vector<Val>& values) {
  const async::ElementShape& elem = end.shared().element();
  for (size_t i = 0; i < values.size(); ++i) {
    if (!elem.admits(values[i]))
      return abi::host_value_error("value " + std::to_string(i) + " does not fit the " +
                                   (end.shared().future() ? "future's " : "stream's ") + elem.describe());
  }
  return {};
}

Result<void> check_bytes(const HostCopyEnd& end, const char* what) {
  const async::ElementShape& elem = end.shared().element();
  if (elem.known && (!elem.present || elem.kind != ValKind::U8))
    return abi::host_value_error(std::string(what) + " on a stream of " + elem.describe() + ": it is for stream<u8>");
  return {};
}

Result<void> read_into(HostCopyEnd& end, uint32_t max, bool as_bytes, std::function<void(CopyResult, HostSink&)> done) {
  return end.copy(std::make_unique<HostSink>(max, as_bytes),
                  [done = std::move(done)](async::CopyResult r, async::Buffer& b) {
                    done(public_result(r), static_cast<HostSink&>(b));
                  });
}

Result<void> write_from(HostCopyEnd& end, std::unique_ptr<HostSource> source,
                        std::function<void(CopyResult, uint32_t)> done) {
  return end.copy(std::move(source), [done = std::move(done)](async::CopyResult r, async::Buffer& b) {
    done(public_result(r), b.progress());
  });
}

}  // namespace

Result<StreamReader> StreamReader::take(Store& store, const Val& stream) {
  auto end = take_end(store, stream, false);
  if (!end) return end.error();
  return StreamReader(std::move(*end));
}

Result<void> StreamReader::read(uint32_t max, std::function<void(CopyResult, std::vector<Val>)> done) {
  return read_into(*end_, max, false,
                   [done = std::move(done)](CopyResult r, HostSink& sink) { done(r, std::move(sink.values)); });
}

Result<void> StreamReader::read_bytes(uint32_t max, std::function<void(CopyResult, std::vector<uint8_t>)> done) {
  if (auto ok = check_bytes(*end_, "read_bytes"); !ok) return ok;
  return read_into(*end_, max, true,
                   [done = std::move(done)](CopyResult r, HostSink& sink) { done(r, std::move(sink.bytes)); });
}

Result<void> StreamReader::cancel() { return end_->cancel(); }
void StreamReader::drop() { end_->drop(); }

Result<void> StreamWriter::write(std::vector<Val> values, std::function<void(CopyResult, uint32_t)> done) {
  if (auto ok = check_values(*end_, values); !ok) return ok;
  return write_from(*end_, std::make_unique<HostSource>(std::move(values)), std::move(done));
}

Result<void> StreamWriter::write_bytes(std::vector<uint8_t> bytes, std::function<void(CopyResult, uint32_t)> done) {
  if (auto ok = check_bytes(*end_, "write_bytes"); !ok) return ok;
  return write_from(*end_, std::make_unique<HostSource>(std::move(bytes)), std::move(done));
}

Result<void> StreamWriter::cancel() { return end_->cancel(); }
void StreamWriter::drop() { end_->drop(); }

Result<StreamPair> StreamPair::make(Store& store) {
  auto made = make_channel(store, false);
  if (!made) return made.error();
  return StreamPair{StreamWriter(std::move(made->first)), std::move(made->second)};
}

Result<FutureReader> FutureReader::take(Store& store, const Val& future) {
  auto end = take_end(store, future, true);
  if (!end) return end.error();
  return FutureReader(std::move(*end));
}

Result<void> FutureReader::read(std::function<void(CopyResult, std::optional<Val>)> done) {
  return read_into(*end_, 1, false, [done = std::move(done)](CopyResult r, HostSink& sink) {
    std::optional<Val> value;
    if (!sink.values.empty()) value = std::move(sink.values.front());
    done(r, std::move(value));
  });
}

Result<void> FutureReader::cancel() { return end_->cancel(); }
void FutureReader::drop() { end_->drop(); }

Result<void> FutureWriter::write(Val value, std::function<void(CopyResult)> done) {
  std::vector<Val> values;
  values.push_back(std::move(value));
  if (auto ok = check_values(*end_, values); !ok) return ok;
  return write_from(*end_, std::make_unique<HostSource>(std::move(values)),
                    [done = std::move(done)](CopyResult r, uint32_t) { done(r); });
}

Result<void> FutureWriter::cancel() { return end_->cancel(); }
void FutureWriter::drop() { end_->drop(); }

Result<FuturePair> FuturePair::make(Store& store) {
  auto made = make_channel(store, true);
  if (!made) return made.error();
  return FuturePair{FutureWriter(std::move(made->first)), std::move(made->second)};
}

}  // namespace stratus::component
