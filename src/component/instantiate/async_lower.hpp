// `canon lower ... async` of a host function: the guest's call returns at once with the
// subtask's status, and an async host function (func_new_async) that ends later resolves
// the subtask then (CanonicalABI.md's canon_lower, its `async` case).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "component/abi/context.hpp"
#include "component/abi/layout.hpp"
#include "component/instantiate/records.hpp"
#include "stratus/extern.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

// One `canon lower ... async` definition in one instance: what each of its calls reads.
struct AsyncLowerSite {
  Store* store;
  const FuncRecord* callee;  // as the caller's component sees it (its type tables)
  const FuncRecord* real;    // what it is or views: a host function or another instance's lift
  ComponentInstanceState* caller;
  CanonOptions options;
  abi::FuncLayout layout;  // async_lower_layout's
  std::optional<ValType> result;
};

// A call's core arguments as cells, and its arguments lifted from the caller (spilled params
// read from its memory; lent handles go to `scope`). Traps when the caller may not leave.
struct AsyncLowerArgs {
  std::vector<uint64_t> flat;
  std::vector<Val> args;
};
Result<AsyncLowerArgs> lift_async_arguments(const AsyncLowerSite& s, std::span<const stratus::Val> params,
                                            abi::CallScope& scope);

// The callee's result stored at the caller's result pointer (the call's last flat param).
Result<void> store_async_result(const AsyncLowerSite& s, abi::CallScope& scope, const std::optional<Val>& result,
                                std::span<const uint64_t> flat_params);

// The callee's layout as an `async` lower passes it: at most 4 flat params (CanonicalABI.md's
// MAX_FLAT_ASYNC_PARAMS; more go through a pointer to their tuple), and the result (if any)
// always stored through the pointer the caller passes last. With it, lift_arguments and
// lower_result read and write an async call as they do a sync one.
abi::FuncLayout async_lower_layout(const abi::FuncLayout& sync, bool has_result);

// The core function an `async` lower of `callee` gives `caller`: a host function (or a view
// of one) or another component instance's lifted function.
Result<Extern> make_async_lower(Store& store, const FuncRecord& callee, ComponentInstanceState& caller,
                                CanonOptions options, uint32_t offset);

}  // namespace stratus::component::detail
