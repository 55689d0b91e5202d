// wasi:sockets through the component path: sockets_probe (component-wat/sockets_probe.wat)
// creates a TCP socket and binds it to loopback through the Linker, so the policy the
// context was given (-S inherit-network, -S tcp) decides, as it does for a real guest.
#include <gtest/gtest.h>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p2 {
namespace {

using component::Val;

constexpr uint32_t kStarted = 255;
constexpr uint32_t kAccessDenied = 1;
constexpr uint32_t kCreateFailed = 100;  // + the error-code's case

struct SocketsHostTest : ::testing::Test {
  Engine engine;
  std::optional<component::Component> probe;
  std::optional<component::Linker> linker;

  void SetUp() override {
    auto compiled = component::Component::from_file(engine, STRATUS_WASI_P2_TEST_WASM_DIR "/sockets_probe.wasm");
    ASSERT_TRUE(compiled) << compiled.error().message();
    probe = std::move(*compiled);
    linker.emplace(engine);
    auto added = add_to_linker(*linker);
    ASSERT_TRUE(added) << added.error().message();
  }

  uint32_t bind_with(const NetworkPolicy& policy) {
    WasiP2Config config;
    config.network = policy;
    auto ctx = WasiP2Ctx::create(config);
    EXPECT_TRUE(ctx) << ctx.error().message();
    if (!ctx) return 0;
    Store store(engine);
    store.set_user_data(ctx->get());
    auto instance = linker->instantiate(store, *probe);
    EXPECT_TRUE(instance) << instance.error().message();
    if (!instance) return 0;
    auto f = instance->get_func("tcp-bind");
    EXPECT_TRUE(f);
    if (!f) return 0;
    const std::vector<Val> args{Val(uint16_t{0})};
    auto r = f->call(store, args);
    EXPECT_TRUE(r) << r.error().message();
    return r && r->size() == 1 ? r->at(0).as<uint32_t>() : 0;
  }
};

TEST_F(SocketsHostTest, BindNeedsTheNetworkGranted) {
  EXPECT_EQ(bind_with(NetworkPolicy{}), kAccessDenied);
  NetworkPolicy granted;
  granted.inherit_network = true;
  EXPECT_EQ(bind_with(granted), kStarted);
  NetworkPolicy elsewhere = granted;
  elsewhere.allowed_cidrs = {"10.0.0.0/8"};
  EXPECT_EQ(bind_with(elsewhere), kAccessDenied);
  NetworkPolicy loopback = granted;
  loopback.allowed_cidrs = {"127.0.0.0/8", "::1/128"};
  EXPECT_EQ(bind_with(loopback), kStarted);
  NetworkPolicy unreadable = granted;
  unreadable.allowed_cidrs = {"127.0.0.0/99"};
  EXPECT_EQ(bind_with(unreadable), kAccessDenied);
  NetworkPolicy no_tcp = granted;
  no_tcp.tcp = false;
  EXPECT_EQ(bind_with(no_tcp), kCreateFailed + kAccessDenied);
}

}  // namespace
}  // namespace stratus::wasi::p2
