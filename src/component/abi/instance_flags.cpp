#include "component/abi/instance_flags.hpp"

#include <string>

#include "component/abi/handles.hpp"
#include "component/abi/traps.hpp"

namespace stratus::component::abi {

namespace {

bool is_ancestor_or_self(const ComponentInstanceFlags* node, const ComponentInstanceFlags* of) {
  for (const ComponentInstanceFlags* a = of; a != nullptr; a = a->parent()) {
    if (a == node) return true;
  }
  return false;
}

}  // namespace

// The entering set is self_and_ancestors() minus the caller's: the chain from this instance
// up to (not including) the first instance the caller is inside of.
template <class Each>
void ComponentInstanceFlags::for_entering_set(const ComponentInstanceFlags* caller, Each&& each) {
  for (ComponentInstanceFlags* a = this; a != nullptr && !is_ancestor_or_self(a, caller); a = a->parent_) each(*a);
}

template <class Each>
bool ComponentInstanceFlags::all_of_entering_set(const ComponentInstanceFlags* caller, Each&& each) const {
  for (const ComponentInstanceFlags* a = this; a != nullptr && !is_ancestor_or_self(a, caller); a = a->parent_) {
    if (!each(*a)) return false;
  }
  return true;
}

bool ComponentInstanceFlags::may_enter_from(const ComponentInstanceFlags* caller) const {
  return all_of_entering_set(caller, [](const ComponentInstanceFlags& i) { return i.may_enter_; });
}

Result<void> ComponentInstanceFlags::enter_from_slow(const ComponentInstanceFlags* caller) {
  if (!may_enter_from(caller)) {
    return trap_error(TrapKind::CannotEnterComponent, "cannot enter component instance: it is already running a call");
  }
  for_entering_set(caller, [](ComponentInstanceFlags& i) { i.may_enter_ = false; });
  return {};
}

void ComponentInstanceFlags::leave_to_slow(const ComponentInstanceFlags* caller) {
  for_entering_set(caller, [](ComponentInstanceFlags& i) { i.may_enter_ = true; });
}

Result<void> ComponentInstanceFlags::check_may_leave() const {
  if (may_leave_) return {};
  return trap_error(TrapKind::CannotLeaveComponent,
                    "cannot leave component instance: it called out during its realloc or post-return");
}

Result<void> ComponentInstanceFlags::without_leaving(const std::function<Result<void>()>& fn) {
  bool before = may_leave_;
  may_leave_ = false;
  Result<void> r = fn();
  may_leave_ = before;
  return r;
}

Result<void> check_borrows_returned(const CallScope& scope) {
  if (scope.num_borrows() == 0) return {};
  return handle_trap("borrow handles still remain at the end of the call: " + std::to_string(scope.num_borrows()) +
                     " borrowed handle(s) were not dropped");
}

Result<void> run_lifted_call(ComponentInstanceFlags& callee, const ComponentInstanceFlags* caller,
                             const CallScope& scope, const std::function<Result<void>()>& call,
                             const std::function<Result<void>()>& post_return) {
  auto entered = callee.enter_from(caller);
  if (!entered) return entered;
  Result<void> r = call();
  if (r) r = check_borrows_returned(scope);
  if (r && post_return) r = callee.without_leaving(post_return);
  // A trap leaves the instance entered for good, so nothing can call into the half-finished
  // state again: wasmtime poisons a trapped instance the same way (the spec traps the store).
  if (r) callee.leave_to(caller);
  return r;
}

Result<void> run_lowered_call(const ComponentInstanceFlags& caller, CallScope& scope,
                              const std::function<Result<void>()>& call) {
  auto leave = caller.check_may_leave();
  if (!leave) return leave;
  Result<void> r = call();
  scope.finish();
  return r;
}

}  // namespace stratus::component::abi
