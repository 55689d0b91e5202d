// Owns one host file descriptor and closes it exactly once.
#pragma once

#include <unistd.h>

#include <utility>

namespace stratus::wasi {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  // A descriptor someone else keeps open (SharedStdio) and closes: never closed from here.
  static UniqueFd borrowed(int fd) {
    UniqueFd u(fd);
    u.owned_ = false;
    return u;
  }
  UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)), owned_(std::exchange(o.owned_, true)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept {
    if (this != &o) {
      reset(std::exchange(o.fd_, -1));
      owned_ = std::exchange(o.owned_, true);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Of a borrowed descriptor, the number only: its owner still closes it.
  int release() {
    owned_ = true;
    return std::exchange(fd_, -1);
  }
  void reset(int fd = -1) {
    if (fd_ >= 0 && owned_) ::close(fd_);
    fd_ = fd;
    owned_ = true;
  }

 private:
  int fd_ = -1;
  bool owned_ = true;
};

}  // namespace stratus::wasi
