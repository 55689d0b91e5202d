// The host calls against a byte vector standing in for guest memory: layouts, errno values
// and bounds checks, without an engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "temp_tree.hpp"
#include "wasi/abi.hpp"
#include "wasi/calls.hpp"

namespace stratus::wasi {
namespace {

namespace L = abi::layout;

class Calls : public ::testing::Test {
 protected:
  void SetUp() override {
    tree.file("data/hello.txt", "hello, wasi");
    tree.dir("data/sub");
    WasiConfig config;
    config.args = {"prog.wasm", "one", "two"};
    config.env = {"A=1", "LONGER=value"};
    config.preopen_dirs = {{tree.path("data").string(), "/data"}};
    auto created = WasiCtx::create(config);
    ASSERT_TRUE(created.ok());
    ctx = *created;
  }

  template <class T>
  T load(uint32_t at) const {
    T v;
    std::memcpy(&v, bytes.data() + at, sizeof v);
    return v;
  }
  void put_string(uint32_t at, const std::string& s) { std::memcpy(bytes.data() + at, s.data(), s.size()); }
  void put_iovec(uint32_t at, uint32_t buf, uint32_t len) {
    std::memcpy(bytes.data() + at, &buf, 4);
    std::memcpy(bytes.data() + at + 4, &len, 4);
  }
  uint32_t open_file(const std::string& path, uint32_t oflags, uint64_t rights) {
    put_string(1000, path);
    EXPECT_EQ(calls::path_open(*ctx, mem, kPreopen, 0, 1000, static_cast<uint32_t>(path.size()), oflags, rights,
                               0, 0, 2000),
              Errno::Success);
    return load<uint32_t>(2000);
  }

  static constexpr uint32_t kPreopen = 3;
  testing::TempTree tree;
  std::shared_ptr<WasiCtx> ctx;
  std::vector<uint8_t> bytes = std::vector<uint8_t>(65536);
  GuestMemory mem{bytes};
};

TEST_F(Calls, ArgsLayout) {
  ASSERT_EQ(calls::args_sizes_get(*ctx, mem, 0, 4), Errno::Success);
  EXPECT_EQ(load<uint32_t>(0), 3u);
  EXPECT_EQ(load<uint32_t>(4), std::string("prog.wasm one two ").size());
  ASSERT_EQ(calls::args_get(*ctx, mem, 100, 200), Errno::Success);
  EXPECT_EQ(load<uint32_t>(100), 200u);
  EXPECT_STREQ(reinterpret_cast<const char*>(bytes.data() + load<uint32_t>(104)), "one");
  EXPECT_STREQ(reinterpret_cast<const char*>(bytes.data() + load<uint32_t>(108)), "two");
}

TEST_F(Calls, EnvironLayout) {
  ASSERT_EQ(calls::environ_sizes_get(*ctx, mem, 0, 4), Errno::Success);
  EXPECT_EQ(load<uint32_t>(0), 2u);
  EXPECT_EQ(load<uint32_t>(4), 4u + 13u);
  ASSERT_EQ(calls::environ_get(*ctx, mem, 100, 200), Errno::Success);
  EXPECT_STREQ(reinterpret_cast<const char*>(bytes.data() + load<uint32_t>(104)), "LONGER=value");
}

TEST_F(Calls, OutOfBoundsPointersAreEfault) {
  const uint32_t end = static_cast<uint32_t>(bytes.size());
  EXPECT_EQ(calls::args_sizes_get(*ctx, mem, end - 2, 0), Errno::Fault);
  EXPECT_EQ(calls::args_get(*ctx, mem, 0, end - 3), Errno::Fault);
  EXPECT_EQ(calls::clock_time_get(*ctx, mem, abi::kClockMonotonic, 0, end - 4), Errno::Fault);
  EXPECT_EQ(calls::random_get(*ctx, mem, end - 10, 11), Errno::Fault);
  EXPECT_EQ(calls::random_get(*ctx, mem, 0xffffffffu, 2), Errno::Fault);
  put_iovec(0, end - 4, 8);  // buffer runs off the end
  EXPECT_EQ(calls::fd_write(*ctx, mem, 1, 0, 1, 100), Errno::Fault);
  EXPECT_EQ(calls::fd_write(*ctx, mem, 1, end - 4, 1, 100), Errno::Fault);  // iovec array itself
  EXPECT_EQ(calls::fd_write(*ctx, mem, 1, 0, 0x20000000u, 100), Errno::Fault);
  EXPECT_EQ(calls::fd_prestat_get(*ctx, mem, kPreopen, end), Errno::Fault);
  EXPECT_EQ(calls::path_open(*ctx, mem, kPreopen, 0, end - 1, 5, 0, 0, 0, 0, 0), Errno::Fault);
  EXPECT_EQ(calls::poll_oneoff(*ctx, mem, end - 10, 0, 1, 0), Errno::Fault);
  GuestMemory none;
  EXPECT_EQ(calls::fd_fdstat_get(*ctx, none, 1, 0), Errno::Fault);
}

TEST_F(Calls, ClockIds) {
  for (uint32_t id : {abi::kClockRealtime, abi::kClockMonotonic, abi::kClockProcessCputime, abi::kClockThreadCputime}) {
    EXPECT_EQ(calls::clock_time_get(*ctx, mem, id, 1, 8), Errno::Success) << id;
    EXPECT_EQ(calls::clock_res_get(*ctx, mem, id, 16), Errno::Success) << id;
    EXPECT_GT(load<uint64_t>(16), 0u);
  }
  EXPECT_EQ(calls::clock_time_get(*ctx, mem, 4, 1, 8), Errno::Inval);
  EXPECT_EQ(calls::clock_res_get(*ctx, mem, 99, 8), Errno::Inval);
}

TEST_F(Calls, PreopenIsDiscoverable) {
  ASSERT_EQ(calls::fd_prestat_get(*ctx, mem, kPreopen, 0), Errno::Success);
  EXPECT_EQ(bytes[L::kPrestatTag], abi::kPreopentypeDir);
  EXPECT_EQ(load<uint32_t>(L::kPrestatNameLen), 5u);
  EXPECT_EQ(calls::fd_prestat_dir_name(*ctx, mem, kPreopen, 100, 4), Errno::Nametoolong);
  ASSERT_EQ(calls::fd_prestat_dir_name(*ctx, mem, kPreopen, 100, 5), Errno::Success);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes.data() + 100), 5), "/data");
  EXPECT_EQ(calls::fd_prestat_get(*ctx, mem, kPreopen + 1, 0), Errno::Badf);  // ends libc's probe
  EXPECT_EQ(calls::fd_prestat_get(*ctx, mem, 1, 0), Errno::Badf);
}

TEST_F(Calls, FdstatOfAPreopen) {
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, mem, kPreopen, 0), Errno::Success);
  EXPECT_EQ(bytes[L::kFdstatFiletype], abi::kFiletypeDirectory);
  EXPECT_EQ(load<uint64_t>(L::kFdstatRightsBase) & abi::right::PathOpen, abi::right::PathOpen);
  EXPECT_EQ(calls::fd_fdstat_get(*ctx, mem, 77, 0), Errno::Badf);
}

TEST_F(Calls, OpenReadSeekAndStat) {
  const uint32_t fd = open_file("hello.txt", 0, abi::right::FdRead | abi::right::FdSeek | abi::right::FdTell |
                                                   abi::right::FdFilestatGet);
  EXPECT_GT(fd, kPreopen);
  put_iovec(0, 100, 5);
  ASSERT_EQ(calls::fd_read(*ctx, mem, fd, 0, 1, 8), Errno::Success);
  EXPECT_EQ(load<uint32_t>(8), 5u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes.data() + 100), 5), "hello");
  ASSERT_EQ(calls::fd_tell(*ctx, mem, fd, 16), Errno::Success);
  EXPECT_EQ(load<uint64_t>(16), 5u);
  ASSERT_EQ(calls::fd_seek(*ctx, mem, fd, static_cast<uint64_t>(-4), abi::kWhenceEnd, 16), Errno::Success);
  EXPECT_EQ(load<uint64_t>(16), 7u);
  EXPECT_EQ(calls::fd_seek(*ctx, mem, fd, 0, 3, 16), Errno::Inval);

  ASSERT_EQ(calls::fd_filestat_get(*ctx, mem, fd, 200), Errno::Success);
  EXPECT_EQ(bytes[200 + L::kFilestatFiletype], abi::kFiletypeRegularFile);
  EXPECT_EQ(load<uint64_t>(200 + L::kFilestatSizeField), 11u);
  EXPECT_EQ(load<uint64_t>(200 + L::kFilestatNlink), 1u);
  EXPECT_GT(load<uint64_t>(200 + L::kFilestatMtim), 0u);

  // Read-only: writing is not a right this descriptor holds.
  EXPECT_EQ(calls::fd_write(*ctx, mem, fd, 0, 1, 8), Errno::Notcapable);
  EXPECT_EQ(calls::fd_close(*ctx, mem, fd), Errno::Success);
  EXPECT_EQ(calls::fd_read(*ctx, mem, fd, 0, 1, 8), Errno::Badf);
}

TEST_F(Calls, RightsNeverGrow) {
  const uint32_t fd = open_file("hello.txt", 0, abi::right::FdRead);
  EXPECT_EQ(calls::fd_fdstat_set_rights(*ctx, mem, fd, abi::right::FdRead | abi::right::FdWrite, 0),
            Errno::Notcapable);
  EXPECT_EQ(calls::fd_fdstat_set_rights(*ctx, mem, fd, 0, 0), Errno::Success);
  put_iovec(0, 100, 5);
  EXPECT_EQ(calls::fd_read(*ctx, mem, fd, 0, 1, 8), Errno::Notcapable);
}

TEST_F(Calls, CreateWriteAndListADirectory) {
  const uint32_t fd = open_file("sub/new.txt", abi::kOflagCreat | abi::kOflagExcl,
                                abi::right::FdWrite | abi::right::FdRead);
  put_string(100, "written");
  put_iovec(0, 100, 7);
  ASSERT_EQ(calls::fd_write(*ctx, mem, fd, 0, 1, 8), Errno::Success);
  EXPECT_EQ(load<uint32_t>(8), 7u);

  const uint32_t dir = open_file("sub", abi::kOflagDirectory, abi::right::FdReaddir);
  ASSERT_EQ(calls::fd_readdir(*ctx, mem, dir, 4096, 4096, 0, 8), Errno::Success);
  const uint32_t used = load<uint32_t>(8);
  std::vector<std::string> names;
  for (uint32_t at = 4096; at + L::kDirentSize <= 4096 + used;) {
    const uint32_t len = load<uint32_t>(at + L::kDirentNamlen);
    names.emplace_back(reinterpret_cast<const char*>(bytes.data() + at + L::kDirentSize), len);
    at += L::kDirentSize + len;
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{".", "..", "new.txt"}));

  // A buffer too small for everything is filled to the brim so libc knows to grow it.
  ASSERT_EQ(calls::fd_readdir(*ctx, mem, dir, 4096, 30, 0, 8), Errno::Success);
  EXPECT_EQ(load<uint32_t>(8), 30u);
}

TEST_F(Calls, PathCallsStayInside) {
  put_string(1000, "../escape");
  EXPECT_EQ(calls::path_create_directory(*ctx, mem, kPreopen, 1000, 9), Errno::Perm);
  put_string(1000, "/etc/passwd");
  EXPECT_EQ(calls::path_filestat_get(*ctx, mem, kPreopen, abi::kLookupSymlinkFollow, 1000, 11, 0),
            Errno::Perm);
  put_string(1000, "hello.txt");
  EXPECT_EQ(calls::path_create_directory(*ctx, mem, 1, 1000, 9), Errno::Notdir);  // stdout is no directory
  put_string(1100, "/abs");
  EXPECT_EQ(calls::path_symlink(*ctx, mem, 1100, 4, kPreopen, 1000, 4), Errno::Perm);
}

TEST_F(Calls, PathLifecycle) {
  put_string(1000, "made");
  ASSERT_EQ(calls::path_create_directory(*ctx, mem, kPreopen, 1000, 4), Errno::Success);
  EXPECT_EQ(calls::path_create_directory(*ctx, mem, kPreopen, 1000, 4), Errno::Exist);
  ASSERT_EQ(calls::path_filestat_get(*ctx, mem, kPreopen, 0, 1000, 4, 0), Errno::Success);
  EXPECT_EQ(bytes[L::kFilestatFiletype], abi::kFiletypeDirectory);
  put_string(1100, "moved");
  ASSERT_EQ(calls::path_rename(*ctx, mem, kPreopen, 1000, 4, kPreopen, 1100, 5), Errno::Success);
  put_string(1200, "hello.txt");
  put_string(1300, "moved/link");
  ASSERT_EQ(calls::path_symlink(*ctx, mem, 1200, 9, kPreopen, 1300, 10), Errno::Success);
  ASSERT_EQ(calls::path_readlink(*ctx, mem, kPreopen, 1300, 10, 1400, 5, 8), Errno::Success);
  EXPECT_EQ(load<uint32_t>(8), 5u);  // truncated to the buffer
  EXPECT_EQ(calls::path_remove_directory(*ctx, mem, kPreopen, 1100, 5), Errno::Notempty);
  ASSERT_EQ(calls::path_unlink_file(*ctx, mem, kPreopen, 1300, 10), Errno::Success);
  ASSERT_EQ(calls::path_remove_directory(*ctx, mem, kPreopen, 1100, 5), Errno::Success);
  EXPECT_EQ(calls::path_filestat_get(*ctx, mem, kPreopen, 0, 1100, 5, 0), Errno::Noent);
}

// The same tree preopened a second time, read-only, at fd 4: reading works through it, every
// change is EPERM, and what is opened beneath it inherits that; a hard link out of it into the
// writable preopen (which would make its file writable there) is refused too.
TEST_F(Calls, ReadOnlyPreopenRefusesEveryChangeWithEperm) {
  WasiConfig config;
  config.preopen_dirs = {{tree.path("data").string(), "/data"}, {tree.path("data").string(), "/ro", true}};
  auto created = WasiCtx::create(config);
  ASSERT_TRUE(created.ok());
  ctx = *created;
  constexpr uint32_t kReadOnly = 4;
  ASSERT_EQ(calls::fd_fdstat_get(*ctx, mem, kReadOnly, 0), Errno::Success);
  EXPECT_EQ(load<uint64_t>(L::kFdstatRightsBase) & abi::right::Mutating, 0u);
  EXPECT_EQ(load<uint64_t>(L::kFdstatRightsInheriting) & abi::right::Mutating, 0u);

  put_string(1000, "hello.txt");
  EXPECT_EQ(calls::path_open(*ctx, mem, kReadOnly, 0, 1000, 9, 0, abi::right::FdRead, 0, 0, 2000), Errno::Success);
  const uint32_t file = load<uint32_t>(2000);
  put_iovec(0, 100, 5);
  EXPECT_EQ(calls::fd_read(*ctx, mem, file, 0, 1, 8), Errno::Success);
  EXPECT_EQ(calls::fd_write(*ctx, mem, file, 0, 1, 8), Errno::Perm);
  EXPECT_EQ(calls::fd_filestat_set_size(*ctx, mem, file, 0), Errno::Perm);
  EXPECT_EQ(calls::path_open(*ctx, mem, kReadOnly, 0, 1000, 9, 0, abi::right::FdWrite, 0, 0, 2000), Errno::Perm);
  EXPECT_EQ(calls::path_open(*ctx, mem, kReadOnly, 0, 1000, 9, abi::kOflagTrunc, abi::right::FdRead, 0, 0, 2000),
            Errno::Perm);
  put_string(1100, "new.txt");
  EXPECT_EQ(calls::path_open(*ctx, mem, kReadOnly, 0, 1100, 7, abi::kOflagCreat, abi::right::FdRead, 0, 0, 2000),
            Errno::Perm);
  EXPECT_EQ(calls::path_create_directory(*ctx, mem, kReadOnly, 1100, 7), Errno::Perm);
  EXPECT_EQ(calls::path_unlink_file(*ctx, mem, kReadOnly, 1000, 9), Errno::Perm);
  EXPECT_EQ(calls::path_rename(*ctx, mem, kReadOnly, 1000, 9, kPreopen, 1100, 7), Errno::Perm);
  EXPECT_EQ(calls::path_link(*ctx, mem, kReadOnly, 0, 1000, 9, kPreopen, 1100, 7), Errno::Perm);

  put_string(1200, "sub");
  ASSERT_EQ(calls::path_open(*ctx, mem, kReadOnly, 0, 1200, 3, abi::kOflagDirectory, abi::right::All,
                             abi::right::All, 0, 2000),
            Errno::Success);
  const uint32_t sub = load<uint32_t>(2000);
  EXPECT_EQ(calls::path_create_directory(*ctx, mem, sub, 1100, 7), Errno::Perm);
  EXPECT_FALSE(std::filesystem::exists(tree.path("data/new.txt")));
  EXPECT_FALSE(std::filesystem::exists(tree.path("data/sub/new.txt")));
  EXPECT_TRUE(std::filesystem::exists(tree.path("data/hello.txt")));

  // The writable preopen of the same tree still takes changes.
  EXPECT_EQ(calls::path_create_directory(*ctx, mem, kPreopen, 1100, 7), Errno::Success);
}

TEST_F(Calls, PollClockSubscriptionFires) {
  const uint32_t sub = 0;
  const uint64_t userdata = 0x1122334455667788ull;
  std::memcpy(bytes.data() + sub + L::kSubscriptionUserdata, &userdata, 8);
  bytes[sub + L::kSubscriptionTag] = abi::kEventtypeClock;
  const uint32_t clock = abi::kClockMonotonic;
  const uint64_t timeout = 1'000'000;  // 1 ms, relative
  std::memcpy(bytes.data() + sub + L::kSubscriptionClockId, &clock, 4);
  std::memcpy(bytes.data() + sub + L::kSubscriptionClockTimeout, &timeout, 8);
  ASSERT_EQ(calls::poll_oneoff(*ctx, mem, sub, 100, 1, 200), Errno::Success);
  EXPECT_EQ(load<uint32_t>(200), 1u);
  EXPECT_EQ(load<uint64_t>(100 + L::kEventUserdata), userdata);
  EXPECT_EQ(load<uint16_t>(100 + L::kEventError), 0u);
  EXPECT_EQ(bytes[100 + L::kEventType], abi::kEventtypeClock);
  EXPECT_EQ(calls::poll_oneoff(*ctx, mem, sub, 100, 0, 200), Errno::Inval);
}

TEST_F(Calls, PollBadFdReportsInTheEvent) {
  bytes[L::kSubscriptionTag] = abi::kEventtypeFdRead;
  const uint32_t fd = 99;
  std::memcpy(bytes.data() + L::kSubscriptionFd, &fd, 4);
  ASSERT_EQ(calls::poll_oneoff(*ctx, mem, 0, 100, 1, 200), Errno::Success);
  EXPECT_EQ(load<uint32_t>(200), 1u);
  EXPECT_EQ(load<uint16_t>(100 + L::kEventError), static_cast<uint16_t>(Errno::Badf));
}

TEST_F(Calls, SocketsOnNonSockets) {
  EXPECT_EQ(calls::sock_shutdown(*ctx, mem, kPreopen, abi::kSdflagWr), Errno::Notsock);
  EXPECT_EQ(calls::sock_shutdown(*ctx, mem, 42, abi::kSdflagWr), Errno::Badf);
  EXPECT_EQ(calls::sock_accept(*ctx, mem, kPreopen, 0, 0), Errno::Notsock);
  EXPECT_EQ(calls::proc_raise(*ctx, mem, 9), Errno::Nosys);
}

}  // namespace
}  // namespace stratus::wasi
