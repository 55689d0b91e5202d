#include "component/instantiate/async_canon.hpp"

#include <cstring>
#include <memory>
#include <string>

#include "component/abi/context.hpp"
#include "component/abi/error_context.hpp"
#include "component/abi/traps.hpp"
#include "component/abi/values.hpp"
#include "component/api/compiled_component.hpp"
#include "component/async/async_call.hpp"
#include "component/async/task.hpp"
#include "component/async/wait.hpp"
#include "component/async/waitables.hpp"
#include "component/instantiate/bound_memory.hpp"
#include "embed/parking.hpp"
#include "stratus/component/async.hpp"

namespace stratus::component::detail {

namespace {

using V = stratus::ValType;
using async::CopyEnd;
using async::CopyResult;
using async::CopyState;
using async::Event;
using async::EventCode;

Error unsupported(const char* what, uint32_t offset) {
  return Error(ErrorKind::Link, std::string("cannot instantiate: ") + what + " (at offset " + std::to_string(offset) +
                                    ") is not supported yet");
}

uint32_t u32(const stratus::Val& v) { return static_cast<uint32_t>(v.i32()); }
stratus::Val i32(uint32_t v) { return stratus::Val::i32(static_cast<int32_t>(v)); }

// What every built-in's body starts with: the instance may leave (not inside its realloc or
// post-return).
Result<void> may_leave(const ComponentInstanceState& s) { return s.flags.check_may_leave(); }

// A waitable blocked without the `async` option: nothing on this thread can make its event
// come while the guest holds the thread, so waiting would never end.
Error would_block_forever(const char* what) {
  return abi::abi_trap(std::string(what) +
                       " would block, and the task lowered it synchronously: it could never complete");
}

// A copy without the `async` option waits for its event (CanonicalABI.md's
// wait_for_pending_event) and returns its payload: a stackful task parks until it comes; any
// other task blocks, running the thread's EventLoop, since only the host's work can bring it
// (the other end is the host's, or the guest holds the thread).
Result<uint32_t> wait_for_event(Store& store, const ComponentInstanceState& s, std::shared_ptr<CopyEnd> e,
                                const char* what) {
  async::Task* task = s.current_task;
  if (!e->has_pending() && task && task->stackful && stratus::detail::may_park(store)) {
    task->parked_on = async::ParkedOn::i32([e] { return e->has_pending(); },
                                           [e]() -> Result<uint32_t> { return e->take_pending().payload; });
    return stratus::detail::park_host_call(store);
  }
  EventLoop& loop = EventLoop::current();
  const Store* deadline_of = task ? task->store : nullptr;
  while (!e->has_pending()) {
    auto turned = async::wait_turn(loop, deadline_of);
    if (!turned) return turned.error();
    if (!*turned) return would_block_forever(what);
  }
  return e->take_pending().payload;
}

// The copy's values in guest memory (CanonicalABI.md's BufferGuestImpl): checked once, then
// lifted or lowered element by element.
class GuestBuffer final : public async::Buffer {
 public:
  GuestBuffer(Store& store, const CanonOptions& options, std::shared_ptr<const TypeTables> types,
              const abi::Layouts* layouts, ComponentInstanceState* state, std::optional<ValType> elem, uint32_t ptr,
              uint32_t length)
      : store_(store),
        options_(options),
        types_(std::move(types)),
        layouts_(layouts),
        state_(state),
        elem_(elem),
        ptr_(ptr),
        length_(length) {}

  Result<void> check() {
    if (length_ > kMaxLength)
      return abi::abi_trap("a stream copy of " + std::to_string(length_) + " elements: at most " +
                           std::to_string(kMaxLength) + " may be copied at once");
    if (!elem_ || length_ == 0) return {};
    const abi::Layout& l = layouts_->of(*elem_);
    if (!options_.memory) return abi::abi_trap("a stream or future copy of values needs the `memory` option");
    if (ptr_ % l.align != 0)
      return abi::abi_trap("a stream or future buffer at " + abi::hex(ptr_) + " is not aligned to " +
                           std::to_string(l.align));
    const uint64_t bytes = static_cast<uint64_t>(length_) * l.size;
    if (static_cast<uint64_t>(ptr_) + bytes > options_.memory->size_bytes())
      return abi::abi_trap("a stream or future buffer [" + abi::hex(ptr_) + ", +" + std::to_string(bytes) +
                           ") is out of bounds of memory");
    return {};
  }

  uint32_t remain() const override { return length_ - progress_; }
  bool zero_length() const override { return length_ == 0; }
  uint32_t progress() const override { return progress_; }

  Result<std::vector<Val>> read(uint32_t n) override {
    std::vector<Val> out;
    if (!elem_) {
      out.resize(n);
      progress_ += n;
      return out;
    }
    BoundMemory memory(store_, options_);
    abi::LiftLowerContext cx = context(memory);
    const uint32_t size = layouts_->of(*elem_).size;
    out.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      auto v = abi::load(cx, *elem_, ptr_ + (progress_ + i) * size);
      if (!v) return v.error();
      out.push_back(std::move(*v));
    }
    progress_ += n;
    return out;
  }

  bool holds_bytes() const override { return elem_ && elem_->kind == ValKind::U8; }

  Result<std::vector<uint8_t>> read_bytes(uint32_t n) override {
    std::vector<uint8_t> out(n);
    if (n > 0) std::memcpy(out.data(), options_.memory->data() + ptr_ + progress_, n);
    progress_ += n;
    return out;
  }

  Result<void> write_bytes(std::span<const uint8_t> bytes) override {
    if (!bytes.empty()) std::memcpy(options_.memory->data() + ptr_ + progress_, bytes.data(), bytes.size());
    progress_ += static_cast<uint32_t>(bytes.size());
    return {};
  }

  Result<void> write(std::vector<Val> values) override {
    if (!elem_) {
      progress_ += static_cast<uint32_t>(values.size());
      return {};
    }
    BoundMemory memory(store_, options_);
    abi::LiftLowerContext cx = context(memory);
    const uint32_t size = layouts_->of(*elem_).size;
    for (const Val& v : values) {
      if (auto ok = abi::store(cx, v, *elem_, ptr_ + progress_ * size); !ok) return ok;
      ++progress_;
    }
    return {};
  }

 private:
  // Owned handles move through a copy as through a call; borrows never do (the spec forbids
  // them as stream and future elements), so the copy's scope lends nothing.
  abi::LiftLowerContext context(BoundMemory& memory) { return memory.context(*types_, *layouts_, *state_, &scope_); }

  Store& store_;
  CanonOptions options_;
  std::shared_ptr<const TypeTables> types_;
  const abi::Layouts* layouts_;
  ComponentInstanceState* state_;
  std::optional<ValType> elem_;
  uint32_t ptr_;
  uint32_t length_;
  abi::CallScope scope_;
  uint32_t progress_ = 0;
};

struct ChannelTypes {
  std::shared_ptr<const TypeTables> types;
  const abi::Layouts* layouts = nullptr;
  std::optional<ValType> elem;
};

// Which end a stream or future built-in acts on.
struct EndKind {
  bool future;
  bool readable;
};

// The end at `i`, of the built-in's kind and element type (CanonicalABI.md's
// `trap_if(e.shared.t != stream_t.t)`, as far as ElementShape tells).
Result<std::shared_ptr<CopyEnd>> end_at(ComponentInstanceState& s, uint32_t i, EndKind want,
                                        const async::ElementShape& elem) {
  auto e = CopyEnd::at(s.handles, i, want.future, want.readable);
  if (!e) return e;
  if (auto ok = (*e)->shared->check_element(elem); !ok) return ok.error();
  return e;
}

// stream.read/write, future.read/write (CanonicalABI.md's stream_copy and future_copy).
Result<uint32_t> copy(Store& store, ComponentInstanceState& s, const ChannelTypes& t, const CanonOptions& options,
                      EndKind kind, uint32_t i, uint32_t ptr, uint32_t n) {
  if (auto ok = may_leave(s); !ok) return ok.error();
  auto found = end_at(s, i, kind, async::ElementShape::of(t.elem));
  if (!found) return found.error();
  std::shared_ptr<CopyEnd> e = *found;
  if (e->state != CopyState::Idle)
    return abi::abi_trap(std::string("a copy on a ") + e->kind_name() +
                         (e->state == CopyState::Done ? " that is done (the other end was dropped, or the future's "
                                                        "value was copied)"
                                                      : " that is already copying"));
  if (e->in_set() && !options.async)
    return abi::abi_trap("a synchronous copy on a stream or future end that is in a waitable set");
  auto buffer = std::make_unique<GuestBuffer>(store, options, t.types, t.layouts, &s, t.elem, ptr, kind.future ? 1 : n);
  if (auto ok = buffer->check(); !ok) return ok.error();
  e->buffer = std::move(buffer);
  const EventCode code = kind.future ? (kind.readable ? EventCode::FutureRead : EventCode::FutureWrite)
                                     : (kind.readable ? EventCode::StreamRead : EventCode::StreamWrite);
  CopyEnd* end = e.get();
  auto event_for = [end, code, i](CopyResult r) {
    return [end, code, i, r]() -> Event {
      const uint32_t progress = end->buffer ? end->buffer->progress() : 0;
      if (end->shared->future()) end->state = (r == CopyResult::Cancelled) ? CopyState::Idle : CopyState::Done;
      else end->state = (r == CopyResult::Dropped) ? CopyState::Done : CopyState::Idle;
      end->buffer.reset();
      const uint32_t payload =
          end->shared->future() ? static_cast<uint32_t>(r) : (static_cast<uint32_t>(r) | (progress << 4));
      return Event{code, i, payload};
    };
  };
  auto done = [end, event_for](CopyResult r) { end->set_pending(event_for(r)); };
  auto partial = [end, event_for] { end->set_pending(event_for(CopyResult::Completed)); };
  e->state = CopyState::Copying;
  Result<void> moved =
      kind.readable ? e->shared->read(*e->buffer, done, partial) : e->shared->write(*e->buffer, done, partial);
  if (!moved) return moved.error();
  if (!e->has_pending()) {
    if (options.async) return async::kBlocked;
    return wait_for_event(store, s, e, kind.readable ? "a read" : "a write");
  }
  return e->take_pending().payload;
}

Result<uint32_t> cancel_copy(Store& store, ComponentInstanceState& s, EndKind kind, const async::ElementShape& elem,
                             bool is_async, uint32_t i) {
  if (auto ok = may_leave(s); !ok) return ok.error();
  auto found = end_at(s, i, kind, elem);
  if (!found) return found.error();
  std::shared_ptr<CopyEnd> e = *found;
  if (e->state != CopyState::Copying)
    return abi::abi_trap(std::string("cancelling a copy on a ") + e->kind_name() + " that is not copying");
  if (e->in_set() && !is_async)
    return abi::abi_trap("a synchronous cancel on a stream or future end that is in a waitable set");
  e->state = CopyState::CancellingCopy;
  if (!e->has_pending()) {
    e->shared->cancel();
    if (!e->has_pending()) {
      if (is_async) return async::kBlocked;
      return wait_for_event(store, s, e, "a cancel");
    }
  }
  return e->take_pending().payload;
}

Result<void> drop_end(ComponentInstanceState& s, EndKind kind, const async::ElementShape& elem, uint32_t i) {
  if (auto ok = may_leave(s); !ok) return ok;
  auto found = end_at(s, i, kind, elem);
  if (!found) return found.error();
  if (auto ok = (*found)->drop(); !ok) return ok;
  (void)s.handles.remove_element<CopyEnd>(i, "stream or future end");
  return {};
}

Result<async::Task*> current_task(ComponentInstanceState& s, const char* builtin) {
  if (!s.current_task) return abi::abi_trap(std::string(builtin) + " called outside of a task");
  return s.current_task;
}

// waitable-set.wait's event: TASK_CANCELLED first when the task may hear it, else the set's
// next one, written to the guest's event record and its code returned.
struct Waiting {
  ComponentInstanceState* s;
  async::Task* task;
  std::shared_ptr<async::WaitableSet> set;
  Memory memory;
  uint32_t ptr;
  bool cancellable;

  bool cancel_pending() const { return cancellable && task->cancel_requested && !task->cancel_delivered; }
  bool ready() const { return cancel_pending() || set->has_pending(); }
  Result<uint32_t> operator()() const {
    Event event;
    if (cancel_pending()) {
      task->cancel_delivered = true;
      event = Event{EventCode::TaskCancelled, 0, 0};
    } else {
      event = set->poll();
      if (auto ok = check_delivered(s->handles, event); !ok) return ok.error();
    }
    if (static_cast<uint64_t>(ptr) + 8 > memory.size_bytes())
      return abi::abi_trap("waitable-set.wait's event pointer " + abi::hex(ptr) + " is out of bounds");
    uint8_t* base = memory.data();
    std::memcpy(base + ptr, &event.index, 4);
    std::memcpy(base + ptr + 4, &event.payload, 4);
    return static_cast<uint32_t>(event.code);
  }
};

// thread.yield's result: 1 (CANCELLED) when the task hears of a cancel now, else 0.
struct Yielding {
  async::Task* task;
  bool cancellable;
  Result<uint32_t> operator()() const {
    if (!cancellable || !task->cancel_requested || task->cancel_delivered) return 0u;
    task->cancel_delivered = true;
    return 1u;
  }
};

// A built-in that waits for `wait.ready()`: at once when it is, else the stackful task parks
// (nothing but wasm between its entry and here), else the thread blocks on the EventLoop's
// turns (CanonicalABI.md's wait_until), as a stackless task or a task under a host frame must.
Result<void> block_on(Store& store, const Waiting& wait, std::span<stratus::Val> results, const std::string& what) {
  if (!wait.ready()) {
    if (wait.task->stackful && stratus::detail::may_park(store)) {
      wait.task->parked_on = async::ParkedOn::i32([wait] { return wait.ready(); }, wait);
      return stratus::detail::park_host_call(store);
    }
    EventLoop& loop = EventLoop::current();
    while (!wait.ready()) {
      auto turned = async::wait_turn(loop, wait.task->store);
      if (!turned) return turned.error();
      if (!*turned)
        return abi::abi_trap("the task " + what + ", but nothing can deliver it an event (no host work is pending)");
    }
  }
  auto code = wait();
  if (!code) return code.error();
  results[0] = i32(*code);
  return {};
}

using Body = std::function<Result<void>(std::span<const stratus::Val>, std::span<stratus::Val>)>;

Extern wrap(Store& store, stratus::FuncType type, Body body) {
  return stratus::Func::wrap(
      store, std::move(type),
      [body = std::move(body)](Caller&, std::span<const stratus::Val> params, std::span<stratus::Val> results) {
        return body(params, results);
      });
}

}  // namespace

Result<Extern> make_async_builtin(Store& store, StoreRecords& records, Frame& frame, const ast::Canon& canon,
                                  CanonOptions options) {
  using K = ast::CanonKind;
  ComponentInstanceState* s = frame.state;
  Store* st = &store;
  const auto& own = frame.closure.compiled->own_types;
  std::shared_ptr<const TypeTables> types = own ? own->types : records.component->types;
  const abi::Layouts* layouts = own ? own->layouts.get() : records.component->layouts.get();
  auto canon_type = [&]() -> std::optional<ValType> {
    auto it = types->canon_value_types.find(canon.offset);
    return it == types->canon_value_types.end() ? std::nullopt : it->second;
  };
  // A stream or future built-in's T.
  auto channel_element = [&]() -> std::optional<ValType> {
    std::optional<ValType> channel = canon_type();
    if (!channel) return std::nullopt;
    return channel->kind == ValKind::Future ? types->futures[channel->index].value
                                            : types->streams[channel->index].element;
  };

  switch (canon.kind) {
    case K::WaitableSetNew:
      return wrap(store, {{}, {V::I32}}, [s](auto, auto results) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        auto i = s->handles.add(std::make_shared<async::WaitableSet>());
        if (!i) return i.error();
        results[0] = i32(*i);
        return {};
      });
    case K::WaitableSetPoll: {
      if (canon.memory >= frame.core_memories.size() || !std::get_if<Memory>(&frame.core_memories[canon.memory]))
        return Error(ErrorKind::Invalid, "instantiation: waitable-set.poll's memory index out of range");
      Memory memory = std::get<Memory>(frame.core_memories[canon.memory]);
      return wrap(store, {{V::I32, V::I32}, {V::I32}}, [s, memory](auto params, auto results) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        auto set = s->handles.get_element<async::WaitableSet>(u32(params[0]), "waitable set");
        if (!set) return set.error();
        const uint32_t ptr = u32(params[1]);
        if (ptr % 4 != 0 || static_cast<uint64_t>(ptr) + 8 > memory.size_bytes())
          return abi::abi_trap("waitable-set.poll's event pointer " + abi::hex(ptr) +
                               " is misaligned or out of bounds");
        Event event;
        async::Task* task = s->current_task;
        if (task && task->cancel_requested && !task->cancel_delivered) {
          task->cancel_delivered = true;
          event = Event{EventCode::TaskCancelled, 0, 0};
        } else {
          event = (*set)->poll();
          if (auto ok = check_delivered(s->handles, event); !ok) return ok;
        }
        uint8_t* base = memory.data();
        std::memcpy(base + ptr, &event.index, 4);
        std::memcpy(base + ptr + 4, &event.payload, 4);
        results[0] = i32(static_cast<uint32_t>(event.code));
        return {};
      });
    }
    case K::WaitableSetWait: {
      if (canon.memory >= frame.core_memories.size() || !std::get_if<Memory>(&frame.core_memories[canon.memory]))
        return Error(ErrorKind::Invalid, "instantiation: waitable-set.wait's memory index out of range");
      Memory memory = std::get<Memory>(frame.core_memories[canon.memory]);
      const bool cancellable = canon.flag;
      return wrap(store, {{V::I32, V::I32}, {V::I32}},
                  [st, s, memory, cancellable](auto params, auto results) -> Result<void> {
                    if (auto ok = may_leave(*s); !ok) return ok;
                    const uint32_t set_index = u32(params[0]);
                    auto set = s->handles.get_element<async::WaitableSet>(set_index, "waitable set");
                    if (!set) return set.error();
                    const uint32_t ptr = u32(params[1]);
                    if (ptr % 4 != 0 || static_cast<uint64_t>(ptr) + 8 > memory.size_bytes())
                      return abi::abi_trap("waitable-set.wait's event pointer " + abi::hex(ptr) +
                                           " is misaligned or out of bounds");
                    auto task = current_task(*s, "waitable-set.wait");
                    if (!task) return task.error();
                    if (!(*task)->async && !(*task)->returned)
                      return abi::abi_trap(
                          "waitable-set.wait in a task lifted without `async` that has not returned: it may not block");
                    Waiting wait{s, *task, *set, memory, ptr, cancellable};
                    return block_on(*st, wait, results, "waits on waitable set " + std::to_string(set_index));
                  });
    }
    case K::ThreadYield: {
      const bool cancellable = canon.flag;
      return wrap(store, {{}, {V::I32}}, [st, s, cancellable](auto, auto results) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        auto task = current_task(*s, "thread.yield");
        if (!task) return task.error();
        Yielding yield{*task, cancellable};
        // A task that may not block goes on at once (CanonicalABI.md: NOT_CANCELLED).
        if (!(*task)->async && !(*task)->returned) {
          results[0] = i32(0);
          return {};
        }
        if ((*task)->stackful && stratus::detail::may_park(*st)) {
          (*task)->parked_on = async::ParkedOn::i32([] { return true; }, yield);
          return stratus::detail::park_host_call(*st);
        }
        EventLoop::current().run_once(false);  // the host's ready work runs, as it would while parked
        results[0] = i32(yield().value());
        return {};
      });
    }
    case K::WaitableSetDrop:
      return wrap(store, {{V::I32}, {}}, [s](auto params, auto) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        const uint32_t i = u32(params[0]);
        auto set = s->handles.get_element<async::WaitableSet>(i, "waitable set");
        if (!set) return set.error();
        if (auto ok = (*set)->check_droppable(); !ok) return ok;
        (void)s->handles.remove_element<async::WaitableSet>(i, "waitable set");
        return {};
      });
    case K::WaitableJoin:
      return wrap(store, {{V::I32, V::I32}, {}}, [s](auto params, auto) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        auto w = s->handles.get_element<async::Waitable>(u32(params[0]), "waitable");
        if (!w) return w.error();
        const uint32_t si = u32(params[1]);
        if (si == 0) {
          (*w)->join(nullptr);
          return {};
        }
        auto set = s->handles.get_element<async::WaitableSet>(si, "waitable set");
        if (!set) return set.error();
        (*w)->join(set->get());
        return {};
      });
    case K::ContextGet:
    case K::ContextSet: {
      const uint32_t slot = canon.slot;
      if (canon.kind == K::ContextGet)
        return wrap(store, {{}, {V::I32}}, [s, slot](auto, auto results) -> Result<void> {
          auto task = current_task(*s, "context.get");
          if (!task) return task.error();
          results[0] = i32((*task)->context[slot]);
          return {};
        });
      return wrap(store, {{V::I32}, {}}, [s, slot](auto params, auto) -> Result<void> {
        auto task = current_task(*s, "context.set");
        if (!task) return task.error();
        (*task)->context[slot] = u32(params[0]);
        return {};
      });
    }
    case K::SubtaskDrop:
      return wrap(store, {{V::I32}, {}}, [s](auto params, auto) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        const uint32_t i = u32(params[0]);
        auto sub = s->handles.get_element<async::Subtask>(i, "subtask");
        if (!sub) return sub.error();
        if (!(*sub)->resolve_delivered)
          return abi::abi_trap("subtask.drop of subtask " + std::to_string(i) +
                               " before its resolution was delivered (it has not returned or been cancelled)");
        (*sub)->join(nullptr);
        (void)s->handles.remove_element<async::Subtask>(i, "subtask");
        return {};
      });
    case K::SubtaskCancel: {
      const bool is_async = canon.flag;
      return wrap(store, {{V::I32}, {V::I32}}, [s, is_async](auto params, auto results) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        const uint32_t i = u32(params[0]);
        auto found = s->handles.get_element<async::Subtask>(i, "subtask");
        if (!found) return found.error();
        async::Subtask& sub = **found;
        if (sub.resolve_delivered)
          return abi::abi_trap("subtask.cancel of subtask " + std::to_string(i) + " that already resolved");
        if (sub.cancellation_requested)
          return abi::abi_trap("subtask.cancel of subtask " + std::to_string(i) + " twice");
        if (sub.in_set() && !is_async)
          return abi::abi_trap("a synchronous subtask.cancel of a subtask in a waitable set");
        if (!sub.resolved()) {
          sub.cancellation_requested = true;
          if (sub.on_cancel) sub.on_cancel();
          if (!sub.resolved()) {
            if (!is_async) return would_block_forever("subtask.cancel");
            results[0] = i32(async::kBlocked);
            return {};
          }
        }
        const Event event = sub.take_pending();
        if (auto ok = check_delivered(s->handles, event); !ok) return ok;
        results[0] = i32(event.payload);
        return {};
      });
    }
    case K::StreamNew:
    case K::FutureNew: {
      const bool future = canon.kind == K::FutureNew;
      const async::ElementShape elem = async::ElementShape::of(channel_element());
      return wrap(store, {{}, {V::I64}}, [s, future, elem](auto, auto results) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        auto shared = std::make_shared<async::SharedChannel>(future, elem);
        auto r = std::make_shared<CopyEnd>(shared, true);
        auto w = std::make_shared<CopyEnd>(shared, false);
        auto ri = s->handles.add(r);
        if (!ri) return ri.error();
        auto wi = s->handles.add(w);
        if (!wi) return wi.error();
        r->index = *ri;
        w->index = *wi;
        results[0] =
            stratus::Val::i64(static_cast<int64_t>(static_cast<uint64_t>(*ri) | (static_cast<uint64_t>(*wi) << 32)));
        return {};
      });
    }
    case K::StreamRead:
    case K::StreamWrite:
    case K::FutureRead:
    case K::FutureWrite: {
      const bool future = canon.kind == K::FutureRead || canon.kind == K::FutureWrite;
      const EndKind kind{future, canon.kind == K::StreamRead || canon.kind == K::FutureRead};
      ChannelTypes t{types, layouts, channel_element()};
      stratus::FuncType sig = future ? stratus::FuncType{{V::I32, V::I32}, {V::I32}}
                                     : stratus::FuncType{{V::I32, V::I32, V::I32}, {V::I32}};
      return wrap(store, std::move(sig), [st, s, t, options, kind](auto params, auto results) -> Result<void> {
        auto r = copy(*st, *s, t, options, kind, u32(params[0]), u32(params[1]), kind.future ? 1 : u32(params[2]));
        if (!r) return r.error();
        results[0] = i32(*r);
        return {};
      });
    }
    case K::StreamCancelRead:
    case K::StreamCancelWrite:
    case K::FutureCancelRead:
    case K::FutureCancelWrite: {
      const EndKind kind{canon.kind == K::FutureCancelRead || canon.kind == K::FutureCancelWrite,
                         canon.kind == K::StreamCancelRead || canon.kind == K::FutureCancelRead};
      const bool is_async = canon.flag;
      const async::ElementShape elem = async::ElementShape::of(channel_element());
      return wrap(store, {{V::I32}, {V::I32}},
                  [st, s, kind, elem, is_async](auto params, auto results) -> Result<void> {
                    auto r = cancel_copy(*st, *s, kind, elem, is_async, u32(params[0]));
                    if (!r) return r.error();
                    results[0] = i32(*r);
                    return {};
                  });
    }
    case K::StreamDropReadable:
    case K::StreamDropWritable:
    case K::FutureDropReadable:
    case K::FutureDropWritable: {
      const EndKind kind{canon.kind == K::FutureDropReadable || canon.kind == K::FutureDropWritable,
                         canon.kind == K::StreamDropReadable || canon.kind == K::FutureDropReadable};
      const async::ElementShape elem = async::ElementShape::of(channel_element());
      return wrap(store, {{V::I32}, {}}, [s, kind, elem](auto params, auto) -> Result<void> {
        return drop_end(*s, kind, elem, u32(params[0]));
      });
    }
    case K::TaskReturn: {
      std::optional<ValType> result = canon_type();
      std::vector<stratus::ValType> flat;
      const bool spilled = result && !layouts->of(*result).fits_flat(abi::kMaxFlatParams);
      if (spilled) {
        flat = {V::I32};
      } else if (result) {
        for (abi::FlatType f : layouts->of(*result).flat) flat.push_back(abi::to_core(f));
      }
      return wrap(
          store, {flat, {}}, [st, s, types, layouts, result, spilled, options](auto params, auto) -> Result<void> {
            if (auto ok = may_leave(*s); !ok) return ok;
            auto found = current_task(*s, "task.return");
            if (!found) return found.error();
            async::Task& task = **found;
            if (!task.async) return abi::abi_trap("task.return in a task that was not lifted `async`");
            if (task.returned) return abi::abi_trap("task.return called twice (or after task.cancel)");
            const bool same_result = task.result_type && result ? same_val_type(*types, *task.result_type, *result)
                                                                : !task.result_type && !result;
            if (!same_result)
              return abi::abi_trap("task.return's result type is not the result type of the task's function");
            const auto* lift = static_cast<const CanonOptions*>(task.options_identity);
            const auto raw = [](const std::optional<Memory>& m) { return m ? m->raw() : nullptr; };
            if (lift && (lift->encoding != options.encoding || raw(lift->memory) != raw(options.memory)))
              return abi::abi_trap("task.return's options differ from the lift's (string encoding or memory)");
            task.returned = true;
            if (!result) {
              if (task.on_resolve) task.on_resolve();
              return {};
            }
            BoundMemory memory(*st, options);
            // A result holds no borrows (validation forbids them in results), so the scope only
            // lets an own<T> in the result be lifted, as a sync lift's does.
            abi::CallScope scope;
            abi::LiftLowerContext cx = memory.context(*types, *layouts, *s, &scope);
            std::vector<uint64_t> cells;
            for (const stratus::Val& p : params) cells.push_back(abi::val_to_cell(p));
            Result<Val> v = spilled ? abi::load(cx, *result, static_cast<uint32_t>(cells[0])) : [&]() -> Result<Val> {
              size_t pos = 0;
              return abi::lift_flat(cx, cells, pos, *result);
            }();
            if (!v) return v.error();
            task.result = std::move(*v);
            if (task.on_return) (*task.on_return)(*task.result);
            if (task.on_resolve) task.on_resolve();
            return {};
          });
    }
    case K::TaskCancel:
      return wrap(store, {{}, {}}, [s](auto, auto) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        auto found = current_task(*s, "task.cancel");
        if (!found) return found.error();
        async::Task& task = **found;
        if (!task.async) return abi::abi_trap("task.cancel in a task that was not lifted `async`");
        if (!task.cancel_delivered) return abi::abi_trap("task.cancel before the task was told it is cancelled");
        if (task.returned) return abi::abi_trap("task.cancel after task.return");
        task.returned = true;
        task.cancelled = true;
        if (task.on_resolve) task.on_resolve();
        return {};
      });
    case K::BackpressureInc:
    case K::BackpressureDec: {
      // CanonicalABI.md's canon_backpressure_inc/dec check nothing but the counter's range.
      const bool inc = canon.kind == K::BackpressureInc;
      return wrap(store, {{}, {}},
                  [s, inc](auto, auto) -> Result<void> { return inc ? s->backpressure.inc() : s->backpressure.dec(); });
    }
    case K::ErrorContextNew:
    case K::ErrorContextDebugMessage: {
      if (!options.memory)
        return Error(ErrorKind::Invalid, "instantiation: an error-context built-in needs the `memory` option");
      if (canon.kind == K::ErrorContextNew)
        return wrap(store, {{V::I32, V::I32}, {V::I32}},
                    [st, s, types, layouts, options](auto params, auto results) -> Result<void> {
                      if (auto ok = may_leave(*s); !ok) return ok;
                      BoundMemory memory(*st, options);
                      abi::LiftLowerContext cx = memory.context(*types, *layouts, *s);
                      auto i = abi::error_context_new(cx, abi::GuestString{u32(params[0]), u32(params[1])});
                      if (!i) return i.error();
                      results[0] = i32(*i);
                      return {};
                    });
      if (!options.realloc)
        return Error(ErrorKind::Invalid, "instantiation: error-context.debug-message needs the `realloc` option");
      return wrap(store, {{V::I32, V::I32}, {}}, [st, s, types, layouts, options](auto params, auto) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        BoundMemory memory(*st, options);
        abi::LiftLowerContext cx = memory.context(*types, *layouts, *s);
        return abi::error_context_debug_message(cx, u32(params[0]), u32(params[1]));
      });
    }
    case K::ErrorContextDrop:
      return wrap(store, {{V::I32}, {}}, [s](auto params, auto) -> Result<void> {
        if (auto ok = may_leave(*s); !ok) return ok;
        return abi::error_context_drop(s->handles, u32(params[0]));
      });
    default: return unsupported("this async canonical built-in", canon.offset);
  }
}

}  // namespace stratus::component::detail
