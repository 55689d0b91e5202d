#include "embed/engine_impl.hpp"

#include "alloc/bounds_probe.hpp"
#include "alloc/on_demand_allocator.hpp"

namespace stratus {

namespace detail {
EngineImpl::EngineImpl(EngineConfig cfg)
    : config(cfg),
      bounds_checks(alloc::resolve_bounds_checks(cfg.bounds_checks)),
      allocator(std::make_unique<alloc::OnDemandAllocator>()) {}
}  // namespace detail

// The default config cannot fail (check_config accepts it, and on-demand allocation reserves
// nothing up front), so the constructor shares Engine::create's one path.
Engine::Engine() : impl_(create(EngineConfig{}).unwrap().impl_) {}
Engine::~Engine() = default;

const EngineConfig& Engine::config() const { return impl_->config; }
BoundsChecks Engine::bounds_checks() const { return impl_->bounds_checks; }

}  // namespace stratus
