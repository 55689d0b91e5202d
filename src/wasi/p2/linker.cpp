#include <cassert>

#include "wasi/p2/host_support.hpp"

namespace stratus::wasi::p2 {
WasiP2Ctx& ctx_from_user_data(Store& store) {
  // An embedder contract (see wasi_p2.hpp), not something a guest can break.
  assert(store.user_data() != nullptr && "add_to_linker without a lookup needs Store::set_user_data(WasiP2Ctx*)");
  return *static_cast<WasiP2Ctx*>(store.user_data());
}

Result<void> add_to_linker(component::Linker& linker, CtxLookup get_ctx) {
  bindings::ResourceTypes types;
  return add_to_linker(linker, types, std::move(get_ctx));
}

Result<void> add_to_linker(component::Linker& linker, bindings::ResourceTypes& types, CtxLookup get_ctx) {
  if (!get_ctx) get_ctx = ctx_from_user_data;
  // Dependency order: an interface after those whose resource types it uses.
  using Adder = Result<void> (*)(component::Linker&, bindings::ResourceTypes&, const CtxLookup&);
  static constexpr Adder kAdders[] = {add_io_to_linker, add_clocks_to_linker, add_random_to_linker, add_cli_to_linker,
                                       add_filesystem_to_linker, add_sockets_to_linker};
  for (Adder add : kAdders)
    if (auto r = add(linker, types, get_ctx); !r) return r;
  return {};
}

}  // namespace stratus::wasi::p2
