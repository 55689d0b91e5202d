#include "embed/disassemble.hpp"

#include <charconv>

#include "binary/decoder.hpp"
#include "exec/interp/code.hpp"
#include "exec/interp/disasm.hpp"
#include "exec/translate.hpp"
#include "exec/type_registry.hpp"
#include "validate/validator.hpp"

namespace stratus::detail {
namespace {

// The function index `spec` names: a number, or a name from the name section.
std::optional<uint32_t> find_function(const binary::Module& module, const std::string& spec) {
  uint32_t index = 0;
  const auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), index);
  if (ec == std::errc() && end == spec.data() + spec.size()) return index;
  const std::string name = spec.starts_with('$') ? spec.substr(1) : spec;
  for (const binary::FunctionName& n : module.names.function_names)
    if (n.name == name) return n.index;
  for (const auto& e : module.exports)
    if (e.kind == ExternKind::Func && module.name_at(e.name_offset) == name) return e.index;
  return std::nullopt;
}

}  // namespace

Result<std::string> disassemble_module(std::span<const uint8_t> wasm, const DisasmOptions& options) {
  auto decoded = binary::decode(wasm);
  if (!decoded) return decoded.error();
  if (auto valid = validate::validate(*decoded); !valid) return valid.error();
  const binary::Module& module = *decoded;
  exec::TypeRegistry registry;
  std::vector<const FuncType*> types;
  for (const FuncType& t : module.types.distinct()) types.push_back(registry.intern(t));
  exec::TranslateOptions translate_options;
  translate_options.bounds_checks = options.explicit_bounds ? BoundsChecks::Explicit : BoundsChecks::GuardPages;
  auto code = exec::translate(module, types, translate_options);
  if (!code) return code.error();

  uint32_t first = module.num_imported_funcs, last = static_cast<uint32_t>(module.func_types.size());
  if (options.func) {
    const auto index = find_function(module, *options.func);
    if (!index) return Error(ErrorKind::Invalid, "no function '" + *options.func + "' in the module");
    if (*index < module.num_imported_funcs)
      return Error(ErrorKind::Invalid, "function " + std::to_string(*index) + " is imported: it has no code");
    if (*index >= last) return Error(ErrorKind::Invalid, "no function " + std::to_string(*index) + " in the module");
    first = *index;
    last = *index + 1;
  }
  std::string out;
  for (uint32_t i = first; i < last; ++i) {
    if (!out.empty()) out += "\n";
    auto func = exec::ensure_translated(**code, i - module.num_imported_funcs);
    if (!func) return func.error();
    out += exec::disassemble(**func);
  }
  return out;
}

}  // namespace stratus::detail
