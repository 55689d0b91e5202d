#include "wasi/p2/sockets_error.hpp"

namespace stratus::wasi::p2 {

NetErrorCode net_error_from(Errno e) {
  using C = NetErrorCode;
  switch (e) {
    case Errno::Acces:
    case Errno::Perm:
    case Errno::Notcapable: return C::AccessDenied;
    case Errno::Afnosupport:
    case Errno::Notsup:
    case Errno::Protonosupport:
    case Errno::Prototype:
    case Errno::Noprotoopt:
    case Errno::Nosys: return C::NotSupported;
    case Errno::Inval: return C::InvalidArgument;
    case Errno::Nomem:
    case Errno::Nobufs: return C::OutOfMemory;
    case Errno::Timedout: return C::Timeout;
    case Errno::Already: return C::ConcurrencyConflict;  // wasmtime's reading of EALREADY
    case Errno::Again:
    case Errno::Inprogress: return C::WouldBlock;
    case Errno::Isconn:
    case Errno::Notconn:
    case Errno::Destaddrreq: return C::InvalidState;
    case Errno::Mfile:
    case Errno::Nfile: return C::NewSocketLimit;
    case Errno::Addrnotavail: return C::AddressNotBindable;
    case Errno::Addrinuse: return C::AddressInUse;
    case Errno::Netunreach:
    case Errno::Hostunreach:
    case Errno::Netdown: return C::RemoteUnreachable;
    case Errno::Connrefused: return C::ConnectionRefused;
    case Errno::Connreset:
    case Errno::Pipe: return C::ConnectionReset;
    case Errno::Connaborted: return C::ConnectionAborted;
    case Errno::Msgsize: return C::DatagramTooLarge;
    default: return C::Unknown;
  }
}

NetErrorCode last_net_error() { return net_error_from(last_host_errno()); }

}  // namespace stratus::wasi::p2
