#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "embed/module_file.hpp"

#include "runtime/runtime_impl.hpp"

namespace stratus {

std::string_view Runtime::version() { return "stratus " STRATUS_RUNTIME_VERSION; }

const Engine& Runtime::engine() const { return impl_->engine; }
const RuntimeSettings& Runtime::settings() const { return impl_->settings; }
bool Runtime::pooling() const { return impl_->pooling; }
BoundsChecks Runtime::bounds_checks() const { return impl_->engine.bounds_checks(); }

bool Runtime::skip_feature_gated_instance(std::string_view instance_name) const {
  return stratus::skip_feature_gated_instance(impl_->settings.experimental_features, instance_name);
}

namespace {

template <class T>
Result<Compiled> as_compiled(Result<T> compiled) {
  if (!compiled) return compiled.error();
  return Compiled(std::move(compiled).value());
}

// The first bytes of `path` when it is a regular file (fewer when it is shorter); nothing
// for anything else, which cannot be read twice.
std::optional<std::vector<uint8_t>> regular_file_header(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> header(8);
  in.read(reinterpret_cast<char*>(header.data()), static_cast<std::streamsize>(header.size()));
  header.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return header;
}

Result<void> check_binary_size(uint64_t size, uint64_t limit) {
  if (size > limit)
    return Error(ErrorKind::Resource, "binary of " + std::to_string(size) + " bytes is larger than max_component_size (" +
                                          std::to_string(limit) + " bytes); it was not parsed");
  return {};
}

}  // namespace

Result<Compiled> Runtime::compile(std::span<const uint8_t> bytes) const {
  if (auto ok = check_binary_size(bytes.size(), impl_->settings.max_component_size); !ok) return ok.error();
  if (component::is_component(bytes)) return as_compiled(component::Component::compile(impl_->engine, bytes));
  return as_compiled(Module::compile(impl_->engine, bytes));
}

Result<Compiled> Runtime::compile_file(const std::string& path) const {
  const uint64_t limit = impl_->settings.max_component_size;
  if (auto header = regular_file_header(path)) {
    // Read once, by the compiler that keeps the buffer; the header only says which.
    if (component::is_component(*header))
      return as_compiled(component::Component::from_file(impl_->engine, path, limit));
    return as_compiled(Module::from_file(impl_->engine, path, limit));
  }
  // A FIFO or a device can be read only once: read it here, bounded, and compile the bytes.
  auto bytes = detail::read_module_file(path, limit);
  if (!bytes) return bytes.error();
  return compile(*bytes);
}

Result<component::Component> Runtime::compile_component(std::span<const uint8_t> bytes) const {
  if (auto ok = check_binary_size(bytes.size(), impl_->settings.max_component_size); !ok) return ok.error();
  return component::Component::compile(impl_->engine, bytes);
}

Result<component::Component> Runtime::compile_component_file(const std::string& path) const {
  return component::Component::from_file(impl_->engine, path, impl_->settings.max_component_size);
}

Result<void> Runtime::check_core_instance_count(uint32_t count) const {
  const uint32_t limit = impl_->settings.max_core_instances_per_component;
  if (count > limit)
    return Error(ErrorKind::Resource, "a component with " + std::to_string(count) +
                                          " core instances exceeds max_core_instances_per_component (" +
                                          std::to_string(limit) + ")");
  return {};
}

}  // namespace stratus
