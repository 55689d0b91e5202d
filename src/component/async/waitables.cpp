#include "component/async/waitables.hpp"

#include <algorithm>

#include "component/abi/traps.hpp"

namespace stratus::component::async {

Waitable::~Waitable() { join(nullptr); }

Event Waitable::take_pending() {
  auto make = std::move(pending_);
  pending_ = nullptr;
  return make();
}

void Waitable::join(WaitableSet* set) {
  if (set_) std::erase(set_->members_, this);
  set_ = set;
  if (set_) set_->members_.push_back(this);
}

WaitableSet::~WaitableSet() {
  for (Waitable* w : std::vector<Waitable*>(members_)) w->join(nullptr);
}

bool WaitableSet::has_pending() const {
  return std::any_of(members_.begin(), members_.end(), [](const Waitable* w) { return w->has_pending(); });
}

Event WaitableSet::poll() {
  for (Waitable* w : members_)
    if (w->has_pending()) return w->take_pending();
  return Event{};
}

Result<void> WaitableSet::check_droppable() const {
  if (!members_.empty())
    return abi::abi_trap("waitable-set.drop of a set that still has " + std::to_string(members_.size()) +
                         " waitable(s) joined to it");
  return {};
}

void Subtask::resolve(State s) {
  state = s;
  set_pending([this] {
    resolve_delivered = true;
    return Event{EventCode::Subtask, index, static_cast<uint32_t>(state)};
  });
}

Result<std::vector<uint8_t>> Buffer::read_bytes(uint32_t) {
  return abi::host_value_error("this stream buffer holds no bytes");
}
Result<void> Buffer::write_bytes(std::span<const uint8_t>) {
  return abi::host_value_error("this stream buffer takes no bytes");
}

std::string ElementShape::describe() const {
  if (!known) return "an element type not known yet";
  if (!present) return "no element type";
  return std::string("`") + kind_name(kind) + "` elements";
}

bool ElementShape::admits(const Val& v) const {
  // Val's alternatives start with the primitives in ValKind's order (bool .. string); an
  // untyped stream's elements carry nothing, so any Val stands for one.
  if (!known || !present) return true;
  if (kind == ValKind::ErrorContext) return v.is<ErrorContext>();
  if (kind > ValKind::String) return true;
  return v.storage().index() == static_cast<size_t>(kind);
}

Result<void> SharedChannel::check_element(const ElementShape& used) const {
  if (element_.matches(used)) return {};
  return abi::abi_trap(std::string("a ") + (future_ ? "future" : "stream") + " of " + element_.describe() +
                       " used as one of " + used.describe());
}

Result<void> SharedChannel::transfer(Buffer& src, Buffer& dst, uint32_t n) {
  if (src.holds_bytes() && dst.holds_bytes()) {
    auto bytes = src.read_bytes(n);
    if (!bytes) return bytes.error();
    return dst.write_bytes(*bytes);
  }
  auto values = src.read(n);
  if (!values) return values.error();
  return dst.write(std::move(*values));
}

// A stream copy meets the other end's pending copy: min(remain) values move; a zero-length
// copy meeting a non-zero one completes without moving any (CanonicalABI.md's read/write).
Result<void> SharedChannel::read(Buffer& dst, OnCopyDone done, std::function<void()> on_partial) {
  if (dropped_) {
    if (future_) return abi::abi_trap("future.read after the writable end was dropped");
    done(CopyResult::Dropped);
    return {};
  }
  if (!pending_) {
    park(dst, true, std::move(done), std::move(on_partial));
    return {};
  }
  if (pending_is_reader_) return abi::abi_trap("a read met another read on the same stream");
  Buffer& src = *pending_;
  if (future_) {
    if (auto moved = transfer(src, dst, 1); !moved) return moved;
    reset_and_notify(CopyResult::Completed);
    done(CopyResult::Completed);
    return {};
  }
  if (src.remain() > 0) {
    if (dst.remain() > 0) {
      if (auto moved = transfer(src, dst, std::min(dst.remain(), src.remain())); !moved) return moved;
      release_partial();
    }
    done(CopyResult::Completed);
    return {};
  }
  reset_and_notify(CopyResult::Completed);
  park(dst, true, std::move(done), std::move(on_partial));
  return {};
}

Result<void> SharedChannel::write(Buffer& src, OnCopyDone done, std::function<void()> on_partial) {
  if (dropped_) {
    done(CopyResult::Dropped);
    return {};
  }
  if (!pending_) {
    park(src, false, std::move(done), std::move(on_partial));
    return {};
  }
  if (!pending_is_reader_) return abi::abi_trap("a write met another write on the same stream");
  Buffer& dst = *pending_;
  if (future_) {
    if (auto moved = transfer(src, dst, 1); !moved) return moved;
    reset_and_notify(CopyResult::Completed);
    done(CopyResult::Completed);
    return {};
  }
  if (dst.remain() > 0) {
    if (src.remain() > 0) {
      if (auto moved = transfer(src, dst, std::min(dst.remain(), src.remain())); !moved) return moved;
      release_partial();
    }
    done(CopyResult::Completed);
    return {};
  }
  if (src.zero_length() && dst.zero_length()) {
    done(CopyResult::Completed);
    return {};
  }
  reset_and_notify(CopyResult::Completed);
  park(src, false, std::move(done), std::move(on_partial));
  return {};
}

void SharedChannel::reset_and_notify(CopyResult r) {
  auto done = std::move(pending_done_);
  pending_ = nullptr;
  pending_done_ = nullptr;
  pending_partial_ = nullptr;
  if (done) done(r);
}

void SharedChannel::park(Buffer& buffer, bool is_reader, OnCopyDone done, std::function<void()> on_partial) {
  pending_ = &buffer;
  pending_is_reader_ = is_reader;
  pending_done_ = std::move(done);
  pending_partial_ = std::move(on_partial);
}

void SharedChannel::release_partial() {
  auto partial = std::move(pending_partial_);
  pending_ = nullptr;
  pending_done_ = nullptr;
  pending_partial_ = nullptr;
  if (partial) partial();
}

void SharedChannel::cancel() { reset_and_notify(CopyResult::Cancelled); }

void SharedChannel::forget(const Buffer& buffer) {
  if (pending_ != &buffer) return;
  pending_ = nullptr;
  pending_done_ = nullptr;
  pending_partial_ = nullptr;
}

void SharedChannel::drop() {
  if (dropped_) return;
  dropped_ = true;
  if (pending_) reset_and_notify(CopyResult::Dropped);
}

CopyEnd::~CopyEnd() {
  if (!shared) return;
  if (buffer) shared->forget(*buffer);
  shared->drop();
}

const char* CopyEnd::kind_name(bool future, bool readable) {
  if (future) return readable ? "readable future end" : "writable future end";
  return readable ? "readable stream end" : "writable stream end";
}

const char* CopyEnd::kind_name() const { return kind_name(shared->future(), readable); }

Result<std::shared_ptr<CopyEnd>> CopyEnd::at(abi::HandleTable& table, uint32_t index, bool future, bool readable) {
  const char* want = kind_name(future, readable);
  auto e = table.get_element<CopyEnd>(index, want);
  if (!e) return e.error();
  if ((*e)->shared->future() != future || (*e)->readable != readable)
    return abi::handle_trap("handle index " + std::to_string(index) + " is a " + (*e)->kind_name() + ", not a " + want);
  return e;
}

Result<void> CopyEnd::drop() {
  if (copying()) return abi::abi_trap(std::string("dropping a ") + kind_name() + " while a copy is in progress");
  if (shared->future() && !readable && state != CopyState::Done)
    return abi::abi_trap("dropping a writable future end before its value was written");
  shared->drop();
  join(nullptr);
  return {};
}

}  // namespace stratus::component::async
