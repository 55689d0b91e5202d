// The value types of wasi:filesystem/types as plain C++, field for field and case for case
// in the WIT's order, so binding them to the generated types is a member-wise copy.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <optional>
#include <string>

namespace stratus::wasi::p2 {

enum class DescriptorType : uint8_t {
  Unknown, BlockDevice, CharacterDevice, Directory, Fifo, SymbolicLink, RegularFile, Socket,
};
DescriptorType descriptor_type_of_mode(mode_t mode);

struct DescriptorFlags {
  bool read = false;
  bool write = false;
  bool file_integrity_sync = false;
  bool data_integrity_sync = false;
  bool requested_write_sync = false;
  bool mutate_directory = false;
};

struct PathFlags {
  bool symlink_follow = false;
};

struct OpenFlags {
  bool create = false;
  bool directory = false;
  bool exclusive = false;
  bool truncate = false;
};

// wasi:clocks/wall-clock.datetime
struct Datetime {
  uint64_t seconds = 0;
  uint32_t nanoseconds = 0;
};

struct NewTimestamp {
  enum class Kind : uint8_t { NoChange, Now, Timestamp };
  Kind kind = Kind::NoChange;
  Datetime timestamp;  // meaningful for Kind::Timestamp only

  static NewTimestamp no_change() { return {}; }
  static NewTimestamp now() { return {Kind::Now, {}}; }
  static NewTimestamp at(Datetime t) { return {Kind::Timestamp, t}; }
};

struct DescriptorStat {
  DescriptorType type = DescriptorType::Unknown;
  uint64_t link_count = 0;
  uint64_t size = 0;
  std::optional<Datetime> data_access_timestamp;
  std::optional<Datetime> data_modification_timestamp;
  std::optional<Datetime> status_change_timestamp;
};
DescriptorStat descriptor_stat_of(const struct stat& st);

struct DirectoryEntry {
  DescriptorType type = DescriptorType::Unknown;
  std::string name;
};

enum class Advice : uint8_t { Normal, Sequential, Random, WillNeed, DontNeed, NoReuse };

struct MetadataHashValue {
  uint64_t lower = 0;
  uint64_t upper = 0;
  bool operator==(const MetadataHashValue&) const = default;
};
// The same value for the same file (device and inode) for the life of the host, without
// handing the guest the raw inode numbers.
MetadataHashValue metadata_hash_of(const struct stat& st);

}  // namespace stratus::wasi::p2
