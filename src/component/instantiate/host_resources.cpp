#include "component/instantiate/host_resources.hpp"

#include <exception>

#include "embed/store_keep_alive.hpp"

namespace stratus::component::detail {

namespace {

// Its address names the component layer's extension of a Store.
constexpr char kStoreResourcesKey = 0;

}  // namespace

StoreResources::~StoreResources() {
  std::vector<abi::HandleEntry> left = host_handles.take_all();
  for (abi::HandleTable* table : guest_tables) {
    std::vector<abi::HandleEntry> more = table->take_all();
    left.insert(left.end(), more.begin(), more.end());
  }
  for (const abi::HandleEntry& e : left) {
    // Only host types have no defining instance; a guest's destructor is wasm, which the Store
    // does not run on its way out.
    if (!e.own || !e.type || e.type->impl || !e.type->destructor) continue;
    // Nobody is left to report a failure to, and a destructor must not end the process.
    try {
      (void)e.type->destructor(e.rep);
    } catch (...) {
    }
  }
}

StoreResources& store_resources(Store& store) {
  void* ext = stratus::detail::store_extension(store, &kStoreResourcesKey, [](Store& s) -> std::shared_ptr<void> {
    return std::make_shared<StoreResources>(s);
  });
  return *static_cast<StoreResources*>(ext);
}

const abi::RuntimeResourceType& host_runtime_type(StoreResources& resources,
                                                  const std::shared_ptr<const HostResourceType>& type) {
  if (const abi::RuntimeResourceType* found = find_host_runtime_type(resources, *type)) return *found;
  abi::RuntimeResourceType& rt = resources.host_types.emplace_back();
  rt.name = type->name;
  rt.impl = nullptr;
  if (type->destructor) {
    // The Store owns `resources`, so it outlives every call of the destructor.
    rt.destructor = [store = &resources.store, type](uint32_t rep) -> Result<void> {
      return type->destructor(*store, rep);
    };
  }
  resources.by_host_type.emplace(type.get(), &rt);
  return rt;
}

const abi::RuntimeResourceType* find_host_runtime_type(const StoreResources& resources, const HostResourceType& type) {
  auto it = resources.by_host_type.find(&type);
  return it == resources.by_host_type.end() ? nullptr : it->second;
}

}  // namespace stratus::component::detail
