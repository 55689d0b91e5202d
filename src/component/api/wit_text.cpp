#include "component/api/wit_text.hpp"

#include "component/api/access.hpp"
#include "component/api/compiled_component.hpp"
#include "component/wit/wit.hpp"

namespace stratus::component {

Result<std::string> world_wit(const Component& component) {
  const detail::CompiledComponent& c = detail::Access::impl(component);
  return wit::print_world(*c.types, c.type);
}

}  // namespace stratus::component
