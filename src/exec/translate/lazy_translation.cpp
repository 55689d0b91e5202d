#include "exec/translate/lazy_translation.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <new>
#include <string>
#include <vector>

#include "exec/translate/code_builder.hpp"
#include "exec/translate/function_translator.hpp"
#include "exec/zeroed_memory.hpp"

namespace stratus::exec {

namespace {

constexpr size_t kChunkSlots = 4096;  // 32 KiB: many small functions share a chunk

size_t body_bytes(const binary::Module& module, uint32_t defined_index) {
  return module.body(defined_index).size();
}

// Translates `defined_index` into `f`, then publishes it; the caller holds the lock.
Result<void> translate_into(const ModuleCode& code, LazyTranslation& lazy, uint32_t defined_index, CompiledFunc& f) {
  CodeBuilder builder;
  // Code runs about two slots per wasm byte; one reservation spares most of the regrowth.
  builder.reserve(body_bytes(*code.module, defined_index) * 2 + 64);
  ModuleTranslation m{*code.module, code, lazy.options, *lazy.types, builder, nullptr};
  CompiledFunc out;
  if (auto r = translate_function(m, defined_index, out); !r) return r.error();
  const std::span<const PcMapEntry> map = translated_pc_map(m);
  static_assert(sizeof(PcMapEntry) == sizeof(Slot) && alignof(PcMapEntry) <= alignof(Slot));
  builder.append(map.data(), map.size());  // the pc map follows the code (CompiledFunc::pc_map)
  Slot* slots = nullptr;
  if (CodeArena::owns_block(builder.position())) {
    slots = lazy.arena.adopt(builder.release());
  } else {
    slots = lazy.arena.allocate(builder.position());
    std::memcpy(slots, builder.at(0), builder.position() * sizeof(Slot));
  }

  f.code = slots;
  f.module_code = &code;
  f.code_slots = out.code_slots;
  f.param_cells = out.param_cells;
  f.local_cells = out.local_cells;
  f.result_cells = out.result_cells;
  f.func_index = out.func_index;
  f.pc_map_size = static_cast<uint32_t>(map.size());
  std::atomic_ref<uint32_t>(f.frame_cells).store(out.frame_cells, std::memory_order_release);
  return {};
}

}  // namespace

CodeArena::~CodeArena() {
  for (Slot* block : blocks_) std::free(block);
}

bool CodeArena::owns_block(size_t slots) { return slots >= kChunkSlots / 4; }

Slot* CodeArena::adopt(Slot* block) {
  try {
    blocks_.push_back(block);
  } catch (...) {
    std::free(block);
    throw;
  }
  return block;
}

Slot* CodeArena::allocate(size_t slots) {
  if (slots > free_slots_) {
    const size_t chunk_slots = std::max(slots, kChunkSlots);
    void* p = std::malloc(chunk_slots * sizeof(Slot));
    if (!p) throw std::bad_alloc();
    adopt(static_cast<Slot*>(p));
    free_ = static_cast<Slot*>(p);
    free_slots_ = chunk_slots;
  }
  Slot* out = free_;
  free_ += slots;
  free_slots_ -= slots;
  return out;
}

ModuleCode::ModuleCode() = default;
ModuleCode::~ModuleCode() { free_zeroed(funcs, func_count * sizeof(CompiledFunc)); }

Result<std::shared_ptr<const ModuleCode>> translate(const binary::Module& module,
                                                   const std::vector<const FuncType*>& types,
                                                   const TranslateOptions& options) {
  try {
    auto code = std::make_shared<ModuleCode>();
    code->module = &module;
    code->funcs = static_cast<CompiledFunc*>(allocate_zeroed(module.codes.size() * sizeof(CompiledFunc)));
    code->func_count = module.codes.size();
    code->lazy = std::make_unique<LazyTranslation>();
    code->lazy->options = options;
    code->lazy->types = &types;
    return std::shared_ptr<const ModuleCode>(std::move(code));
  } catch (const std::bad_alloc&) {
    return Error(ErrorKind::Resource, "out of memory for the code of " + std::to_string(module.codes.size()) +
                                          " functions");
  }
}

Result<const CompiledFunc*> ensure_translated(const ModuleCode& code, uint32_t defined_index) {
  CompiledFunc& f = code.funcs[defined_index];
  if (f.translated()) return &f;
  LazyTranslation& lazy = *code.lazy;
  try {
    std::lock_guard guard(lazy.lock);
    if (!f.translated())
      if (auto r = translate_into(code, lazy, defined_index, f); !r) return r.error();
  } catch (const std::bad_alloc&) {
    return Error(ErrorKind::Resource, "out of memory translating function " +
                                          std::to_string(code.module->num_imported_funcs + defined_index));
  } catch (const std::system_error& e) {  // the lock
    return Error(ErrorKind::Resource, std::string("cannot translate a function: ") + e.what());
  }
  return &f;
}

Result<void> translate_all(const ModuleCode& code) {
  for (uint32_t i = 0; i < code.func_count; ++i)
    if (auto r = ensure_translated(code, i); !r) return r.error();
  return {};
}

}  // namespace stratus::exec
