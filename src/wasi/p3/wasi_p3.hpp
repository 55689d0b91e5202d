// WASI 0.3 for components, as far as it goes without the async component model: the
// synchronous functions of wasi:cli (environment, exit, terminal-*), wasi:clocks (types,
// monotonic-clock and system-clock now / get-resolution) and wasi:random, on the bindings
// generated from jco's 0.3.0 WIT (stratus_wit_wasi_p3). They run on WASI 0.2's WasiP2Ctx, so
// a Store's arguments, environment, stdio, clocks and random source are the ones preview 1
// and 0.2 see; a Linker may hold 0.2 and 0.3 side by side.
//
// Not defined yet, since they need the async host API: monotonic-clock wait-until / wait-for,
// wasi:cli stdin/stdout/stderr (streams), run; wasi:filesystem, wasi:sockets, wasi:http. A
// component importing one fails to link, naming it.
#pragma once

#include "stratus/component/linker.hpp"
#include "stratus/result.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p3 {

// As p2::add_to_linker: without `get_ctx`, Store::user_data() must be the Store's WasiP2Ctx*.
Result<void> add_to_linker(component::Linker& linker, p2::CtxLookup get_ctx = nullptr);

}  // namespace stratus::wasi::p3
