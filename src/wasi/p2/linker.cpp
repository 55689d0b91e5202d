#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p2 {

Result<void> add_to_linker(component::Linker&, CtxLookup) {
  return Error(ErrorKind::Link, "WASI 0.2 interfaces are not bound yet (waiting on the generated bindings)");
}

}  // namespace stratus::wasi::p2
