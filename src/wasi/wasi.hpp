// WASI preview 1 for Stratus: build a WasiCtx, then add_to_linker() defines every
// wasi_snapshot_preview1 import so command modules can be instantiated.
#pragma once

#include <memory>

#include "stratus/linker.hpp"
#include "stratus/result.hpp"
#include "wasi/ctx.hpp"

namespace stratus::wasi {

inline constexpr const char* kModuleName = "wasi_snapshot_preview1";

// The host functions keep `ctx` alive; one context serves one guest instance.
// proc_exit ends the call with a Trap of kind Exit carrying the guest's status.
Result<void> add_to_linker(Linker& linker, std::shared_ptr<WasiCtx> ctx);

}  // namespace stratus::wasi
