#include "stratus/component/func.hpp"

#include "component/abi/traps.hpp"
#include "component/api/access.hpp"
#include "component/async/scheduler.hpp"
#include "component/instantiate/call.hpp"
#include "component/instantiate/stackful_call.hpp"

namespace stratus::component {

Result<std::vector<Val>> Func::call(Store& store, std::span<const Val> params) const {
  return call(store, params, nullptr);
}

Result<std::vector<Val>> Func::call(Store& store, std::span<const Val> params,
                                    const std::function<void(const Val&)>& on_return) const {
  if (!f_) return Error(ErrorKind::Argument, "call: the function handle is null");
  const detail::FuncRecord& f = f_->target ? *f_->target : *f_;
  if (f.is_host()) {
    std::vector<Val> results;
    if (auto ok = (*f.host)(store, params, results); !ok) return ok.error();
    return results;
  }
  return detail::call_lifted(store, f, params, nullptr, on_return ? &on_return : nullptr);
}

types::ComponentFunc Func::type() const {
  return detail::Access::func_type(f_->types, f_->type.value_or(FuncTypeId{}));
}

Result<StartedCall> Func::start(Store& store, std::span<const Val> params,
                                std::function<void(const Val&)> on_return) const {
  if (!f_) return Error(ErrorKind::Argument, "start: the function handle is null");
  const detail::FuncRecord& f = f_->target ? *f_->target : *f_;
  if (!f.is_host() && f.type && detail::is_stackful(f)) {
    auto call = detail::StackfulCall::start(store, f, params, nullptr, std::move(on_return));
    if (!call) return call.error();
    return StartedCall((*call)->state(), *call);
  }
  auto state = std::make_shared<detail::StartedCallState>();
  auto ran = on_return ? call(store, params, on_return) : call(store, params);
  if (!ran && ran.error().kind() != ErrorKind::Trap) return ran.error();  // it did not start
  state->outcome = std::move(ran);
  return StartedCall(std::move(state), {});
}

bool StartedCall::done() const { return state_ && state_->outcome.has_value(); }

Result<std::vector<Val>> StartedCall::result() const {
  if (!done()) return Error(ErrorKind::Argument, "the started call has not finished yet (see StartedCall::wait)");
  return *state_->outcome;
}

Result<std::vector<Val>> StartedCall::wait() const {
  if (!state_) return Error(ErrorKind::Argument, "wait: the started call is empty");
  if (auto call = call_.lock()) detail::run_to_exit(*call);
  return result();
}

Result<void> run_started_tasks() {
  async::Scheduler& scheduler = async::Scheduler::current();
  if (scheduler.run_until([&] { return scheduler.parked() == 0; })) return {};
  const size_t stuck = scheduler.end_all_stuck();
  return abi::abi_trap(std::to_string(stuck) + " stackful task(s) wait for events that nothing can deliver");
}

size_t parked_task_count() { return async::Scheduler::current().parked(); }

}  // namespace stratus::component
