#include "text/instr_parser.hpp"

#include <string>

#include "binary/instr.hpp"
#include "text/literals.hpp"

namespace stratus::text {

namespace {

using binary::Imm;
using binary::Op;

// Deep enough for any program a compiler writes; shallow enough that hostile nesting cannot
// exhaust the native stack.
constexpr uint32_t kMaxFoldingDepth = 1000;

// Every instruction's text name, from the one opcode list. `select` is Select's (a typed
// `select` is told apart by its `(result ...)`).
const std::unordered_map<std::string_view, Op>& ops_by_name() {
  static const auto* table = [] {
    auto* m = new std::unordered_map<std::string_view, Op>();
    for (size_t i = 0; i < binary::kNumOps; ++i) m->emplace(binary::kOpInfos[i].text, static_cast<Op>(i));
    return m;
  }();
  return *table;
}

void write_opcode(const binary::OpInfo& info, BinaryWriter& w) {
  if (info.prefix == 0) {
    w.byte(static_cast<uint8_t>(info.code));
  } else {
    w.byte(info.prefix);
    w.u32(info.code);
  }
}

// A v128.const shape's lane width in bits, or 0 for no shape.
unsigned lane_bits(std::string_view shape, bool& is_float) {
  is_float = shape == "f32x4" || shape == "f64x2";
  if (shape == "i8x16") return 8;
  if (shape == "i16x8") return 16;
  if (shape == "i32x4" || shape == "f32x4") return 32;
  if (shape == "i64x2" || shape == "f64x2") return 64;
  return 0;
}

}  // namespace

void InstrParser::parse_sequence() {
  const size_t base = frames_.size();
  for (;;) {
    if (c_.at(TokenKind::RParen) || c_.at(TokenKind::End)) {
      if (frames_.size() > base) c_.unexpected("'end' of a block");
      return;
    }
    if (c_.at(TokenKind::LParen)) {
      parse_folded();
      continue;
    }
    if (c_.at_atom("end")) {
      if (frames_.size() == base) c_.unexpected("an instruction");
      c_.next();
      close_label(frames_.back().label);
      frames_.pop_back();
      out_.byte(0x0B);
      continue;
    }
    if (c_.at_atom("else")) {
      if (frames_.size() == base || !frames_.back().is_if || frames_.back().seen_else) c_.unexpected("an instruction");
      c_.next();
      close_label(frames_.back().label);
      frames_.back().seen_else = true;
      out_.byte(0x05);
      continue;
    }
    parse_plain(out_);
  }
}

void InstrParser::parse_folded() {
  if (++depth_ > kMaxFoldingDepth) fail(c_.where(), "instructions nested too deeply");
  c_.expect_lparen();
  if (c_.at_atom("block") || c_.at_atom("loop")) {
    out_.byte(c_.next().text == "block" ? 0x02 : 0x03);
    auto label = read_label();
    block_type(out_);
    frames_.push_back({label});
    parse_sequence();
    frames_.pop_back();
    out_.byte(0x0B);
  } else if (c_.at_atom("if")) {
    c_.next();
    auto label = read_label();
    if (scratch_.size() <= depth_) scratch_.resize(depth_ + 1);
    BinaryWriter& head = scratch_[depth_];
    head.bytes().clear();
    head.byte(0x04);
    block_type(head);
    while (c_.at(TokenKind::LParen) && !c_.at_form("then")) parse_folded();
    out_.raw(head.bytes());
    frames_.push_back({label, true});
    if (!c_.take_form("then")) c_.unexpected("'(then'");
    parse_sequence();
    c_.expect_rparen();
    if (c_.take_form("else")) {
      // An empty `(else)` is written as no else at all, as wat2wasm writes it.
      out_.byte(0x05);
      const size_t before = out_.size();
      parse_sequence();
      if (out_.size() == before) out_.bytes().pop_back();
      c_.expect_rparen();
    }
    frames_.pop_back();
    out_.byte(0x0B);
  } else {
    if (scratch_.size() <= depth_) scratch_.resize(depth_ + 1);
    BinaryWriter& op = scratch_[depth_];
    op.bytes().clear();
    parse_plain(op);
    while (c_.at(TokenKind::LParen)) parse_folded();
    out_.raw(op.bytes());
  }
  c_.expect_rparen();
  --depth_;
}

void InstrParser::parse_plain(BinaryWriter& w) {
  if (!c_.at(TokenKind::Atom)) c_.unexpected("an instruction");
  const Token& word = c_.next();
  const auto& names = ops_by_name();
  const auto it = names.find(word.text);
  if (it == names.end()) fail(word.where, "unknown operator " + std::string(word.text.substr(0, 40)));
  Op op = it->second;
  if (op == Op::Select && c_.at_form("result")) op = Op::SelectT;
  if (op == Op::Block || op == Op::Loop || op == Op::If) {
    w.byte(static_cast<uint8_t>(binary::op_info(op).code));
    auto label = read_label();
    block_type(w);
    frames_.push_back({label, op == Op::If});
    return;
  }
  if (op == Op::Else || op == Op::End) c_.unexpected("an instruction");
  immediates(static_cast<uint16_t>(op), w);
}

void InstrParser::immediates(uint16_t op_index, BinaryWriter& w) {
  const Op op = static_cast<Op>(op_index);
  const binary::OpInfo& info = binary::op_info(op);
  write_opcode(info, w);
  switch (info.imm) {
    case Imm::None:
    case Imm::Block: return;
    case Imm::Label: w.u32(label_index()); return;
    case Imm::BrTable: {
      std::vector<uint32_t> targets;
      while (c_.at_id() || m_.at_index(c_)) targets.push_back(label_index());
      if (targets.empty()) c_.unexpected("a label");
      w.u32(targets.size() - 1);
      for (uint32_t t : targets) w.u32(t);
      return;
    }
    case Imm::Func: w.u32(m_.index(c_, Space::Func)); return;
    case Imm::CallIndirect: {
      const uint32_t table = m_.at_index(c_) ? m_.index(c_, Space::Table) : 0;
      const TypeUse use = m_.read_type_use(c_, false);
      w.u32(m_.resolve(use));
      w.u32(table);
      return;
    }
    case Imm::Local: w.u32(local_index()); return;
    case Imm::Global: w.u32(m_.index(c_, Space::Global)); return;
    case Imm::Table: w.u32(m_.at_index(c_) ? m_.index(c_, Space::Table) : 0); return;
    case Imm::MemArg: memarg(w, info.bytes); return;
    case Imm::I32:
    case Imm::I64:
    case Imm::F32:
    case Imm::F64: numeric_const(op_index, w); return;
    case Imm::V128: v128_const(w); return;
    case Imm::Memory: w.byte(0x00); return;
    case Imm::SelectT: {
      TextFuncType type;
      read_params_results(c_, type, nullptr);
      if (!type.params.empty()) fail(c_.where(), "unexpected token: select takes no parameters");
      w.u32(type.results.size());
      for (ValType t : type.results) w.byte(static_cast<uint8_t>(t));
      return;
    }
    case Imm::RefType:
      if (c_.take_atom("func")) w.byte(0x70);
      else if (c_.take_atom("extern")) w.byte(0x6F);
      else c_.unexpected("'func' or 'extern'");
      return;
    case Imm::Elem: w.u32(m_.index(c_, Space::Elem)); return;
    case Imm::Data:
      m_.data_count_needed = true;
      w.u32(m_.index(c_, Space::Data));
      return;
    case Imm::TableCopy: {
      uint32_t dst = 0, src = 0;
      if (m_.at_index(c_)) {
        dst = m_.index(c_, Space::Table);
        src = m_.index(c_, Space::Table);
      }
      w.u32(dst);
      w.u32(src);
      return;
    }
    case Imm::TableInit: {
      uint32_t table = 0;
      Cursor ahead = c_;
      ahead.next();
      if (m_.at_index(ahead)) table = m_.index(c_, Space::Table);
      w.u32(m_.index(c_, Space::Elem));
      w.u32(table);
      return;
    }
    case Imm::MemoryInit:
      m_.data_count_needed = true;
      w.u32(m_.index(c_, Space::Data));
      w.byte(0x00);
      return;
    case Imm::MemoryCopy:
      w.byte(0x00);
      w.byte(0x00);
      return;
    case Imm::Lane: lane(w); return;
    case Imm::MemArgLane:
      memarg(w, info.bytes);
      lane(w);
      return;
    case Imm::Shuffle:
      for (int i = 0; i < 16; ++i) lane(w);
      return;
  }
}

std::optional<std::string_view> InstrParser::read_label() {
  const uint32_t index = blocks_opened_++;
  if (!c_.at_id()) return std::nullopt;
  const std::string_view name = c_.next().name;
  if (labels_) labels_->emplace_back(index, name);
  return name;
}

void InstrParser::close_label(std::optional<std::string_view> label) {
  if (!c_.at_id()) return;
  const Token& id = c_.next();
  if (!label || *label != id.name) fail(id.where, "mismatching label " + std::string(id.text));
}

void InstrParser::block_type(BinaryWriter& w) {
  const TypeUse use = m_.read_type_use(c_, false);
  // A type of no parameters and at most one result is written in the short form, as wat2wasm
  // writes it, also when the text names it by index.
  const TextFuncType* type = use.index ? m_.type(*use.index) : &use.inline_type;
  if (use.index && use.has_inline && type && !(*type == use.inline_type)) type = nullptr;  // resolve() reports it
  if (type && type->params.empty() && type->results.size() <= 1) {
    w.byte(type->results.empty() ? 0x40 : static_cast<uint8_t>(type->results[0]));
    return;
  }
  w.s64(m_.resolve(use));
}

uint32_t InstrParser::label_index() {
  if (c_.at_id()) {
    const Token& id = c_.next();
    for (size_t i = frames_.size(); i-- > 0;)
      if (frames_[i].label == id.name) return static_cast<uint32_t>(frames_.size() - 1 - i);
    fail(id.where, "unknown label " + std::string(id.text));
  }
  if (c_.at(TokenKind::Atom))
    if (auto n = parse_unsigned(c_.peek().text, UINT32_MAX)) {
      c_.next();
      return static_cast<uint32_t>(*n);
    }
  c_.unexpected("a label");
}

uint32_t InstrParser::local_index() {
  if (c_.at_id()) {
    const Token& id = c_.next();
    auto it = locals_.find(id.name);
    if (it == locals_.end()) fail(id.where, "unknown local " + std::string(id.text));
    return it->second;
  }
  if (c_.at(TokenKind::Atom))
    if (auto n = parse_unsigned(c_.peek().text, UINT32_MAX)) {
      c_.next();
      return static_cast<uint32_t>(*n);
    }
  c_.unexpected("a local index");
}

void InstrParser::memarg(BinaryWriter& w, unsigned natural_bytes) {
  uint64_t offset = 0;
  uint64_t align = natural_bytes;
  if (c_.at(TokenKind::Atom) && c_.peek().text.starts_with("offset=")) {
    const Token& t = c_.next();
    auto n = parse_unsigned(t.text.substr(7), UINT32_MAX);
    if (!n) fail(t.where, "malformed memory offset (i32 constant out of range)");
    offset = *n;
  }
  if (c_.at(TokenKind::Atom) && c_.peek().text.starts_with("align=")) {
    const Token& t = c_.next();
    auto n = parse_unsigned(t.text.substr(6), UINT32_MAX);
    if (!n || *n == 0 || (*n & (*n - 1)) != 0) fail(t.where, "malformed memory alignment: not a power of two");
    align = *n;
  }
  uint32_t log2 = 0;
  while ((uint64_t{1} << log2) < align) ++log2;
  w.u32(log2);
  w.u32(offset);
}

void InstrParser::lane(BinaryWriter& w) {
  if (c_.at(TokenKind::Atom))
    if (auto n = parse_unsigned(c_.peek().text, 255)) {
      c_.next();
      w.byte(static_cast<uint8_t>(*n));
      return;
    }
  if (c_.at(TokenKind::Atom) && looks_numeric(c_.peek().text)) fail(c_.where(), "malformed lane index");
  c_.unexpected("a lane index");
}

void InstrParser::numeric_const(uint16_t op_index, BinaryWriter& w) {
  const Op op = static_cast<Op>(op_index);
  if (!c_.at(TokenKind::Atom)) c_.unexpected("a constant");
  const Token& t = c_.next();
  switch (op) {
    case Op::I32Const:
      if (auto v = parse_int_bits(t.text, 32)) return w.s32(static_cast<int32_t>(static_cast<uint32_t>(*v)));
      break;
    case Op::I64Const:
      if (auto v = parse_int_bits(t.text, 64)) return w.s64(static_cast<int64_t>(*v));
      break;
    case Op::F32Const:
      if (auto v = parse_f32_bits(t.text)) return w.fixed(*v, 4);
      break;
    default:
      if (auto v = parse_f64_bits(t.text)) return w.fixed(*v, 8);
      break;
  }
  if (looks_numeric(t.text)) fail(t.where, "constant out of range");
  fail(t.where, "unexpected token '" + std::string(t.text.substr(0, 40)) + "', expected a constant");
}

void InstrParser::v128_const(BinaryWriter& w) {
  if (!c_.at(TokenKind::Atom)) c_.unexpected("a vector shape");
  bool is_float = false;
  const unsigned bits = lane_bits(c_.peek().text, is_float);
  if (bits == 0) c_.unexpected("a vector shape");
  const unsigned lanes = 128 / bits;
  c_.next();
  for (unsigned i = 0; i < lanes; ++i) {
    if (!c_.at(TokenKind::Atom)) c_.unexpected("a lane constant");
    const Token& t = c_.next();
    std::optional<uint64_t> v;
    if (!is_float) v = parse_int_bits(t.text, bits);
    else if (bits == 32) v = parse_f32_bits(t.text);
    else v = parse_f64_bits(t.text);
    if (!v) {
      if (looks_numeric(t.text)) fail(t.where, "constant out of range");
      fail(t.where, "unexpected token '" + std::string(t.text.substr(0, 40)) + "', expected a lane constant");
    }
    w.fixed(*v, bits / 8);
  }
}

}  // namespace stratus::text
