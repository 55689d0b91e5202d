// Binds the host-side calls to wasm imports: types come from each call's C++ signature, so a
// declaration and its wasm type cannot drift apart.
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "stratus/extern.hpp"
#include "stratus/trap.hpp"
#include "wasi/calls.hpp"
#include "wasi/wasi.hpp"

namespace stratus::wasi {
namespace {

template <class T>
constexpr ValType wasm_type() {
  static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);
  return std::is_same_v<T, uint32_t> ? ValType::I32 : ValType::I64;
}

template <class T>
T from_val(const Val& v) {
  if constexpr (std::is_same_v<T, uint32_t>) return static_cast<uint32_t>(v.i32());
  else return static_cast<uint64_t>(v.i64());
}

GuestMemory memory_of(const Caller& caller) {
  // A module without memory can still call clock or proc functions; any pointer it passes
  // then fails the bounds check with EFAULT.
  auto memory = caller.memory();
  return memory && *memory ? GuestMemory(memory->span()) : GuestMemory();
}

template <class... Args, size_t... I>
Errno invoke(Errno (*fn)(WasiCtx&, const GuestMemory&, Args...), WasiCtx& ctx, const GuestMemory& mem,
             std::span<const Val> params, std::index_sequence<I...>) {
  return fn(ctx, mem, from_val<Args>(params[I])...);
}

template <class... Args>
Result<void> bind(Linker& linker, const std::shared_ptr<WasiCtx>& ctx, const char* name,
                  Errno (*fn)(WasiCtx&, const GuestMemory&, Args...)) {
  FuncType type{{wasm_type<Args>()...}, {ValType::I32}};
  return linker.define_func(
      kModuleName, name, std::move(type),
      [ctx, fn](Caller& caller, std::span<const Val> params, std::span<Val> results) -> Result<void> {
        if (params.size() != sizeof...(Args) || results.size() != 1)
          return Error(ErrorKind::Host, "wasi: called with the wrong number of values");
        const GuestMemory mem = memory_of(caller);
        const Errno err = invoke(fn, *ctx, mem, params, std::index_sequence_for<Args...>{});
        results[0] = Val::i32(static_cast<int32_t>(err));
        return {};
      });
}

Result<void> bind_proc_exit(Linker& linker) {
  return linker.define_func(kModuleName, "proc_exit", FuncType{{ValType::I32}, {}},
                            [](Caller&, std::span<const Val> params, std::span<Val>) -> Result<void> {
                              const int32_t code = params.empty() ? 0 : params[0].i32();
                              return Error(std::make_shared<Trap>(TrapKind::Exit, "exit", std::vector<Frame>{}, code));
                            });
}

}  // namespace

Result<void> add_to_linker(Linker& linker, std::shared_ptr<WasiCtx> ctx) {
  if (!ctx) return Error(ErrorKind::Config, "wasi: add_to_linker needs a context");
  namespace c = calls;
  using Binder = Result<void> (*)(Linker&, const std::shared_ptr<WasiCtx>&);
  // One line per import; the list is the whole of wasi_snapshot_preview1.
#define STRATUS_WASI_BIND(name) [](Linker& l, const std::shared_ptr<WasiCtx>& x) { return bind(l, x, #name, &c::name); }
  const Binder binders[] = {
      STRATUS_WASI_BIND(args_get),          STRATUS_WASI_BIND(args_sizes_get),
      STRATUS_WASI_BIND(environ_get),       STRATUS_WASI_BIND(environ_sizes_get),
      STRATUS_WASI_BIND(clock_res_get),     STRATUS_WASI_BIND(clock_time_get),
      STRATUS_WASI_BIND(fd_advise),         STRATUS_WASI_BIND(fd_allocate),
      STRATUS_WASI_BIND(fd_close),          STRATUS_WASI_BIND(fd_datasync),
      STRATUS_WASI_BIND(fd_fdstat_get),     STRATUS_WASI_BIND(fd_fdstat_set_flags),
      STRATUS_WASI_BIND(fd_fdstat_set_rights), STRATUS_WASI_BIND(fd_filestat_get),
      STRATUS_WASI_BIND(fd_filestat_set_size), STRATUS_WASI_BIND(fd_filestat_set_times),
      STRATUS_WASI_BIND(fd_pread),          STRATUS_WASI_BIND(fd_prestat_get),
      STRATUS_WASI_BIND(fd_prestat_dir_name), STRATUS_WASI_BIND(fd_pwrite),
      STRATUS_WASI_BIND(fd_read),           STRATUS_WASI_BIND(fd_readdir),
      STRATUS_WASI_BIND(fd_renumber),       STRATUS_WASI_BIND(fd_seek),
      STRATUS_WASI_BIND(fd_sync),           STRATUS_WASI_BIND(fd_tell),
      STRATUS_WASI_BIND(fd_write),          STRATUS_WASI_BIND(path_create_directory),
      STRATUS_WASI_BIND(path_filestat_get), STRATUS_WASI_BIND(path_filestat_set_times),
      STRATUS_WASI_BIND(path_link),         STRATUS_WASI_BIND(path_open),
      STRATUS_WASI_BIND(path_readlink),     STRATUS_WASI_BIND(path_remove_directory),
      STRATUS_WASI_BIND(path_rename),       STRATUS_WASI_BIND(path_symlink),
      STRATUS_WASI_BIND(path_unlink_file),  STRATUS_WASI_BIND(poll_oneoff),
      STRATUS_WASI_BIND(proc_raise),        STRATUS_WASI_BIND(sched_yield),
      STRATUS_WASI_BIND(random_get),        STRATUS_WASI_BIND(sock_accept),
      STRATUS_WASI_BIND(sock_recv),         STRATUS_WASI_BIND(sock_send),
      STRATUS_WASI_BIND(sock_shutdown),
  };
#undef STRATUS_WASI_BIND
  for (Binder b : binders)
    if (auto r = b(linker, ctx); !r) return r;
  return bind_proc_exit(linker);
}

}  // namespace stratus::wasi
