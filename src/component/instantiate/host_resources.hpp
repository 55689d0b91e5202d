// The component layer's part of a Store: the one table of handles the host holds (what a
// Val's ResourceHandle indexes, shared by every component instance of the Store, so a handle
// passes from one instance or instantiation to another), the run-time type each host
// ResourceType has in this Store, and the guest handle tables, so that the host resources
// still owned when the Store ends get their destructors.
#pragma once

#include <cstddef>
#include <deque>
#include <memory_resource>
#include <memory>
#include <vector>

#include "component/abi/handles.hpp"
#include "component/api/host_resource_type.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

struct StoreResources {
  explicit StoreResources(Store& s) : store(s) { guest_tables.reserve(4); }
  StoreResources(const StoreResources&) = delete;
  StoreResources& operator=(const StoreResources&) = delete;
  // Runs the destructor of every host resource an own handle still holds, in any table.
  ~StoreResources();

  Store& store;
  abi::HandleTable host_handles;
  // The run-time types are carved from here (a Store's few dozen fit), freed with the Store.
  alignas(std::max_align_t) std::byte first_block[4096];
  std::pmr::monotonic_buffer_resource arena{first_block, sizeof first_block, std::pmr::new_delete_resource()};
  std::pmr::deque<abi::RuntimeResourceType> host_types{&arena};
  // Each ResourceType used in this Store (held, so that none is freed and its address reused
  // for another type while this Store lives) and its run-time type. A Store uses a few dozen
  // at most, so a search of these beats a hash map's allocations.
  struct HostType {
    std::shared_ptr<const HostResourceType> type;
    const abi::RuntimeResourceType* runtime = nullptr;
  };
  std::vector<HostType> by_host_type;
  std::vector<abi::HandleTable*> guest_tables;  // each component instance's, in a StoreRecords
};

// The Store's, made on first use.
StoreResources& store_resources(Store& store);

// `type`'s run-time type in this Store, made on first use: one per ResourceType, however many
// imports it is bound to, so its handles pass between them.
const abi::RuntimeResourceType& host_runtime_type(StoreResources& resources,
                                                  const std::shared_ptr<const HostResourceType>& type);
// Or null when nothing in this Store used `type` yet.
const abi::RuntimeResourceType* find_host_runtime_type(const StoreResources& resources, const HostResourceType& type);

}  // namespace stratus::component::detail
