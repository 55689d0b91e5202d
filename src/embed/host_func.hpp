// A HostFunc bound to the VM's host-call ABI (exec/vm_abi.hpp): what a host FuncInst enters.
#pragma once

#include "embed/raw_host_func.hpp"
#include "exec/vm_abi.hpp"
#include "stratus/extern.hpp"
#include "stratus/types.hpp"

namespace stratus::detail {

// Converts the call's cells to Vals, builds the Caller, calls `fn` and writes its results
// back: the one adapter every host function goes through, whoever calls it. `entry` points
// at its record, so a move re-points it; FuncInsts point at `entry`, so a record must not
// move once one does.
struct HostFuncRecord {
  HostFuncRecord(const FuncType* type, HostFunc fn);
  HostFuncRecord(HostFuncRecord&& other) noexcept;
  HostFuncRecord(const HostFuncRecord&) = delete;
  HostFuncRecord& operator=(const HostFuncRecord&) = delete;
  HostFuncRecord& operator=(HostFuncRecord&&) = delete;

  const FuncType* type;  // interned by the engine
  HostFunc fn;
  exec::HostFuncEntry entry;
};

// The record behind wrap_raw (raw_host_func.hpp).
struct RawHostFuncRecord {
  RawHostFuncRecord(const FuncType* type, RawHostFn fn, const void* context);
  RawHostFuncRecord(const RawHostFuncRecord&) = delete;
  RawHostFuncRecord& operator=(const RawHostFuncRecord&) = delete;

  const FuncType* type;  // interned by the engine
  RawHostFn fn;
  const void* context;
  exec::HostFuncEntry entry;
};

}  // namespace stratus::detail
