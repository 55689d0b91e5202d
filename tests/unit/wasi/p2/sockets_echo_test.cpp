// TCP echo and UDP round trips on loopback through the component path: sockets_echo
// (component-wat/sockets_echo.wat) calls only the wasi:sockets and wasi:io imports, against
// echo servers this test runs. With the network granted the whole message comes back; refused,
// the guest sees access-denied and the server sees no connection and no datagram. Its
// `lookup` resolves a name through ip-name-lookup, waiting on the stream's pollable.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "stratus/component/component.hpp"
#include "stratus/component/linker.hpp"
#include "stratus/store.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::wasi::p2 {
namespace {

using component::Val;

constexpr uint32_t kEchoed = 0;
constexpr uint32_t kAccessDenied = 1;      // network error-code case
constexpr uint32_t kTcpConnectFailed = 200;  // + the error-code's case
constexpr uint32_t kTcpCreateFailed = 100;
constexpr uint32_t kUdpBindFailed = 200;
constexpr uint32_t kUdpCreateFailed = 100;
constexpr int kQuietMs = 200;  // how long a refused run's server listens for strays
constexpr int kServeMs = 5000;

// A loopback socket of `type` bound to 127.0.0.1 on a port the kernel picks.
struct LoopbackSocket {
  int fd = -1;
  uint16_t port = 0;
  explicit LoopbackSocket(int type) {
    fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
    if (type == SOCK_STREAM && ::listen(fd, 4) != 0) return;
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
  }
  ~LoopbackSocket() {
    if (fd >= 0) ::close(fd);
  }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;
};

bool readable_within(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) == 1;
}

// Accepts one connection and echoes what it reads until the peer closes; records what came in.
void serve_tcp_echo(int listener, std::string& received) {
  if (!readable_within(listener, kServeMs)) return;
  const int conn = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (conn < 0) return;
  char buf[256];
  while (readable_within(conn, kServeMs)) {
    const ssize_t n = ::read(conn, buf, sizeof buf);
    if (n <= 0) break;
    received.append(buf, static_cast<size_t>(n));
    if (::write(conn, buf, static_cast<size_t>(n)) != n) break;
  }
  ::close(conn);
}

// Answers one datagram with the same bytes; records what came in.
void serve_udp_echo(int fd, std::string& received) {
  if (!readable_within(fd, kServeMs)) return;
  char buf[512];
  sockaddr_storage from{};
  socklen_t from_len = sizeof from;
  const ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
  if (n <= 0) return;
  received.assign(buf, static_cast<size_t>(n));
  (void)::sendto(fd, buf, static_cast<size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), from_len);
}

constexpr char kMessage[] = "ping over wasi:sockets";  // the component's message

struct SocketsEchoTest : ::testing::Test {
  Engine engine;
  std::optional<component::Component> echo;
  std::optional<component::Linker> linker;

  void SetUp() override {
    auto compiled = component::Component::from_file(engine, STRATUS_WASI_P2_TEST_WASM_DIR "/sockets_echo.wasm");
    ASSERT_TRUE(compiled) << compiled.error().message();
    echo = std::move(*compiled);
    linker.emplace(engine);
    auto added = add_to_linker(*linker);
    ASSERT_TRUE(added) << added.error().message();
  }

  // Calls the component's `export(arg)` with a fresh context under `policy`.
  uint32_t call(const char* export_name, Val arg, const NetworkPolicy& policy) {
    WasiP2Config config;
    config.network = policy;
    auto ctx = WasiP2Ctx::create(config);
    EXPECT_TRUE(ctx) << ctx.error().message();
    if (!ctx) return ~0u;
    Store store(engine);
    store.set_user_data(ctx->get());
    auto instance = linker->instantiate(store, *echo);
    EXPECT_TRUE(instance) << instance.error().message();
    if (!instance) return ~0u;
    auto f = instance->get_func(export_name);
    EXPECT_TRUE(f);
    if (!f) return ~0u;
    const std::vector<Val> args{std::move(arg)};
    auto r = f->call(store, args);
    EXPECT_TRUE(r) << r.error().message();
    return r && r->size() == 1 ? r->at(0).as<uint32_t>() : ~0u;
  }

  uint32_t tcp_echo(const NetworkPolicy& policy, std::string& received) {
    LoopbackSocket listener(SOCK_STREAM);
    EXPECT_NE(listener.port, 0);
    std::thread server([&] { serve_tcp_echo(listener.fd, received); });
    const uint32_t status = call("tcp-echo", Val(listener.port), policy);
    server.join();
    return status;
  }

  uint32_t udp_echo(const NetworkPolicy& policy, std::string& received) {
    LoopbackSocket server_socket(SOCK_DGRAM);
    EXPECT_NE(server_socket.port, 0);
    std::thread server([&] { serve_udp_echo(server_socket.fd, received); });
    const uint32_t status = call("udp-echo", Val(server_socket.port), policy);
    server.join();
    return status;
  }
};

NetworkPolicy granted() {
  NetworkPolicy p;
  p.inherit_network = true;
  return p;
}

TEST_F(SocketsEchoTest, TcpEchoWithTheNetworkGranted) {
  std::string received;
  EXPECT_EQ(tcp_echo(granted(), received), kEchoed);
  EXPECT_EQ(received, kMessage);
}

TEST_F(SocketsEchoTest, TcpEchoWithinALoopbackAllowList) {
  NetworkPolicy loopback = granted();
  loopback.allowed_cidrs = {"127.0.0.0/8"};
  std::string received;
  EXPECT_EQ(tcp_echo(loopback, received), kEchoed);
  EXPECT_EQ(received, kMessage);
}

// The refused runs check that the server saw nothing within kQuietMs of the guest's return:
// the guest's connect or send would have reached it well within that on loopback.
TEST_F(SocketsEchoTest, TcpRefusedWithoutTheNetworkReachesNoServer) {
  LoopbackSocket listener(SOCK_STREAM);
  ASSERT_NE(listener.port, 0);
  EXPECT_EQ(call("tcp-echo", Val(listener.port), NetworkPolicy{}), kTcpConnectFailed + kAccessDenied);
  EXPECT_FALSE(readable_within(listener.fd, kQuietMs)) << "a connection reached the server";
}

TEST_F(SocketsEchoTest, TcpRefusedOutsideTheAllowListOrWithTcpOff) {
  LoopbackSocket listener(SOCK_STREAM);
  ASSERT_NE(listener.port, 0);
  NetworkPolicy elsewhere = granted();
  elsewhere.allowed_cidrs = {"10.0.0.0/8"};
  EXPECT_EQ(call("tcp-echo", Val(listener.port), elsewhere), kTcpConnectFailed + kAccessDenied);
  NetworkPolicy no_tcp = granted();
  no_tcp.tcp = false;
  EXPECT_EQ(call("tcp-echo", Val(listener.port), no_tcp), kTcpCreateFailed + kAccessDenied);
  EXPECT_FALSE(readable_within(listener.fd, kQuietMs)) << "a connection reached the server";
}

TEST_F(SocketsEchoTest, UdpRoundTripWithTheNetworkGranted) {
  std::string received;
  EXPECT_EQ(udp_echo(granted(), received), kEchoed);
  EXPECT_EQ(received, kMessage);
}

TEST_F(SocketsEchoTest, UdpRefusedWithoutTheNetworkSendsNothing) {
  LoopbackSocket server_socket(SOCK_DGRAM);
  ASSERT_NE(server_socket.port, 0);
  EXPECT_EQ(call("udp-echo", Val(server_socket.port), NetworkPolicy{}), kUdpBindFailed + kAccessDenied);
  NetworkPolicy no_udp = granted();
  no_udp.udp = false;
  EXPECT_EQ(call("udp-echo", Val(server_socket.port), no_udp), kUdpCreateFailed + kAccessDenied);
  EXPECT_FALSE(readable_within(server_socket.fd, kQuietMs)) << "a datagram reached the server";
}

constexpr uint32_t kLookupFailed = 100;      // resolve-addresses, + the error-code's case
constexpr uint32_t kInvalidArgument = 3;
constexpr uint32_t kPermanentResolverFailure = 20;

TEST_F(SocketsEchoTest, LocalhostResolvesToLoopbackThroughTheComponent) {
  NetworkPolicy lookups = granted();
  lookups.allow_ip_name_lookup = true;
  const uint32_t found = call("lookup", Val(std::string("localhost")), lookups);
  EXPECT_GE(found, 1u);  // how many depends on /etc/hosts; every one is loopback (else 900)
  EXPECT_LT(found, kLookupFailed);
  EXPECT_EQ(call("lookup", Val(std::string("127.0.0.1")), lookups), 1u);
  EXPECT_EQ(call("lookup", Val(std::string("not a name")), lookups), kLookupFailed + kInvalidArgument);
}

TEST_F(SocketsEchoTest, LookupsNeedAllowIpNameLookup) {
  EXPECT_EQ(call("lookup", Val(std::string("localhost")), granted()), kLookupFailed + kPermanentResolverFailure);
  EXPECT_EQ(call("lookup", Val(std::string("localhost")), NetworkPolicy{}),
            kLookupFailed + kPermanentResolverFailure);
}

}  // namespace
}  // namespace stratus::wasi::p2
