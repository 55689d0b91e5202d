// The code section: local declarations and a structural pass over every body.
#include <algorithm>
#include <vector>

#include "binary/decode_sections.hpp"
#include "binary/decoder.hpp"
#include "binary/instr.hpp"
#include "binary/limits.hpp"
#include "binary/try.hpp"

namespace stratus::binary::detail {

namespace {

Result<void> read_function(Reader& r, Module& m, DecodeState& state, std::vector<bool>& in_then) {
  FunctionBody body;
  const uint32_t entry_offset = r.offset();
  STRATUS_TRY(uint32_t size, read_count(r));
  if (size > kMaxFunctionSize) {
    return r.error_at(entry_offset, too_many("bytes in a function body", size, kMaxFunctionSize));
  }
  const uint32_t start = r.offset();

  const uint32_t locals_at = r.offset();
  STRATUS_TRY(uint32_t num_decls, read_limited_count(r, "local declarations", kMaxFunctionLocals));
  body.locals_offset = locals_at;
  uint64_t total = 0;
  for (uint32_t i = 0; i < num_decls; ++i) {
    STRATUS_TRY(uint32_t count, r.u32());
    STRATUS_CHECK(read_valtype(r));
    total += count;
  }
  if (total > kMaxFunctionLocals) return r.error_at(locals_at, too_many("locals", total, kMaxFunctionLocals));

  // Left to the validator: the entry is taken at its declared size. A size past the bytes
  // left, or locals past it, is scanned as below so that the error stays the full decode's.
  if (!state.scan_bodies && r.offset() - start <= size && size <= r.remaining() + (r.offset() - start)) {
    r.skip(size - (r.offset() - start));
    m.codes.push_back(body);
    return {};
  }

  // Like the reference decoder, read instructions until the body's final `end` wherever it
  // is, then compare with the declared size: a missing `end` then reads on into whatever
  // follows and is reported as such.
  InstrReader instrs(r.rest(), r.offset());
  Instr instr;
  in_then.clear();
  for (;;) {
    if (instrs.at_end()) {
      r.skip(r.remaining());
      return r.end_error();
    }
    auto read = instrs.read(instr);
    if (!read) return read.error();
    switch (instr.op) {
      case Op::Block:
      case Op::Loop:
        in_then.push_back(false);
        break;
      case Op::If:
        in_then.push_back(true);
        break;
      case Op::Else:
        if (in_then.empty() || !in_then.back()) return r.error_at(instr.offset, "END opcode expected");
        in_then.back() = false;
        break;
      case Op::MemoryInit:
      case Op::DataDrop:
        state.uses_data_indices = true;
        break;
      default:
        break;
    }
    if (instr.op == Op::End) {
      if (in_then.empty()) break;
      in_then.pop_back();
    }
  }
  r.skip(instrs.offset() - r.offset());
  if (r.offset() - start != size) return r.error_at(start, "section size mismatch");
  m.codes.push_back(body);
  return {};
}

}  // namespace

Result<void> read_code_section(Reader& r, Module& m, DecodeState& state) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "function bodies", kMaxFunctions));
  // Exactly as many as declared, unless the bytes left cannot hold that many (a count lie):
  // an entry is at least its size, a local declaration count and an `end`.
  m.codes.reserve(std::min<size_t>(count, r.remaining() / 3));
  std::vector<bool> in_then;  // per open block: is it an `if` still in its then-branch
  for (uint32_t i = 0; i < count; ++i) STRATUS_CHECK(read_function(r, m, state, in_then));
  return {};
}

}  // namespace stratus::binary::detail
