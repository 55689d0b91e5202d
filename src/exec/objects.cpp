#include "exec/objects.hpp"

#include <algorithm>
#include <cstring>

#include "exec/interp/code.hpp"
#include "binary/elem_items.hpp"

namespace stratus::exec {

int64_t MemoryInst::grow(uint64_t delta) {
  const uint64_t old_pages = pages();
  if (delta == 0) return static_cast<int64_t>(old_pages);
  if (delta > max_pages || old_pages > max_pages - delta) return -1;
  const uint64_t new_size = (old_pages + delta) * kPageSize;
  if (!backing || !backing->grow_to(new_size)) return -1;
  size = new_size;
  type.limits.min = old_pages + delta;
  return static_cast<int64_t>(old_pages);
}

int64_t TableInst::grow(uint64_t delta, void* init) {
  const uint64_t old_size = elems.size();
  if (delta > max_size || old_size > max_size - delta) return -1;
  if (delta == 0) return static_cast<int64_t>(old_size);
  if (!backing || !backing->grow_to(old_size + delta)) return -1;
  elems.items = backing->data();
  elems.count = old_size + delta;
  if (init) std::fill(elems.begin() + old_size, elems.end(), init);
  type.limits.min = old_size + delta;
  return static_cast<int64_t>(old_size);
}

void ModuleInst::make_defined_func(uint32_t index) const {
  const uint32_t defined = index - static_cast<uint32_t>(funcs.size());
  defined_funcs[defined] = FuncInst::interpreted(types[module->types.id(module->func_types[index])], const_cast<ModuleInst*>(this),
                                                 &code->funcs[defined]);
}

void write_elem_items(const ModuleInst& instance, const binary::ElemItemList& items, uint32_t first, uint32_t count,
                      void** out) {
  binary::ElemItems reader(*instance.module, items);
  reader.seek(first);
  for (uint32_t i = 0; i < count; ++i) {
    const binary::ElemItem item = reader.next();
    switch (item.kind) {
      case binary::ElemItem::Kind::Func: out[i] = instance.func(item.index); break;
      case binary::ElemItem::Kind::Null: out[i] = nullptr; break;
      case binary::ElemItem::Kind::Global:
        out[i] = reinterpret_cast<void*>(static_cast<uintptr_t>(instance.global_cells(item.index)[0]));
        break;
    }
  }
}

void val_to_cells(const Val& v, uint64_t* cells) {
  switch (v.type()) {
    case ValType::I32: cells[0] = static_cast<uint32_t>(v.i32()); break;
    case ValType::I64: cells[0] = static_cast<uint64_t>(v.i64()); break;
    case ValType::F32: cells[0] = v.f32_bits(); break;
    case ValType::F64: cells[0] = v.f64_bits(); break;
    case ValType::V128: std::memcpy(cells, v.v128().bytes, 16); break;
    case ValType::FuncRef:
    case ValType::ExternRef: cells[0] = reinterpret_cast<uintptr_t>(v.ref().ptr); break;
  }
}

Val val_from_cells(ValType t, const uint64_t* cells) {
  switch (t) {
    case ValType::I32: return Val::i32(static_cast<int32_t>(cells[0]));
    case ValType::I64: return Val::i64(static_cast<int64_t>(cells[0]));
    case ValType::F32: return Val::f32_bits(static_cast<uint32_t>(cells[0]));
    case ValType::F64: return Val::f64_bits(cells[0]);
    case ValType::V128: {
      V128 v;
      std::memcpy(v.bytes, cells, 16);
      return Val::v128(v);
    }
    case ValType::FuncRef: return Val::funcref(Ref{reinterpret_cast<void*>(cells[0])});
    case ValType::ExternRef: return Val::externref(Ref{reinterpret_cast<void*>(cells[0])});
  }
  return Val();
}

}  // namespace stratus::exec
