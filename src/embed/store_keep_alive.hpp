// For the layers above embed (components) that leave records in a Store which its handles
// point into: the Store keeps them alive for as long as it lives, and drops them with it.
#pragma once

#include <memory>

#include "stratus/store.hpp"

namespace stratus::detail {

void keep_alive(Store& store, std::shared_ptr<const void> object);

}  // namespace stratus::detail
