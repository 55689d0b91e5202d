#include "embed/instantiate.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

#include "binary/const_expr.hpp"
#include "binary/data_segment.hpp"
#include "binary/element_segment.hpp"
#include "embed/compiled_module.hpp"
#include "embed/const_expr.hpp"
#include "embed/store_impl.hpp"
#include "exec/invoke.hpp"
#include "exec/translate.hpp"
#include "stratus/trap.hpp"

namespace stratus::detail {

namespace {

Error trap(TrapKind kind) {
  return Error(std::make_shared<const Trap>(kind, std::string(trap_message(kind))));
}

void add_imports(exec::ModuleInst& inst, std::span<const Extern> imports) {
  const binary::Module& m = *inst.module;
  inst.funcs.reserve(m.num_imported_funcs);
  inst.tables.reserve(m.tables.size());
  inst.memories.reserve(m.memories.size());
  for (const Extern& e : imports) {
    if (auto* f = std::get_if<Func>(&e)) inst.funcs.push_back(f->raw());
    else if (auto* t = std::get_if<Table>(&e)) inst.tables.push_back(t->raw());
    else if (auto* m = std::get_if<Memory>(&e)) inst.memories.push_back(m->raw());
  }
}

// Every global's slot, imports first: an import's points to the exporter's cells, so both
// see every write. The defined ones are initialized in order (an initializer may read an
// earlier global).
Result<void> add_globals(StoreImpl& store, exec::ModuleInst& inst, std::span<const Extern> imports) {
  const binary::Module& m = *inst.module;
  if (m.global_types.empty()) return {};
  inst.globals = store.new_global_slots(m.global_types.size());
  uint32_t index = 0;
  for (const Extern& e : imports)
    if (auto* g = std::get_if<Global>(&e)) inst.globals[index++] = reinterpret_cast<uintptr_t>(g->raw()->cells);
  for (uint32_t i = 0; i < m.global_inits.size(); ++i, ++index) {
    auto init = binary::global_init(m, i);
    if (!init) return init.error();
    auto value = eval_const(*init, inst);
    if (!value) return value.error();
    if (exec::global_in_slot(m, index)) {
      exec::val_to_cells(*value, &inst.globals[index]);
    } else {
      uint64_t* cells = store.new_cells(m.global_types[index].type);
      exec::val_to_cells(*value, cells);
      inst.globals[index] = reinterpret_cast<uintptr_t>(cells);
    }
  }
  return {};
}

// Functions come first: global initializers and element items may take their references.
// Each defined one is made on first use (ModuleInst::func), in a block made here.
void add_functions(StoreImpl& store, exec::ModuleInst& inst, const CompiledModule& cm) {
  const binary::Module& m = cm.module;
  inst.defined_funcs = store.new_funcs(m.codes.size());
  inst.func_count = static_cast<uint32_t>(m.func_types.size());
}

Result<void> add_tables(StoreImpl& store, exec::ModuleInst& inst, const binary::Module& m) {
  for (size_t i = m.num_imported_tables; i < m.tables.size(); ++i) {
    auto t = store.new_table(m.tables[i], nullptr);
    if (!t) return t.error();
    inst.tables.push_back(*t);
  }
  return {};
}

// Returns, per memory index, whether the allocator already wrote the data segments.
Result<std::vector<bool>> add_memories(StoreImpl& store, exec::ModuleInst& inst, const CompiledModule& cm) {
  const binary::Module& m = cm.module;
  std::vector<bool> data_initialized(m.memories.size(), false);
  for (uint32_t i = m.num_imported_memories; i < m.memories.size(); ++i) {
    bool initialized = false;
    auto mem = store.new_memory(m.memories[i], alloc::MemoryOrigin{&cm, &m, i}, &initialized);
    if (!mem) return mem.error();
    inst.memories.push_back(*mem);
    data_initialized[i] = initialized;
  }
  return data_initialized;
}

void add_segments(exec::ModuleInst& inst, const binary::Module& m) {
  inst.dropped_elems.assign(m.element_segments.size(), false);
  inst.dropped_datas.assign(m.data_segments.size(), false);
}

// table.init followed by elem.drop for each active segment, in module order, and elem.drop
// for each declarative one, so only passive ones keep their items. Items have no side
// effects, so evaluating each straight into its table entry is the same as evaluating them
// all first.
Result<void> init_elements(exec::ModuleInst& inst, const binary::Module& m) {
  for (uint32_t s = 0; s < m.element_segments.size(); ++s) {
    auto decoded = binary::element_segment(m, s);
    if (!decoded) return decoded.error();
    const binary::ElementSegment& seg = *decoded;
    if (seg.mode == binary::SegmentMode::Passive) continue;
    inst.dropped_elems[s] = true;
    if (seg.mode != binary::SegmentMode::Active) continue;
    auto offset = eval_const(seg.offset, inst);
    if (!offset) return offset.error();
    const uint64_t start = static_cast<uint32_t>(offset->i32());
    exec::TableInst& table = *inst.tables[seg.table];
    if (start + seg.items.count > table.elems.size()) return trap(TrapKind::OutOfBoundsTableAccess);
    exec::write_elem_items(inst, seg.items, 0, seg.items.count, table.elems.data() + start);
  }
  return {};
}

// memory.init followed by data.drop for active segments.
Result<void> init_data(exec::ModuleInst& inst, const binary::Module& m, const std::vector<bool>& data_initialized) {
  for (uint32_t i = 0; i < m.data_segments.size(); ++i) {
    auto decoded = binary::data_segment(m, i);
    if (!decoded) return decoded.error();
    const binary::DataSegment& seg = *decoded;
    if (seg.mode != binary::SegmentMode::Active) continue;
    const std::span<const uint8_t> bytes = std::span<const uint8_t>(m.bytes).subspan(seg.data_offset, seg.size);
    if (!data_initialized[seg.memory]) {
      auto offset = eval_const(seg.offset, inst);
      if (!offset) return offset.error();
      const uint64_t start = static_cast<uint32_t>(offset->i32());
      exec::MemoryInst& memory = *inst.memories[seg.memory];
      if (start + bytes.size() > memory.size) return trap(TrapKind::OutOfBoundsMemoryAccess);
      if (!bytes.empty()) std::memcpy(memory.base + start, bytes.data(), bytes.size());
    }
    inst.dropped_datas[i] = true;
  }
  return {};
}

}  // namespace

Result<Instance> instantiate(Store& store, const Module& module, std::span<const Extern> imports) {
  StoreImpl& s = detail::impl(store);
  const CompiledModule& cm = detail::impl(module);
  const binary::Module& m = cm.module;

  if (auto admitted = admit_instance(s, module); !admitted) return admitted.error();
  // The Store owns the instance from here on, so a failure below leaks nothing.
  exec::ModuleInst& inst = *s.new_instance();
  inst.module = &m;
  inst.code = cm.code.get();
  inst.keep_alive = detail::shared_impl(module);
  inst.types.assign(cm.types.begin(), cm.types.end());

  add_imports(inst, imports);
  add_functions(s, inst, cm);
  if (auto ok = add_tables(s, inst, m); !ok) return ok.error();
  auto data_initialized = add_memories(s, inst, cm);
  if (!data_initialized) return data_initialized.error();
  if (auto ok = add_globals(s, inst, imports); !ok) return ok.error();
  add_segments(inst, m);

  if (auto ok = init_elements(inst, m); !ok) return ok.error();
  if (auto ok = init_data(inst, m, *data_initialized); !ok) return ok.error();

  if (m.start) {
    uint64_t cells[1] = {0};
    if (auto t = exec::invoke(*s.env, inst.func(*m.start), cells)) return describe_trap(s, std::move(t));
  }
  return detail::handle<Instance>(&inst);
}

}  // namespace stratus::detail
