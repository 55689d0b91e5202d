// Element, data count and data sections.
#include <algorithm>

#include "binary/decode_sections.hpp"
#include "binary/limits.hpp"
#include "binary/try.hpp"

namespace stratus::binary::detail {

namespace {

// Element segment flags, as bits: 1 = passive or declarative (with bit 2 telling which),
// 2 = explicit table index (when active) or declarative (when not active), 4 = items are
// expressions rather than function indices.
constexpr uint32_t kElemNotActive = 1;
constexpr uint32_t kElemExplicitTableOrDeclarative = 2;
constexpr uint32_t kElemExpressions = 4;

// The three shapes of a valid item, which ElemItems reads back from the bytes. Anything else
// makes the module invalid (constant arithmetic makes numbers, not references), and
// the validator reports the first such item.
bool is_plain_item(const ConstExpr& item, ValType elem_type) {
  switch (item.kind) {
    case ConstExpr::Kind::RefFunc: return elem_type == ValType::FuncRef;
    case ConstExpr::Kind::RefNull: return item.null_type == elem_type;
    case ConstExpr::Kind::GlobalGet: return true;
    default: return false;
  }
}

// Every item, checking its encoding: checkpoints for a long segment, and its first item of
// an invalid shape aside.
Result<void> read_element_items(Reader& r, Module& m, const ElementSegment& segment) {
  const ElemItemList& items = segment.items;
  const bool checkpointed = items.count >= kElemCheckpointStride;
  std::vector<uint32_t>& checkpoints = m.elem_checkpoints;
  if (checkpointed) {
    m.elem_checkpoint_starts.push_back({items.segment, static_cast<uint32_t>(checkpoints.size())});
    // count <= the bytes left, so this is at most a 32nd of them in 4-byte offsets. Geometric
    // growth across small segments, exact for a big one.
    const size_t needed = checkpoints.size() + items.count / kElemCheckpointStride + 1;
    if (needed > checkpoints.capacity()) checkpoints.reserve(std::max(needed, 2 * checkpoints.capacity()));
  }
  bool invalid_seen = false;
  for (uint32_t i = 0; i < items.count; ++i) {
    if (checkpointed && i % kElemCheckpointStride == 0) checkpoints.push_back(r.offset());
    if (!items.expressions) {
      STRATUS_CHECK(r.u32());
      continue;
    }
    STRATUS_TRY(ConstExpr item, read_const_expr(r));
    if (!invalid_seen && !is_plain_item(item, segment.elem_type)) {
      m.invalid_elem_items.push_back({items.segment, i, item});
      invalid_seen = true;
    }
  }
  if (checkpointed && items.count % kElemCheckpointStride == 0) checkpoints.push_back(r.offset());
  return {};
}

}  // namespace

Result<ElementSegment> read_element_header(Reader& r, uint32_t index) {
  ElementSegment segment;
  const uint32_t flags_at = r.offset();
  STRATUS_TRY(uint32_t flags, r.u32());
  if (flags > 7) return r.error_at(flags_at, "malformed elements segment kind");

  const bool active = (flags & kElemNotActive) == 0;
  const bool has_table_or_declarative = (flags & kElemExplicitTableOrDeclarative) != 0;
  const bool expressions = (flags & kElemExpressions) != 0;

  if (active) {
    segment.mode = SegmentMode::Active;
    if (has_table_or_declarative) {
      STRATUS_TRY(segment.table, r.u32());
    }
    STRATUS_TRY(segment.offset, read_const_expr(r));
  } else {
    segment.mode = has_table_or_declarative ? SegmentMode::Declarative : SegmentMode::Passive;
  }

  // Forms 0 and 4 imply funcref; the others spell out an element kind or reference type.
  const bool has_type = !active || has_table_or_declarative;
  segment.elem_type = ValType::FuncRef;
  if (has_type) {
    if (expressions) {
      STRATUS_TRY(segment.elem_type, read_reftype(r));
    } else {
      const uint32_t kind_at = r.offset();
      STRATUS_TRY(uint8_t kind, r.u8());
      if (kind != 0x00) return r.error_at(kind_at, "malformed element kind");
    }
  }

  STRATUS_TRY(uint32_t count, read_limited_count(r, "items in an element segment", kMaxElementSegmentItems));
  segment.items = {index, count, r.offset(), expressions};
  return segment;
}

Result<void> read_element_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "element segments", kMaxElementSegments));
  reserve_entries(m.element_segments, count, r, 3);  // a passive segment of no function indices
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t start = r.offset();
    STRATUS_TRY(ElementSegment segment, read_element_header(r, i));
    STRATUS_CHECK(read_element_items(r, m, segment));
    m.element_segments.push_back(start);
  }
  return {};
}

Result<void> read_data_count_section(Reader& r, Module& m) {
  const uint32_t at = r.offset();
  STRATUS_TRY(uint32_t count, r.u32());
  if (count > kMaxDataSegments) return r.error_at(at, too_many("data segments", count, kMaxDataSegments));
  m.data_count = count;
  return {};
}

Result<DataSegment> read_data_segment(Reader& r) {
  DataSegment segment;
  const uint32_t flags_at = r.offset();
  STRATUS_TRY(uint32_t flags, r.u32());
  switch (flags) {
    case 0: {
      segment.mode = SegmentMode::Active;
      STRATUS_TRY(segment.offset, read_const_expr(r));
      break;
    }
    case 1:
      segment.mode = SegmentMode::Passive;
      break;
    case 2: {
      segment.mode = SegmentMode::Active;
      STRATUS_TRY(segment.memory, r.u32());
      STRATUS_TRY(segment.offset, read_const_expr(r));
      break;
    }
    default:
      return r.error_at(flags_at, "malformed data segment kind");
  }
  STRATUS_TRY(uint32_t size, read_count(r));
  segment.data_offset = r.offset();
  segment.size = size;
  STRATUS_TRY(auto content, r.bytes(size));
  (void)content;  // stays in Module::bytes, located by data_offset
  return segment;
}

Result<void> read_data_section(Reader& r, Module& m) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "data segments", kMaxDataSegments));
  reserve_entries(m.data_segments, count, r, 2);  // a passive segment of no bytes
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t start = r.offset();
    STRATUS_CHECK(read_data_segment(r));
    m.data_segments.push_back(start);
  }
  return {};
}

}  // namespace stratus::binary::detail
