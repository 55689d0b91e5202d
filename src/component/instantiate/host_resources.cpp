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
    } catch (...) {}
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
    // The Store owns `resources`, which holds `type`, so both outlive every call of the
    // destructor; two pointers are small enough for std::function to hold without allocating.
    rt.destructor = [store = &resources.store, host = type.get()](uint32_t rep) -> Result<void> {
      return host->destructor(*store, rep);
    };
  }
  if (resources.by_host_type.empty()) resources.by_host_type.reserve(16);
  resources.by_host_type.push_back(StoreResources::HostType{type, &rt});
  return rt;
}

const abi::RuntimeResourceType* find_host_runtime_type(const StoreResources& resources, const HostResourceType& type) {
  for (const StoreResources::HostType& h : resources.by_host_type)
    if (h.type.get() == &type) return h.runtime;
  return nullptr;
}

}  // namespace stratus::component::detail
