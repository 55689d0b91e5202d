// wasi:filesystem's error-code, and the value-or-code type every call of this host returns.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <variant>

#include "wasi/errno.hpp"

namespace stratus::wasi::p2 {

// The cases of wasi:filesystem/types.error-code, in the WIT's order (the order is the ABI).
enum class FsErrorCode : uint8_t {
  Access, WouldBlock, Already, BadDescriptor, Busy, Deadlock, Quota, Exist, FileTooLarge,
  IllegalByteSequence, InProgress, Interrupted, Invalid, Io, IsDirectory, Loop, TooManyLinks,
  MessageSize, NameTooLong, NoDevice, NoEntry, NoLock, InsufficientMemory, InsufficientSpace,
  NotDirectory, NotEmpty, NotRecoverable, Unsupported, NoTty, NoSuchDevice, Overflow, NotPermitted,
  Pipe, ReadOnly, InvalidSeek, TextFileBusy, CrossDevice,
};

// Derived from preview 1's errno (itself mapped once from the host's), so a failure reads the
// same through both APIs. The sandbox's escape errno (EPERM) becomes not-permitted, which is
// what the WIT prescribes for a path leaving its base directory.
FsErrorCode fs_error_from(Errno e);
// The current host `errno`.
FsErrorCode last_fs_error();

// A value, or the WIT error code saying why there is none; `Unit` stands for WIT's `_`.
using Unit = std::monostate;
template <class T, class Code>
class CodeOr {
 public:
  CodeOr(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  CodeOr(Code code) : v_(std::in_place_index<1>, code) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  Code error() const { return std::get<1>(v_); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Code> v_;
};

template <class T>
using FsOr = CodeOr<T, FsErrorCode>;

}  // namespace stratus::wasi::p2
