#include "component/async/async_call.hpp"

#include <memory>
#include <string>

#include "component/async/wait.hpp"
#include "stratus/component/async.hpp"
#include "stratus/component/linker.hpp"

namespace stratus::component {

namespace {

Error ended_twice() { return Error(ErrorKind::Argument, "this async host call has already ended"); }

// The handlers are let go once the call has ended: a host's on_cancel that holds its own
// AsyncCall (the usual way to answer `cancelled()`) would otherwise keep the state alive
// forever. on_cancel's caller runs a copy, so the handler ending the call from inside itself
// is not destroyed while it runs.
void finish(detail::AsyncCallState& s) {
  s.done = true;
  s.on_cancel = nullptr;
  if (auto done = std::move(s.on_done)) done();
}

}  // namespace

Result<void> AsyncCall::resolve(std::vector<Val> results) {
  if (state_->done) return ended_twice();
  state_->results = std::move(results);
  finish(*state_);
  return {};
}

Result<void> AsyncCall::fail(Error error) {
  if (state_->done) return ended_twice();
  state_->failure = std::move(error);
  finish(*state_);
  return {};
}

bool AsyncCall::cancel_requested() const { return state_->cancel_requested; }

void AsyncCall::on_cancel(std::function<void()> fn) {
  if (!state_->done) state_->on_cancel = std::move(fn);  // an ended call is never cancelled
}

Result<void> AsyncCall::cancelled() {
  if (state_->done) return ended_twice();
  if (!state_->cancel_requested) return Error(ErrorKind::Argument, "cancelled() on an async host call nobody cancelled");
  state_->cancelled = true;
  finish(*state_);
  return {};
}

bool AsyncCall::done() const { return state_->done; }

namespace detail {

// A guest that lowered the import sync waits for the call to end: the thread's EventLoop runs
// (the host's I/O) until it does.
Result<void> AsyncHostFuncAdapter::operator()(Store& store, std::span<const Val> params,
                                              std::vector<Val>& results) const {
  auto state = std::make_shared<AsyncCallState>();
  if (auto started = fn(store, params, AsyncCall(state)); !started) return started;
  EventLoop& loop = EventLoop::current();
  while (!state->done) {
    auto turned = async::wait_turn(loop, &store);
    if (!turned) return turned.error();
    if (!*turned)
      return Error(ErrorKind::Host, "async host function \"" + name +
                                        "\" returned without ending its call and left no work to end it later");
  }
  if (state->failure) return *state->failure;
  results = std::move(state->results);
  return {};
}

Result<void> check_delivered(abi::HandleTable& handles, const async::Event& event) {
  if (event.code != async::EventCode::Subtask) return {};
  auto sub = handles.get_element<HostSubtask>(event.index, "subtask");
  if (!sub || !(*sub)->failure) return {};
  return *(*sub)->failure;
}

}  // namespace detail

Result<void> LinkerInstance::func_new_async(std::string_view name, AsyncHostFunc fn) {
  if (!fn) return Error(ErrorKind::Link, "func_new_async \"" + std::string(name) + "\": the function is empty");
  return func_new(name, detail::AsyncHostFuncAdapter{std::move(fn), std::string(name)});
}

}  // namespace stratus::component
