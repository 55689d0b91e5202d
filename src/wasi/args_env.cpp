// args_* and environ_*: both hand the guest a vector of NUL-terminated strings laid out as
// an array of pointers plus one contiguous buffer, so they share one implementation.

#include "wasi/calls.hpp"

namespace stratus::wasi::calls {
namespace {

Errno write_sizes(Mem mem, const StringList& strings, uint32_t count_out, uint32_t size_out) {
  const uint64_t size = strings.packed().size();
  if (strings.size() > UINT32_MAX || size > UINT32_MAX) return Errno::Overflow;
  if (!mem.store<uint32_t>(count_out, static_cast<uint32_t>(strings.size()))) return Errno::Fault;
  if (!mem.store<uint32_t>(size_out, static_cast<uint32_t>(size))) return Errno::Fault;
  return Errno::Success;
}

Errno write_strings(Mem mem, const StringList& strings, uint32_t pointers, uint32_t buffer) {
  // Check both regions whole before writing anything: no partial results on EFAULT.
  if (!mem.in_bounds(pointers, uint64_t{4} * strings.size())) return Errno::Fault;
  if (!mem.in_bounds(buffer, strings.packed().size())) return Errno::Fault;
  for (size_t i = 0; i < strings.size(); ++i)
    (void)mem.store<uint32_t>(pointers + 4 * i, static_cast<uint32_t>(buffer + strings.offset(i)));
  (void)mem.write_bytes(buffer, strings.packed());
  return Errno::Success;
}

}  // namespace

Errno args_get(WasiCtx& ctx, Mem mem, uint32_t argv, uint32_t argv_buf) {
  return write_strings(mem, ctx.args(), argv, argv_buf);
}
Errno args_sizes_get(WasiCtx& ctx, Mem mem, uint32_t argc_out, uint32_t buf_size_out) {
  return write_sizes(mem, ctx.args(), argc_out, buf_size_out);
}
Errno environ_get(WasiCtx& ctx, Mem mem, uint32_t environ, uint32_t environ_buf) {
  return write_strings(mem, ctx.env(), environ, environ_buf);
}
Errno environ_sizes_get(WasiCtx& ctx, Mem mem, uint32_t count_out, uint32_t buf_size_out) {
  return write_sizes(mem, ctx.env(), count_out, buf_size_out);
}

}  // namespace stratus::wasi::calls
