// The wasi_snapshot_preview1 functions, host side. Each takes the context and the caller's
// memory plus the raw wasm arguments and returns the WASI errno; add_to_linker binds them.
// They never trust a guest pointer: GuestMemory checks each one.
#pragma once

#include <cstdint>

#include "wasi/ctx.hpp"
#include "wasi/errno.hpp"
#include "wasi/guest_memory.hpp"

namespace stratus::wasi::calls {

using Mem = const GuestMemory&;

// args and environment (args_env.cpp)
Errno args_get(WasiCtx&, Mem, uint32_t argv, uint32_t argv_buf);
Errno args_sizes_get(WasiCtx&, Mem, uint32_t argc_out, uint32_t buf_size_out);
Errno environ_get(WasiCtx&, Mem, uint32_t environ, uint32_t environ_buf);
Errno environ_sizes_get(WasiCtx&, Mem, uint32_t count_out, uint32_t buf_size_out);

// clocks, randomness, scheduling (clocks.cpp)
Errno clock_res_get(WasiCtx&, Mem, uint32_t clock_id, uint32_t resolution_out);
Errno clock_time_get(WasiCtx&, Mem, uint32_t clock_id, uint64_t precision, uint32_t time_out);
Errno random_get(WasiCtx&, Mem, uint32_t buf, uint32_t buf_len);
Errno sched_yield(WasiCtx&, Mem);
Errno proc_raise(WasiCtx&, Mem, uint32_t signal);

// descriptor state (fd_ops.cpp)
Errno fd_advise(WasiCtx&, Mem, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
Errno fd_allocate(WasiCtx&, Mem, uint32_t fd, uint64_t offset, uint64_t len);
Errno fd_close(WasiCtx&, Mem, uint32_t fd);
Errno fd_datasync(WasiCtx&, Mem, uint32_t fd);
Errno fd_sync(WasiCtx&, Mem, uint32_t fd);
Errno fd_fdstat_get(WasiCtx&, Mem, uint32_t fd, uint32_t stat_out);
Errno fd_fdstat_set_flags(WasiCtx&, Mem, uint32_t fd, uint32_t flags);
Errno fd_fdstat_set_rights(WasiCtx&, Mem, uint32_t fd, uint64_t base, uint64_t inheriting);
Errno fd_filestat_get(WasiCtx&, Mem, uint32_t fd, uint32_t stat_out);
Errno fd_filestat_set_size(WasiCtx&, Mem, uint32_t fd, uint64_t size);
Errno fd_filestat_set_times(WasiCtx&, Mem, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno fd_renumber(WasiCtx&, Mem, uint32_t fd, uint32_t to);
Errno fd_prestat_get(WasiCtx&, Mem, uint32_t fd, uint32_t prestat_out);
Errno fd_prestat_dir_name(WasiCtx&, Mem, uint32_t fd, uint32_t path, uint32_t path_len);

// data transfer (fd_io.cpp)
Errno fd_read(WasiCtx&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out);
Errno fd_write(WasiCtx&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out);
Errno fd_pread(WasiCtx&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nread_out);
Errno fd_pwrite(WasiCtx&, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                uint32_t nwritten_out);
Errno fd_seek(WasiCtx&, Mem, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out);
Errno fd_tell(WasiCtx&, Mem, uint32_t fd, uint32_t offset_out);
Errno fd_readdir(WasiCtx&, Mem, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie, uint32_t bufused_out);

// paths (path_ops.cpp, path_open.cpp)
Errno path_create_directory(WasiCtx&, Mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_filestat_get(WasiCtx&, Mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                        uint32_t stat_out);
Errno path_filestat_set_times(WasiCtx&, Mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                              uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno path_link(WasiCtx&, Mem, uint32_t old_fd, uint32_t old_flags, uint32_t old_path, uint32_t old_path_len,
                uint32_t new_fd, uint32_t new_path, uint32_t new_path_len);
Errno path_open(WasiCtx&, Mem, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len, uint32_t oflags,
                uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags, uint32_t fd_out);
Errno path_readlink(WasiCtx&, Mem, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf, uint32_t buf_len,
                    uint32_t bufused_out);
Errno path_remove_directory(WasiCtx&, Mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_rename(WasiCtx&, Mem, uint32_t fd, uint32_t old_path, uint32_t old_path_len, uint32_t new_fd,
                  uint32_t new_path, uint32_t new_path_len);
Errno path_symlink(WasiCtx&, Mem, uint32_t old_path, uint32_t old_path_len, uint32_t fd, uint32_t new_path,
                   uint32_t new_path_len);
Errno path_unlink_file(WasiCtx&, Mem, uint32_t fd, uint32_t path, uint32_t path_len);

// readiness (poll.cpp)
Errno poll_oneoff(WasiCtx&, Mem, uint32_t in, uint32_t out, uint32_t nsubscriptions, uint32_t nevents_out);

// sockets (sock_ops.cpp)
Errno sock_accept(WasiCtx&, Mem, uint32_t fd, uint32_t flags, uint32_t fd_out);
Errno sock_recv(WasiCtx&, Mem, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len, uint32_t ri_flags,
                uint32_t ro_datalen_out, uint32_t ro_flags_out);
Errno sock_send(WasiCtx&, Mem, uint32_t fd, uint32_t si_data, uint32_t si_data_len, uint32_t si_flags,
                uint32_t so_datalen_out);
Errno sock_shutdown(WasiCtx&, Mem, uint32_t fd, uint32_t how);

}  // namespace stratus::wasi::calls
