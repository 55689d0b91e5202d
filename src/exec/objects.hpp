// Runtime objects of the execution layer. A Store owns them (see embed/); the interpreter reads
// them directly, so hot fields are plain and the layout is part of the interpreter's contract.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "binary/module.hpp"
#include "stratus/extern.hpp"
#include "stratus/types.hpp"

namespace stratus::detail { struct StoreImpl; }

namespace stratus::exec {

struct CompiledFunc;  // defined by the interpreter (exec/interp)
struct ModuleCode;    // every CompiledFunc of one module
struct ModuleInst;

// The pages behind a linear memory. Implemented by the allocation layer (alloc/), which
// reserves the address range once so `base()` never moves while the memory lives.
class MemoryBacking {
 public:
  virtual ~MemoryBacking() = default;
  virtual uint8_t* base() const = 0;
  // Bytes of address space reserved from base(); accesses in [size, reserved) fault.
  virtual uint64_t reserved() const = 0;
  // Make [0, new_size) accessible (zero-filled beyond the old size). False if it cannot.
  virtual bool grow_to(uint64_t new_size) = 0;
};

struct FuncInst {
  const FuncType* type = nullptr;       // interned by the engine: equal types <=> equal pointers
  ModuleInst* instance = nullptr;       // wasm functions: the defining instance
  const CompiledFunc* code = nullptr;   // wasm functions: translated code; null for host functions
  uint32_t func_index = 0;              // index in the defining module (backtraces)
  HostFunc host;                        // host functions
  bool is_host() const { return code == nullptr; }
};

struct MemoryInst {
  uint8_t* base = nullptr;              // == backing->base()
  uint64_t size = 0;                    // current size in bytes
  MemoryType type;                      // limits.min tracks the current page count
  uint64_t max_pages = kMaxPages32;     // growth ceiling: the type's max, capped by store limits
  std::unique_ptr<MemoryBacking> backing;
  uint64_t pages() const { return size / kPageSize; }
  // Grows by `delta` pages; returns the old page count, or -1 (as memory.grow does).
  int64_t grow(uint64_t delta);
};

struct TableInst {
  std::vector<void*> elems;             // FuncInst* for funcref, host pointer for externref; null = null ref
  TableType type;                       // limits.min tracks the current size
  uint64_t max_size = UINT32_MAX;
  // Returns the old size, or -1.
  int64_t grow(uint64_t delta, void* init);
};

struct GlobalInst {
  alignas(16) uint64_t cells[2] = {0, 0};  // value in the cell format (v128 uses both)
  GlobalType type;
};

// A module's element / data segment as an instance sees it; dropping empties it.
struct ElemInst { std::vector<void*> items; };
struct DataInst { std::span<const uint8_t> bytes; };

struct ModuleInst {
  const binary::Module* module = nullptr;
  const ModuleCode* code = nullptr;
  std::shared_ptr<const void> keep_alive;       // holds the compiled module
  detail::StoreImpl* store = nullptr;

  std::vector<const FuncType*> types;           // interned, per type index
  std::vector<FuncInst*> funcs;                 // whole index space, imports first
  std::vector<TableInst*> tables;
  std::vector<MemoryInst*> memories;
  std::vector<GlobalInst*> globals;
  std::vector<ElemInst> elems;
  std::vector<DataInst> datas;

  MemoryInst* memory0() const { return memories.empty() ? nullptr : memories[0]; }
};

// The cell format, shared by globals, call arguments/results and the interpreter's slots:
// i32 zero-extended to 64 bits, i64 as is, f32/f64 as their bits, references as pointers,
// v128 as two cells (low 8 bytes first).
inline uint32_t cell_count(ValType t) { return t == ValType::V128 ? 2 : 1; }
void val_to_cells(const Val& v, uint64_t* cells);
Val val_from_cells(ValType t, const uint64_t* cells);

}  // namespace stratus::exec
