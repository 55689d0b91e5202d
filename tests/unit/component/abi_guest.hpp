// A fake guest for the canonical ABI's tests: a byte vector as linear memory and a bump
// allocator as cabi_realloc that records every call, so a test can assert the exact
// allocation pattern, or make realloc return whatever junk a hostile guest might.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <vector>

#include "component/abi/context.hpp"
#include "component/abi/layout.hpp"
#include "component/types/types.hpp"
#include "stratus/trap.hpp"

namespace stratus::component::abi::testing {

struct ReallocCall {
  uint32_t old_ptr, old_size, align, new_size;
  bool operator==(const ReallocCall&) const = default;
};
inline std::ostream& operator<<(std::ostream& os, const ReallocCall& c) {
  return os << "realloc(" << c.old_ptr << ", " << c.old_size << ", " << c.align << ", " << c.new_size << ")";
}

class FakeGuest {
 public:
  explicit FakeGuest(size_t size = 1 << 16) : bytes(size, 0) {
    memory.base = bytes.data();
    memory.size = bytes.size();
    realloc = [this](GuestMemory& m, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                     uint32_t new_size) -> Result<uint32_t> {
      calls.push_back({old_ptr, old_size, align, new_size});
      if (flags) EXPECT_FALSE(flags->may_leave()) << "realloc must run with may_leave cleared";
      if (junk) return junk(calls.back());
      if (old_ptr != 0 && new_size <= old_size) return old_ptr;  // shrink in place
      uint32_t p = (next + align - 1) / align * align;
      next = p + new_size;
      if (next > m.size) return Error(std::make_shared<const Trap>(TrapKind::HostTrap, "fake guest out of memory"));
      if (old_ptr != 0) std::memmove(m.base + p, m.base + old_ptr, old_size);
      return p;
    };
  }
  FakeGuest(const FakeGuest&) = delete;

  void put(uint32_t at, std::initializer_list<uint8_t> b) { std::memcpy(bytes.data() + at, b.begin(), b.size()); }
  void put(uint32_t at, const void* p, size_t n) { std::memcpy(bytes.data() + at, p, n); }
  template <class T>
  void put_le(uint32_t at, T v) {
    std::memcpy(bytes.data() + at, &v, sizeof v);
  }
  template <class T>
  T get_le(uint32_t at) const {
    T v;
    std::memcpy(&v, bytes.data() + at, sizeof v);
    return v;
  }
  std::string text(uint32_t at, size_t n) const { return std::string(bytes.begin() + at, bytes.begin() + at + n); }

  MemoryOptions options(StringEncoding e = StringEncoding::Utf8) { return MemoryOptions{e, &memory, &realloc}; }

  std::vector<uint8_t> bytes;
  GuestMemory memory;
  Realloc realloc;
  std::vector<ReallocCall> calls;
  uint32_t next = 64;                              // the bump allocator's next free byte
  std::function<Result<uint32_t>(const ReallocCall&)> junk;  // set: realloc returns this instead
  const ComponentInstanceFlags* flags = nullptr;   // set: realloc checks may_leave is cleared
};

// The kind of trap an Error carries, or nullopt when it is not a trap.
inline std::optional<TrapKind> trap_kind(const Error& e) {
  if (!e.trap()) return std::nullopt;
  return e.trap()->kind();
}

// Usable in lambdas returning non-void: no ASSERT inside.
#define EXPECT_TRAP(expr, KIND, substring)                                                      \
  do {                                                                                          \
    auto r_ = (expr);                                                                           \
    if (r_.ok()) {                                                                              \
      ADD_FAILURE() << "expected a trap from " #expr;                                           \
      break;                                                                                    \
    }                                                                                           \
    EXPECT_EQ(::stratus::component::abi::testing::trap_kind(r_.error()), KIND) << r_.error().message(); \
    EXPECT_NE(r_.error().message().find(substring), std::string::npos) << "message: " << r_.error().message(); \
  } while (0)

#define EXPECT_HOST_ERROR(expr, substring)                                                      \
  do {                                                                                          \
    auto r_ = (expr);                                                                           \
    if (r_.ok()) {                                                                              \
      ADD_FAILURE() << "expected an error from " #expr;                                         \
      break;                                                                                    \
    }                                                                                           \
    EXPECT_EQ(r_.error().kind(), ::stratus::ErrorKind::Argument) << r_.error().message();       \
    EXPECT_NE(r_.error().message().find(substring), std::string::npos) << "message: " << r_.error().message(); \
  } while (0)

}  // namespace stratus::component::abi::testing
