// wasi:random/{random,insecure,insecure-seed}: the secure bytes come from the source
// preview 1's random_get reads.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "wasi/clocks.hpp"
#include "wasi/p2/host_shared.hpp"
#include "wasi/p2/host_support.hpp"
#include "wit/wasi/random/insecure.hpp"
#include "wit/wasi/random/insecure_seed.hpp"
#include "wit/wasi/random/random.hpp"

namespace stratus::wasi::p2 {
namespace {

namespace secure = wit::wasi::random::random;
namespace insecure = wit::wasi::random::insecure;
namespace seed = wit::wasi::random::insecure_seed;

// The WIT promises exactly `len` bytes, so a larger request cannot be cut short: it traps
// rather than making the host allocate what the guest names (its memory could not take
// gigabytes anyway; wasi-libc asks for at most 256 bytes at a time).
constexpr uint64_t kMaxRandomBytes = 16u << 20;

Result<void> check_length(uint64_t len, const char* function) {
  if (len <= kMaxRandomBytes) return {};
  return Error(ErrorKind::Host, std::string(function) + " of " + std::to_string(len) +
                                    " bytes: this host gives at most 16 MiB per call; ask in smaller pieces");
}


class SecureHost final : public secure::Host {
 public:
  Result<std::vector<uint8_t>> get_random_bytes(Store&, uint64_t len) override {
    if (auto c = check_length(len, "get-random-bytes"); !c) return c.error();
    return secure_random_bytes(static_cast<size_t>(len));
  }
  Result<uint64_t> get_random_u64(Store&) override { return secure_random_u64(); }
};

class InsecureHost final : public insecure::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::vector<uint8_t>> get_insecure_random_bytes(Store& store, uint64_t len) override {
    if (auto c = check_length(len, "get-insecure-random-bytes"); !c) return c.error();
    return insecure_random_bytes(ctx(store), static_cast<size_t>(len));
  }
  Result<uint64_t> get_insecure_random_u64(Store& store) override { return ctx(store).next_insecure_u64(); }
};

class SeedHost final : public seed::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::tuple<uint64_t, uint64_t>> insecure_seed(Store& store) override {
    auto [a, b] = ctx(store).insecure_seed();
    return std::tuple<uint64_t, uint64_t>(a, b);
  }
};

}  // namespace

Result<std::vector<uint8_t>> secure_random_bytes(size_t len) {
  std::vector<uint8_t> out(len);
  if (!fill_random(out))
    return Error(ErrorKind::Host, std::string("cannot read the host's random source: ") + std::strerror(errno));
  return out;
}

Result<uint64_t> secure_random_u64() {
  auto bytes = secure_random_bytes(sizeof(uint64_t));
  if (!bytes) return bytes.error();
  uint64_t v;
  std::memcpy(&v, bytes->data(), sizeof v);
  return v;
}

std::vector<uint8_t> insecure_random_bytes(WasiP2Ctx& ctx, size_t len) {
  std::vector<uint8_t> out(len);
  for (size_t i = 0; i < out.size(); i += 8) {
    const uint64_t v = ctx.next_insecure_u64();
    std::memcpy(out.data() + i, &v, std::min<size_t>(8, out.size() - i));
  }
  return out;
}

Result<void> add_random_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup) {
  auto secure_host = std::make_shared<SecureHost>();
  auto insecure_host = std::make_shared<InsecureHost>(lookup);
  auto seed_host = std::make_shared<SeedHost>(lookup);
  if (auto r = secure::add_to_linker(linker, types, [secure_host](Store&) -> secure::Host& { return *secure_host; }); !r)
    return r;
  if (auto r = insecure::add_to_linker(linker, types, [insecure_host](Store&) -> insecure::Host& { return *insecure_host; });
      !r)
    return r;
  return seed::add_to_linker(linker, types, [seed_host](Store&) -> seed::Host& { return *seed_host; });
}

}  // namespace stratus::wasi::p2
