// A compiled component: decoded and validated once, with every core module inside it
// compiled by the core engine; instantiated through a component::Linker any number of times.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "stratus/component/types.hpp"
#include "stratus/engine.hpp"
#include "stratus/module.hpp"
#include "stratus/result.hpp"

namespace stratus::component {

namespace detail {
struct CompiledComponent;
struct Access;
}  // namespace detail

// Whether `bytes` start with a component's preamble (the wasm magic, version 0x0d and layer
// 1) rather than a core module's (version 1, layer 0).
bool is_component(std::span<const uint8_t> bytes);

class Component {
 public:
  // Decode + validate + compile each core module. Malformed and invalid input are errors
  // naming the byte offset; a core module is not accepted here (see is_component). Bytes that
  // text::looks_like_text are a component's text, `(component ...)`, encoded first (a
  // malformed text: ErrorKind::Malformed at its line:column).
  static Result<Component> compile(const Engine& engine, std::span<const uint8_t> bytes);
  // Reads at most `max_bytes`: a larger file is an ErrorKind::Resource error, reported before
  // it is read when the file is a regular one (as Module::from_file).
  static Result<Component> from_file(const Engine& engine, const std::string& path,
                                     uint64_t max_bytes = kDefaultMaxModuleFileSize);

  // The imports and exports with their types.
  types::ComponentType type() const;
  const Engine& engine() const;

 private:
  friend struct detail::Access;
  explicit Component(std::shared_ptr<const detail::CompiledComponent> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::CompiledComponent> impl_;
};

}  // namespace stratus::component
