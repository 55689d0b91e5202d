// For the layers above embed (components) that leave records in a Store which its handles
// point into: the Store keeps them alive for as long as it lives, and drops them with it.
#pragma once

#include <memory>

#include "stratus/store.hpp"

namespace stratus::detail {

void keep_alive(Store& store, std::shared_ptr<const void> object);

// The Store's one object for `key` (the address of something the calling layer owns, naming
// what the object is), made by `make` on first use. Such objects are destroyed first when the
// Store ends, newest first, while everything else of the Store still lives: a host resource's
// destructor run then may still use the Store.
void* store_extension(Store& store, const void* key, std::shared_ptr<void> (*make)(Store&));

}  // namespace stratus::detail
