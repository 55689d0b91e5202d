#include "embed/store_keep_alive.hpp"

#include "embed/store_impl.hpp"

namespace stratus::detail {

void keep_alive(Store& store, std::shared_ptr<const void> object) { impl(store).keep_alive.push_back(std::move(object)); }

}  // namespace stratus::detail
