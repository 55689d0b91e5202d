#include "embed/store_keep_alive.hpp"

#include "embed/store_impl.hpp"

namespace stratus::detail {

void keep_alive(Store& store, std::shared_ptr<const void> object) { impl(store).keep_alive.push_back(std::move(object)); }

void* store_extension(Store& store, const void* key, std::shared_ptr<void> (*make)(Store&)) {
  auto& extensions = impl(store).extensions;
  for (const auto& [k, object] : extensions)
    if (k == key) return object.get();
  extensions.emplace_back(key, make(store));
  return extensions.back().second.get();
}

}  // namespace stratus::detail
