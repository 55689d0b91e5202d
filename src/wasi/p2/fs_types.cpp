#include "wasi/p2/fs_types.hpp"

namespace stratus::wasi::p2 {
namespace {

// A timestamp before 1970 has no datetime (its seconds are unsigned): the WIT's "none".
std::optional<Datetime> datetime_of(const timespec& ts) {
  if (ts.tv_sec < 0 || ts.tv_nsec < 0) return std::nullopt;
  return Datetime{static_cast<uint64_t>(ts.tv_sec), static_cast<uint32_t>(ts.tv_nsec)};
}

// splitmix64's finaliser: every input bit reaches every output bit, so neighbouring inodes
// give unrelated hashes.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

DescriptorType descriptor_type_of_mode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFBLK: return DescriptorType::BlockDevice;
    case S_IFCHR: return DescriptorType::CharacterDevice;
    case S_IFDIR: return DescriptorType::Directory;
    case S_IFIFO: return DescriptorType::Fifo;
    case S_IFLNK: return DescriptorType::SymbolicLink;
    case S_IFREG: return DescriptorType::RegularFile;
    case S_IFSOCK: return DescriptorType::Socket;
    default: return DescriptorType::Unknown;
  }
}

DescriptorStat descriptor_stat_of(const struct stat& st) {
  DescriptorStat out;
  out.type = descriptor_type_of_mode(st.st_mode);
  out.link_count = static_cast<uint64_t>(st.st_nlink);
  out.size = static_cast<uint64_t>(st.st_size);
  out.data_access_timestamp = datetime_of(st.st_atim);
  out.data_modification_timestamp = datetime_of(st.st_mtim);
  out.status_change_timestamp = datetime_of(st.st_ctim);
  return out;
}

MetadataHashValue metadata_hash_of(const struct stat& st) {
  const uint64_t dev = mix(static_cast<uint64_t>(st.st_dev));
  const uint64_t ino = static_cast<uint64_t>(st.st_ino);
  return {mix(dev ^ ino), mix(dev + mix(ino))};
}

}  // namespace stratus::wasi::p2
