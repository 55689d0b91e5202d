// What every WASI 0.2 Host implementation shares: finding the Store's context, and turning
// our stream results, pollables and error objects into the generated bindings' values.
// (The filesystem and sockets hosts make their streams and pollables through these too.)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "stratus/component/bindings.hpp"
#include "stratus/component/linker.hpp"
#include "wasi/p2/pollable.hpp"
#include "wasi/p2/streams.hpp"
#include "wasi/p2/wasi_p2.hpp"
#include "wit/wasi/io/poll.hpp"
#include "wit/wasi/io/streams.hpp"

namespace stratus::wasi::p2 {

namespace bindings = component::bindings;
namespace wit_io = wit::wasi::io;

// What each Host holds: how to find the Store's WasiP2Ctx.
class CtxHost {
 public:
  explicit CtxHost(CtxLookup lookup) : lookup_(std::move(lookup)) {}

 protected:
  WasiP2Ctx& ctx(Store& store) const { return lookup_(store); }

 private:
  CtxLookup lookup_;
};

// Each group of interfaces adds itself: its Hosts, then the generated add_to_linker of each
// interface, in dependency order (an interface after those whose resources it uses).
Result<void> add_io_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup);
Result<void> add_clocks_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup);
Result<void> add_random_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup);
Result<void> add_cli_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup);
Result<void> add_filesystem_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                      const CtxLookup& lookup);
Result<void> add_sockets_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup);

// A stream-error for the guest: a failure's message goes into a new io/error object.
Result<wit_io::streams::StreamError> to_wit(WasiP2Ctx& ctx, const StreamError& error);

template <class T>
using WitStreamResult = bindings::WitResult<T, wit_io::streams::StreamError>;

template <class T>
Result<WitStreamResult<T>> to_wit(WasiP2Ctx& ctx, StreamResult<T> result) {
  if (result) return WitStreamResult<T>::ok(std::move(*result));
  auto error = to_wit(ctx, result.error());
  if (!error) return error.error();
  return WitStreamResult<T>::err(std::move(*error));
}

// A pollable for the guest. With a parent (the stream or socket whose state `target` reads),
// the parent cannot be dropped while the pollable lives.
Result<bindings::Own<wit_io::poll::Pollable>> new_pollable(WasiP2Ctx& ctx, std::function<PollTarget()> target,
                                                           std::optional<uint32_t> parent = std::nullopt);

// New streams for the guest; a child of `parent` (a descriptor, a socket) when given.
Result<bindings::Own<wit_io::streams::InputStream>> new_input_stream(WasiP2Ctx& ctx, std::unique_ptr<InputStream> s,
                                                                     std::optional<uint32_t> parent = std::nullopt);
Result<bindings::Own<wit_io::streams::OutputStream>> new_output_stream(WasiP2Ctx& ctx, std::unique_ptr<OutputStream> s,
                                                                       std::optional<uint32_t> parent = std::nullopt);

// A resource's destructor: removes `rep` (a trap if it is dead, of another type, or still
// has children).
template <class T>
Result<void> drop_object(WasiP2Ctx& ctx, uint32_t rep) {
  if (auto typed = ctx.table().get<T>(rep); !typed) return typed.error();
  auto removed = ctx.table().remove(rep);
  if (!removed) return removed.error();
  return {};
}

}  // namespace stratus::wasi::p2
