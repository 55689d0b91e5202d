// A component instance's `may_enter` and `may_leave` (CanonicalABI.md's ComponentInstance)
// and the checks `canon lift` and `canon lower` make with them, so the instantiator calls
// these around a call instead of restating the rules.
#pragma once

#include <functional>

#include "stratus/result.hpp"

namespace stratus::component::abi {

class CallScope;

class ComponentInstanceFlags {
 public:
  // `parent`: the instance this one is nested in, which a call from outside enters too.
  explicit ComponentInstanceFlags(ComponentInstanceFlags* parent = nullptr) : parent_(parent) {}
  ComponentInstanceFlags(const ComponentInstanceFlags&) = delete;
  ComponentInstanceFlags& operator=(const ComponentInstanceFlags&) = delete;

  bool may_enter() const { return may_enter_; }
  bool may_leave() const { return may_leave_; }
  ComponentInstanceFlags* parent() const { return parent_; }

  // A call from `caller` (null: the host) enters this instance and its ancestors that are
  // not the caller's: false if one of them is already entered (reentrance).
  bool may_enter_from(const ComponentInstanceFlags* caller) const;
  // Traps "cannot enter component instance" when !may_enter_from(caller); else marks them.
  // The host calling a top-level instance, the common case, is decided inline.
  Result<void> enter_from(const ComponentInstanceFlags* caller) {
    if (caller || parent_ || !may_enter_) return enter_from_slow(caller);
    may_enter_ = false;
    return {};
  }
  void leave_to(const ComponentInstanceFlags* caller) {
    if (caller || parent_) return leave_to_slow(caller);
    may_enter_ = true;
  }

  // `canon lower`, `resource.new` and `resource.drop` trap while the instance may not leave
  // (inside its realloc or post-return).
  Result<void> check_may_leave() const;

  // Runs `fn` (a realloc or post-return call into the guest) with may_leave cleared.
  Result<void> without_leaving(const std::function<Result<void>()>& fn);

 private:
  template <class Each>
  void for_entering_set(const ComponentInstanceFlags* caller, Each&& each);
  template <class Each>
  bool all_of_entering_set(const ComponentInstanceFlags* caller, Each&& each) const;

  Result<void> enter_from_slow(const ComponentInstanceFlags* caller);
  void leave_to_slow(const ComponentInstanceFlags* caller);

  ComponentInstanceFlags* parent_;
  bool may_enter_ = true;
  bool may_leave_ = true;
};

// The end of a synchronous lifted call (`task.return`): every borrow the callee received
// must have been dropped. `scope` is the call's.
Result<void> check_borrows_returned(const CallScope& scope);

// A lifted call from the host or another instance, as `canon lift` runs it: enters `callee`
// (trapping on reentrance), runs `call` (lower the arguments, run the core function, lift the
// results), checks the borrows it got came back, runs `post_return` (if any) with may_leave
// cleared, and leaves. After a failed step the callee stays entered: it cannot be called again.
Result<void> run_lifted_call(ComponentInstanceFlags& callee, const ComponentInstanceFlags* caller,
                             const CallScope& scope, const std::function<Result<void>()>& call,
                             const std::function<Result<void>()>& post_return);

// A lowered call out of `caller` (`canon lower`): traps unless the caller may leave, runs
// `call` (lift the arguments, call the callee, lower the result), then ends the call's lends
// and the host's borrows of it, so none outlives the call.
Result<void> run_lowered_call(const ComponentInstanceFlags& caller, CallScope& scope,
                              const std::function<Result<void>()>& call);

}  // namespace stratus::component::abi
