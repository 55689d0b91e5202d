// The generated WASI 0.2 bindings (stratus_wit_wasi_p2) serving a real component: a Host
// implementation registered with add_to_linker answers a guest's imports through the
// component linker, values converted both ways.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/engine.hpp"
#include "stratus/store.hpp"
#include "wit/wasi/random.hpp"
#include "wit/wasi/random/random.hpp"

namespace {

using stratus::ErrorKind;
using stratus::component::Val;
namespace bindings = stratus::component::bindings;
namespace random_p2 = stratus::wit::wasi::random;

std::vector<uint8_t> read_wasm(const std::string& name) {
  std::ifstream in(std::string(STRATUS_WIT_TEST_WASM_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Deterministic "randomness": byte i is i + 1; more than 64 bytes is refused.
struct CountingRandom : random_p2::random::Host {
  int calls = 0;
  stratus::Result<std::vector<uint8_t>> get_random_bytes(stratus::Store&, uint64_t len) override {
    ++calls;
    if (len > 64) return stratus::Error(ErrorKind::Host, "asked for too many bytes");
    std::vector<uint8_t> out(len);
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(i + 1);
    return out;
  }
  stratus::Result<uint64_t> get_random_u64(stratus::Store&) override {
    ++calls;
    return 0x0123456789abcdefull;
  }
};

struct WasiP2Random : ::testing::Test {
  stratus::Engine engine;
  stratus::component::Linker linker{engine};
  bindings::ResourceTypes types;
  CountingRandom host;

  stratus::component::Instance instantiate(stratus::Store& store) {
    auto added = random_p2::random::add_to_linker(linker, types,
                                                  [this](stratus::Store&) -> random_p2::random::Host& { return host; });
    EXPECT_TRUE(added.ok()) << added.error().message();
    auto component = stratus::component::Component::compile(engine, read_wasm("random.wasm"));
    EXPECT_TRUE(component.ok()) << component.error().message();
    auto instance = linker.instantiate(store, *component);
    EXPECT_TRUE(instance.ok()) << instance.error().message();
    return *instance;
  }
};

TEST_F(WasiP2Random, AGuestCallReachesTheHostThroughTheBindings) {
  stratus::Store store(engine);
  auto instance = instantiate(store);
  auto u64 = instance.get_func("u64");
  ASSERT_TRUE(u64.has_value());
  auto r = u64->call(store, {});
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], Val(uint64_t{0x0123456789abcdefull}));
  EXPECT_EQ(host.calls, 1);
}

TEST_F(WasiP2Random, AListResultIsLoweredIntoTheGuest) {
  stratus::Store store(engine);
  auto instance = instantiate(store);
  auto bytes = instance.get_func("bytes");
  ASSERT_TRUE(bytes.has_value());
  std::vector<Val> args{Val(uint64_t{5})};
  auto r = bytes->call(store, args);
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], Val(uint32_t{5 * 1000 + (1 + 2 + 3 + 4 + 5)}));
}

TEST_F(WasiP2Random, AHostErrorFailsTheGuestCallWithItsMessage) {
  stratus::Store store(engine);
  auto instance = instantiate(store);
  std::vector<Val> args{Val(uint64_t{65})};
  auto r = instance.get_func("bytes")->call(store, args);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("asked for too many bytes"), std::string::npos) << r.error().message();
}

TEST_F(WasiP2Random, APackageAddsEveryInterfaceItHasAHostFor) {
  struct Insecure : random_p2::insecure::Host {
    stratus::Result<std::vector<uint8_t>> get_insecure_random_bytes(stratus::Store&, uint64_t) override {
      return std::vector<uint8_t>{};
    }
    stratus::Result<uint64_t> get_insecure_random_u64(stratus::Store&) override { return 0; }
  } insecure;
  struct Seed : random_p2::insecure_seed::Host {
    stratus::Result<std::tuple<uint64_t, uint64_t>> insecure_seed(stratus::Store&) override {
      return std::tuple<uint64_t, uint64_t>{1, 2};
    }
  } seed;
  random_p2::Hosts hosts;
  hosts.random = [this](stratus::Store&) -> random_p2::random::Host& { return host; };
  hosts.insecure = [&](stratus::Store&) -> random_p2::insecure::Host& { return insecure; };
  auto missing = random_p2::add_to_linker(linker, types, hosts);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind(), ErrorKind::Link);
  EXPECT_EQ(missing.error().message(),
            "package `wasi:random@0.2.12`: no host for wasi:random/insecure-seed (set Hosts::insecure_seed)");
  hosts.insecure_seed = [&](stratus::Store&) -> random_p2::insecure_seed::Host& { return seed; };
  // Nothing was added by the failed call, so the same linker takes the whole package now.
  auto added = random_p2::add_to_linker(linker, types, hosts);
  ASSERT_TRUE(added.ok()) << added.error().message();
}

}  // namespace
