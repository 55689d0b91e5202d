// The interpreter's internal code: what the translator emits and the handlers execute.
//
// An instruction is a run of 8-byte slots: slot 0 holds the handler's address, the following
// slots hold operands packed as 32-bit fields (frame cell indices, immediates, branch offsets),
// laid out as exec/interp/internal_ops.def defines for each instruction.
// Every value lives in 8-byte cells of the frame (v128: two), so operands are plain cell indices.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "binary/module.hpp"

namespace stratus::exec {

struct ExecEnv;
struct ModuleCode;
using Slot = uint64_t;

// Handlers return up the tail-call chain; non-zero means a trap (details in ExecEnv).
using Status = uint64_t;
using Handler = __attribute__((preserve_none)) Status (*)(const Slot* ip, uint64_t* fp, uint8_t* mem, ExecEnv* env);

// Where a translated instruction came from, for backtraces.
struct PcMapEntry {
  uint32_t code_slot;    // slot index relative to the function's first slot
  uint32_t wasm_offset;  // byte offset of the wasm instruction in the module
};

// One per defined function, so kept at 48 bytes: its pc map lives in the module's.
struct CompiledFunc {
  const Slot* code = nullptr;      // first instruction
  const ModuleCode* module_code = nullptr;
  uint32_t code_slots = 0;         // length of the function's code
  uint32_t frame_cells = 0;        // params + locals + max operand stack (+ scratch)
  uint32_t param_cells = 0;
  uint32_t local_cells = 0;        // declared locals only (zeroed on entry)
  uint32_t result_cells = 0;
  uint32_t func_index = 0;         // in the module's function index space
  uint32_t pc_map_begin = 0;       // this function's entries of ModuleCode::pc_map
  uint32_t pc_map_size = 0;
  std::span<const PcMapEntry> pc_map() const;  // ascending code_slot
  uint32_t wasm_offset_at(const Slot* pc) const;
};

struct ModuleCode {
  const binary::Module* module = nullptr;  // for names in backtraces; outlives the code
  // Every function's code, back to back (malloc'ed: the translator grows it with realloc).
  struct FreeSlots { void operator()(Slot* p) const { std::free(p); } };
  std::unique_ptr<Slot[], FreeSlots> slots;
  size_t slot_count = 0;
  std::vector<CompiledFunc> funcs;         // per defined function
  std::vector<PcMapEntry> pc_map;          // every function's, back to back
};

inline std::span<const PcMapEntry> CompiledFunc::pc_map() const {
  if (!module_code) return {};
  return std::span<const PcMapEntry>(module_code->pc_map).subspan(pc_map_begin, pc_map_size);
}

}  // namespace stratus::exec
