// wasi:http/client@0.3.0 for a Linker, after p3::add_to_linker's other interfaces (whose
// wasi:http/types it sends): give it as add_to_linker's `http_client`. Its own library
// (stratus_wasi_p3_http), since it is libcurl's and OpenSSL's, which `stratus run` does not load.
#pragma once

#include "stratus/component/bindings.hpp"
#include "stratus/component/linker.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p3 {

Result<void> add_http_client_to_linker(component::Linker& linker, component::bindings::ResourceTypes& types,
                                       const p2::CtxLookup& lookup);

}  // namespace stratus::wasi::p3
