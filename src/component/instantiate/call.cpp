#include "component/instantiate/call.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "component/abi/context.hpp"
#include "component/abi/values.hpp"
#include "component/async/async_call.hpp"
#include "component/async/backpressure.hpp"
#include "component/async/callback_loop.hpp"
#include "component/async/task.hpp"
#include "component/instantiate/bound_memory.hpp"
#include "component/instantiate/stackful_call.hpp"
#include "embed/parking.hpp"
#include "stratus/component/typed_func.hpp"
#include "stratus/extern.hpp"
#include "stratus/trap.hpp"

namespace stratus::component::detail {

namespace {

uint64_t to_cell(const stratus::Val& v) {
  switch (v.type()) {
    case stratus::ValType::I32: return static_cast<uint32_t>(v.i32());
    case stratus::ValType::F32: return v.f32_bits();
    case stratus::ValType::F64: return v.f64_bits();
    default: return static_cast<uint64_t>(v.i64());
  }
}

stratus::Val from_cell(stratus::ValType t, uint64_t c) {
  switch (t) {
    case stratus::ValType::I32: return stratus::Val::i32(static_cast<int32_t>(c));
    case stratus::ValType::F32: return stratus::Val::f32_bits(static_cast<uint32_t>(c));
    case stratus::ValType::F64: return stratus::Val::f64_bits(c);
    default: return stratus::Val::i64(static_cast<int64_t>(c));
  }
}

Error unknown_type(const FuncRecord& f) {
  return Error(ErrorKind::Link, "function \"" + std::string(f.name) +
                                    "\" is not exported by the top-level component, so its type is not known; "
                                    "calls between components nested in one component are not supported yet");
}

}  // namespace

Result<std::vector<Val>> call_lifted(Store& store, const FuncRecord& f, std::span<const Val> args,
                                     const abi::ComponentInstanceFlags* caller,
                                     const std::function<void(const Val&)>* on_return) {
  if (f.target) return call_lifted(store, *f.target, args, caller, on_return);
  if (!f.type) return unknown_type(f);
  const FuncType& type = f.types->func(*f.type);
  const abi::FuncLayout& layout = f.layouts->func(*f.type);
  if (args.size() != type.params.size())
    return Error(ErrorKind::Argument, "function \"" + std::string(f.name) + "\" takes " +
                                          std::to_string(type.params.size()) + " argument(s), got " +
                                          std::to_string(args.size()));
  if (is_stackful(f)) {
    auto call = StackfulCall::start(store, f, args, caller, on_return ? *on_return : std::function<void(const Val&)>());
    if (!call) return call.error();
    run_to_exit(**call);
    return *(*call)->state()->outcome;
  }
  // An async-typed call waits to enter while the instance's backpressure is on or another
  // task holds it exclusively (a callback or sync lift needs it so); a call of a function
  // whose type is not async goes in regardless (CanonicalABI.md's enter_implicit_thread).
  async::Backpressure& backpressure = f.instance->backpressure;
  if (type.async && backpressure.must_wait(true)) {
    if (auto ok = async::wait_to_enter(backpressure, &store, true); !ok) return ok.error();
  }
  BoundMemory memory(store, f.options);
  abi::CallScope scope;
  abi::LiftLowerContext cx = memory.context(*f.types, *f.layouts, *f.instance, &scope);
  std::vector<Val> out;
  // At most kMaxFlatParams cells in (more spill to one pointer) and kMaxFlatResults out, so
  // the cells live on the stack.
  static_assert(abi::kMaxFlatResults <= abi::kMaxFlatParams);
  uint64_t flat_results[abi::kMaxFlatResults] = {};
  const size_t num_results = layout.result_in_memory ? 1 : layout.result_flat.size();
  async::Task task;
  task.async = f.options.async;
  task.result_type = type.result;
  task.options_identity = &f.options;
  task.on_return = on_return;
  task.store = &store;
  task.entered_from = caller;
  async::Task* const outer_task = f.instance->current_task;
  f.instance->current_task = &task;
  struct RestoreTask {
    ComponentInstanceState* state;
    async::Task* outer;
    ~RestoreTask() { state->current_task = outer; }
  } restore{f.instance, outer_task};
  struct Exclusive {
    async::Backpressure* held;  // null: the type is not async, so the call holds nothing
    const async::Task* task;
    ~Exclusive() {
      if (held) held->release_exclusive(task);
    }
  } exclusive{type.async ? &backpressure : nullptr, &task};
  if (exclusive.held) backpressure.take_exclusive(&task);
  // While a stackless task waits it holds neither its instance nor the instance exclusively,
  // so other calls may enter meanwhile; it takes both back before its callback runs.
  const async::WaitBracket bracket{[&] {
                                     backpressure.release_exclusive(&task);
                                     f.instance->flags.leave_to(caller);
                                   },
                                   [&]() -> Result<void> {
                                     if (auto entered = f.instance->flags.enter_from(caller); !entered) return entered;
                                     if (exclusive.held) backpressure.take_exclusive(&task);
                                     return {};
                                   }};
  auto async_body = [&]() -> Result<void> {
    auto lowered = abi::lower_arguments(cx, layout, args);
    if (!lowered) return lowered.error();
    std::vector<uint64_t> cells = std::move(lowered).value();
    cells.resize(std::max<size_t>(cells.size(), 1));
    if (auto ran = stratus::detail::call_cells(store, f.core.raw(), cells.data()); !ran) return ran.error();
    if (auto ran = async::run_callback_loop(
            f.instance->handles, task, static_cast<uint32_t>(cells[0]),
            [&](async::Event e) -> Result<uint32_t> {
              uint64_t callback_cells[3] = {static_cast<uint32_t>(e.code), e.index, e.payload};
              if (auto called = stratus::detail::call_cells(store, f.options.callback->raw(), callback_cells); !called)
                return called.error();
              return static_cast<uint32_t>(callback_cells[0]);
            },
            &bracket);
        !ran)
      return ran;
    if (task.result) out.push_back(std::move(*task.result));
    return {};
  };
  auto call_body = [&]() -> Result<void> {
    if (f.options.async) return async_body();
    auto lowered = abi::lower_arguments(cx, layout, args);
    if (!lowered) return lowered.error();
    uint64_t cells[abi::kMaxFlatParams] = {};
    if (lowered->size() > abi::kMaxFlatParams) return Error(ErrorKind::Host, "lowered more flat arguments than fit");
    std::copy(lowered->begin(), lowered->end(), cells);
    if (auto ran = stratus::detail::call_cells(store, f.core.raw(), cells); !ran) return ran.error();
    memory.refresh();
    std::copy(cells, cells + num_results, flat_results);
    auto lifted = abi::lift_result(cx, layout, type.result, std::span<const uint64_t>(flat_results, num_results));
    if (!lifted) return lifted.error();
    if (*lifted) out.push_back(std::move(**lifted));
    return {};
  };
  auto post_return_body = [&]() -> Result<void> {
    if (!f.options.post_return) return {};
    uint64_t cells[abi::kMaxFlatResults] = {};
    std::copy(flat_results, flat_results + num_results, cells);
    return stratus::detail::call_cells(store, f.options.post_return->raw(), cells);
  };
  // One pointer each, so the std::functions keep them inline instead of allocating per call.
  const std::function<Result<void>()> call = [body = &call_body] { return (*body)(); };
  const std::function<Result<void>()> post_return = [body = &post_return_body] { return (*body)(); };
  if (auto ok = abi::run_lifted_call(f.instance->flags, caller, scope, call, post_return); !ok) return ok.error();
  return out;
}

namespace {

// A typed call once its guest access is bound: lower, run, lift, post-return. A host value
// that does not fit (an Argument error from lowering) or a call refused before it ran leaves
// the instance as it found it, since the guest ran no more than its realloc; a trap leaves it
// entered, as run_lifted_call does.
Result<void> run_typed(Store& store, const FuncRecord& f, const TypedSignature& sig, const void* args, void* result,
                       uint64_t* cells, GuestAccess& guest, BoundMemory* memory) {
  abi::ComponentInstanceFlags& flags = f.instance->flags;
  // typed() takes no async lift, but a sync lift of an async-typed function waits for backpressure.
  if (f.instance->backpressure.must_wait(true) && f.types->func(*f.type).async) {
    if (auto ok = async::wait_to_enter(f.instance->backpressure, &store, true); !ok) return ok;
  }
  if (auto entered = flags.enter_from(nullptr); !entered) return entered;
  if (auto lowered = sig.lower ? sig.lower(args, guest, cells) : Result<void>(); !lowered) {
    if (lowered.error().kind() != ErrorKind::Trap) flags.leave_to(nullptr);
    return lowered;
  }
  if (auto ran = stratus::detail::call_cells(store, f.core.raw(), cells); !ran) {
    // Only a trap ran guest code; a call refused before it (another Store's function) did not.
    if (ran.error().kind() != ErrorKind::Trap) flags.leave_to(nullptr);
    return ran;
  }
  if (memory) {  // the guest may have grown its memory
    memory->refresh();
    guest.refresh();
  }
  if (sig.lift) {
    if (auto lifted = sig.lift(result, guest, cells); !lifted) return lifted;
  }
  if (f.options.post_return) {
    uint64_t flat_result = sig.core_results ? cells[0] : 0;
    auto post_return = [&] { return stratus::detail::call_cells(store, f.options.post_return->raw(), &flat_result); };
    // One pointer, so the std::function keeps it inline instead of allocating.
    if (auto ok = flags.without_leaving([body = &post_return] { return (*body)(); }); !ok) return ok;
  }
  flags.leave_to(nullptr);
  return {};
}

// Out of line, so a call of scalars alone does not pay for setting up memory access.
[[gnu::noinline]] Result<void> call_typed_with_memory(Store& store, const FuncRecord& f, const TypedSignature& sig,
                                                      const void* args, void* result, uint64_t* cells) {
  BoundMemory memory(store, f.options);
  abi::CallScope scope;
  abi::LiftLowerContext cx = memory.context(*f.types, *f.layouts, *f.instance, &scope);
  GuestAccess guest(&cx);
  return run_typed(store, f, sig, args, result, cells, guest, &memory);
}

}  // namespace

Result<void> call_typed(Store& store, const FuncRecord& f, const TypedSignature& sig, const void* args, void* result,
                        uint64_t* cells) {
  if (sig.uses_memory) return call_typed_with_memory(store, f, sig, args, result, cells);
  GuestAccess none;
  return run_typed(store, f, sig, args, result, cells, none, nullptr);
}

namespace {

// A sync-lowered call of an async host function (func_new_async) from a stackful task whose
// wasm may park: the task parks until the host ends the call, instead of blocking the thread,
// and the result is lowered when it goes on. Its guest access and lends live until then.
class ParkingHostCall {
 public:
  ParkingHostCall(Store& store, const FuncRecord& callee, ComponentInstanceState& caller, const CanonOptions& options)
      : store_(store), callee_(callee), caller_(caller), memory_(store, options) {}

  Result<void> run(const AsyncHostFuncAdapter& host, std::span<const stratus::Val> params,
                   std::span<stratus::Val> results, const std::shared_ptr<ParkingHostCall>& self) {
    const abi::FuncLayout& layout = callee_.layouts->func(*callee_.type);
    for (const stratus::Val& p : params) params_.push_back(to_cell(p));
    abi::LiftLowerContext cx = memory_.context(*callee_.types, *callee_.layouts, caller_, &scope_);
    auto args = abi::lift_arguments(cx, layout, params_);
    if (!args) return args.error();
    if (auto started = host.fn(store_, *args, AsyncCall(call_)); !started) return started;
    if (call_->done) {
      auto cell = finish();
      if (!cell) return cell.error();
      if (*cell && !results.empty()) results[0] = from_cell(result_type(), **cell);
      return {};
    }
    caller_.current_task->parked_on =
        async::ParkedOn{[self] { return self->call_->done; }, [self] { return self->finish(); }};
    return stratus::detail::park_host_call(store_);
  }

 private:
  stratus::ValType result_type() const {
    return callee_.layouts->func(*callee_.type).core_type(abi::FlattenFor::Lower).results[0];
  }

  // The host's result lowered into the caller: its flat cell, if the core function has one.
  Result<std::optional<uint64_t>> finish() {
    if (call_->failure) return *call_->failure;
    const FuncType& type = callee_.types->func(*callee_.type);
    const size_t want = type.result ? 1 : 0;
    if (call_->results.size() != want)
      return Error(ErrorKind::Host, "host function \"" + std::string(callee_.name) + "\" returned " +
                                        std::to_string(call_->results.size()) + " result(s), but its type has " +
                                        std::to_string(want));
    std::optional<Val> result;
    if (want) result = std::move(call_->results[0]);
    memory_.refresh();
    const abi::FuncLayout& layout = callee_.layouts->func(*callee_.type);
    abi::LiftLowerContext cx = memory_.context(*callee_.types, *callee_.layouts, caller_, &scope_);
    auto lowered = abi::lower_result(cx, layout, type.result, result, params_);
    if (!lowered) return lowered.error();
    scope_.finish();
    if (lowered->empty()) return std::optional<uint64_t>();
    return std::optional<uint64_t>(to_cell(from_cell(result_type(), (*lowered)[0])));
  }

  Store& store_;
  const FuncRecord& callee_;
  ComponentInstanceState& caller_;
  BoundMemory memory_;
  abi::CallScope scope_;
  std::vector<uint64_t> params_;
  std::shared_ptr<AsyncCallState> call_ = std::make_shared<AsyncCallState>();
};

}  // namespace

Result<void> call_lowered(Store& store, const FuncRecord& callee, ComponentInstanceState& caller,
                          const CanonOptions& options, std::span<const stratus::Val> params,
                          std::span<stratus::Val> results) {
  if (auto ok = caller.flags.check_may_leave(); !ok) return ok;
  if (!callee.type) return unknown_type(callee);
  if (const FuncRecord& real = callee.target ? *callee.target : callee; real.is_host()) {
    const auto* async_host = real.host->target<AsyncHostFuncAdapter>();
    if (async_host && caller.current_task && caller.current_task->stackful && stratus::detail::may_park(store)) {
      auto call = std::make_shared<ParkingHostCall>(store, callee, caller, options);
      return call->run(*async_host, params, results, call);
    }
  }
  const FuncType& type = callee.types->func(*callee.type);
  const abi::FuncLayout& layout = callee.layouts->func(*callee.type);
  // A lowered import takes at most kMaxFlatParams cells and the result pointer, so they
  // live on the stack.
  uint64_t cell_storage[abi::kMaxFlatParams + 1];
  if (params.size() > std::size(cell_storage))
    return Error(ErrorKind::Host, "a lowered import was given more core arguments than its type has");
  for (size_t i = 0; i < params.size(); ++i) cell_storage[i] = to_cell(params[i]);
  const std::span<const uint64_t> cells(cell_storage, params.size());

  BoundMemory memory(store, options);
  abi::CallScope scope;
  abi::LiftLowerContext cx = memory.context(*callee.types, *callee.layouts, caller, &scope);
  auto args = abi::lift_arguments(cx, layout, cells);
  if (!args) return args.error();

  // A view is typed as the caller sees the function; the call goes to what it views.
  const FuncRecord& real = callee.target ? *callee.target : callee;
  std::optional<Val> result;
  if (real.is_host()) {
    std::vector<Val> out;
    if (auto ok = (*real.host)(store, *args, out); !ok) return ok;
    const size_t want = type.result ? 1 : 0;
    if (out.size() != want)
      return Error(ErrorKind::Host, "host function \"" + std::string(callee.name) + "\" returned " +
                                        std::to_string(out.size()) + " result(s), but its type has " +
                                        std::to_string(want));
    if (want) result = std::move(out[0]);
  } else {
    // A sync call of an async function may block: the caller leaves its instance meanwhile
    // (CanonicalABI.md's Store.lift leaves when canon_lift blocks), so other calls may enter
    // it, but a task that holds it exclusively keeps holding it, and those that need it wait.
    async::Task* const task = caller.current_task;
    const bool leaves = type.async && task;
    if (leaves) caller.flags.leave_to(task->entered_from);
    auto out = call_lifted(store, real, *args, &caller.flags);
    if (leaves) {
      if (auto back = caller.flags.enter_from(task->entered_from); !back) return back.error();
    }
    if (!out) return out.error();
    if (!out->empty()) result = std::move((*out)[0]);
  }
  memory.refresh();
  auto lowered = abi::lower_result(cx, layout, type.result, result, cells);
  if (!lowered) return lowered.error();
  scope.finish();
  // The lowered import's core results: the flat result, unless it went to the result pointer.
  if (!layout.result_in_memory) {
    for (size_t i = 0; i < results.size() && i < lowered->size() && i < layout.result_flat.size(); ++i)
      results[i] = from_cell(abi::to_core(layout.result_flat[i]), (*lowered)[i]);
  }
  return {};
}

}  // namespace stratus::component::detail
