#include "embed/module_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace stratus::detail {

namespace {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Error too_large(const std::string& path, uint64_t max_bytes) {
  return Error(ErrorKind::Resource, "module file " + path + " is larger than the " + std::to_string(max_bytes) +
                                        "-byte limit (max_component_size); raise the limit to load it");
}

Error read_error(const std::string& path) {
  return Error(ErrorKind::Io, "cannot read " + path + ": " + std::strerror(errno));
}

// Reads into out[filled, out.size()) until it is full or the file ends; returns the new fill.
Result<size_t> read_into(int fd, const std::string& path, std::vector<uint8_t>& out, size_t filled) {
  while (filled < out.size()) {
    const ssize_t n = ::read(fd, out.data() + filled, out.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return read_error(path);
    }
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  return filled;
}

}  // namespace

Result<std::vector<uint8_t>> read_module_file(const std::string& path, uint64_t max_bytes) {
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) return Error(ErrorKind::Io, "cannot open " + path + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) return read_error(path);

  // One byte past the limit is enough to know the file is too large.
  const uint64_t cap = max_bytes == UINT64_MAX ? max_bytes : max_bytes + 1;
  std::vector<uint8_t> bytes;
  size_t filled = 0;
  if (S_ISREG(info.st_mode)) {
    const uint64_t size = static_cast<uint64_t>(info.st_size);
    if (size > max_bytes) return too_large(path, max_bytes);
    // The size, plus one byte that shows whether the file grew since it was measured.
    bytes.resize(size + 1);
    auto read = read_into(file.get(), path, bytes, 0);
    if (!read) return read.error();
    filled = *read;
    if (filled <= size) {
      bytes.resize(filled);
      return bytes;
    }
  }
  // Devices, pipes and FIFOs (and regular files that grew): whatever arrives, up to the cap.
  constexpr size_t kChunk = size_t{1} << 16;
  for (;;) {
    if (filled >= cap) return too_large(path, max_bytes);
    const size_t grown = static_cast<size_t>(std::min<uint64_t>(cap, filled + std::max(kChunk, filled / 2)));
    bytes.reserve(grown);  // exactly: resize alone would double the capacity
    bytes.resize(grown);
    auto read = read_into(file.get(), path, bytes, filled);
    if (!read) return read.error();
    const bool ended = *read < bytes.size();
    filled = *read;
    if (ended) break;
  }
  if (filled > max_bytes) return too_large(path, max_bytes);
  bytes.resize(filled);
  return bytes;
}

}  // namespace stratus::detail
