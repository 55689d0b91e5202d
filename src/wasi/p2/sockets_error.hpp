// wasi:sockets/network's error-code.
#pragma once

#include <cstdint>

#include "wasi/errno.hpp"
#include "wasi/p2/fs_error.hpp"  // CodeOr, Unit: one value-or-code type for every WASI 0.2 interface

namespace stratus::wasi::p2 {

// The cases of wasi:sockets/network.error-code, in the WIT's order.
enum class NetErrorCode : uint8_t {
  Unknown, AccessDenied, NotSupported, InvalidArgument, OutOfMemory, Timeout, ConcurrencyConflict,
  NotInProgress, WouldBlock, InvalidState, NewSocketLimit, AddressNotBindable, AddressInUse,
  RemoteUnreachable, ConnectionRefused, ConnectionReset, ConnectionAborted, DatagramTooLarge,
  NameUnresolvable, TemporaryResolverFailure, PermanentResolverFailure,
};

// Derived from preview 1's errno, as the filesystem's codes are.
NetErrorCode net_error_from(Errno e);
NetErrorCode last_net_error();

template <class T>
using NetOr = CodeOr<T, NetErrorCode>;

}  // namespace stratus::wasi::p2
