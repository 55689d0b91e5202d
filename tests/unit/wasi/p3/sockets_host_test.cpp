// wasi:sockets@0.3.0's permissions through the component path: sockets_probe
// (component-wat/sockets_probe.wat) binds, listens, connects and looks up behind a Linker,
// under WasiP2Config::network as `stratus run -S ...` fills it. Without the grant every use
// of the network is refused; with it, loopback works.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "wasi/p2/wasi_p2.hpp"
#include "wasi/p3/wasi_p3.hpp"

namespace stratus::wasi::p3 {
namespace {

using component::Val;

// The probe's answers: 255 is success; below 100 a wasi:sockets error-code case (ip-name-lookup's
// for resolve-literal); 100 + a case when create failed; 200 + n for n addresses looked up.
constexpr uint32_t kOk = 255;
constexpr uint32_t kAccessDenied = 0;
constexpr uint32_t kConnectionRefused = 9;
constexpr uint32_t kCreateAccessDenied = 100;
constexpr uint32_t kLookupPermanentFailure = 4;

// A loopback port nobody listens on: bound, then closed.
uint16_t closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

struct P3SocketsTest : ::testing::Test {
  Engine engine;
  std::optional<component::Component> probe;
  std::optional<component::Linker> linker;

  void SetUp() override {
    auto compiled = component::Component::from_file(engine, STRATUS_WASI_P3_TEST_WASM_DIR "/sockets_probe.wasm");
    ASSERT_TRUE(compiled) << compiled.error().message();
    probe = std::move(*compiled);
    linker.emplace(engine);
    auto added = add_to_linker(*linker);
    ASSERT_TRUE(added) << added.error().message();
  }

  // The probe's `name` under `network`, in a fresh context and Store.
  uint32_t call(const p2::NetworkPolicy& network, const char* name, std::vector<Val> args = {}) {
    p2::WasiP2Config config;
    config.network = network;
    auto ctx = p2::WasiP2Ctx::create(config);
    EXPECT_TRUE(ctx) << ctx.error().message();
    if (!ctx) return 1000;
    Store store(engine);
    store.set_user_data(ctx->get());
    auto instance = linker->instantiate(store, *probe);
    EXPECT_TRUE(instance) << instance.error().message();
    if (!instance) return 1000;
    auto f = instance->get_func(name);
    EXPECT_TRUE(f) << "no export " << name;
    if (!f) return 1000;
    auto results = f->call(store, args);
    EXPECT_TRUE(results) << results.error().message();
    if (!results || results->size() != 1) return 1000;
    return (*results)[0].as<uint32_t>();
  }
};

p2::NetworkPolicy granted() {
  p2::NetworkPolicy p;
  p.inherit_network = true;
  return p;
}

TEST_F(P3SocketsTest, WithoutTheNetworkEveryUseIsAccessDenied) {
  const p2::NetworkPolicy none;
  EXPECT_EQ(call(none, "tcp-bind", {Val(uint16_t{0})}), kAccessDenied);
  // listen on an unbound socket binds it first, under the same permission.
  EXPECT_EQ(call(none, "tcp-listen"), kAccessDenied);
  EXPECT_EQ(call(none, "tcp-connect", {Val(closed_port())}), kAccessDenied);
  EXPECT_EQ(call(none, "udp-bind", {Val(uint16_t{0})}), kAccessDenied);
  EXPECT_EQ(call(none, "udp-connect", {Val(uint16_t{9})}), kAccessDenied);
}

TEST_F(P3SocketsTest, LookupsNeedTheirOwnGrant) {
  EXPECT_EQ(call(granted(), "resolve-literal"), kLookupPermanentFailure);
  p2::NetworkPolicy lookups = granted();
  lookups.allow_ip_name_lookup = true;
  EXPECT_EQ(call(lookups, "resolve-literal"), 201u);
}

TEST_F(P3SocketsTest, TcpAndUdpCanBeSwitchedOffEach) {
  p2::NetworkPolicy no_tcp = granted();
  no_tcp.tcp = false;
  EXPECT_EQ(call(no_tcp, "tcp-bind", {Val(uint16_t{0})}), kCreateAccessDenied);
  EXPECT_EQ(call(no_tcp, "udp-bind", {Val(uint16_t{0})}), kOk);
  p2::NetworkPolicy no_udp = granted();
  no_udp.udp = false;
  EXPECT_EQ(call(no_udp, "udp-bind", {Val(uint16_t{0})}), kCreateAccessDenied);
  EXPECT_EQ(call(no_udp, "tcp-bind", {Val(uint16_t{0})}), kOk);
}

TEST_F(P3SocketsTest, AnAllowListRefusesAddressesOutsideIt) {
  p2::NetworkPolicy elsewhere = granted();
  elsewhere.allowed_cidrs = {"10.0.0.0/8"};
  EXPECT_EQ(call(elsewhere, "tcp-bind", {Val(uint16_t{0})}), kAccessDenied);
  EXPECT_EQ(call(elsewhere, "udp-connect", {Val(uint16_t{9})}), kAccessDenied);
  p2::NetworkPolicy loopback = granted();
  loopback.allowed_cidrs = {"127.0.0.0/8"};
  EXPECT_EQ(call(loopback, "tcp-bind", {Val(uint16_t{0})}), kOk);
}

TEST_F(P3SocketsTest, WithTheNetworkLoopbackWorks) {
  EXPECT_EQ(call(granted(), "tcp-bind", {Val(uint16_t{0})}), kOk);
  EXPECT_EQ(call(granted(), "tcp-listen"), kOk);
  EXPECT_EQ(call(granted(), "udp-bind", {Val(uint16_t{0})}), kOk);
  EXPECT_EQ(call(granted(), "udp-connect", {Val(uint16_t{9})}), kOk);
  // The async connect, lowered synchronously, waits on the EventLoop for the kernel's answer.
  EXPECT_EQ(call(granted(), "tcp-connect", {Val(closed_port())}), kConnectionRefused);
}

}  // namespace
}  // namespace stratus::wasi::p3
