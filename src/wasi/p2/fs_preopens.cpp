#include "wasi/p2/fs_preopens.hpp"

#include <cstring>

namespace stratus::wasi::p2 {

Result<FsPreopens> FsPreopens::open(const std::vector<FsPreopenSpec>& specs) {
  FsPreopens out;
  for (const FsPreopenSpec& spec : specs) {
    auto dir = Descriptor::open_directory(spec.host_path, spec.read_only);
    if (!dir) {
      const int e = errno;
      return Error(ErrorKind::Io, "cannot preopen directory '" + spec.host_path + "': " + std::strerror(e));
    }
    out.preopens_.push_back({std::move(*dir), spec.guest_path});
  }
  return out;
}

}  // namespace stratus::wasi::p2
