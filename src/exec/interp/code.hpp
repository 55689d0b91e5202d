// The interpreter's internal code: what the translator emits and the handlers execute.
//
// An instruction is a run of 8-byte slots: slot 0 holds the handler's address, the following
// slots hold operands packed as 32-bit fields (frame cell indices, immediates, branch offsets),
// laid out as exec/interp/internal_ops.def defines for each instruction.
// Every value lives in 8-byte cells of the frame (v128: two), so operands are plain cell indices.
#pragma once

#include <atomic>
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

// One per defined function, kept at 48 bytes in a zero-filled array of the module's
// (ModuleCode::funcs) whose pages the OS makes only when a function is translated: a module
// of a million functions that calls ten costs ten entries' pages, not 48 MB.
//
// All zero means "not translated yet". Translation (exec/translate/lazy_translation.cpp) fills
// every field and then publishes the function by storing `frame_cells` (never 0 once
// translated) with release order; a caller reads `frame_cells` first, with acquire order, so
// when it sees it non-zero every other field is there. Calls fold the test into their stack
// check (frame_fits), so a translated callee costs its callers nothing more than before.
struct CompiledFunc {
  const Slot* code = nullptr;      // first instruction, then its pc map (pc_map_size entries)
  const ModuleCode* module_code = nullptr;
  uint32_t code_slots = 0;         // length of the function's code
  uint32_t frame_cells = 0;        // params + locals + max operand stack (+ scratch); 0: not translated
  uint32_t param_cells = 0;
  uint32_t local_cells = 0;        // declared locals only (zeroed on entry)
  uint32_t result_cells = 0;
  uint32_t func_index = 0;         // in the module's function index space
  uint32_t pc_map_size = 0;
  uint32_t reserved = 0;
  std::span<const PcMapEntry> pc_map() const;  // ascending code_slot
  uint32_t wasm_offset_at(const Slot* pc) const;

  // The frame size as a caller reads it: 0 while the function is not translated.
  uint32_t published_frame_cells() const {
    // atomic_ref of a const object is C++26; the load writes nothing.
    return std::atomic_ref<uint32_t>(const_cast<uint32_t&>(frame_cells)).load(std::memory_order_acquire);
  }
  bool translated() const { return published_frame_cells() != 0; }
};
static_assert(sizeof(CompiledFunc) == 48);

// Whether a frame of `callee` at `callee_fp` ends at or before `stack_limit`. False also when
// the callee is not translated (its frame_cells 0 wraps to 2^32 - 1 cells), which sends the
// caller down its stack-exhausted path, where it translates the callee and checks again.
inline bool frame_fits(const CompiledFunc* callee, const uint64_t* callee_fp, const uint64_t* stack_limit) {
  const uint32_t cells_past_first = callee->published_frame_cells() - 1u;
  return reinterpret_cast<uintptr_t>(callee_fp) + uint64_t{cells_past_first} * sizeof(uint64_t) <
         reinterpret_cast<uintptr_t>(stack_limit);
}

// Translated code, as allocated by one module's lazy translation: blocks that never move,
// so a function's code stays where it was published. Small functions share chunks; a large
// one keeps the buffer it was translated into, so its code is never held twice. Only the
// translation lock's holder touches it.
class CodeArena {
 public:
  CodeArena() = default;
  CodeArena(const CodeArena&) = delete;
  CodeArena& operator=(const CodeArena&) = delete;
  ~CodeArena();
  // Whether `slots` slots are worth a block of their own (adopt) rather than a copy (allocate).
  static bool owns_block(size_t slots);
  // Room for `slots` slots; throws std::bad_alloc.
  Slot* allocate(size_t slots);
  // Takes a malloc'ed block; throws std::bad_alloc (the block is then freed).
  Slot* adopt(Slot* block);

 private:
  std::vector<Slot*> blocks_;  // malloc'ed
  Slot* free_ = nullptr;
  size_t free_slots_ = 0;
};

struct LazyTranslation;  // exec/translate/lazy_translation.hpp: what translating on demand needs

struct ModuleCode {
  ModuleCode();
  ModuleCode(const ModuleCode&) = delete;
  ModuleCode& operator=(const ModuleCode&) = delete;
  ~ModuleCode();

  const binary::Module* module = nullptr;  // for names in backtraces; outlives the code
  // Per defined function, zero-filled (see CompiledFunc); its address never changes, so calls
  // embed pointers to its entries.
  CompiledFunc* funcs = nullptr;
  size_t func_count = 0;
  // The translator's state, guarded by its lock: written only while translating.
  std::unique_ptr<LazyTranslation> lazy;
};

inline std::span<const PcMapEntry> CompiledFunc::pc_map() const {
  if (!code) return {};
  return {reinterpret_cast<const PcMapEntry*>(code + code_slots), pc_map_size};
}

}  // namespace stratus::exec
