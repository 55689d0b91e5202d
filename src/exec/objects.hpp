// Runtime objects of the execution layer. A Store owns them (see embed/); the interpreter reads
// them directly, so hot fields are plain and the layout is part of the interpreter's contract.
#pragma once

#include <cstdint>
#include <memory>
#include <memory_resource>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "binary/module.hpp"
#include "exec/vm_abi.hpp"
#include "stratus/types.hpp"
#include "stratus/value.hpp"

namespace stratus::exec {

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

// FuncInst, the function every tier calls, is part of the VM's contract: exec/vm_abi.hpp.
static_assert(std::is_trivially_destructible_v<FuncInst>);

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

// The storage behind a table's elements. Implemented by the allocation layer: a pooled slot
// of fixed capacity, or a heap array. Fresh elements read as null (zero).
class TableBacking {
 public:
  virtual ~TableBacking() = default;
  // Where the elements start; may change when grow_to succeeds.
  virtual void** data() const = 0;
  // Make [0, new_size) usable, keeping the elements below the old size. False if it cannot.
  virtual bool grow_to(uint64_t new_size) = 0;
};

// The elements as the interpreter reads them: a view the table keeps in step with its backing.
struct TableElements {
  void** items = nullptr;
  uint64_t count = 0;
  uint64_t size() const { return count; }
  void** data() const { return items; }
  void** begin() const { return items; }
  void** end() const { return items + count; }
  void*& operator[](uint64_t i) const { return items[i]; }
};

struct TableInst {
  TableElements elems;                  // FuncInst* for funcref, host pointer for externref; null = null ref
  TableType type;                       // limits.min tracks the current size
  uint64_t max_size = UINT32_MAX;       // growth ceiling: the type's max, capped by engine limits
  std::unique_ptr<TableBacking> backing;
  // Returns the old size, or -1.
  int64_t grow(uint64_t delta, void* init);
};

// A global as a handle or an importing instance sees it: where its value is (in the cell
// format; a v128 uses two cells) and its type. A host-made global's cells are its own; a
// module's global lives in its instance's slots (ModuleInst::globals) and is given a
// GlobalInst only when the embedder asks for it, so a million globals cost an instance
// their slots and nothing more.
struct GlobalInst {
  uint64_t* cells = nullptr;
  GlobalType type;
};

// Whether global `index` of `module` keeps its value in its slot (a defined global that is
// not a v128) or keeps a pointer there to its cells (an import, which shares the exporter's,
// or a v128, whose two cells are beside the slots). The translator picks the interpreter's
// handler by it, so the common case is one load.
inline bool global_in_slot(const binary::Module& module, uint32_t index) {
  return index >= module.num_imported_globals && module.global_types[index].type != ValType::V128;
}

// Its lists live where the Store keeps its records (see embed/store_arena.hpp).
struct ModuleInst {
  explicit ModuleInst(std::pmr::memory_resource* records)
      : types(records), funcs(records), tables(records), memories(records), dropped_elems(records), dropped_datas(records) {}

  const binary::Module* module = nullptr;
  const ModuleCode* code = nullptr;
  std::shared_ptr<const void> keep_alive;       // holds the compiled module
  void* store = nullptr;                        // the embedder's record of the owning Store

  std::pmr::vector<const FuncType*> types;      // interned, per distinct type (module->types.id)
  std::pmr::vector<FuncInst*> funcs;            // the imported functions (first in the index space)
  // The defined functions, in a zero-filled block the Store owns (exec/zeroed_memory.hpp):
  // each is made on first use (func()), so a module of a million functions that an instance
  // never touches costs it unbacked pages.
  FuncInst* defined_funcs = nullptr;
  uint32_t func_count = 0;                      // the whole index space
  std::pmr::vector<TableInst*> tables;
  std::pmr::vector<MemoryInst*> memories;
  // One 8-byte slot per global of the index space, in a block the Store owns: the value, or
  // a pointer to the cells (see global_in_slot).
  uint64_t* globals = nullptr;
  // One flag per element segment. The items of one not dropped are read from the module (its
  // bytes outlive every instance: binary::passive_elem_items) when a table takes them, so a
  // passive segment costs an instance a bit: its items are immutable references (functions,
  // nulls, immutable imported globals) that read the same at any time.
  std::pmr::vector<bool> dropped_elems;
  // One flag per data segment; the bytes of one not dropped are binary::passive_data's, so
  // 100k segments cost an instance 12.5 KiB.
  std::pmr::vector<bool> dropped_datas;

  // The cells of global `index` (below module->global_types.size()).
  uint64_t* global_cells(uint32_t index) const {
    return global_in_slot(*module, index) ? &globals[index] : reinterpret_cast<uint64_t*>(globals[index]);
  }

  MemoryInst* memory0() const { return memories.empty() ? nullptr : memories[0]; }

  // Function `index` of the index space (below func_count), made now if it is a defined one
  // not used before. Instances belong to one Store, which one thread uses at a time.
  FuncInst* func(uint32_t index) const {
    if (index < funcs.size()) return funcs[index];
    FuncInst* f = &defined_funcs[index - funcs.size()];
    if (!f->type) [[unlikely]] make_defined_func(index);
    return f;
  }

 private:
  void make_defined_func(uint32_t index) const;
};

// The cell format, shared by globals, call arguments/results and the interpreter's slots:
// i32 zero-extended to 64 bits, i64 as is, f32/f64 as their bits, references as pointers,
// v128 as two cells (low 8 bytes first).
inline uint32_t cell_count(ValType t) { return t == ValType::V128 ? 2 : 1; }

// Items [first, first + count) of `items` (one of `instance.module`'s segments, within its
// count) as a table holds them: FuncInst*, host pointer or null.
void write_elem_items(const ModuleInst& instance, const binary::ElemItemList& items, uint32_t first, uint32_t count,
                      void** out);
void val_to_cells(const Val& v, uint64_t* cells);
Val val_from_cells(ValType t, const uint64_t* cells);

}  // namespace stratus::exec
