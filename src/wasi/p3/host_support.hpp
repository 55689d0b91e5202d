// What the WASI 0.3 Host implementations share: the context lookup (WASI 0.2's) and how each
// group of interfaces adds itself.
#pragma once

#include <memory>

#include "stratus/component/bindings.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "wasi/p2/host_support.hpp"
#include "wasi/p3/wasi_p3.hpp"

namespace stratus::wasi::p3 {

namespace bindings = component::bindings;
using p2::CtxHost;

// Every Host is stateless beyond the lookup: one per Linker, shared by its Stores.
template <class Interface, class HostImpl>
auto shared_host(std::shared_ptr<HostImpl> host) {
  return [host = std::move(host)](Store&) -> Interface& { return *host; };
}

Result<void> add_cli_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const p2::CtxLookup& lookup);
Result<void> add_clocks_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                  const p2::CtxLookup& lookup);
Result<void> add_http_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const p2::CtxLookup& lookup);
Result<void> add_filesystem_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                      const p2::CtxLookup& lookup);
Result<void> add_stdio_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                 const p2::CtxLookup& lookup);
Result<void> add_random_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                  const p2::CtxLookup& lookup);
Result<void> add_sockets_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                   const p2::CtxLookup& lookup);

}  // namespace stratus::wasi::p3
