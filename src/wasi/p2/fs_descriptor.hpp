// wasi:filesystem/types.descriptor: one open file or directory and every method of it.
//
// Paths are resolved by preview 1's sandbox (wasi/sandbox.hpp), never here: whole paths with
// open_beneath, names acted on in a directory with open_parent_beneath and a *at call that
// does not follow the last component. Escapes (absolute paths, `..` above the base, symlinks
// out, symlink-at targets that are absolute) fail with not-permitted, as the WIT prescribes.
//
// A descriptor carries its preopen's permission: a read-only preopen, and everything opened
// beneath it, refuses every write with not-permitted (wasmtime's answer). Writing through a
// descriptor not opened for writing is bad-descriptor, as the kernel's EBADF says.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "wasi/p2/fs_error.hpp"
#include "wasi/p2/fs_types.hpp"
#include "wasi/unique_fd.hpp"

namespace stratus::wasi::p2 {

class DirectoryEntryStream;
class FileInputStream;
class FileOutputStream;

class Descriptor {
 public:
  // A preopened directory; `read_only` governs it and everything opened beneath it.
  static FsOr<Descriptor> open_directory(const std::string& host_path, bool read_only);
  // A preopen the context holds open: a descriptor of its own on the same directory (for
  // preopens.get-directories, which hands out a new descriptor per call).
  static FsOr<Descriptor> share_directory(int dir_fd, bool read_only);

  // The descriptor shares the host descriptor with its copies and its streams.
  int host_fd() const { return fd_->get(); }
  bool is_directory() const { return is_directory_; }

  FsOr<std::unique_ptr<FileInputStream>> read_via_stream(uint64_t offset) const;
  FsOr<std::unique_ptr<FileOutputStream>> write_via_stream(uint64_t offset) const;
  FsOr<std::unique_ptr<FileOutputStream>> append_via_stream() const;
  FsOr<Unit> advise(uint64_t offset, uint64_t length, Advice advice) const;
  FsOr<Unit> sync_data() const;
  FsOr<DescriptorFlags> get_flags() const;
  FsOr<DescriptorType> get_type() const;
  FsOr<Unit> set_size(uint64_t size) const;
  FsOr<Unit> set_times(NewTimestamp access, NewTimestamp modification) const;
  // At most kMaxReadChunk bytes however many are asked for; `true` once the file has no
  // more bytes at `offset`.
  FsOr<std::tuple<std::vector<uint8_t>, bool>> read(uint64_t length, uint64_t offset) const;
  FsOr<uint64_t> write(std::span<const uint8_t> buffer, uint64_t offset) const;
  FsOr<DirectoryEntryStream> read_directory() const;
  FsOr<Unit> sync() const;
  FsOr<Unit> create_directory_at(std::string_view path) const;
  FsOr<DescriptorStat> stat() const;
  FsOr<DescriptorStat> stat_at(PathFlags flags, std::string_view path) const;
  FsOr<Unit> set_times_at(PathFlags flags, std::string_view path, NewTimestamp access,
                          NewTimestamp modification) const;
  FsOr<Unit> link_at(PathFlags old_flags, std::string_view old_path, const Descriptor& new_dir,
                     std::string_view new_path) const;
  FsOr<Descriptor> open_at(PathFlags path_flags, std::string_view path, OpenFlags open_flags,
                           DescriptorFlags flags) const;
  FsOr<std::string> readlink_at(std::string_view path) const;
  FsOr<Unit> remove_directory_at(std::string_view path) const;
  FsOr<Unit> rename_at(std::string_view old_path, const Descriptor& new_dir, std::string_view new_path) const;
  FsOr<Unit> symlink_at(std::string_view old_path, std::string_view new_path) const;
  FsOr<Unit> unlink_file_at(std::string_view path) const;
  bool is_same_object(const Descriptor& other) const;
  FsOr<MetadataHashValue> metadata_hash() const;
  FsOr<MetadataHashValue> metadata_hash_at(PathFlags flags, std::string_view path) const;

  // A guest asking for gigabytes gets this much per call (short reads are in the contract).
  static constexpr uint64_t kMaxReadChunk = 1u << 20;
  // write() takes at most this much in one call (it reports how much it wrote), so one
  // guest call never holds the host in an arbitrarily long write.
  static constexpr uint64_t kMaxWriteChunk = 1u << 20;

 private:
  Descriptor(UniqueFd fd, bool is_directory, bool readable, bool writable, bool read_only);
  FsOr<Unit> check_file() const;
  FsOr<Unit> check_directory() const;
  FsOr<Unit> check_mutable_directory() const;

  std::shared_ptr<UniqueFd> fd_;
  bool is_directory_ = false;
  bool readable_ = false;  // the open mode
  bool writable_ = false;
  bool read_only_ = false;  // the preopen's permission
};

// The stream read-directory returns: every entry but `.` and `..`, from the start of the
// directory, independent of other streams on it.
class DirectoryEntryStream {
 public:
  // none at the end; illegal-byte-sequence for a name that is not UTF-8 (a WIT string cannot
  // hold it), after which the stream goes on with the next entry.
  FsOr<std::optional<DirectoryEntry>> read_directory_entry();

 private:
  friend class Descriptor;
  struct Dir;
  explicit DirectoryEntryStream(std::shared_ptr<Dir> dir) : dir_(std::move(dir)) {}
  std::shared_ptr<Dir> dir_;
};

}  // namespace stratus::wasi::p2
