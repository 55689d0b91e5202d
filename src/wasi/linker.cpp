// Binds the host-side calls to wasm imports: types come from each call's C++ signature (through
// Linker::func_wrap), so a declaration and its wasm type cannot drift apart.
#include <memory>
#include <utility>
#include <vector>

#include "stratus/linker.hpp"
#include "stratus/trap.hpp"
#include "wasi/calls.hpp"
#include "wasi/wasi.hpp"

namespace stratus::wasi {
namespace {

GuestMemory memory_of(const Caller& caller) {
  // A module without memory can still call clock or proc functions; any pointer it passes
  // then fails the bounds check with EFAULT.
  auto memory = caller.memory();
  return memory && *memory ? GuestMemory(memory->span()) : GuestMemory();
}

// The wasm type of each call comes from its C++ parameters through Linker::func_wrap; the
// result is the errno as an i32.
template <class... Args>
Result<void> bind(Linker& linker, const std::shared_ptr<WasiCtx>& ctx, const char* name,
                  Errno (*fn)(WasiCtx&, const GuestMemory&, Args...)) {
  return linker.func_wrap(kModuleName, name, [ctx, fn](Caller& caller, Args... args) -> uint32_t {
    return static_cast<uint32_t>(fn(*ctx, memory_of(caller), args...));
  });
}

Result<void> bind_proc_exit(Linker& linker) {
  return linker.func_wrap(kModuleName, "proc_exit", [](int32_t code) -> Result<void> {
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
