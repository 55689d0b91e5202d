#include "wasi/p2/fs_descriptor.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

#include "binary/reader.hpp"
#include "wasi/p2/fs_file_stream.hpp"
#include "wasi/path_common.hpp"
#include "wasi/sandbox.hpp"

namespace stratus::wasi::p2 {
namespace {

FsOr<Unit> result_of(int rc) {
  if (rc == 0) return Unit{};
  return last_fs_error();
}

FsOr<struct stat> stat_of(int fd) {
  struct stat st{};
  if (fstat(fd, &st) != 0) return last_fs_error();
  return st;
}

bool has_trailing_slash(std::string_view path) { return !path.empty() && path.back() == '/'; }

// The object `path` names, opened O_PATH beneath `dir`. A trailing slash asks for the
// directory a symlink points to, so it implies following (as in preview 1).
FsOr<UniqueFd> open_target(int dir, std::string_view path, bool follow) {
  auto fd = open_beneath(dir, path, O_PATH, 0, follow || has_trailing_slash(path));
  if (!fd) return fs_error_from(fd.error());
  return std::move(*fd);
}

FsOr<ParentDir> parent_of(int dir, std::string_view path) {
  auto parent = open_parent_beneath(dir, path);
  if (!parent) return fs_error_from(parent.error());
  return std::move(*parent);
}

FsOr<timespec> timespec_of(const NewTimestamp& t) {
  switch (t.kind) {
    case NewTimestamp::Kind::NoChange: return timespec{0, UTIME_OMIT};
    case NewTimestamp::Kind::Now: return timespec{0, UTIME_NOW};
    case NewTimestamp::Kind::Timestamp: break;
  }
  if (t.timestamp.nanoseconds >= 1'000'000'000u || t.timestamp.seconds > INT64_MAX) return FsErrorCode::Invalid;
  return timespec{static_cast<time_t>(t.timestamp.seconds), static_cast<long>(t.timestamp.nanoseconds)};
}

FsOr<std::array<timespec, 2>> times_of(const NewTimestamp& access, const NewTimestamp& modification) {
  auto a = timespec_of(access);
  if (!a) return a.error();
  auto m = timespec_of(modification);
  if (!m) return m.error();
  return std::array<timespec, 2>{*a, *m};
}

bool is_utf8(std::string_view s) {
  return binary::is_valid_utf8({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

}  // namespace

Descriptor::Descriptor(UniqueFd fd, bool is_directory, bool readable, bool writable, bool read_only)
    : fd_(std::make_shared<UniqueFd>(std::move(fd))),
      is_directory_(is_directory),
      readable_(readable),
      writable_(writable),
      read_only_(read_only) {}

FsOr<Descriptor> Descriptor::open_directory(const std::string& host_path, bool read_only) {
  UniqueFd fd(open(host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return last_fs_error();
  return Descriptor(std::move(fd), true, true, !read_only, read_only);
}

FsOr<Descriptor> Descriptor::share_directory(int dir_fd, bool read_only) {
  UniqueFd fd(fcntl(dir_fd, F_DUPFD_CLOEXEC, 0));
  if (!fd.valid()) return last_fs_error();
  return Descriptor(std::move(fd), true, true, !read_only, read_only);
}

// wasmtime answers bad-descriptor for a file operation on a directory, and so do we.
FsOr<Unit> Descriptor::check_file() const {
  if (is_directory_) return FsErrorCode::BadDescriptor;
  return Unit{};
}

FsOr<Unit> Descriptor::check_directory() const {
  if (!is_directory_) return FsErrorCode::NotDirectory;
  return Unit{};
}

FsOr<Unit> Descriptor::check_mutable_directory() const {
  if (!is_directory_) return FsErrorCode::NotDirectory;
  if (read_only_) return FsErrorCode::NotPermitted;
  return Unit{};
}

FsOr<std::unique_ptr<FileInputStream>> Descriptor::read_via_stream(uint64_t offset) const {
  if (auto c = check_file(); !c) return c.error();
  if (!readable_) return FsErrorCode::BadDescriptor;
  return std::make_unique<FileInputStream>(fd_, offset);
}

FsOr<std::unique_ptr<FileOutputStream>> Descriptor::write_via_stream(uint64_t offset) const {
  if (auto c = check_file(); !c) return c.error();
  if (!writable_) return FsErrorCode::BadDescriptor;
  return std::make_unique<FileOutputStream>(fd_, offset, false);
}

FsOr<std::unique_ptr<FileOutputStream>> Descriptor::append_via_stream() const {
  if (auto c = check_file(); !c) return c.error();
  if (!writable_) return FsErrorCode::BadDescriptor;
  return std::make_unique<FileOutputStream>(fd_, 0, true);
}

FsOr<Unit> Descriptor::advise(uint64_t offset, uint64_t length, Advice advice) const {
  if (auto c = check_file(); !c) return c.error();
  if (offset > INT64_MAX || length > INT64_MAX) return FsErrorCode::Invalid;
  static constexpr int kHostAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                        POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  const auto index = static_cast<size_t>(advice);
  if (index >= std::size(kHostAdvice)) return FsErrorCode::Invalid;
  // posix_fadvise returns the error rather than setting errno.
  const int rc = posix_fadvise(fd_->get(), static_cast<off_t>(offset), static_cast<off_t>(length), kHostAdvice[index]);
  if (rc != 0) return fs_error_from(errno_from_host(rc));
  return Unit{};
}

FsOr<Unit> Descriptor::sync_data() const { return result_of(fdatasync(fd_->get())); }

FsOr<Unit> Descriptor::sync() const { return result_of(fsync(fd_->get())); }

FsOr<DescriptorFlags> Descriptor::get_flags() const {
  const int host = fcntl(fd_->get(), F_GETFL);
  if (host < 0) return last_fs_error();
  DescriptorFlags flags;
  flags.read = readable_;
  // A directory's "write" is mutating what it holds, which the preopen's permission decides.
  flags.write = !is_directory_ && writable_;
  flags.mutate_directory = is_directory_ && !read_only_;
  // O_SYNC includes the O_DSYNC bit, and Linux spells O_RSYNC as O_SYNC.
  flags.file_integrity_sync = (host & O_SYNC) == O_SYNC;
  flags.data_integrity_sync = !flags.file_integrity_sync && (host & O_DSYNC);
  flags.requested_write_sync = flags.file_integrity_sync && (host & O_RSYNC) == O_RSYNC;
  return flags;
}

FsOr<DescriptorType> Descriptor::get_type() const {
  auto st = stat_of(fd_->get());
  if (!st) return st.error();
  return descriptor_type_of_mode(st->st_mode);
}

FsOr<Unit> Descriptor::set_size(uint64_t size) const {
  if (auto c = check_file(); !c) return c.error();
  if (read_only_) return FsErrorCode::NotPermitted;
  if (size > INT64_MAX) return FsErrorCode::Invalid;
  return result_of(ftruncate(fd_->get(), static_cast<off_t>(size)));
}

FsOr<Unit> Descriptor::set_times(NewTimestamp access, NewTimestamp modification) const {
  if (read_only_) return FsErrorCode::NotPermitted;
  auto times = times_of(access, modification);
  if (!times) return times.error();
  return result_of(futimens(fd_->get(), times->data()));
}

FsOr<std::tuple<std::vector<uint8_t>, bool>> Descriptor::read(uint64_t length, uint64_t offset) const {
  if (auto c = check_file(); !c) return c.error();
  if (!readable_) return FsErrorCode::BadDescriptor;
  std::vector<uint8_t> bytes(std::min(length, kMaxReadChunk));
  if (bytes.empty()) return std::tuple{std::move(bytes), false};
  if (offset > INT64_MAX) return std::tuple{std::vector<uint8_t>{}, true};
  ssize_t n;
  do {
    n = pread(fd_->get(), bytes.data(), bytes.size(), static_cast<off_t>(offset));
  } while (n < 0 && errno == EINTR);
  if (n < 0) return last_fs_error();
  bytes.resize(static_cast<size_t>(n));
  return std::tuple{std::move(bytes), n == 0};
}

FsOr<uint64_t> Descriptor::write(std::span<const uint8_t> buffer, uint64_t offset) const {
  if (auto c = check_file(); !c) return c.error();
  if (!writable_) return FsErrorCode::BadDescriptor;
  const size_t size = std::min<size_t>(buffer.size(), kMaxWriteChunk);
  if (offset > INT64_MAX || size > INT64_MAX - offset) return FsErrorCode::FileTooLarge;
  ssize_t n;
  do {
    n = pwrite(fd_->get(), buffer.data(), size, static_cast<off_t>(offset));
  } while (n < 0 && errno == EINTR);
  if (n < 0) return last_fs_error();
  return static_cast<uint64_t>(n);
}

struct DirectoryEntryStream::Dir {
  DIR* dir = nullptr;
  ~Dir() {
    if (dir) closedir(dir);
  }
};

FsOr<DirectoryEntryStream> Descriptor::read_directory() const {
  if (auto c = check_directory(); !c) return c.error();
  // A descriptor of its own, so this stream's position is nobody else's.
  UniqueFd fd(openat(fd_->get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return last_fs_error();
  auto dir = std::make_shared<DirectoryEntryStream::Dir>();
  dir->dir = fdopendir(fd.get());
  if (!dir->dir) return last_fs_error();
  fd.release();  // the DIR owns it now
  return DirectoryEntryStream(std::move(dir));
}

FsOr<std::optional<DirectoryEntry>> DirectoryEntryStream::read_directory_entry() {
  for (;;) {
    errno = 0;
    dirent* entry = readdir(dir_->dir);
    if (!entry) {
      if (errno != 0) return last_fs_error();
      return std::optional<DirectoryEntry>{};
    }
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (!is_utf8(name)) return FsErrorCode::IllegalByteSequence;
    DirectoryEntry out;
    out.name = std::string(name);
    switch (entry->d_type) {
      case DT_BLK: out.type = DescriptorType::BlockDevice; break;
      case DT_CHR: out.type = DescriptorType::CharacterDevice; break;
      case DT_DIR: out.type = DescriptorType::Directory; break;
      case DT_FIFO: out.type = DescriptorType::Fifo; break;
      case DT_LNK: out.type = DescriptorType::SymbolicLink; break;
      case DT_REG: out.type = DescriptorType::RegularFile; break;
      case DT_SOCK: out.type = DescriptorType::Socket; break;
      default: {
        // Some filesystems leave the type to a stat of the name (never following it).
        struct stat st{};
        if (fstatat(dirfd(dir_->dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
          out.type = descriptor_type_of_mode(st.st_mode);
      }
    }
    return std::optional<DirectoryEntry>(std::move(out));
  }
}

FsOr<Unit> Descriptor::create_directory_at(std::string_view path) const {
  if (auto c = check_mutable_directory(); !c) return c.error();
  auto parent = parent_of(fd_->get(), path);
  if (!parent) return parent.error();
  return result_of(mkdirat(parent->fd, parent->name.c_str(), 0777));
}

FsOr<DescriptorStat> Descriptor::stat() const {
  auto st = stat_of(fd_->get());
  if (!st) return st.error();
  return descriptor_stat_of(*st);
}

FsOr<DescriptorStat> Descriptor::stat_at(PathFlags flags, std::string_view path) const {
  if (auto c = check_directory(); !c) return c.error();
  // O_PATH without following opens a symlink itself, so one fstat serves both lookups.
  auto target = open_target(fd_->get(), path, flags.symlink_follow);
  if (!target) return target.error();
  auto st = stat_of(target->get());
  if (!st) return st.error();
  return descriptor_stat_of(*st);
}

FsOr<Unit> Descriptor::set_times_at(PathFlags flags, std::string_view path, NewTimestamp access,
                                    NewTimestamp modification) const {
  if (auto c = check_mutable_directory(); !c) return c.error();
  auto times = times_of(access, modification);
  if (!times) return times.error();
  if (flags.symlink_follow || has_trailing_slash(path)) {
    auto target = open_target(fd_->get(), path, true);
    if (!target) return target.error();
    return result_of(utimensat(AT_FDCWD, proc_fd_path(target->get()).c_str(), times->data(), 0));
  }
  auto parent = parent_of(fd_->get(), path);
  if (!parent) return parent.error();
  return result_of(utimensat(parent->fd, parent->name.c_str(), times->data(), AT_SYMLINK_NOFOLLOW));
}

FsOr<Unit> Descriptor::link_at(PathFlags old_flags, std::string_view old_path, const Descriptor& new_dir,
                               std::string_view new_path) const {
  // A new name for a file is a write to both directories: a read-only preopen gives none
  // away, and none can be planted in it.
  if (auto c = check_mutable_directory(); !c) return c.error();
  if (auto c = new_dir.check_mutable_directory(); !c) return c.error();
  // wasmtime refuses to link what a symlink points to; so do we.
  if (old_flags.symlink_follow) return FsErrorCode::Invalid;
  auto old_parent = parent_of(fd_->get(), old_path);
  if (!old_parent) return old_parent.error();
  auto new_parent = parent_of(new_dir.fd_->get(), new_path);
  if (!new_parent) return new_parent.error();
  return result_of(linkat(old_parent->fd, old_parent->name.c_str(), new_parent->fd, new_parent->name.c_str(), 0));
}

FsOr<Descriptor> Descriptor::open_at(PathFlags path_flags, std::string_view path, OpenFlags open_flags,
                                     DescriptorFlags flags) const {
  if (auto c = check_directory(); !c) return c.error();
  const bool writes = flags.write || open_flags.create || open_flags.truncate;
  if (read_only_ && writes) return FsErrorCode::NotPermitted;
  if (open_flags.directory && (open_flags.create || open_flags.exclusive || open_flags.truncate))
    return FsErrorCode::Invalid;
  // Without a read or write flag a descriptor still opens for reading (as wasmtime does), so
  // stat and friends work on it.
  const bool reads = flags.read || !flags.write;
  int host = O_NOCTTY | ((reads && writes) ? O_RDWR : writes ? O_WRONLY : O_RDONLY);
  if (open_flags.create) host |= O_CREAT;
  if (open_flags.directory) host |= O_DIRECTORY;
  if (open_flags.exclusive) host |= O_EXCL;
  if (open_flags.truncate) host |= O_TRUNC;
  if (flags.file_integrity_sync) host |= O_SYNC;
  if (flags.data_integrity_sync) host |= O_DSYNC;
  if (flags.requested_write_sync) host |= O_RSYNC;
  auto opened = open_beneath(fd_->get(), path, host, 0666, path_flags.symlink_follow);
  if (!opened) return fs_error_from(opened.error());
  auto st = stat_of(opened->get());
  if (!st) return st.error();
  return Descriptor(std::move(*opened), S_ISDIR(st->st_mode), reads, writes, read_only_);
}

FsOr<std::string> Descriptor::readlink_at(std::string_view path) const {
  if (auto c = check_directory(); !c) return c.error();
  auto parent = parent_of(fd_->get(), path);
  if (!parent) return parent.error();
  if (parent->trailing_slash) {
    // "link/" names what the link points to, which is a directory and not a link.
    auto target = open_target(fd_->get(), path, true);
    if (!target) return target.error();
    return FsErrorCode::Invalid;
  }
  std::string text(4096, '\0');  // Linux's PATH_MAX bounds a link's target
  const ssize_t n = readlinkat(parent->fd, parent->name.c_str(), text.data(), text.size());
  if (n < 0) return last_fs_error();
  if (static_cast<size_t>(n) == text.size()) return FsErrorCode::NameTooLong;
  text.resize(static_cast<size_t>(n));
  if (!is_utf8(text)) return FsErrorCode::IllegalByteSequence;
  return text;
}

FsOr<Unit> Descriptor::remove_directory_at(std::string_view path) const {
  if (auto c = check_mutable_directory(); !c) return c.error();
  // A trailing slash names the directory a symlink points to, so one leading out of the base
  // is an escape (not-permitted) here as in every other call; the *at call below still acts
  // on the name itself.
  if (has_trailing_slash(path)) {
    if (auto target = open_target(fd_->get(), path, true); !target) return target.error();
  }
  auto parent = parent_of(fd_->get(), path);
  if (!parent) return parent.error();
  return result_of(unlinkat(parent->fd, parent->name.c_str(), AT_REMOVEDIR));
}

FsOr<Unit> Descriptor::rename_at(std::string_view old_path, const Descriptor& new_dir,
                                 std::string_view new_path) const {
  if (auto c = check_mutable_directory(); !c) return c.error();
  if (auto c = new_dir.check_mutable_directory(); !c) return c.error();
  auto old_parent = parent_of(fd_->get(), old_path);
  if (!old_parent) return old_parent.error();
  auto new_parent = parent_of(new_dir.fd_->get(), new_path);
  if (!new_parent) return new_parent.error();
  return result_of(renameat(old_parent->fd, old_parent->name.c_str(), new_parent->fd, new_parent->name.c_str()));
}

// An absolute target is refused (not-permitted), as in preview 1 and wasmtime: following it
// is blocked anyway, but a guest has no business planting host paths for other programs.
FsOr<Unit> Descriptor::symlink_at(std::string_view old_path, std::string_view new_path) const {
  if (auto c = check_mutable_directory(); !c) return c.error();
  if (Errno e = check_guest_path(old_path); e != Errno::Success) return fs_error_from(e);
  auto parent = parent_of(fd_->get(), new_path);
  if (!parent) return parent.error();
  if (parent->trailing_slash) {
    // A symlink is never a directory, so "name/" cannot be made: not-directory over a file,
    // exist over a directory, no-entry over nothing (preview 1's and wasmtime's answers).
    std::string bare = parent->name;
    while (bare.size() > 1 && bare.back() == '/') bare.pop_back();
    struct stat st{};
    if (fstatat(parent->fd, bare.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return FsErrorCode::NoEntry;
    return S_ISDIR(st.st_mode) ? FsErrorCode::Exist : FsErrorCode::NotDirectory;
  }
  return result_of(symlinkat(std::string(old_path).c_str(), parent->fd, parent->name.c_str()));
}

FsOr<Unit> Descriptor::unlink_file_at(std::string_view path) const {
  if (auto c = check_mutable_directory(); !c) return c.error();
  auto parent = parent_of(fd_->get(), path);
  if (!parent) return parent.error();
  return result_of(unlinkat(parent->fd, parent->name.c_str(), 0));
}

bool Descriptor::is_same_object(const Descriptor& other) const {
  auto a = stat_of(fd_->get());
  auto b = stat_of(other.fd_->get());
  return a && b && a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

FsOr<MetadataHashValue> Descriptor::metadata_hash() const {
  auto st = stat_of(fd_->get());
  if (!st) return st.error();
  return metadata_hash_of(*st);
}

FsOr<MetadataHashValue> Descriptor::metadata_hash_at(PathFlags flags, std::string_view path) const {
  if (auto c = check_directory(); !c) return c.error();
  auto target = open_target(fd_->get(), path, flags.symlink_follow);
  if (!target) return target.error();
  auto st = stat_of(target->get());
  if (!st) return st.error();
  return metadata_hash_of(*st);
}

}  // namespace stratus::wasi::p2
