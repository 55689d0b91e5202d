// The guest's descriptor numbering: guest fd -> host descriptor plus WASI rights.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "wasi/errno.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi {

struct FdEntry {
  UniqueFd host;
  uint8_t filetype = 0;  // abi::kFiletype*
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  // Set for preopened directories: the name the guest sees in fd_prestat_dir_name.
  std::optional<std::string> preopen_name;
  // Beneath a read-only preopen: its rights lack abi::right::Mutating, and asking for one is
  // EPERM (as a read-only preopen answers in wasmtime and in WASI 0.2), not ENOTCAPABLE.
  bool read_only = false;

  bool has(uint64_t rights) const { return (rights_base & rights) == rights; }
  // The error for a call needing `rights` this entry lacks.
  Errno lacking(uint64_t rights) const;
};

class FdTable {
 public:
  // Takes the lowest free guest number, as POSIX does, so guests that assume 3, 4, ...
  // for their preopens see exactly that.
  ErrnoOr<uint32_t> insert(FdEntry entry);
  // Places `entry` at `fd`, replacing (and closing) whatever was there.
  void insert_at(uint32_t fd, FdEntry entry);
  FdEntry* get(uint32_t fd);
  // The entry if it exists and holds `rights`; EBADF or ENOTCAPABLE otherwise.
  ErrnoOr<FdEntry*> get_with(uint32_t fd, uint64_t rights);
  Errno close(uint32_t fd);
  // fd_renumber: moves `from` onto `to`, closing what `to` held. Both must be open.
  Errno renumber(uint32_t from, uint32_t to);
  size_t size() const { return entries_.size(); }

  // Keeps a guest from exhausting host descriptors through us.
  static constexpr uint32_t kMaxOpen = 16384;

 private:
  std::map<uint32_t, FdEntry> entries_;
};

}  // namespace stratus::wasi
