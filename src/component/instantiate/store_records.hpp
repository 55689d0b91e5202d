// Attaching an instantiation's records to a Store, and the linker's resolved imports made
// into records.
#pragma once

#include <memory>

#include "component/instantiate/instantiate.hpp"
#include "component/instantiate/records.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

// The Store keeps `records` alive for as long as it lives: its handles point into them.
void keep_in_store(Store& store, std::shared_ptr<StoreRecords> records);

// `item` as the Store's: host functions get their records, host resource types their
// run-time types in this Store.
Item materialize(Store& store, StoreRecords& records, const CompiledComponent& component, const ResolvedItem& item);

}  // namespace stratus::component::detail
