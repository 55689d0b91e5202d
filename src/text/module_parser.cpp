#include "text/module_parser.hpp"

#include <algorithm>
#include <numeric>
#include <optional>
#include <string>
#include <tuple>

#include "text/binary_writer.hpp"
#include "text/custom_annotation.hpp"
#include "text/extern_types.hpp"
#include "text/instr_parser.hpp"
#include "text/literals.hpp"
#include "text/module_context.hpp"
#include "text/name_section.hpp"

namespace stratus::text {

namespace {

enum ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3 };

struct Section {
  BinaryWriter w;
  uint32_t count = 0;
};

class ModuleEncoder {
 public:
  ModuleEncoder(Cursor& c, const WatOptions& options, std::optional<std::string_view> module_name, NameStyle style)
      : c_(c), debug_names_(options.debug_names), name_style_(style) {
    names_.module = module_name;
  }

  std::vector<uint8_t> run() {
    ctx_.declare_fields(c_);
    while (c_.at_open()) {
      if (c_.at(TokenKind::CustomAnnotation)) customs_.push_back(read_custom_annotation(c_));
      else field();
    }
    return assemble();
  }

 private:
  void field() {
    c_.expect_lparen();
    const Token& kind = c_.next();
    if (kind.text == "type") return c_.skip_to_close();
    if (kind.text == "import") return import_field();
    if (kind.text == "func") return func_field();
    if (kind.text == "table") return table_field();
    if (kind.text == "memory") return memory_field();
    if (kind.text == "global") return global_field();
    if (kind.text == "export") return export_field();
    if (kind.text == "start") return start_field();
    if (kind.text == "elem") return elem_field();
    if (kind.text == "data") return data_field();
    fail(kind.where, "unexpected token, expected a module field");
  }

  // `(export "n")*` before a definition: the exports of index `index` of `kind`.
  void inline_exports(ExternKind kind, uint32_t index) {
    while (c_.take_form("export")) {
      exports_.w.name(c_.expect_name());
      exports_.w.byte(kind);
      exports_.w.u32(index);
      ++exports_.count;
      c_.expect_rparen();
    }
  }

  // `(import "m" "n")` of an inline import, written as the import's head.
  bool inline_import() {
    if (!c_.take_form("import")) return false;
    imports_.w.name(c_.expect_name());
    imports_.w.name(c_.expect_name());
    c_.expect_rparen();
    ++imports_.count;
    return true;
  }

  void skip_id() {
    if (c_.at_id()) c_.next();
  }

  // An import's description after its names: the kind and what it imports.
  void import_desc(ExternKind kind) {
    BinaryWriter& w = imports_.w;
    w.byte(kind);
    switch (kind) {
      case kFunc: {
        const TypeUse use = ctx_.read_type_use(c_, true);
        w.u32(ctx_.resolve(use));
        if (debug_names_) {
          names_.labels.emplace_back();
          NameMap& locals = names_.locals.emplace_back();
          for (size_t i = 0; i < use.param_names.size(); ++i)
            if (use.param_names[i]) locals.emplace_back(static_cast<uint32_t>(i), *use.param_names[i]);
        }
        break;
      }
      case kTable: {
        const Limits l = read_limits(c_);
        w.byte(static_cast<uint8_t>(read_reftype(c_)));
        write_limits(w, l);
        break;
      }
      case kMemory: write_limits(w, read_limits(c_)); break;
      case kGlobal: write_global_type(c_, w); break;
    }
  }

  // A definition's `$id? (export "n")* (import "m" "n")?`. True when it is an import, which
  // this reads and writes whole, through its closing paren.
  bool imported_definition(ExternKind kind, uint32_t index) {
    skip_id();
    inline_exports(kind, index);
    if (!inline_import()) return false;
    import_desc(kind);
    c_.expect_rparen();
    return true;
  }

  void import_field() {
    imports_.w.name(c_.expect_name());
    imports_.w.name(c_.expect_name());
    ++imports_.count;
    c_.expect_lparen();
    const Token& desc = c_.next();
    skip_id();
    if (desc.text == "func") {
      import_desc(kFunc);
      ++func_index_;
    } else if (desc.text == "table") {
      import_desc(kTable);
      ++table_index_;
    } else if (desc.text == "memory") {
      import_desc(kMemory);
      ++memory_index_;
    } else if (desc.text == "global") {
      import_desc(kGlobal);
      ++global_index_;
    } else {
      fail(desc.where, "unexpected token, expected an import description");
    }
    c_.expect_rparen();
    c_.expect_rparen();
  }

  void func_field() {
    const uint32_t index = func_index_++;
    if (imported_definition(kFunc, index)) return;
    const TypeUse use = ctx_.read_type_use(c_, true);
    const uint32_t type_index = ctx_.resolve(use);
    functions_.w.u32(type_index);
    ++functions_.count;

    LocalNames names;
    uint32_t local_count = 0;
    if (use.has_inline || !use.index) {
      for (const auto& name : use.param_names) {
        if (name && !names.emplace(*name, local_count).second) fail(use.where, "duplicate local " + std::string(*name));
        ++local_count;
      }
    } else if (const TextFuncType* t = ctx_.type(type_index)) {
      local_count = static_cast<uint32_t>(t->params.size());
    }
    std::vector<std::pair<uint32_t, ValType>> groups;
    while (c_.take_form("local")) {
      auto add = [&](ValType t) {
        if (!groups.empty() && groups.back().second == t) ++groups.back().first;
        else groups.push_back({1, t});
        ++local_count;
      };
      if (c_.at_id()) {
        const Token& id = c_.next();
        if (!names.emplace(id.name, local_count).second) fail(id.where, "duplicate local " + std::string(id.text));
        add(read_valtype(c_));
      } else {
        while (!c_.at(TokenKind::RParen)) add(read_valtype(c_));
      }
      c_.expect_rparen();
    }
    BinaryWriter body;
    body.u32(groups.size());
    for (const auto& [n, t] : groups) {
      body.u32(n);
      body.byte(static_cast<uint8_t>(t));
    }
    InstrParser(ctx_, c_, body, names, debug_names_ ? &names_.labels.emplace_back() : nullptr).parse_sequence();
    body.byte(0x0B);
    code_.w.sized(body.bytes());
    if (debug_names_) {
      NameMap& locals = names_.locals.emplace_back();
      for (const auto& [name, index] : names) locals.emplace_back(index, name);
      std::sort(locals.begin(), locals.end());
    }
    ++code_.count;
    c_.expect_rparen();
  }

  // `(offset instr*)` or one folded instruction, as a constant expression with its `end`.
  void offset_expr(BinaryWriter& w) {
    const LocalNames none;
    if (c_.take_form("offset")) {
      InstrParser(ctx_, c_, w, none).parse_sequence();
      c_.expect_rparen();
    } else {
      if (!c_.at(TokenKind::LParen)) c_.unexpected("an offset");
      InstrParser(ctx_, c_, w, none).parse_one_folded();
    }
    w.byte(0x0B);
  }

  // The items of an element list: `(item instr*)` or one folded instruction each, each
  // item's expression (with its `end`) kept apart, so that a funcref list of lone `ref.func`s
  // can be written as function indices instead, as wat2wasm writes it (as_indices).
  uint32_t elem_exprs(std::vector<std::vector<uint8_t>>& items) {
    const LocalNames none;
    while (c_.at(TokenKind::LParen)) {
      BinaryWriter w;
      if (c_.take_form("item")) {
        InstrParser(ctx_, c_, w, none).parse_sequence();
        c_.expect_rparen();
      } else {
        InstrParser(ctx_, c_, w, none).parse_one_folded();
      }
      w.byte(0x0B);
      items.push_back(std::move(w.bytes()));
    }
    return static_cast<uint32_t>(items.size());
  }

  // The items as function indices, when every one is `ref.func x` alone.
  static bool as_indices(const std::vector<std::vector<uint8_t>>& items, BinaryWriter& out) {
    BinaryWriter w;
    for (const auto& item : items) {
      if (item.size() < 3 || item.front() != 0xD2 || item.back() != 0x0B) return false;
      for (size_t i = 1; i + 1 < item.size(); ++i) {
        const bool last = i + 2 == item.size();
        if (((item[i] & 0x80) == 0) != last) return false;  // one LEB index, then `end`
      }
      w.raw(std::vector<uint8_t>(item.begin() + 1, item.end() - 1));
    }
    out.raw(w.bytes());
    return true;
  }

  uint32_t func_indices(BinaryWriter& w) {
    uint32_t n = 0;
    while (ctx_.at_index(c_)) {
      w.u32(ctx_.index(c_, Space::Func));
      ++n;
    }
    return n;
  }

  // The rest of an element segment, its list, with the flags its mode and list need;
  // `table` and `offset` are an active segment's.
  // A table's inline `(elem ...)` gives `table_ref`: its items are expressions or indices,
  // without a keyword. Returns how many items the segment has.
  enum class ElemMode { Active, Passive, Declarative };
  uint32_t elem_segment(ElemMode mode, uint32_t table, const std::vector<uint8_t>& offset,
                        std::optional<ValType> table_ref = std::nullopt) {
    // The list: `func x*`, `reftype item*`, or (active only) bare function indices.
    bool as_exprs = false;
    ValType ref = ValType::FuncRef;
    BinaryWriter items;
    uint32_t n = 0;
    std::vector<std::vector<uint8_t>> exprs;
    if (table_ref) {
      ref = *table_ref;
      as_exprs = c_.at(TokenKind::LParen);
      n = as_exprs ? elem_exprs(exprs) : func_indices(items);
    } else if (c_.take_atom("func")) {
      n = func_indices(items);
    } else if (at_reftype(c_)) {
      ref = read_reftype(c_);
      as_exprs = true;
      n = elem_exprs(exprs);
    } else if (mode == ElemMode::Active) {
      n = func_indices(items);
    } else {
      c_.unexpected("'func' or a reference type");
    }
    if (as_exprs && ref == ValType::FuncRef && as_indices(exprs, items)) as_exprs = false;
    if (as_exprs)
      for (const auto& e : exprs) items.raw(e);
    BinaryWriter& w = elems_.w;
    uint8_t flags = as_exprs ? 0x04 : 0x00;
    if (mode == ElemMode::Passive) flags |= 0x01;
    if (mode == ElemMode::Declarative) flags |= 0x03;
    if (mode == ElemMode::Active && (table != 0 || (as_exprs && ref != ValType::FuncRef))) flags |= 0x02;
    w.byte(flags);
    if (flags & 0x02 && mode == ElemMode::Active) w.u32(table);
    if (mode == ElemMode::Active) w.raw(offset);
    if (flags & 0x03) {
      if (as_exprs) w.byte(static_cast<uint8_t>(ref));
      else w.byte(0x00);
    }
    w.u32(n);
    w.raw(items.bytes());
    ++elems_.count;
    return n;
  }

  void elem_field() {
    skip_id();
    if (c_.take_atom("declare")) {
      elem_segment(ElemMode::Declarative, 0, {});
    } else if (c_.at(TokenKind::LParen) && !c_.at_form("item")) {
      uint32_t table = 0;
      if (c_.take_form("table")) {
        table = ctx_.index(c_, Space::Table);
        c_.expect_rparen();
      }
      BinaryWriter offset;
      offset_expr(offset);
      elem_segment(ElemMode::Active, table, offset.bytes());
    } else if (ctx_.at_index(c_)) {
      // `(elem x (offset ...) ...)`: a table index without `(table ...)`, as older texts write it.
      const uint32_t table = ctx_.index(c_, Space::Table);
      BinaryWriter offset;
      offset_expr(offset);
      elem_segment(ElemMode::Active, table, offset.bytes());
    } else {
      elem_segment(ElemMode::Passive, 0, {});
    }
    c_.expect_rparen();
  }

  void table_field() {
    const uint32_t index = table_index_++;
    if (imported_definition(kTable, index)) return;
    if (at_reftype(c_)) {
      const ValType ref = read_reftype(c_);
      if (!c_.take_form("elem")) c_.unexpected("'(elem'");
      BinaryWriter offset;
      offset.byte(0x41);  // i32.const 0
      offset.s32(0);
      offset.byte(0x0B);
      const uint32_t n = elem_segment(ElemMode::Active, index, offset.bytes(), ref);
      c_.expect_rparen();
      tables_.w.byte(static_cast<uint8_t>(ref));
      write_limits(tables_.w, Limits{n, n});
      ++tables_.count;
      c_.expect_rparen();
      return;
    }
    const Limits l = read_limits(c_);
    tables_.w.byte(static_cast<uint8_t>(read_reftype(c_)));
    write_limits(tables_.w, l);
    ++tables_.count;
    c_.expect_rparen();
  }

  std::string data_strings() {
    std::string bytes;
    while (c_.at(TokenKind::String)) bytes += string_bytes(c_.next());
    return bytes;
  }

  void memory_field() {
    const uint32_t index = memory_index_++;
    if (imported_definition(kMemory, index)) return;
    if (c_.take_form("data")) {
      const std::string bytes = data_strings();
      c_.expect_rparen();
      const uint64_t pages = (bytes.size() + 65535) / 65536;
      write_limits(memories_.w, Limits{pages, pages});
      ++memories_.count;
      BinaryWriter& w = datas_.w;
      if (index == 0) {
        w.byte(0x00);
      } else {
        w.byte(0x02);
        w.u32(index);
      }
      w.byte(0x41);
      w.s32(0);
      w.byte(0x0B);
      w.name(bytes);
      ++datas_.count;
      c_.expect_rparen();
      return;
    }
    write_limits(memories_.w, read_limits(c_));
    ++memories_.count;
    c_.expect_rparen();
  }

  void global_field() {
    const uint32_t index = global_index_++;
    if (imported_definition(kGlobal, index)) return;
    write_global_type(c_, globals_.w);
    const LocalNames none;
    InstrParser(ctx_, c_, globals_.w, none).parse_sequence();
    globals_.w.byte(0x0B);
    ++globals_.count;
    c_.expect_rparen();
  }

  void export_field() {
    exports_.w.name(c_.expect_name());
    c_.expect_lparen();
    const Token& kind = c_.next();
    if (kind.text == "func") {
      exports_.w.byte(kFunc);
      exports_.w.u32(ctx_.index(c_, Space::Func));
    } else if (kind.text == "table") {
      exports_.w.byte(kTable);
      exports_.w.u32(ctx_.index(c_, Space::Table));
    } else if (kind.text == "memory") {
      exports_.w.byte(kMemory);
      exports_.w.u32(ctx_.index(c_, Space::Memory));
    } else if (kind.text == "global") {
      exports_.w.byte(kGlobal);
      exports_.w.u32(ctx_.index(c_, Space::Global));
    } else {
      fail(kind.where, "unexpected token, expected an export description");
    }
    ++exports_.count;
    c_.expect_rparen();
    c_.expect_rparen();
  }

  void start_field() {
    const Location where = c_.where();
    if (start_) fail(where, "multiple start sections");
    start_ = ctx_.index(c_, Space::Func);
    c_.expect_rparen();
  }

  void data_field() {
    skip_id();
    BinaryWriter& w = datas_.w;
    if (c_.at(TokenKind::LParen) || ctx_.at_index(c_)) {
      uint32_t memory = 0;
      if (c_.take_form("memory")) {
        memory = ctx_.index(c_, Space::Memory);
        c_.expect_rparen();
      } else if (ctx_.at_index(c_)) {
        memory = ctx_.index(c_, Space::Memory);
      }
      if (memory == 0) {
        w.byte(0x00);
      } else {
        w.byte(0x02);
        w.u32(memory);
      }
      offset_expr(w);
    } else {
      w.byte(0x01);
    }
    w.name(data_strings());
    ++datas_.count;
    c_.expect_rparen();
  }

  std::vector<uint8_t> assemble() {
    BinaryWriter out;
    out.raw(std::string_view("\0asm\1\0\0\0", 8));
    // Each custom section before the first known section whose place is past its own; those
    // of one place in the order written.
    std::vector<size_t> order(customs_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return std::tie(customs_[a].place, a) < std::tie(customs_[b].place, b); });
    size_t next_custom = 0;
    auto customs_up_to = [&](uint32_t place) {
      for (; next_custom < order.size() && customs_[order[next_custom]].place <= place; ++next_custom)
        out.custom_section(customs_[order[next_custom]].name, customs_[order[next_custom]].content);
    };
    auto emit = [&](SectionSlot slot, uint8_t id, const Section& s) {
      customs_up_to(place_before(slot));
      if (s.count) out.section(id, s.count, s.w.bytes());
    };
    customs_up_to(place_before(SectionSlot::Type));
    BinaryWriter types;
    for (const TextFuncType& t : ctx_.types()) {
      types.byte(0x60);
      types.u32(t.params.size());
      for (ValType v : t.params) types.byte(static_cast<uint8_t>(v));
      types.u32(t.results.size());
      for (ValType v : t.results) types.byte(static_cast<uint8_t>(v));
    }
    if (!ctx_.types().empty()) out.section(1, static_cast<uint32_t>(ctx_.types().size()), types.bytes());
    emit(SectionSlot::Import, 2, imports_);
    emit(SectionSlot::Func, 3, functions_);
    emit(SectionSlot::Table, 4, tables_);
    emit(SectionSlot::Memory, 5, memories_);
    emit(SectionSlot::Global, 6, globals_);
    emit(SectionSlot::Export, 7, exports_);
    customs_up_to(place_before(SectionSlot::Start));
    if (start_) {
      BinaryWriter s;
      s.u32(*start_);
      out.byte(8);
      out.sized(s.bytes());
    }
    emit(SectionSlot::Elem, 9, elems_);
    customs_up_to(place_before(SectionSlot::DataCount));
    if (ctx_.data_count_needed) {
      BinaryWriter s;
      s.u32(datas_.count);
      out.byte(12);
      out.sized(s.bytes());
    }
    emit(SectionSlot::Code, 10, code_);
    emit(SectionSlot::Data, 11, datas_);
    // Where wat2wasm writes it, and before the custom sections after the last section, as
    // producers put a name section before the others they append (LLVM's producers, ...).
    // A text that writes its own `(@custom "name" ...)` has that one instead.
    const bool own_names =
        std::any_of(customs_.begin(), customs_.end(), [](const CustomSection& s) { return s.name == "name"; });
    if (debug_names_ && !own_names) {
      const std::vector<uint8_t> content = name_section_content(ctx_, names_, name_style_);
      if (!content.empty() || name_style_ == NameStyle::Wabt) out.custom_section("name", content);
    }
    customs_up_to(place_after(SectionSlot::Data));
    return std::move(out.bytes());
  }

  Cursor& c_;
  const bool debug_names_;
  const NameStyle name_style_;
  TextNames names_;
  std::vector<CustomSection> customs_;
  ModuleContext ctx_;
  Section imports_, functions_, tables_, memories_, globals_, exports_, elems_, code_, datas_;
  std::optional<uint32_t> start_;
  uint32_t func_index_ = 0, table_index_ = 0, memory_index_ = 0, global_index_ = 0;
};

}  // namespace

std::vector<uint8_t> encode_module_fields(Cursor& c, const WatOptions& options,
                                          std::optional<std::string_view> module_name, NameStyle names) {
  return ModuleEncoder(c, options, module_name, names).run();
}

std::vector<uint8_t> encode_module(Cursor& c, const WatOptions& options) {
  if (c.take_form("module")) {
    std::optional<std::string_view> name;
    if (c.at_id()) name = c.next().name;
    auto bytes = encode_module_fields(c, options, name);
    c.expect_rparen();
    return bytes;
  }
  return encode_module_fields(c, options);
}

}  // namespace stratus::text
