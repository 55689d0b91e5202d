// The host's side of the component model's async ABI (CanonicalABI.md's tasks, subtasks,
// streams and futures), what WASI 0.3's host bindings are written on:
//
// - an async host function (LinkerInstance::func_new_async) is called with an AsyncCall and
//   may end it later, from work the thread's EventLoop runs, while the guest goes on (a guest
//   that lowered the import `async` gets a subtask; one that lowered it sync waits: a
//   stackful task parks, any other blocks the thread);
// - the host's ends of `stream<T>` and `future<T>`: a guest passes the host one end as a Val
//   (StreamHandle / FutureHandle, see val.hpp) and the host takes it (StreamReader::take, ...);
//   or the host makes a stream or future and returns one end to the guest as a Val;
// - one EventLoop per thread runs the host's ready work and waits on its file descriptors
//   while guest tasks wait; calling an async-lifted export with Func::call drives it until its
//   task exits (telling the host the result at task.return), and Func::start
//   (stratus/component/func.hpp) starts a stackful one without waiting, so many tasks of one
//   Store can be parked at once.
//
// Implemented so far: AsyncCall, func_new_async (for imports the guest lowers synchronously or
// `async`), the host's stream and future ends, EventLoop, and stackful tasks
// (src/component/async/README.md, "Status").
//
// Every callback below runs on the Store's thread, from EventLoop::run_once or from inside a
// call into the guest; none may outlive its Store.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "stratus/component/val.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component {

namespace detail {
struct AsyncCallState;
}  // namespace detail
namespace async {
class HostCopyEnd;
}  // namespace async

// How a copy ended (CanonicalABI.md's CopyResult): Completed (possibly with fewer values
// than asked: a partial copy; or none, when the other side copied zero values), Dropped (the
// other end is gone; values copied before it count), Cancelled (cancel() was called first).
enum class CopyResult : uint8_t { Completed = 0, Dropped = 1, Cancelled = 2 };

// One call of an async host function. End it exactly once, with resolve() or fail(), now or
// later; copies share the one call. Ending it twice is an Argument error.
class AsyncCall {
 public:
  // The result (empty when the function has none); the guest's subtask becomes RETURNED.
  Result<void> resolve(std::vector<Val> results);
  // The guest traps with `error` (its message says what the host could not do).
  Result<void> fail(Error error);
  // The guest asked to cancel the call (subtask.cancel): stop, then call cancelled(), or
  // resolve() if the result is already there. `on_cancel` runs when the request comes.
  bool cancel_requested() const;
  void on_cancel(std::function<void()> fn);
  Result<void> cancelled();
  bool done() const;

  explicit AsyncCall(std::shared_ptr<detail::AsyncCallState> state) : state_(std::move(state)) {}

 private:
  std::shared_ptr<detail::AsyncCallState> state_;
};

// An async host function: `params` as HostFunc gets them. Returning an Error fails the call
// at once (as HostFunc's errors do); otherwise `call` ends it.
using AsyncHostFunc = std::function<Result<void>(Store& store, std::span<const Val> params, AsyncCall call)>;

// The host's ends of streams and futures. A `stream<T>` or `future<T>` value is always its
// readable end (CanonicalABI.md moves only that end across a call): a guest that passes or
// returns one gives the host its readable end, which StreamReader::take / FutureReader::take
// makes the host's; the host that gives a guest one makes a StreamPair / FuturePair, keeps
// the writer and passes `guest_end`. (The host may take `guest_end` itself, too.)
//
// A copy's `done` runs once. It runs before the call that started the copy returns when that
// call completes it (the guest's copy was already waiting, or the other end is gone), and
// before cancel() returns when cancel() ends it; otherwise, when a guest's copy or drop ends
// it, it runs from the thread's EventLoop (never inside the guest's built-in). The guest's
// side of each copy becomes a STREAM_READ / STREAM_WRITE / FUTURE_READ / FUTURE_WRITE event
// for its waitable sets, as between two guest ends. Misuse (a second copy while one is in
// progress, a copy on a dropped or done end, values that do not fit the guest's element
// type) is an Argument error. Dropping the last copy of a reader or writer object drops the
// end; drop() does so at once. Dropping an end with a copy in progress cancels the copy first.
// A host end may outlive its Store: the guest's ends go with the Store, so it sees DROPPED.

// The host's readable end of a stream<T>: it reads what the guest writes.
class StreamReader {
 public:
  // The end a `stream<T>` Val names (a StreamHandle the host holds); it leaves the Store's
  // table of host-held ends, so the Val is spent.
  static Result<StreamReader> take(Store& store, const Val& stream);
  // Reads up to `max` values, once: `done` gets the values copied (fewer than `max`: a
  // partial copy; none with Dropped when the writer is gone). `max` 0 waits for the writer
  // without taking values.
  Result<void> read(uint32_t max, std::function<void(CopyResult, std::vector<Val>)> done);
  // The same for a stream<u8>, without a Val per byte.
  Result<void> read_bytes(uint32_t max, std::function<void(CopyResult, std::vector<uint8_t>)> done);
  // Ends a pending read: its `done` runs with Cancelled and what was copied.
  Result<void> cancel();
  // Closes the host's end: the guest's next write (or the one waiting) sees DROPPED.
  void drop();

 private:
  explicit StreamReader(std::shared_ptr<async::HostCopyEnd> end) : end_(std::move(end)) {}
  std::shared_ptr<async::HostCopyEnd> end_;
};

// The host's writable end of a stream<T>: what it writes, the guest reads.
class StreamWriter {
 public:
  // Offers `values`, once: `done` runs when a read took some (`written` of them, the first
  // ones: a partial copy; the rest are the host's to offer again) or the reader is gone.
  // An empty write completes when a reader comes (CanonicalABI.md's zero-length copy).
  Result<void> write(std::vector<Val> values, std::function<void(CopyResult, uint32_t written)> done);
  Result<void> write_bytes(std::vector<uint8_t> bytes, std::function<void(CopyResult, uint32_t written)> done);
  Result<void> cancel();
  // Closes the host's end: the guest's next read (or the one waiting) sees DROPPED.
  void drop();

 private:
  explicit StreamWriter(std::shared_ptr<async::HostCopyEnd> end) : end_(std::move(end)) {}
  friend struct StreamPair;
  std::shared_ptr<async::HostCopyEnd> end_;
};

// A stream the host writes: `guest_end` is the `stream<T>` Val to return or pass (T is the
// type the guest's function gives it, checked when it first crosses).
struct StreamPair {
  static Result<StreamPair> make(Store& store);
  StreamWriter writer;
  Val guest_end;
};

// The host's readable end of a future<T>.
class FutureReader {
 public:
  static Result<FutureReader> take(Store& store, const Val& future);
  // `done` runs once with the value (Completed) or none (Dropped: the writer went without one).
  Result<void> read(std::function<void(CopyResult, std::optional<Val>)> done);
  Result<void> cancel();
  void drop();

 private:
  explicit FutureReader(std::shared_ptr<async::HostCopyEnd> end) : end_(std::move(end)) {}
  std::shared_ptr<async::HostCopyEnd> end_;
};

// The host's writable end of a future<T>. Dropping it before its value was read leaves the
// guest's reader with DROPPED (a guest writer may not do that: it traps).
class FutureWriter {
 public:
  Result<void> write(Val value, std::function<void(CopyResult)> done);
  Result<void> cancel();
  void drop();

 private:
  explicit FutureWriter(std::shared_ptr<async::HostCopyEnd> end) : end_(std::move(end)) {}
  friend struct FuturePair;
  std::shared_ptr<async::HostCopyEnd> end_;
};

struct FuturePair {
  static Result<FuturePair> make(Store& store);
  FutureWriter writer;
  Val guest_end;
};

// This thread's loop: host work that is ready (post) and file descriptors to wait on
// (watch_fd). A guest task that waits runs the loop until its event comes.
class EventLoop {
 public:
  static EventLoop& current();

  void post(std::function<void()> fn);
  enum Interest : unsigned { Readable = 1, Writable = 2 };
  // `ready` runs once, when `fd` is ready for `interest` (or has an error or hang-up).
  void watch_fd(int fd, unsigned interest, std::function<void()> ready);
  // Runs what is ready; `block`: waits for a posted task or a watched fd first. False when
  // there was nothing to run and nothing to wait for.
  bool run_once(bool block);
  // The same, waiting no longer than `max_wait` for a watched fd (a waiter that must look at
  // a deadline or an interrupt now and then).
  bool run_once(bool block, std::chrono::milliseconds max_wait);
  bool idle() const;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stratus::component
