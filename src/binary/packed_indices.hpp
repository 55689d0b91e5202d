// A list of 32-bit indices kept at the narrowest width (1, 2 or 4 bytes) that holds every one
// so far: a module's million functions of a few types cost a byte each, not four. A wider
// value widens the whole list once, so a list is re-encoded at most twice.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace stratus::binary {

class PackedIndices {
 public:
  uint32_t operator[](size_t i) const {
    switch (width_) {
      case 1: return bytes_[i];
      case 2: {
        uint16_t v;
        std::memcpy(&v, bytes_.data() + 2 * i, sizeof v);
        return v;
      }
      default: {
        uint32_t v;
        std::memcpy(&v, bytes_.data() + 4 * i, sizeof v);
        return v;
      }
    }
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Room for `n` indices at the present width.
  void reserve(size_t n) { bytes_.reserve(n * width_); }

  void push_back(uint32_t v) {
    widen_for(v);
    bytes_.resize(bytes_.size() + width_);
    ++size_;
    store(size_ - 1, v);
  }
  void set(size_t i, uint32_t v) {
    widen_for(v);
    store(i, v);
  }

 private:
  static unsigned width_of(uint32_t v) { return v <= 0xFF ? 1 : v <= 0xFFFF ? 2 : 4; }

  void widen_for(uint32_t v) {
    const unsigned width = width_of(v);
    if (width <= width_) return;
    std::vector<uint8_t> wider;
    // As many as were reserved, at the new width.
    wider.reserve(std::max(size_, bytes_.capacity() / width_) * width);
    wider.resize(size_ * width);
    for (size_t i = 0; i < size_; ++i) {
      const uint32_t old = (*this)[i];
      if (width == 2) {
        const uint16_t narrow = static_cast<uint16_t>(old);
        std::memcpy(wider.data() + 2 * i, &narrow, sizeof narrow);
      } else {
        std::memcpy(wider.data() + 4 * i, &old, sizeof old);
      }
    }
    bytes_ = std::move(wider);
    width_ = static_cast<uint8_t>(width);
  }
  void store(size_t i, uint32_t v) {
    switch (width_) {
      case 1: bytes_[i] = static_cast<uint8_t>(v); break;
      case 2: {
        const uint16_t narrow = static_cast<uint16_t>(v);
        std::memcpy(bytes_.data() + 2 * i, &narrow, sizeof narrow);
        break;
      }
      default: std::memcpy(bytes_.data() + 4 * i, &v, sizeof v); break;
    }
  }

  std::vector<uint8_t> bytes_;
  size_t size_ = 0;
  uint8_t width_ = 1;
};

}  // namespace stratus::binary
