// WASI 0.3 for components: wasi:cli (environment, exit, terminal-*, and stdin/stdout/stderr
// over the host's stream ends); wasi:clocks (types, system-clock, monotonic-clock with its
// async wait-until / wait-for, a timer on the thread's EventLoop); wasi:filesystem (types,
// preopens, on WASI 0.2's descriptors and preview 1's sandbox); wasi:random; wasi:sockets
// (types and ip-name-lookup, on WASI 0.2's socket code and the EventLoop); wasi:http/types
// (bodies on the host's stream and future ends, http_body.hpp); on the bindings generated from
// jco's 0.3.0 WIT (stratus_wit_wasi_p3). They run on WASI 0.2's WasiP2Ctx, so a Store's
// arguments, environment, stdio, preopens, clocks and random source are the ones preview 1 and
// 0.2 see; a Linker may hold 0.2 and 0.3 side by side (`stratus run` links both).
//
// wasi:http/client is defined only when the caller gives one (`http_client`): its HTTP client
// is libcurl's, which `stratus run` does not load; a component importing it otherwise fails to
// link, naming it. (wasi:cli/run and wasi:http/handler are the guest's exports.)
#pragma once

#include "stratus/component/bindings.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/result.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p3 {

// How one more interface group adds itself, after (and seeing the resource types of) the others.
using InterfaceAdder = Result<void> (*)(component::Linker&, component::bindings::ResourceTypes&, const p2::CtxLookup&);

// As p2::add_to_linker: without `get_ctx`, Store::user_data() must be the Store's WasiP2Ctx*.
Result<void> add_to_linker(component::Linker& linker, p2::CtxLookup get_ctx = nullptr,
                           InterfaceAdder http_client = nullptr);
// The same, recording the resource types defined in `types` (what a host handing the guest a
// wasi:http request needs).
Result<void> add_to_linker(component::Linker& linker, component::bindings::ResourceTypes& types,
                           p2::CtxLookup get_ctx = nullptr, InterfaceAdder http_client = nullptr);

}  // namespace stratus::wasi::p3
