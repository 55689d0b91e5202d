// Errors are values at every API boundary: Result<T> holds either a T or an Error.
#pragma once

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <variant>

namespace stratus {

class Trap;

enum class ErrorKind {
  Malformed,      // binary could not be decoded
  Invalid,        // decoded but failed validation
  Link,           // an import is missing or has the wrong type
  Argument,       // a call's values do not fit the function's type, or a handle is of another Store
  Trap,           // execution trapped (see Error::trap())
  Resource,       // a limit or an allocation failed (memory, instances, size)
  Io,             // a file could not be read
  Config,         // a nonsensical setting
  Host,           // a host function reported a failure
};

class Error {
 public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  explicit Error(std::shared_ptr<const Trap> trap);

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  // Non-null exactly when kind() == ErrorKind::Trap.
  const std::shared_ptr<const Trap>& trap() const { return trap_; }

 private:
  ErrorKind kind_;
  std::string message_;
  std::shared_ptr<const Trap> trap_;
};

namespace detail {
[[noreturn]] inline void unwrap_failed(const Error& error) {
  std::fprintf(stderr, "stratus: unwrap() of an error: %s\n", error.message().c_str());
  std::abort();
}
}  // namespace detail

// unwrap() is for examples and tests: the value, or the error's message on stderr and abort().
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

  T& unwrap() & { check(); return std::get<0>(v_); }
  const T& unwrap() const& { check(); return std::get<0>(v_); }
  T unwrap() && { check(); return std::get<0>(std::move(v_)); }

 private:
  void check() const {
    if (!ok()) detail::unwrap_failed(std::get<1>(v_));
  }
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::make_shared<Error>(std::move(error))) {}

  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(!ok()); return *error_; }
  void unwrap() const {
    if (!ok()) detail::unwrap_failed(*error_);
  }

 private:
  std::shared_ptr<Error> error_;
};

}  // namespace stratus
