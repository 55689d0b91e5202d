#include "component/async/host_ends.hpp"

#include <string>

#include "component/abi/traps.hpp"
#include "stratus/component/async.hpp"

namespace stratus::component::async {

namespace {

Result<uint8_t> as_byte(const Val& v) {
  if (!v.is<uint8_t>())
    return abi::host_value_error(
        "a byte copy met a value that is not a `u8`: read_bytes and write_bytes are for stream<u8>");
  return v.as<uint8_t>();
}

}  // namespace

Result<std::vector<Val>> HostSource::read(uint32_t n) {
  std::vector<Val> out;
  out.reserve(n);
  if (as_bytes_) {
    for (uint32_t i = 0; i < n; ++i) out.emplace_back(bytes_[progress_ + i]);
  } else {
    for (uint32_t i = 0; i < n; ++i) out.push_back(std::move(values_[progress_ + i]));
  }
  progress_ += n;
  return out;
}

Result<void> HostSource::write(std::vector<Val>) {
  return abi::host_value_error("a write's buffer cannot take values");
}

Result<std::vector<uint8_t>> HostSource::read_bytes(uint32_t n) {
  std::vector<uint8_t> out(bytes_.begin() + progress_, bytes_.begin() + progress_ + n);
  progress_ += n;
  return out;
}

Result<std::vector<Val>> HostSink::read(uint32_t) {
  return abi::host_value_error("a read's buffer has no values to give");
}

Result<void> HostSink::write(std::vector<Val> vs) {
  for (Val& v : vs) {
    if (as_bytes_) {
      auto b = as_byte(v);
      if (!b) return b.error();
      bytes.push_back(*b);
    } else {
      values.push_back(std::move(v));
    }
    ++progress_;
  }
  return {};
}

Result<void> HostSink::write_bytes(std::span<const uint8_t> bs) {
  bytes.insert(bytes.end(), bs.begin(), bs.end());
  progress_ += static_cast<uint32_t>(bs.size());
  return {};
}

HostCopyEnd::~HostCopyEnd() { drop(); }

Result<void> HostCopyEnd::copy(std::unique_ptr<Buffer> buffer, Finish finish) {
  const char* what = CopyEnd::kind_name(shared_->future(), readable_);
  if (dropped_) return abi::host_value_error(std::string("this ") + what + " was dropped");
  if (copying_)
    return abi::host_value_error(std::string("a copy is already in progress on this ") + what +
                                 ": wait for its callback (or cancel it) first");
  if (done_)
    return abi::host_value_error(std::string("this ") + what + " is done: " +
                                 (shared_->future() ? "its value was already copied, or its other end was dropped"
                                                    : "its other end was dropped"));
  buffer_ = std::move(buffer);
  finish_ = std::move(finish);
  copying_ = true;
  in_host_call_ = true;
  auto on_done = [this](CopyResult r) { completed(r); };
  auto on_partial = [this] { completed(CopyResult::Completed); };
  Result<void> moved =
      readable_ ? shared_->read(*buffer_, on_done, on_partial) : shared_->write(*buffer_, on_done, on_partial);
  in_host_call_ = false;
  if (!moved) {
    // The values did not fit the guest's (or the channel traps the copy): nothing moved for
    // this end, which stays ready for another copy.
    copying_ = false;
    result_.reset();
    buffer_.reset();
    finish_ = nullptr;
    return moved;
  }
  if (result_) deliver();
  return {};
}

Result<void> HostCopyEnd::cancel() {
  if (!copying_)
    return abi::host_value_error(std::string("cancel with no copy in progress on this ") +
                                 CopyEnd::kind_name(shared_->future(), readable_));
  if (result_) return {};
  in_host_call_ = true;
  shared_->cancel();
  in_host_call_ = false;
  if (result_) deliver();
  return {};
}

void HostCopyEnd::drop() {
  if (dropped_) return;
  if (copying_ && !result_) (void)cancel();
  dropped_ = true;
  shared_->drop();
}

void HostCopyEnd::completed(CopyResult r) {
  result_ = r;
  if (in_host_call_) return;  // delivered when the host's call returns to copy()/cancel()
  auto posted = std::make_shared<PostedDelivery>();
  posted->end = shared_from_this();
  EventLoop::current().post([posted] {
    std::shared_ptr<HostCopyEnd> end = std::move(posted->end);
    end->deliver();
  });
}

HostCopyEnd::PostedDelivery::~PostedDelivery() {
  if (!end) return;
  end->finish_ = nullptr;
  end->buffer_.reset();
}

void HostCopyEnd::deliver() {
  if (!result_) return;
  const CopyResult r = *result_;
  result_.reset();
  copying_ = false;
  if (r == CopyResult::Dropped || (shared_->future() && r == CopyResult::Completed)) done_ = true;
  std::unique_ptr<Buffer> buffer = std::move(buffer_);
  Finish finish = std::move(finish_);
  finish_ = nullptr;
  if (finish) finish(r, *buffer);
}

}  // namespace stratus::component::async
