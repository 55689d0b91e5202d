#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "binary/decoder.hpp"
#include "embed/compiled_module.hpp"
#include "embed/engine_impl.hpp"
#include "embed/module_file.hpp"
#include "exec/translate.hpp"
#include "stratus/module.hpp"
#include "stratus/text.hpp"
#include "validate/validator.hpp"

namespace stratus {

namespace {

ExternType extern_type_of(const detail::CompiledModule& cm, ExternKind kind, uint32_t index) {
  ExternType t;
  t.kind = kind;
  const binary::Module& m = cm.module;
  switch (kind) {
    case ExternKind::Func: t.func = m.func_type(index); break;
    case ExternKind::Table: t.table = m.tables[index]; break;
    case ExternKind::Memory: t.memory = m.memories[index]; break;
    case ExternKind::Global: t.global = m.global_types[index]; break;
  }
  return t;
}

// Validate + translate what decode() made of the bytes.
Result<Module> compile_decoded(const Engine& engine, Result<binary::Module> decoded, bool validated = false) {
  if (!decoded) return decoded.error();
  if (!validated)
    if (auto valid = validate::validate(*decoded); !valid) return valid.error();

  auto cm = std::make_shared<detail::CompiledModule>(detail::CompiledModule{engine, std::move(decoded).value(), {}, {}});
  detail::EngineImpl& impl = detail::impl(engine);
  const std::span<const FuncType> distinct = cm->module.types.distinct();
  cm->types.reserve(distinct.size());
  for (const FuncType& t : distinct) cm->types.push_back(impl.types.intern(t));

  exec::TranslateOptions options;
  options.bounds_checks = impl.bounds_checks;
  auto code = exec::translate(cm->module, cm->types, options);
  if (!code) return code.error();
  cm->code = std::move(code).value();
  return detail::ApiAccess::module(std::move(cm));
}

}  // namespace

namespace {

// The binary a text module writes, with a name section of its `$ids` so that its traps'
// backtraces name its functions (as wasmtime's text modules do); nothing when `bytes` are
// not text.
std::optional<Result<std::vector<uint8_t>>> binary_of_text(std::span<const uint8_t> bytes) {
  if (!text::looks_like_text(bytes)) return std::nullopt;
  return text::wat_to_binary(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                             text::WatOptions{.debug_names = true});
}

}  // namespace

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  if (auto binary = binary_of_text(bytes)) {
    if (!*binary) return binary->error();
    return compile_decoded(engine, binary::decode(std::move(*binary).value(), binary::BodyScan::LeftToValidator));
  }
  return compile_decoded(engine, binary::decode(bytes, binary::BodyScan::LeftToValidator));
}

Result<Module> detail::compile_prevalidated(const Engine& engine, binary::Module&& decoded) {
  return compile_decoded(engine, std::move(decoded), /*validated=*/true);
}

Result<Module> Module::from_file(const Engine& engine, const std::string& path, uint64_t max_bytes) {
  auto bytes = detail::read_module_file(path, max_bytes);
  if (!bytes) return bytes.error();
  Result<std::vector<uint8_t>> binary = std::move(bytes);
  if (auto from_text = binary_of_text(*binary)) binary = std::move(*from_text);
  if (!binary) return Error(binary.error().kind(), path + ":" + binary.error().message());
  // The module keeps the bytes it was read into: no second copy.
  auto module = compile_decoded(engine, binary::decode(std::move(binary).value(), binary::BodyScan::LeftToValidator));
  if (!module) return Error(module.error().kind(), path + ": " + module.error().message());
  return module;
}

Result<void> Module::validate(const Engine&, std::span<const uint8_t> bytes) {
  auto from_text = binary_of_text(bytes);
  if (from_text && !*from_text) return from_text->error();
  auto decoded = binary::decode(from_text ? std::span<const uint8_t>(**from_text) : bytes,
                                binary::BodyScan::LeftToValidator);
  if (!decoded) return decoded.error();
  return validate::validate(*decoded);
}

ImportDesc detail::import_desc(const CompiledModule& cm, size_t index) {
  const binary::Import& imp = cm.module.imports[index];
  const binary::ImportNames names = cm.module.import_names(index);
  ImportDesc d{std::string(names.module), std::string(names.name), {}};
  d.type.kind = imp.kind;
  switch (imp.kind) {
    case ExternKind::Func: d.type.func = cm.module.types[imp.index]; break;
    case ExternKind::Table: d.type.table = cm.module.tables[imp.index]; break;
    case ExternKind::Memory: d.type.memory = cm.module.memories[imp.index]; break;
    case ExternKind::Global: d.type.global = cm.module.global_types[imp.index]; break;
  }
  return d;
}

std::vector<ImportDesc> Module::imports() const {
  std::vector<ImportDesc> out;
  out.reserve(impl_->module.imports.size());
  for (size_t i = 0; i < impl_->module.imports.size(); ++i) out.push_back(detail::import_desc(*impl_, i));
  return out;
}

std::vector<ExportDesc> Module::exports() const {
  std::vector<ExportDesc> out;
  out.reserve(impl_->module.exports.size());
  for (const binary::Export& e : impl_->module.exports)
    out.push_back(ExportDesc{std::string(impl_->module.name_at(e.name_offset)), extern_type_of(*impl_, e.kind, e.index)});
  return out;
}

std::string_view Module::name() const { return impl_->module.names.module_name; }

}  // namespace stratus
