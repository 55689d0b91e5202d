// Preopened sockets (what `stratus run --tcplisten` hands over) against a real loopback
// listener: numbering after the directories, accept's flags, recv/send/shutdown.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "temp_tree.hpp"
#include "wasi/abi.hpp"
#include "wasi/calls.hpp"

namespace stratus::wasi {
namespace {

namespace L = abi::layout;

class Sockets : public ::testing::Test {
 protected:
  void SetUp() override {
    tree.dir("data");
    listener = UniqueFd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    ASSERT_TRUE(listener.valid());
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(listen(listener.get(), 4), 0);
    socklen_t len = sizeof addr;
    ASSERT_EQ(getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len), 0);
    address = addr;

    WasiConfig config;
    config.args = {"prog.wasm"};
    config.preopen_dirs = {{tree.path("data").string(), "/data"}};
    config.preopen_sockets = {listener.get()};
    auto created = WasiCtx::create(config);
    ASSERT_TRUE(created.ok());
    ctx = *created;
    listener.reset();  // the context holds its own duplicate
  }

  UniqueFd connect_client() {
    UniqueFd c(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    EXPECT_EQ(connect(c.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    return c;
  }
  template <class T>
  T load(uint32_t at) const {
    T v;
    std::memcpy(&v, bytes.data() + at, sizeof v);
    return v;
  }
  void put_iovec(uint32_t at, uint32_t buf, uint32_t len) {
    std::memcpy(bytes.data() + at, &buf, 4);
    std::memcpy(bytes.data() + at + 4, &len, 4);
  }

  static constexpr uint32_t kListener = 4;  // after the one directory at 3
  testing::TempTree tree;
  UniqueFd listener;
  sockaddr_in address{};
  std::shared_ptr<WasiCtx> ctx;
  std::vector<uint8_t> bytes = std::vector<uint8_t>(65536);
  GuestMemory mem{bytes};
};

TEST_F(Sockets, ListenerFollowsTheDirectories) {
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, mem, kListener, 0), Errno::Success);
  EXPECT_EQ(bytes[L::kFdstatFiletype], abi::kFiletypeSocketStream);
  EXPECT_TRUE(load<uint64_t>(L::kFdstatRightsBase) & abi::right::SockAccept);
  EXPECT_EQ(calls::fd_prestat_get(*ctx, mem, kListener, 100), Errno::Badf);  // ends wasi-libc's scan
  EXPECT_EQ(calls::fd_prestat_get(*ctx, mem, 3, 100), Errno::Success);
}

TEST_F(Sockets, AcceptFlagsApplyToTheConnection) {
  // With the listener non-blocking, nobody waiting is EAGAIN whatever the flags.
  ASSERT_EQ(calls::fd_fdstat_set_flags(*ctx, mem, kListener, abi::kFdflagNonblock), Errno::Success);
  EXPECT_EQ(calls::sock_accept(*ctx, mem, kListener, 0, 0), Errno::Again);
  EXPECT_EQ(calls::sock_accept(*ctx, mem, kListener, 0x100, 0), Errno::Inval);
  EXPECT_EQ(calls::sock_accept(*ctx, mem, kListener, 0, 65534), Errno::Fault);

  UniqueFd client = connect_client();
  ASSERT_EQ(calls::sock_accept(*ctx, mem, kListener, abi::kFdflagNonblock, 0), Errno::Success);
  const uint32_t conn = load<uint32_t>(0);
  EXPECT_EQ(conn, kListener + 1);
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, mem, conn, 100), Errno::Success);
  EXPECT_EQ(bytes[100 + L::kFdstatFiletype], abi::kFiletypeSocketStream);
  EXPECT_EQ(load<uint16_t>(100 + L::kFdstatFlags), abi::kFdflagNonblock);
  EXPECT_FALSE(load<uint64_t>(100 + L::kFdstatRightsBase) & abi::right::SockAccept);
  // Non-blocking connection, nothing sent yet.
  put_iovec(200, 300, 16);
  EXPECT_EQ(calls::sock_recv(*ctx, mem, conn, 200, 1, 0, 220, 224), Errno::Again);

  ASSERT_EQ(send(client.get(), "ping", 4, 0), 4);
  put_iovec(200, 300, 2);
  ASSERT_EQ(calls::sock_recv(*ctx, mem, conn, 200, 1, abi::kRiflagRecvPeek | abi::kRiflagRecvWaitall, 220, 224),
            Errno::Success);
  EXPECT_EQ(load<uint32_t>(220), 2u);
  put_iovec(200, 300, 16);
  ASSERT_EQ(calls::sock_recv(*ctx, mem, conn, 200, 1, 0, 220, 224), Errno::Success);
  EXPECT_EQ(load<uint32_t>(220), 4u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes.data() + 300), 4), "ping");

  std::memcpy(bytes.data() + 300, "PONG", 4);
  put_iovec(200, 300, 4);
  EXPECT_EQ(calls::sock_send(*ctx, mem, conn, 200, 1, 1, 220), Errno::Inval);
  ASSERT_EQ(calls::sock_send(*ctx, mem, conn, 200, 1, 0, 220), Errno::Success);
  EXPECT_EQ(load<uint32_t>(220), 4u);
  EXPECT_EQ(calls::sock_shutdown(*ctx, mem, conn, 0), Errno::Inval);
  ASSERT_EQ(calls::sock_shutdown(*ctx, mem, conn, abi::kSdflagWr), Errno::Success);
  EXPECT_EQ(calls::sock_send(*ctx, mem, conn, 200, 1, 0, 220), Errno::Pipe);
  char reply[8] = {};
  EXPECT_EQ(recv(client.get(), reply, sizeof reply, MSG_WAITALL), 4);
  EXPECT_EQ(std::string(reply, 4), "PONG");
  EXPECT_EQ(calls::sock_accept(*ctx, mem, conn, 0, 0), Errno::Notcapable);  // a connection cannot accept
}

}  // namespace
}  // namespace stratus::wasi
