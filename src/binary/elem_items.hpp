// Reading an element segment's items back from Module::bytes, where the decoder left them.
// A segment keeps only where its items start and a checkpoint every kElemCheckpointStride
// items, so a decoded segment costs a small fraction of the bytes that encode it, however
// many items it claims (a table holds 8 bytes an item; the module holds none).
//
// Only segments the decoder accepted without an `invalid_item` before the items read are
// readable: every item is then a function index (in the function-index encodings) or
// exactly `ref.func i`, `ref.null t` or `global.get i` followed by `end`.
#pragma once

#include <cstdint>

#include "binary/module.hpp"

namespace stratus::binary {

struct ElemItem {
  enum class Kind : uint8_t { Func, Null, Global };
  Kind kind = Kind::Null;
  uint32_t index = 0;  // Func: function index; Global: global index
};

class ElemItems {
 public:
  ElemItems(const Module& module, const ElementSegment& segment)
      : bytes_(module.bytes.data()),
        checkpoints_(module.elem_checkpoints.data() + segment.first_checkpoint),
        segment_(&segment),
        p_(bytes_ + segment.items_offset) {}

  // Positions the reader before item `item` (at most segment.count).
  void seek(uint32_t item) {
    const uint32_t checkpoint = item / kElemCheckpointStride;
    p_ = bytes_ + checkpoints_[checkpoint];
    for (uint32_t skip = item - checkpoint * kElemCheckpointStride; skip > 0; --skip) next();
  }

  ElemItem next() {
    if (!segment_->expressions) return {ElemItem::Kind::Func, leb()};
    switch (*p_++) {
      case kRefFunc: return finish({ElemItem::Kind::Func, leb()});
      case kGlobalGet: return finish({ElemItem::Kind::Global, leb()});
      default:
        ++p_;  // ref.null's type
        return finish({ElemItem::Kind::Null, 0});
    }
  }

 private:
  static constexpr uint8_t kRefFunc = 0xD2;
  static constexpr uint8_t kGlobalGet = 0x23;

  ElemItem finish(ElemItem item) {
    ++p_;  // end
    return item;
  }
  // The decoder checked every LEB: at most 5 bytes, no bits past 32.
  uint32_t leb() {
    uint32_t value = *p_++;
    if (value < 0x80) [[likely]] return value;
    value &= 0x7F;
    for (unsigned shift = 7;; shift += 7) {
      const uint8_t byte = *p_++;
      value |= static_cast<uint32_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return value;
    }
  }

  const uint8_t* bytes_;
  const uint32_t* checkpoints_;
  const ElementSegment* segment_;
  const uint8_t* p_;
};

}  // namespace stratus::binary
