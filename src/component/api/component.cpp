#include "stratus/component/component.hpp"

#include <string>
#include <utility>

#include "component/api/access.hpp"
#include "component/api/compiled_component.hpp"
#include "component/binary/decoder.hpp"
#include "component/validate/validator.hpp"
#include "embed/compiled_module.hpp"
#include "embed/module_file.hpp"
#include "stratus/text.hpp"

namespace stratus::component {

namespace {

// Every core module of `c` and of the components nested in it, compiled by the core engine.
// The core modules are moved out of `c` into the engine's Modules: nothing reads them from
// the decoded component afterwards.
Result<detail::CompiledLevel> compile_level(const Engine& engine, ast::Component& c, bool nested) {
  detail::CompiledLevel level;
  if (nested) {
    if (auto own = validate_component(c, CoreBodies::AlreadyValidated)) {
      if (auto layouts = abi::Layouts::compute(own->types)) {
        level.own_types = detail::LevelTypes{std::make_shared<const TypeTables>(std::move(own->types)),
                                             std::make_shared<const abi::Layouts>(std::move(layouts).value()), own->type};
      }
    }
  }
  level.core_modules.reserve(c.core_modules.size());
  for (binary::Module& m : c.core_modules) {
    // Component::compile validated every core module, nested ones too, before this runs.
    auto module = stratus::detail::compile_prevalidated(engine, std::move(m));
    if (!module) return module.error();
    level.core_modules.push_back(std::move(module).value());
  }
  level.components.reserve(c.components.size());
  for (ast::Component& nested : c.components) {
    auto compiled = compile_level(engine, nested, true);
    if (!compiled) return compiled.error();
    level.components.push_back(std::move(compiled).value());
  }
  return level;
}

Result<std::vector<uint8_t>> text_to_binary(std::span<const uint8_t> text) {
  return text::wat_to_binary(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()));
}

}  // namespace

bool is_component(std::span<const uint8_t> bytes) { return is_component_binary(bytes); }

Result<Component> Component::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  if (text::looks_like_text(bytes)) {
    auto binary = text_to_binary(bytes);
    if (!binary) return binary.error();
    return compile(engine, *binary);
  }
  if (!is_component(bytes))
    return Error(ErrorKind::Malformed, "not a component: the binary does not start with a component's preamble"
                                       " (a core module is compiled with Module::compile)");
  // The core bodies are read once, by validation; a failure is reported as a full decode
  // would report it first.
  auto decoded = decode_component(bytes, binary::BodyScan::LeftToValidator);
  auto validated = decoded ? validate_component(*decoded) : Result<ValidatedComponent>(decoded.error());
  if (!validated) {
    if (auto full = decode_component(bytes); !full) return full.error();
    return validated.error();
  }
  auto layouts = abi::Layouts::compute(validated->types);
  if (!layouts) return layouts.error();
  auto compiled = compile_level(engine, *decoded, false);
  if (!compiled) return compiled.error();

  auto types = std::make_shared<const TypeTables>(std::move(validated->types));
  auto shared_layouts = std::make_shared<const abi::Layouts>(std::move(layouts).value());
  compiled->own_types = detail::LevelTypes{types, shared_layouts, validated->type};
  auto impl = std::make_shared<detail::CompiledComponent>(detail::CompiledComponent{
      engine, std::move(decoded).value(), types, shared_layouts, validated->type, std::move(compiled).value()});
  return detail::Access::component(std::move(impl));
}

Result<Component> Component::from_file(const Engine& engine, const std::string& path, uint64_t max_bytes) {
  auto bytes = stratus::detail::read_module_file(path, max_bytes);
  if (!bytes) return bytes.error();
  if (text::looks_like_text(*bytes)) {
    auto binary = text_to_binary(*bytes);
    // A text's error starts with its line:column, which follows the path: `file.wat:3:14: ...`.
    if (!binary) return Error(binary.error().kind(), path + ":" + binary.error().message());
    bytes = std::move(binary);
  }
  auto component = compile(engine, *bytes);
  if (!component) return Error(component.error().kind(), path + ": " + component.error().message());
  return component;
}

const Engine& Component::engine() const { return impl_->engine; }

}  // namespace stratus::component
