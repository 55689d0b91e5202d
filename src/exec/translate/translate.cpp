#include "exec/translate.hpp"

#include <algorithm>
#include <new>

#include "exec/interp/code.hpp"
#include "exec/objects.hpp"
#include "exec/translate/code_builder.hpp"
#include "exec/translate/function_translator.hpp"

namespace stratus::exec {

Result<std::shared_ptr<const ModuleCode>> translate(const binary::Module& module,
                                                   const std::vector<const FuncType*>& types,
                                                   const TranslateOptions& options) {
  auto code = std::make_shared<ModuleCode>();
  code->module = &module;
  code->funcs.resize(module.codes.size());  // sized once: calls embed pointers to these
  CodeBuilder builder;
  // Code runs about two slots per wasm byte; one reservation spares most of the regrowth.
  size_t body_bytes = 0;
  for (const auto& body : module.codes) body_bytes += body.body_end - body.body_offset;
  builder.reserve(body_bytes * 2 + 64);
  ModuleTranslation m{module, *code, options, types, builder, nullptr};
  for (uint32_t i = 0; i < module.codes.size(); ++i)
    if (auto r = translate_function(m, i); !r) return r.error();
  builder.finish(*code);
  code->pc_map.shrink_to_fit();
  // The functions lie back to back in translation order.
  const Slot* next = code->slots.get();
  for (CompiledFunc& f : code->funcs) {
    f.code = next;
    next += f.code_slots;
  }
  return std::shared_ptr<const ModuleCode>(std::move(code));
}

void construct_defined_funcs(const ModuleCode& code, const FuncType* const* types, ModuleInst* instance,
                             std::span<FuncInst> out) {
  const CompiledFunc* compiled = code.funcs.data();
  const uint32_t* type_index = code.module->func_types.data() + code.module->num_imported_funcs;
  for (size_t i = 0; i < out.size(); ++i)
    new (&out[i]) FuncInst(FuncInst::interpreted(types[type_index[i]], instance, &compiled[i]));
}

uint32_t CompiledFunc::wasm_offset_at(const Slot* pc) const {
  const std::span<const PcMapEntry> map = pc_map();
  if (!code || pc < code || pc >= code + code_slots || map.empty()) return 0;
  const auto rel = static_cast<uint32_t>(pc - code);
  auto it = std::upper_bound(map.begin(), map.end(), rel,
                             [](uint32_t v, const PcMapEntry& e) { return v < e.code_slot; });
  if (it == map.begin()) return map.front().wasm_offset;
  return std::prev(it)->wasm_offset;
}

}  // namespace stratus::exec
