// The engine's limits, checked before anything of an instance is built.
#include <string>

#include "alloc/pooling_allocator.hpp"
#include "embed/compiled_module.hpp"
#include "embed/engine_impl.hpp"
#include "embed/limits_and_epochs.hpp"
#include "embed/store_impl.hpp"
#include "stratus/module.hpp"

namespace stratus::detail {

Result<void> admit_instance(StoreImpl& store, const Module& module) {
  EngineLimitsAndEpochs& state = detail::impl(store.engine).limits_and_epochs;
  const binary::Module& m = detail::impl(module).module;
  const uint32_t max_elements = state.limits.max_table_elements;
  for (size_t i = m.num_imported_tables; i < m.tables.size(); ++i)
    if (m.tables[i].limits.min > max_elements)
      return Error(ErrorKind::Resource, "table " + std::to_string(i) + " needs " + std::to_string(m.tables[i].limits.min) +
                                            " elements, more than the limit of " + std::to_string(max_elements));

  std::atomic<uint64_t>& live = *state.live_instances;
  const uint64_t limit = state.limits.max_instances;
  uint64_t now = live.load(std::memory_order_relaxed);
  do {
    if (now >= limit)
      return Error(ErrorKind::Resource, "instance limit reached: " + std::to_string(limit) +
                                            " instances are alive (max_components); drop a Store to free one");
  } while (!live.compare_exchange_weak(now, now + 1, std::memory_order_acq_rel));
  ++store.claims.instances;
  ++store.claims.core_instances;

  if (state.pool) state.pool->register_module(&detail::impl(module), detail::shared_impl(module));
  return {};
}

}  // namespace stratus::detail
