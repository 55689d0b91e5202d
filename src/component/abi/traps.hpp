// The errors the canonical ABI reports. A guest's bad value is a trap (the guest broke the
// ABI's rules); a host's value that does not fit its type is an Argument error (the
// embedder's bug, with what to fix).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "stratus/result.hpp"
#include "stratus/trap.hpp"

namespace stratus::component::abi {

inline Error trap_error(TrapKind kind, std::string message) {
  return Error(std::make_shared<const Trap>(kind, std::move(message)));
}
// A guest value or range the canonical ABI rejects; `what` says which and why.
inline Error abi_trap(std::string what) { return trap_error(TrapKind::CanonicalAbi, std::move(what)); }
inline Error handle_trap(std::string what) { return trap_error(TrapKind::InvalidResourceHandle, std::move(what)); }
// An address or a value in hex for messages: 0x1f.
inline std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%#llx", static_cast<unsigned long long>(v));
  return buf;
}

inline Error host_value_error(std::string what) { return Error(ErrorKind::Argument, std::move(what)); }

}  // namespace stratus::component::abi
