#include <string>

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

Result<void> check_binary_size(uint64_t size, uint64_t limit) {
  if (size > limit)
    return Error(ErrorKind::Resource, "binary of " + std::to_string(size) + " bytes is larger than max_component_size (" +
                                          std::to_string(limit) + " bytes); it was not parsed");
  return {};
}

}  // namespace

Result<Module> Runtime::compile(std::span<const uint8_t> bytes) const {
  if (auto ok = check_binary_size(bytes.size(), impl_->settings.max_component_size); !ok) return ok.error();
  if (component::is_component(bytes))
    return Error(ErrorKind::Malformed, "the binary is a component, not a core module: compile it with compile_component");
  return Module::compile(impl_->engine, bytes);
}

Result<Module> Runtime::compile_file(const std::string& path) const {
  return Module::from_file(impl_->engine, path, impl_->settings.max_component_size);
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
