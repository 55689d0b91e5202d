// The Host classes of wasi:http 0.2, added to a Linker after WASI 0.2's (whose streams,
// pollables and errors they hand out). proxy.hpp's add_to_linker is what embedders call.
#pragma once

#include "stratus/component/bindings.hpp"
#include "stratus/component/linker.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::http {

Result<void> add_types_to_linker(component::Linker& linker, component::bindings::ResourceTypes& types,
                                 const p2::CtxLookup& lookup);
Result<void> add_outgoing_handler_to_linker(component::Linker& linker, component::bindings::ResourceTypes& types,
                                            const p2::CtxLookup& lookup);

}  // namespace stratus::wasi::http
