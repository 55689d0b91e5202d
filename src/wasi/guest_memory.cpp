#include "wasi/guest_memory.hpp"

#include <climits>

#include "wasi/abi.hpp"

namespace stratus::wasi {

ErrnoOr<std::vector<iovec>> GuestMemory::iovecs(uint32_t iovs_ptr, uint32_t iovs_len) const {
  if (!in_bounds(iovs_ptr, uint64_t{iovs_len} * abi::layout::kIovecSize)) return Errno::Fault;
  std::vector<iovec> out;
  const uint32_t count = iovs_len < IOV_MAX ? iovs_len : IOV_MAX;
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t entry = iovs_ptr + uint64_t{i} * abi::layout::kIovecSize;
    const uint32_t buf = *load<uint32_t>(entry);
    const uint32_t len = *load<uint32_t>(entry + 4);
    auto region = slice(buf, len);
    if (!region) return Errno::Fault;
    if (len == 0) continue;
    out.push_back(iovec{region->data(), region->size()});
  }
  return out;
}

}  // namespace stratus::wasi
