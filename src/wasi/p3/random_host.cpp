// wasi:random@0.3.0: the secure bytes come from the source preview 1's random_get reads; the
// insecure generator and seed are the context's, shared with WASI 0.2.
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "wasi/p2/host_shared.hpp"
#include "wasi/p3/host_support.hpp"
#include "wit/p3/wasi/random/insecure.hpp"
#include "wit/p3/wasi/random/insecure_seed.hpp"
#include "wit/p3/wasi/random/random.hpp"

namespace stratus::wasi::p3 {
namespace {

namespace secure = wit::p3::wasi::random::random;
namespace insecure = wit::p3::wasi::random::insecure;
namespace seed = wit::p3::wasi::random::insecure_seed;

// 0.3 asks for at most `max-len` bytes and lets the host give fewer, so a guest naming a huge
// length gets this many and no host allocation of its size.
constexpr uint64_t kMaxRandomBytes = 1u << 20;

size_t bounded(uint64_t max_len) { return static_cast<size_t>(std::min(max_len, kMaxRandomBytes)); }

class SecureHost final : public secure::Host {
 public:
  Result<std::vector<uint8_t>> get_random_bytes(Store&, uint64_t max_len) override {
    return p2::secure_random_bytes(bounded(max_len));
  }
  Result<uint64_t> get_random_u64(Store&) override { return p2::secure_random_u64(); }
};

class InsecureHost final : public insecure::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::vector<uint8_t>> get_insecure_random_bytes(Store& store, uint64_t max_len) override {
    return p2::insecure_random_bytes(ctx(store), bounded(max_len));
  }
  Result<uint64_t> get_insecure_random_u64(Store& store) override { return ctx(store).next_insecure_u64(); }
};

class SeedHost final : public seed::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::tuple<uint64_t, uint64_t>> get_insecure_seed(Store& store) override {
    auto [a, b] = ctx(store).insecure_seed();
    return std::tuple<uint64_t, uint64_t>(a, b);
  }
};

}  // namespace

Result<void> add_random_to_linker(component::Linker& linker, bindings::ResourceTypes& types,
                                  const p2::CtxLookup& lookup) {
  if (auto r = secure::add_to_linker(linker, types, shared_host<secure::Host>(std::make_shared<SecureHost>())); !r)
    return r;
  if (auto r = insecure::add_to_linker(linker, types, shared_host<insecure::Host>(std::make_shared<InsecureHost>(lookup)));
      !r)
    return r;
  return seed::add_to_linker(linker, types, shared_host<seed::Host>(std::make_shared<SeedHost>(lookup)));
}

}  // namespace stratus::wasi::p3
