#include "wasi/fd_table.hpp"

#include "wasi/abi.hpp"

namespace stratus::wasi {

ErrnoOr<uint32_t> FdTable::insert(FdEntry entry) {
  if (entries_.size() >= kMaxOpen) return Errno::Mfile;
  uint32_t fd = 0;
  for (const auto& [used, _] : entries_) {  // ordered: the first gap is the lowest free number
    if (used != fd) break;
    ++fd;
  }
  entries_.emplace(fd, std::move(entry));
  return fd;
}

void FdTable::insert_at(uint32_t fd, FdEntry entry) { entries_.insert_or_assign(fd, std::move(entry)); }

FdEntry* FdTable::get(uint32_t fd) {
  auto it = entries_.find(fd);
  return it == entries_.end() ? nullptr : &it->second;
}

Errno FdEntry::lacking(uint64_t rights) const {
  return read_only && (rights & abi::right::Mutating) ? Errno::Perm : Errno::Notcapable;
}

ErrnoOr<FdEntry*> FdTable::get_with(uint32_t fd, uint64_t rights) {
  FdEntry* e = get(fd);
  if (!e) return Errno::Badf;
  if (!e->has(rights)) return e->lacking(rights);
  return e;
}

Errno FdTable::close(uint32_t fd) {
  return entries_.erase(fd) ? Errno::Success : Errno::Badf;
}

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  auto src = entries_.find(from);
  if (src == entries_.end() || !entries_.contains(to)) return Errno::Badf;
  if (from == to) return Errno::Success;
  FdEntry moved = std::move(src->second);
  entries_.erase(src);
  entries_.insert_or_assign(to, std::move(moved));
  return Errno::Success;
}

}  // namespace stratus::wasi
