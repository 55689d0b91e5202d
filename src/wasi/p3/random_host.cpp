// wasi:random@0.3.0: the secure bytes come from the source preview 1's random_get reads; the
// insecure generator and seed are the context's, shared with WASI 0.2.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "wasi/clocks.hpp"
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

Result<std::vector<uint8_t>> secure_bytes(size_t len) {
  std::vector<uint8_t> out(len);
  if (!fill_random(out))
    return Error(ErrorKind::Host, std::string("cannot read the host's random source: ") + std::strerror(errno));
  return out;
}

class SecureHost final : public secure::Host {
 public:
  Result<std::vector<uint8_t>> get_random_bytes(Store&, uint64_t max_len) override {
    return secure_bytes(bounded(max_len));
  }
  Result<uint64_t> get_random_u64(Store&) override {
    auto bytes = secure_bytes(8);
    if (!bytes) return bytes.error();
    uint64_t v;
    std::memcpy(&v, bytes->data(), sizeof v);
    return v;
  }
};

class InsecureHost final : public insecure::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::vector<uint8_t>> get_insecure_random_bytes(Store& store, uint64_t max_len) override {
    std::vector<uint8_t> out(bounded(max_len));
    for (size_t i = 0; i < out.size(); i += 8) {
      const uint64_t v = ctx(store).next_insecure_u64();
      std::memcpy(out.data() + i, &v, std::min<size_t>(8, out.size() - i));
    }
    return out;
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
