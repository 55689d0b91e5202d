#include "text/printer/instr_printer.hpp"

#include <string>

#include "binary/try.hpp"
#include "text/printer/literal_text.hpp"

namespace stratus::text::printer {

namespace {

using binary::Imm;
using binary::Instr;
using binary::Op;

std::string_view ref_kind(ValType t) { return t == ValType::ExternRef ? "extern" : "func"; }

// A type index naming a type of no parameters and at most one result prints as the short
// form, which the parser writes for it in any case.
void block_type(TextOut& out, const binary::BlockType& type, const binary::Module& module) {
  switch (type.kind) {
    case binary::BlockType::Kind::Empty: return;
    case binary::BlockType::Kind::Value: out << " (result " << to_string(type.value) << ')'; return;
    case binary::BlockType::Kind::TypeIndex:
      if (type.type_index < module.types.size()) {
        const FuncType& t = module.types[type.type_index];
        if (t.params.empty() && t.results.size() <= 1) {
          if (!t.results.empty()) out << " (result " << to_string(t.results[0]) << ')';
          return;
        }
      }
      out << " (type " << type.type_index << ')';
      return;
  }
}

Result<void> memarg(TextOut& out, const binary::MemArg& mem, unsigned natural_bytes, uint32_t offset) {
  if (mem.memory != 0)
    return Error(ErrorKind::Malformed,
                 "at offset " + std::to_string(offset) + ": a memory index the text format of Wasm 2.0 cannot write");
  if (mem.offset != 0) out << " offset=" << mem.offset;
  if (mem.align >= 32)
    return Error(ErrorKind::Malformed,
                 "at offset " + std::to_string(offset) + ": an alignment the text format cannot write");
  const uint64_t align = uint64_t{1} << mem.align;
  if (align != natural_bytes) out << " align=" << align;
  return {};
}

// A typed select's types, read again from the bytes: the Instr keeps only the first.
Result<void> select_types(TextOut& out, const Instr& instr, const binary::Module& module) {
  out << " (result";
  if (instr.index == 1) {
    out << ' ' << to_string(instr.type);
  } else if (instr.index > 1) {
    binary::Reader r(std::span<const uint8_t>(module.bytes).subspan(instr.offset + 1), instr.offset + 1);
    STRATUS_TRY(uint32_t count, r.u32());
    for (uint32_t i = 0; i < count; ++i) {
      STRATUS_TRY(uint8_t type, r.u8());
      out << ' ' << to_string(static_cast<ValType>(type));
    }
  }
  out << ')';
  return {};
}

}  // namespace

Result<void> print_instr(TextOut& out, const Instr& instr, const InstrContext& ctx) {
  const binary::OpInfo& info = binary::op_info(instr.op);
  out << info.text;
  switch (info.imm) {
    case Imm::None:
    case Imm::Memory:
    case Imm::MemoryCopy: return {};
    case Imm::Block: block_type(out, instr.block, ctx.module); return {};
    case Imm::Label:
    case Imm::Global:
    case Imm::Table:
    case Imm::Elem:
    case Imm::Data:
    case Imm::MemoryInit: out << ' ' << instr.index; return {};
    case Imm::BrTable:
      for (const uint32_t target : instr.br_targets) out << ' ' << target;
      out << ' ' << instr.br_default;
      return {};
    case Imm::Func: out << ' ' << ctx.names.func_ref(instr.index); return {};
    case Imm::CallIndirect:
      if (instr.index2 != 0) out << ' ' << instr.index2;
      out << " (type " << instr.index << ')';
      return {};
    case Imm::Local: out << ' ' << ctx.names.local_ref(ctx.func, instr.index); return {};
    case Imm::MemArg: return memarg(out, instr.mem, info.bytes, instr.offset);
    case Imm::I32: out << ' ' << std::to_string(instr.constant.i32()); return {};
    case Imm::I64: out << ' ' << std::to_string(instr.constant.i64()); return {};
    case Imm::F32: out << ' ' << f32_text(instr.constant.f32_bits()); return {};
    case Imm::F64: out << ' ' << f64_text(instr.constant.f64_bits()); return {};
    case Imm::V128: out << ' ' << v128_text(instr.constant.v128().bytes); return {};
    case Imm::SelectT: return select_types(out, instr, ctx.module);
    case Imm::RefType: out << ' ' << ref_kind(instr.type); return {};
    case Imm::TableCopy:
    case Imm::TableInit:
      out << ' ' << (info.imm == Imm::TableInit ? instr.index2 : instr.index) << ' '
          << (info.imm == Imm::TableInit ? instr.index : instr.index2);
      return {};
    case Imm::Lane: out << ' ' << uint32_t{instr.lane}; return {};
    case Imm::MemArgLane:
      STRATUS_CHECK(memarg(out, instr.mem, info.bytes, instr.offset));
      out << ' ' << uint32_t{instr.lane};
      return {};
    case Imm::Shuffle:
      for (const uint8_t lane : instr.constant.v128().bytes) out << ' ' << uint32_t{lane};
      return {};
  }
  return {};
}

Result<void> print_body(TextOut& out, uint32_t defined_index, uint32_t depth, const InstrContext& ctx) {
  const std::span<const uint8_t> body = ctx.module.body(defined_index);
  binary::InstrReader reader(body, ctx.module.body_offset(defined_index));
  Instr instr;
  uint32_t nesting = 0;
  while (!reader.at_end()) {
    STRATUS_CHECK(reader.read(instr));
    if (instr.op == Op::End) {
      if (nesting == 0) return {};
      --nesting;
    }
    out.line(depth + nesting - (instr.op == Op::Else && nesting > 0 ? 1 : 0));
    STRATUS_CHECK(print_instr(out, instr, ctx));
    if (instr.op == Op::Block || instr.op == Op::Loop || instr.op == Op::If) ++nesting;
    if (out.over_limit()) return {};
  }
  return Error(ErrorKind::Malformed, "function " + std::to_string(defined_index) + ": no final end");
}

Result<uint32_t> print_expr(TextOut& out, uint32_t offset, const InstrContext& ctx) {
  const std::span<const uint8_t> bytes(ctx.module.bytes);
  if (offset > bytes.size()) return Error(ErrorKind::Malformed, "an expression past the end of the module");
  binary::InstrReader reader(bytes.subspan(offset), offset);
  Instr instr;
  uint32_t nesting = 0;
  while (!reader.at_end()) {
    STRATUS_CHECK(reader.read(instr));
    if (instr.op == Op::End) {
      if (nesting == 0) return reader.offset();
      --nesting;
    }
    out << ' ';
    STRATUS_CHECK(print_instr(out, instr, ctx));
    if (instr.op == Op::Block || instr.op == Op::Loop || instr.op == Op::If) ++nesting;
    if (out.over_limit()) return reader.offset();
  }
  return Error(ErrorKind::Malformed, "at offset " + std::to_string(offset) + ": an expression without its end");
}

}  // namespace stratus::text::printer
