#include "exec/interp/disasm.hpp"

#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exec/interp/handlers.hpp"
#include "exec/interp/internal_ops.hpp"
#include "stratus/types.hpp"

namespace stratus::exec {
namespace {

using binary::Op;
using op::LayoutId;

// What a handler address stands for.
struct HandlerName {
  std::string name;  // "<wasm op>.<family>.<variant>..." or "<special>.<variant>..."
  LayoutId layout;
  // Whether the variant flag `flag` is set: one of the '.'-separated words of the name.
  bool has(std::string_view flag) const {
    for (size_t at = name.find(flag); at != std::string::npos; at = name.find(flag, at + 1))
      if (at > 0 && name[at - 1] == '.' && (at + flag.size() == name.size() || name[at + flag.size()] == '.'))
        return true;
    return false;
  }
};

// Families whose layout the opcode's signature decides (ByOp in internal_ops.def).
enum class Family : uint8_t {
#define STRATUS_FAMILY(member, dims, variants, layout) member,
#include "exec/interp/internal_ops.def"
#undef STRATUS_FAMILY
};

bool sig_wide(char c) { return c == 'l' || c == 'd'; }

LayoutId by_op_layout(Family family, Op o, const OpHandlers& oh) {
  const binary::OpInfo& info = binary::op_info(o);
  const std::string_view sig = info.sig;
  const size_t colon = sig.find(':');
  const size_t arity = colon == std::string_view::npos ? 0 : colon;
  const bool has_result = colon != std::string_view::npos && colon + 1 < sig.size();
  switch (family) {
    case Family::reg: return oh.reg_layout;
    case Family::imm: return arity == 2 && sig_wide(sig[1]) ? LayoutId::BinaryImm64 : LayoutId::BinaryImm32;
    case Family::branch_reg: return arity == 1 ? LayoutId::TestBranch : LayoutId::CompareBranch;
    case Family::branch_imm:
      return arity == 2 && sig_wide(sig[1]) ? LayoutId::CompareBranchImm64 : LayoutId::CompareBranchImm32;
    case Family::memory:
      if (info.imm == binary::Imm::MemArgLane) return has_result ? LayoutId::LoadLane : LayoutId::StoreLane;
      return has_result ? LayoutId::Load : LayoutId::Store;
    case Family::memory_add: return has_result ? LayoutId::LoadAdd : LayoutId::StoreAdd;
    default: return LayoutId::Count_;
  }
}

// The variant suffix of flat index `flat` of a family declared with `variants` (see
// internal_ops.def): ".negate.check", ".rotl", "" for index 0 of flags.
std::string variant_suffix(std::string_view variants, size_t flat, size_t count) {
  std::vector<std::vector<std::string_view>> dims;
  size_t total = 1;
  for (size_t start = 0; start < variants.size();) {
    size_t end = variants.find(';', start);
    if (end == std::string_view::npos) end = variants.size();
    const std::string_view dim = variants.substr(start, end - start);
    std::vector<std::string_view> values;
    if (dim.find('|') == std::string_view::npos) {
      values = {"", dim};  // a flag
    } else {
      for (size_t s = 0; s <= dim.size();) {
        size_t e = dim.find('|', s);
        if (e == std::string_view::npos) e = dim.size();
        values.push_back(dim.substr(s, e - s));
        s = e + 1;
      }
    }
    total *= values.size();
    dims.push_back(std::move(values));
    start = end + 1;
  }
  if (total != count) return ".?";  // internal_ops.def's variants disagree with its dims
  std::string out;
  size_t stride = total;
  for (const auto& values : dims) {
    stride /= values.size();
    const std::string_view v = values[(flat / stride) % values.size()];
    if (!v.empty()) out += "." + std::string(v);
  }
  return out;
}

const std::unordered_map<uintptr_t, HandlerName>& handler_names() {
  static const auto names = [] {
    std::unordered_map<uintptr_t, HandlerName> m;
    const auto add = [&](Handler h, std::string name, LayoutId layout) {
      if (h) m.emplace(reinterpret_cast<uintptr_t>(h), HandlerName{std::move(name), layout});
    };
    const SpecialHandlers& sh = special_handlers();
#define STRATUS_SPECIAL(member, dims, variants, layout)                                                  \
  {                                                                                                      \
    const Handler* hs = reinterpret_cast<const Handler*>(&sh.member);                                    \
    const size_t n = sizeof(sh.member) / sizeof(Handler);                                                \
    for (size_t k = 0; k < n; ++k) add(hs[k], #member + variant_suffix(variants, k, n), LayoutId::layout); \
  }
#include "exec/interp/internal_ops.def"
#undef STRATUS_SPECIAL
    for (size_t o = 0; o < static_cast<size_t>(Op::Count_); ++o) {
      const Op op = static_cast<Op>(o);
      const OpHandlers& oh = op_handlers(op);
      const std::string text(binary::op_info(op).text);
#define STRATUS_FAMILY(member, dims, variants, layout)                                                   \
  {                                                                                                      \
    const Handler* hs = reinterpret_cast<const Handler*>(&oh.member);                                    \
    const size_t n = sizeof(oh.member) / sizeof(Handler);                                                \
    LayoutId l = LayoutId::layout;                                                                       \
    if (l == LayoutId::ByOp) l = by_op_layout(Family::member, op, oh);                                             \
    const std::string family = std::string_view(#member) == "reg" ? "" : "." #member;                    \
    for (size_t k = 0; k < n; ++k) add(hs[k], text + family + variant_suffix(variants, k, n), l);        \
  }
#include "exec/interp/internal_ops.def"
#undef STRATUS_FAMILY
    }
    return m;
  }();
  return names;
}

uint32_t word_at(const Slot* instr, unsigned word) {
  uint32_t v;
  std::memcpy(&v, reinterpret_cast<const char*>(instr + 1) + 4 * word, 4);
  return v;
}
uint64_t wide_at(const Slot* instr, unsigned word) {
  uint64_t v;
  std::memcpy(&v, reinterpret_cast<const char*>(instr + 1) + 4 * word, 8);
  return v;
}

std::string branch(size_t at, uint32_t offset) {
  return "@" + std::to_string(static_cast<int64_t>(at) + static_cast<int32_t>(offset));
}

std::string field_text(const op::FieldInfo& f, const HandlerName& handler, const Slot* instr, size_t at) {
  using op::FieldKind;
  switch (f.kind) {
    case FieldKind::Cell: return "c" + std::to_string(word_at(instr, f.word));
    case FieldKind::CellOrImm:
      return (handler.has("imm_" + std::string(f.name)) ? "" : "c") + std::to_string(word_at(instr, f.word));
    case FieldKind::Branch: return branch(at, word_at(instr, f.word));
    case FieldKind::Imm64: return std::to_string(wide_at(instr, f.word));
    case FieldKind::Func: {
      const auto* callee = reinterpret_cast<const CompiledFunc*>(static_cast<uintptr_t>(wide_at(instr, f.word)));
      return callee ? "func[" + std::to_string(callee->func_index) + "]" : "null";
    }
    case FieldKind::Type: {
      const auto* type = reinterpret_cast<const FuncType*>(static_cast<uintptr_t>(wide_at(instr, f.word)));
      return type ? to_string(*type) : "null";
    }
    case FieldKind::Lanes16: {
      std::string out = "[";
      const auto* bytes = reinterpret_cast<const uint8_t*>(instr + 1) + 4 * f.word;
      for (int k = 0; k < 16; ++k) out += (k ? " " : "") + std::to_string(bytes[k]);
      return out + "]";
    }
    default: return std::to_string(word_at(instr, f.word));
  }
}

std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%x", v);
  return buf;
}

}  // namespace

std::string disassemble(const CompiledFunc& func) {
  std::string out = "func[" + std::to_string(func.func_index) + "]";
  if (func.module_code && func.module_code->module) {
    if (auto name = func.module_code->module->names.function_name(func.func_index)) out += " $" + std::string(*name);
  }
  out += ": params=" + std::to_string(func.param_cells) + " locals=" + std::to_string(func.local_cells) +
         " results=" + std::to_string(func.result_cells) + " frame=" + std::to_string(func.frame_cells) +
         " slots=" + std::to_string(func.code_slots) + "\n";
  const auto& names = handler_names();
  const std::span<const PcMapEntry> pc_map = func.pc_map();
  size_t map_index = 0;
  for (size_t at = 0; at < func.code_slots;) {
    const Slot* instr = func.code + at;
    auto it = names.find(static_cast<uintptr_t>(instr[0]));
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "%5zu  %-7s ", at, hex(func.wasm_offset_at(instr)).c_str());
    out += prefix;
    if (it == names.end()) {
      out += "<unknown handler>\n";
      break;
    }
    const op::LayoutInfo& layout = op::layout_info(it->second.layout);
    std::string line = it->second.name;
    line.resize(std::max<size_t>(line.size() + 1, 34), ' ');
    unsigned slots = layout.slots;
    for (unsigned k = 0; k < layout.count; ++k) {
      const op::FieldInfo& f = layout.field_info[k];
      if (f.kind == op::FieldKind::Pad) continue;
      line += std::string(f.name) + "=" + field_text(f, it->second, instr, at) + " ";
    }
    if (it->second.layout == LayoutId::BrTable) {
      const uint32_t count = op::BrTable::count(instr);
      line += "targets=[";
      for (uint32_t k = 0; k <= count; ++k)
        line += (k ? " " : "") + branch(at, word_at(instr, op::BrTable::fields + k));
      line += "] ";
      slots = op::slots_for_fields(op::BrTable::fields + count + 1);
    }
    // Where a fused instruction reports a later part's traps from a slot inside it.
    while (map_index < pc_map.size() && pc_map[map_index].code_slot < at) ++map_index;
    for (size_t m = map_index; m < pc_map.size() && pc_map[m].code_slot < at + slots; ++m)
      if (pc_map[m].code_slot > at)
        line += "; +" + std::to_string(pc_map[m].code_slot - at) + ": " + hex(pc_map[m].wasm_offset) + " ";
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    at += slots;
  }
  return out;
}

}  // namespace stratus::exec
