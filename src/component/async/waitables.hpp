// CanonicalABI.md's Waitable, WaitableSet, Subtask and the stream and future ends with the
// shared state between them: what the async built-ins keep in an instance's handle table.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "component/abi/handles.hpp"
#include "component/types/types.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"

namespace stratus::component::async {

enum class EventCode : uint32_t {
  None = 0,
  Subtask = 1,
  StreamRead = 2,
  StreamWrite = 3,
  FutureRead = 4,
  FutureWrite = 5,
  TaskCancelled = 6,
};

struct Event {
  EventCode code = EventCode::None;
  uint32_t index = 0;
  uint32_t payload = 0;
};

// A copy or subtask result a built-in returns when its event is not there yet.
inline constexpr uint32_t kBlocked = 0xffff'ffff;

class WaitableSet;

class Waitable : public abi::TableElement {
 public:
  ~Waitable() override;
  // The event is made when delivered: delivering it is what moves the waitable's state on.
  void set_pending(std::function<Event()> make) { pending_ = std::move(make); }
  bool has_pending() const { return static_cast<bool>(pending_); }
  Event take_pending();
  void join(WaitableSet* set);
  bool in_set() const { return set_ != nullptr; }

 private:
  std::function<Event()> pending_;
  WaitableSet* set_ = nullptr;
};

class WaitableSet : public abi::TableElement {
 public:
  const char* kind_name() const override { return "waitable set"; }
  ~WaitableSet() override;
  bool has_pending() const;
  // The first member (in join order) with a pending event; None when none has one.
  Event poll();
  // waitable-set.drop: a trap while waitables are still joined to it.
  Result<void> check_droppable() const;
  size_t size() const { return members_.size(); }

 private:
  friend class Waitable;
  std::vector<Waitable*> members_;
};

// A lowered `async` call in progress.
class Subtask : public Waitable {
 public:
  enum class State : uint32_t { Starting = 0, Started = 1, Returned = 2, CancelledBeforeStarted = 3, CancelledBeforeReturned = 4 };
  const char* kind_name() const override { return "subtask"; }

  State state = State::Starting;
  bool cancellation_requested = false;
  bool resolve_delivered = false;
  uint32_t index = 0;  // in the caller's table
  // Asks the callee to cancel (the host's AsyncCall on_cancel).
  std::function<void()> on_cancel;

  bool resolved() const { return state != State::Starting && state != State::Started; }
  // The callee ended (returned or cancelled): the SUBTASK event becomes pending.
  void resolve(State s);
};

// Where a copy's values come from or go: guest memory, or the host's values.
class Buffer {
 public:
  static constexpr uint32_t kMaxLength = (1u << 28) - 1;
  virtual ~Buffer() = default;
  virtual uint32_t remain() const = 0;
  virtual bool zero_length() const = 0;
  virtual uint32_t progress() const = 0;
  virtual Result<std::vector<Val>> read(uint32_t n) = 0;     // a readable buffer (the writer's)
  virtual Result<void> write(std::vector<Val> values) = 0;  // a writable buffer (the reader's)
  // A stream<u8>'s bytes without a Val each: when both sides of a copy hold bytes (the host's
  // byte buffers, guest memory of u8s), the channel moves them so.
  virtual bool holds_bytes() const { return false; }
  virtual Result<std::vector<uint8_t>> read_bytes(uint32_t n);
  virtual Result<void> write_bytes(std::span<const uint8_t> bytes);
};

// What the cheap element-type check knows of a channel's T: whether there is one
// (`stream` without a type has none) and its kind. Compound types of one kind are not told
// apart (their indices name different type tables on each side of a call); primitives are
// exact. `known` is false for a channel the host made until a guest's type names it.
struct ElementShape {
  bool known = false;
  bool present = false;
  ValKind kind = ValKind::Bool;

  static ElementShape of(std::optional<ValType> t) { return {true, t.has_value(), t ? t->kind : ValKind::Bool}; }
  bool matches(const ElementShape& o) const {
    return !known || !o.known || (present == o.present && (!present || kind == o.kind));
  }
  // "u8", "no type", "a list"; for messages.
  std::string describe() const;
  // Whether a host Val can be this type, as far as its kind tells.
  bool admits(const Val& v) const;
};

enum class CopyResult : uint32_t { Completed = 0, Dropped = 1, Cancelled = 2 };

using OnCopyDone = std::function<void(CopyResult)>;

// The rendezvous of a stream (or future: `future` set, one value) between its two ends:
// one pending copy waits for the other end's next copy (CanonicalABI.md's SharedStreamImpl
// and SharedFutureImpl).
class SharedChannel {
 public:
  explicit SharedChannel(bool future, ElementShape element = {}) : future_(future), element_(element) {}
  // The end reading (dst) or writing (src): completes now against a pending copy of the
  // other end, or becomes the pending one. `on_partial` (streams) runs when a pending copy
  // moved some values but stays open to more.
  Result<void> read(Buffer& dst, OnCopyDone done, std::function<void()> on_partial);
  Result<void> write(Buffer& src, OnCopyDone done, std::function<void()> on_partial);
  void cancel();
  void drop();
  // `buffer`'s copy is pending and its end is going away: the copy is forgotten unheard.
  void forget(const Buffer& buffer);
  bool dropped() const { return dropped_; }
  bool future() const { return future_; }
  const ElementShape& element() const { return element_; }
  // A host-made channel learns its element type when a guest's type first names it.
  void learn_element(const ElementShape& e) {
    if (!element_.known) element_ = e;
  }
  // A trap unless `used` (a built-in's or a function type's T) is this channel's T.
  Result<void> check_element(const ElementShape& used) const;

 private:
  // Moves `n` values from src to dst, as bytes when both hold bytes.
  static Result<void> transfer(Buffer& src, Buffer& dst, uint32_t n);
  void reset_and_notify(CopyResult r);
  // This end's copy waits for the other end's.
  void park(Buffer& buffer, bool is_reader, OnCopyDone done, std::function<void()> on_partial);
  // The pending copy took part of what it asked for and stays open: its waiter hears of the
  // progress (the spec's on_copy) and may reclaim its buffer.
  void release_partial();
  bool future_;
  ElementShape element_;
  bool dropped_ = false;
  Buffer* pending_ = nullptr;
  bool pending_is_reader_ = false;
  OnCopyDone pending_done_;
  std::function<void()> pending_partial_;
};

enum class CopyState : uint8_t { Idle, Copying, CancellingCopy, Done };

// One end of a stream or future as a guest (or the host) holds it.
class CopyEnd : public Waitable {
 public:
  CopyEnd(std::shared_ptr<SharedChannel> shared, bool readable) : shared(std::move(shared)), readable(readable) {}
  // An end that goes with its table (its Store ends) drops its side: the other end, maybe
  // the host's, sees DROPPED rather than a copy into memory that is gone.
  ~CopyEnd() override;
  // The channel, for an end that lives on elsewhere (the host took it): this object no
  // longer drops it.
  std::shared_ptr<SharedChannel> release() { return std::move(shared); }
  const char* kind_name() const override;
  bool copying() const { return state == CopyState::Copying || state == CopyState::CancellingCopy; }
  // stream.drop-*/future.drop-*: a trap while copying (and, for a future's writable end,
  // before its value was written or the reader was found gone).
  Result<void> drop();
  // The end at `index` in `table`, of the kind asked for: a trap naming what is there otherwise.
  static Result<std::shared_ptr<CopyEnd>> at(abi::HandleTable& table, uint32_t index, bool future, bool readable);
  static const char* kind_name(bool future, bool readable);

  std::shared_ptr<SharedChannel> shared;
  bool readable;
  CopyState state = CopyState::Idle;
  uint32_t index = 0;
  std::unique_ptr<Buffer> buffer;  // the copy in progress
};

}  // namespace stratus::component::async
