// Bounds-checked access to a guest's linear memory. Every pointer and length a guest hands
// us goes through here, so a hostile guest gets EFAULT instead of touching host memory.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include <sys/uio.h>

#include "wasi/errno.hpp"

namespace stratus::wasi {

class GuestMemory {
 public:
  GuestMemory() = default;
  explicit GuestMemory(std::span<uint8_t> bytes) : bytes_(bytes) {}

  bool in_bounds(uint64_t ptr, uint64_t len) const {
    return ptr <= bytes_.size() && len <= bytes_.size() - ptr;
  }
  // The guest range [ptr, ptr+len), or nothing when any byte of it lies outside the memory.
  std::optional<std::span<uint8_t>> slice(uint64_t ptr, uint64_t len) const {
    if (!in_bounds(ptr, len)) return std::nullopt;
    return bytes_.subspan(static_cast<size_t>(ptr), static_cast<size_t>(len));
  }
  std::optional<std::string_view> string(uint64_t ptr, uint64_t len) const {
    auto s = slice(ptr, len);
    if (!s) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(s->data()), s->size());
  }

  // Little-endian, unaligned: wasm memory is little-endian and guests may misalign structs.
  template <class T>
  std::optional<T> load(uint64_t ptr) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!in_bounds(ptr, sizeof(T))) return std::nullopt;
    T v;
    std::memcpy(&v, bytes_.data() + ptr, sizeof(T));
    return v;
  }
  template <class T>
  bool store(uint64_t ptr, T value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!in_bounds(ptr, sizeof(T))) return false;
    std::memcpy(bytes_.data() + ptr, &value, sizeof(T));
    return true;
  }
  bool write_bytes(uint64_t ptr, std::string_view data) const {
    if (!in_bounds(ptr, data.size())) return false;
    if (!data.empty()) std::memcpy(bytes_.data() + ptr, data.data(), data.size());
    return true;
  }

  // Translates a guest iovec array into host iovecs pointing into guest memory. Capped at
  // IOV_MAX entries: a shorter transfer is a legal result, a failed one is not.
  ErrnoOr<std::vector<iovec>> iovecs(uint32_t iovs_ptr, uint32_t iovs_len) const;

  size_t size() const { return bytes_.size(); }

 private:
  std::span<uint8_t> bytes_;
};

}  // namespace stratus::wasi
