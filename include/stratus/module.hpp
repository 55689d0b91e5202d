// A compiled module: decoded, validated and translated once, instantiated many times.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/engine.hpp"
#include "stratus/result.hpp"
#include "stratus/types.hpp"

namespace stratus {

namespace detail { struct CompiledModule; }

// The largest module file Module::from_file reads unless told otherwise: the default of
// wasmCloud's max_component_size (RuntimeSettings), 50 MiB.
inline constexpr uint64_t kDefaultMaxModuleFileSize = uint64_t{50} << 20;

struct ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct ImportDesc {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportDesc {
  std::string name;
  ExternType type;
};

class Module {
 public:
  // Decode + validate + translate. Malformed and invalid inputs are errors naming the byte offset.
  // Bytes that are text (stratus/text.hpp: `looks_like_text`) are parsed as the text format
  // first, a malformed text being an ErrorKind::Malformed error naming its line and column.
  // from_file and validate accept text alike.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> bytes);
  // Reads at most `max_bytes` of the file: a larger one is an ErrorKind::Resource error,
  // reported before it is read when the file is a regular one (see docs/limits.md).
  static Result<Module> from_file(const Engine& engine, const std::string& path,
                                  uint64_t max_bytes = kDefaultMaxModuleFileSize);
  // Decode + validate only.
  static Result<void> validate(const Engine& engine, std::span<const uint8_t> bytes);

  std::vector<ImportDesc> imports() const;
  std::vector<ExportDesc> exports() const;
  // The module name from the name section, or empty.
  std::string_view name() const;

 private:
  friend struct detail::ApiAccess;
  explicit Module(std::shared_ptr<const detail::CompiledModule> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::CompiledModule> impl_;
};

}  // namespace stratus
