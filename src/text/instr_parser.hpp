// Instructions, flat and folded, encoded as they are read: opcodes and immediate shapes come
// from binary/opcodes.def, labels and locals resolve in their scopes, other indices through
// the module's index spaces.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/binary_writer.hpp"
#include "text/cursor.hpp"
#include "text/module_context.hpp"

namespace stratus::text {

// A function's locals by name (parameters first); empty for a constant expression.
using LocalNames = std::unordered_map<std::string_view, uint32_t>;

class InstrParser {
 public:
  // `labels`, when given, receives each named block's label index (blocks, loops and ifs
  // counted in order from 0) and name.
  InstrParser(ModuleContext& module, Cursor& cursor, BinaryWriter& out, const LocalNames& locals,
              std::vector<std::pair<uint32_t, std::string_view>>* labels = nullptr)
      : m_(module), c_(cursor), out_(out), locals_(locals), labels_(labels) {}

  // Instructions up to the enclosing ')', which is left for the caller; every flat block
  // opened in them must be closed.
  void parse_sequence();
  // One folded instruction, `( ... )` (an offset or element item written without its keyword).
  void parse_one_folded() { parse_folded(); }

 private:
  struct Frame {
    std::optional<std::string_view> label;
    bool is_if = false;
    bool seen_else = false;
  };

  void parse_folded();
  void parse_plain(BinaryWriter& w);
  void immediates(uint16_t op, BinaryWriter& w);
  std::optional<std::string_view> read_label();
  void close_label(std::optional<std::string_view> label);
  void block_type(BinaryWriter& w);
  uint32_t label_index();
  uint32_t local_index();
  void memarg(BinaryWriter& w, unsigned natural_bytes);
  void lane(BinaryWriter& w);
  void v128_const(BinaryWriter& w);
  void numeric_const(uint16_t op, BinaryWriter& w);

  ModuleContext& m_;
  Cursor& c_;
  BinaryWriter& out_;
  const LocalNames& locals_;
  std::vector<std::pair<uint32_t, std::string_view>>* labels_;
  uint32_t blocks_opened_ = 0;
  std::vector<Frame> frames_;
  std::deque<BinaryWriter> scratch_;  // one per folding depth: an operator waits there for its operands
  uint32_t depth_ = 0;
};

}  // namespace stratus::text
