// Reading an element segment's items back from Module::bytes, where the decoder left them.
// A segment keeps only where it starts and, when it has at least kElemCheckpointStride items,
// a checkpoint every kElemCheckpointStride items, so a decoded segment costs a small fraction
// of the bytes that encode it, however many items it claims (a table holds 8 bytes an item;
// the module holds none).
//
// Only segments the decoder accepted without an InvalidElemItem before the items read are
// readable: every item is then a function index (in the function-index encodings) or
// exactly `ref.func i`, `ref.null t` or `global.get i` followed by `end`.
#pragma once

#include <algorithm>
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
  ElemItems(const Module& module, const ElemItemList& items)
      : module_(&module), items_(items), p_(module.bytes.data() + items.offset) {}

  // Positions the reader before item `item` (at most items.count).
  void seek(uint32_t item) {
    const uint32_t checkpoint = item / kElemCheckpointStride;
    p_ = module_->bytes.data() + (checkpoint == 0 ? items_.offset : checkpoints()[checkpoint]);
    for (uint32_t skip = item - checkpoint * kElemCheckpointStride; skip > 0; --skip) next();
  }

  ElemItem next() {
    if (!items_.expressions) return {ElemItem::Kind::Func, leb()};
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

  // The segment's checkpoints: it has at least kElemCheckpointStride items, so the decoder
  // made them.
  const uint32_t* checkpoints() const {
    const auto& starts = module_->elem_checkpoint_starts;
    auto it = std::lower_bound(starts.begin(), starts.end(), items_.segment,
                               [](const ElemCheckpoints& c, uint32_t segment) { return c.segment < segment; });
    return module_->elem_checkpoints.data() + it->first;
  }
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

  const Module* module_;
  ElemItemList items_;
  const uint8_t* p_;
};

}  // namespace stratus::binary
