#include "text/printer/segment_printer.hpp"

#include "binary/data_segment.hpp"
#include "binary/element_segment.hpp"
#include "binary/try.hpp"

namespace stratus::text::printer {

namespace {

Result<void> offset_expr(TextOut& out, const binary::ConstExpr& offset, const InstrContext& ctx) {
  out << " (offset";
  STRATUS_CHECK(print_expr(out, offset.offset, ctx));
  out << ')';
  return {};
}

// Reads the function indices of a segment's items, as the decoder checked them.
Result<void> func_indices(TextOut& out, const binary::ElemItemList& items, const InstrContext& ctx) {
  const std::span<const uint8_t> bytes(ctx.module.bytes);
  if (items.offset > bytes.size()) return Error(ErrorKind::Malformed, "element items past the end of the module");
  binary::Reader r(bytes.subspan(items.offset), items.offset);
  out << " func";
  for (uint32_t i = 0; i < items.count && !out.over_limit(); ++i) {
    STRATUS_TRY(uint32_t func, r.u32());
    out << ' ' << ctx.names.func_ref(func);
  }
  return {};
}

// Whether every item is `ref.func x` alone, which the parser writes as a function index
// however the text spells it.
bool lone_ref_funcs(const binary::ElementSegment& segment, const binary::Module& module) {
  if (segment.elem_type != ValType::FuncRef) return false;
  const std::span<const uint8_t> bytes(module.bytes);
  if (segment.items.offset > bytes.size()) return false;
  binary::InstrReader reader(bytes.subspan(segment.items.offset), segment.items.offset);
  binary::Instr instr;
  for (uint32_t i = 0; i < segment.items.count; ++i) {
    if (!reader.read(instr).ok() || instr.op != binary::Op::RefFunc) return false;
    if (!reader.read(instr).ok() || instr.op != binary::Op::End) return false;
  }
  return true;
}

// The function indices of `ref.func x` items, which lone_ref_funcs found.
Result<void> ref_func_indices(TextOut& out, const binary::ElemItemList& items, const InstrContext& ctx) {
  binary::InstrReader reader(std::span<const uint8_t>(ctx.module.bytes).subspan(items.offset), items.offset);
  binary::Instr instr;
  out << " func";
  for (uint32_t i = 0; i < items.count && !out.over_limit(); ++i) {
    STRATUS_CHECK(reader.read(instr));
    out << ' ' << ctx.names.func_ref(instr.index);
    STRATUS_CHECK(reader.read(instr));
  }
  return {};
}

Result<void> item_exprs(TextOut& out, const binary::ElementSegment& segment, const InstrContext& ctx) {
  out << ' ' << to_string(segment.elem_type);
  uint32_t at = segment.items.offset;
  for (uint32_t i = 0; i < segment.items.count && !out.over_limit(); ++i) {
    out << " (item";
    STRATUS_TRY(at, print_expr(out, at, ctx));
    out << ')';
  }
  return {};
}

}  // namespace

Result<void> print_elem_segment(TextOut& out, uint32_t index, const InstrContext& ctx) {
  STRATUS_TRY(const binary::ElementSegment segment, binary::element_segment(ctx.module, index));
  out.line(1);
  out << "(elem (;" << index << ";)";
  switch (segment.mode) {
    case binary::SegmentMode::Active:
      if (segment.table != 0) out << " (table " << segment.table << ')';
      STRATUS_CHECK(offset_expr(out, segment.offset, ctx));
      break;
    case binary::SegmentMode::Passive: break;
    case binary::SegmentMode::Declarative: out << " declare"; break;
  }
  if (segment.items.expressions && lone_ref_funcs(segment, ctx.module))
    STRATUS_CHECK(ref_func_indices(out, segment.items, ctx));
  else if (segment.items.expressions) STRATUS_CHECK(item_exprs(out, segment, ctx));
  else STRATUS_CHECK(func_indices(out, segment.items, ctx));
  out << ')';
  return {};
}

Result<void> print_data_segment(TextOut& out, uint32_t index, const InstrContext& ctx) {
  STRATUS_TRY(const binary::DataSegment segment, binary::data_segment(ctx.module, index));
  out.line(1);
  out << "(data (;" << index << ";)";
  if (segment.mode == binary::SegmentMode::Active) {
    if (segment.memory != 0) out << " (memory " << segment.memory << ')';
    STRATUS_CHECK(offset_expr(out, segment.offset, ctx));
  }
  const std::span<const uint8_t> bytes(ctx.module.bytes);
  if (segment.data_offset > bytes.size() || segment.size > bytes.size() - segment.data_offset)
    return Error(ErrorKind::Malformed, "data segment " + std::to_string(index) + " past the end of the module");
  out << ' ';
  out.string(bytes.subspan(segment.data_offset, segment.size));
  out << ')';
  return {};
}

}  // namespace stratus::text::printer
