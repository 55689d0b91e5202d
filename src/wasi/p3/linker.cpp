#include <cassert>

#include "wasi/p3/host_support.hpp"

namespace stratus::wasi::p3 {
namespace {

p2::WasiP2Ctx& ctx_from_user_data(Store& store) {
  // An embedder contract (see wasi_p3.hpp), not something a guest can break.
  assert(store.user_data() != nullptr && "add_to_linker without a lookup needs Store::set_user_data(WasiP2Ctx*)");
  return *static_cast<p2::WasiP2Ctx*>(store.user_data());
}

}  // namespace

Result<void> add_to_linker(component::Linker& linker, bindings::ResourceTypes& types, p2::CtxLookup get_ctx,
                           InterfaceAdder http_client) {
  if (!get_ctx) get_ctx = ctx_from_user_data;
  static constexpr InterfaceAdder kAdders[] = {add_clocks_to_linker,    add_random_to_linker, add_cli_to_linker,
                                               add_sockets_to_linker,   add_http_to_linker,   add_stdio_to_linker,
                                               add_filesystem_to_linker};
  for (InterfaceAdder add : kAdders)
    if (auto r = add(linker, types, get_ctx); !r) return r;
  if (http_client) return http_client(linker, types, get_ctx);
  return {};
}

Result<void> add_to_linker(component::Linker& linker, p2::CtxLookup get_ctx, InterfaceAdder http_client) {
  bindings::ResourceTypes types;
  return add_to_linker(linker, types, std::move(get_ctx), http_client);
}

}  // namespace stratus::wasi::p3
