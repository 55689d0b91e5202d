// A compiled component's world as WIT, as `wasm-tools component wit` prints it (for
// `stratus wit`).
#pragma once

#include <string>

#include "stratus/component/component.hpp"
#include "stratus/result.hpp"

namespace stratus::component {

Result<std::string> world_wit(const Component& component);

}  // namespace stratus::component
