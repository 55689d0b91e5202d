// Hostile guests: every call is fed random pointers, lengths and descriptors over random
// memory contents (so iovecs, subscriptions and strings are garbage too). Nothing may crash or
// touch bytes outside the guest memory (run under ASan); each call must return an errno.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "temp_tree.hpp"
#include "wasi/abi.hpp"
#include "wasi/calls.hpp"

namespace stratus::wasi {
namespace {

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    tree.file("box/a.txt", "some bytes");
    tree.dir("box/d");
    WasiConfig config;
    config.args = {"prog", "x"};
    config.env = {"K=V"};
    config.preopen_dirs = {{tree.path("box").string(), "."}};
    auto created = WasiCtx::create(config);
    ASSERT_TRUE(created.ok());
    ctx = *created;
  }

  // Pointers cluster where bugs live: near 0, near the end of memory, near 2^32.
  uint32_t ptr() {
    switch (rng() % 5) {
      case 0: return static_cast<uint32_t>(rng() % 64);
      case 1: return static_cast<uint32_t>(bytes.size() - rng() % 64);
      case 2: return static_cast<uint32_t>(0xffffffffu - rng() % 64);
      default: return static_cast<uint32_t>(rng() % (bytes.size() + 128));
    }
  }
  uint32_t len() {
    switch (rng() % 4) {
      case 0: return static_cast<uint32_t>(rng() % 16);
      case 1: return 0xffffffffu - static_cast<uint32_t>(rng() % 16);
      case 2: return 0x10000000u << (rng() % 4);
      default: return static_cast<uint32_t>(rng() % (bytes.size() * 2));
    }
  }
  // Never stdin (a read would block) nor stdout/stderr (garbage in the test log).
  uint32_t fd() {
    static constexpr uint32_t kFds[] = {3, 3, 3, 4, 5, 6, 1000, 0x7fffffff, 0xffffffff};
    return kFds[rng() % std::size(kFds)];
  }
  // Any descriptor but the preopen, for the calls that would take it away.
  uint32_t not_preopen() {
    const uint32_t f = fd();
    return f == 3 ? 9 : f;
  }
  uint64_t u64() { return rng() % 3 == 0 ? ~0ull - rng() % 4 : rng() % 4096; }

  testing::TempTree tree;
  std::shared_ptr<WasiCtx> ctx;
  std::vector<uint8_t> bytes = std::vector<uint8_t>(65536);
  GuestMemory mem{bytes};
  std::mt19937_64 rng{12345};
};

TEST_F(Hostile, RandomArgumentsNeverCrash) {
  namespace C = calls;
  for (int round = 0; round < 20000; ++round) {
    if (round % 64 == 0) {
      for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    }
    // Descriptor 3 stays alive so the path calls get past the fd lookup.
    const uint32_t which = static_cast<uint32_t>(rng() % 36);
    switch (which) {
      case 0: (void)C::args_get(*ctx, mem, ptr(), ptr()); break;
      case 1: (void)C::args_sizes_get(*ctx, mem, ptr(), ptr()); break;
      case 2: (void)C::environ_get(*ctx, mem, ptr(), ptr()); break;
      case 3: (void)C::environ_sizes_get(*ctx, mem, ptr(), ptr()); break;
      case 4: (void)C::clock_res_get(*ctx, mem, static_cast<uint32_t>(rng() % 6), ptr()); break;
      case 5: (void)C::clock_time_get(*ctx, mem, static_cast<uint32_t>(rng() % 6), u64(), ptr()); break;
      case 6: (void)C::random_get(*ctx, mem, ptr(), rng() % 2 ? len() : static_cast<uint32_t>(rng() % 256)); break;
      case 7: (void)C::fd_advise(*ctx, mem, fd(), u64(), u64(), static_cast<uint32_t>(rng() % 8)); break;
      case 8: (void)C::fd_fdstat_get(*ctx, mem, fd(), ptr()); break;
      case 9: (void)C::fd_filestat_get(*ctx, mem, fd(), ptr()); break;
      case 10: (void)C::fd_prestat_get(*ctx, mem, fd(), ptr()); break;
      case 11: (void)C::fd_prestat_dir_name(*ctx, mem, fd(), ptr(), len()); break;
      case 12: (void)C::fd_read(*ctx, mem, fd(), ptr(), len(), ptr()); break;
      case 13: (void)C::fd_write(*ctx, mem, fd(), ptr(), len(), ptr()); break;
      case 14: (void)C::fd_pread(*ctx, mem, fd(), ptr(), len(), u64(), ptr()); break;
      case 15: (void)C::fd_pwrite(*ctx, mem, fd(), ptr(), len(), u64(), ptr()); break;
      case 16: (void)C::fd_seek(*ctx, mem, fd(), u64(), static_cast<uint32_t>(rng() % 4), ptr()); break;
      case 17: (void)C::fd_tell(*ctx, mem, fd(), ptr()); break;
      case 18: (void)C::fd_readdir(*ctx, mem, fd(), ptr(), len(), u64(), ptr()); break;
      case 19: (void)C::path_filestat_get(*ctx, mem, fd(), static_cast<uint32_t>(rng() % 2), ptr(), len(), ptr());
        break;
      case 20: (void)C::path_open(*ctx, mem, fd(), static_cast<uint32_t>(rng() % 2), ptr(), len(),
                                  static_cast<uint32_t>(rng() % 16) & ~abi::kOflagCreat, rng(), rng(),
                                  static_cast<uint32_t>(rng() % 32), ptr());
        break;
      case 21: (void)C::path_readlink(*ctx, mem, fd(), ptr(), len(), ptr(), len(), ptr()); break;
      case 22: (void)C::fd_filestat_set_times(*ctx, mem, fd(), u64(), u64(), static_cast<uint32_t>(rng() % 16)); break;
      case 23: (void)C::fd_renumber(*ctx, mem, not_preopen(), not_preopen()); break;
      case 24: (void)C::fd_close(*ctx, mem, not_preopen()); break;
      case 25: (void)C::sock_recv(*ctx, mem, fd(), ptr(), len(), static_cast<uint32_t>(rng() % 4), ptr(), ptr()); break;
      case 26: (void)C::sock_send(*ctx, mem, fd(), ptr(), len(), 0, ptr()); break;
      case 27: (void)C::sock_shutdown(*ctx, mem, fd(), static_cast<uint32_t>(rng() % 4)); break;
      case 28: (void)C::sock_accept(*ctx, mem, fd(), static_cast<uint32_t>(rng() % 8), ptr()); break;
      case 29: (void)C::fd_fdstat_set_flags(*ctx, mem, fd(), static_cast<uint32_t>(rng() % 32) & ~abi::kFdflagNonblock);
        break;
      case 30: (void)C::fd_fdstat_set_rights(*ctx, mem, not_preopen(), rng(), rng()); break;
      case 31: (void)C::sched_yield(*ctx, mem); break;
      case 32: (void)C::fd_sync(*ctx, mem, fd()); break;
      case 33: (void)C::fd_datasync(*ctx, mem, fd()); break;
      case 34: (void)C::path_create_directory(*ctx, mem, fd(), ptr(), len()); break;
      default: (void)C::path_unlink_file(*ctx, mem, fd(), ptr(), len()); break;
    }
  }
  // Still alive, and the preopen still answers.
  EXPECT_EQ(calls::fd_prestat_get(*ctx, mem, 3, 0), Errno::Success);
}

TEST_F(Hostile, HugeCountsAreEfaultNotAllocations) {
  // Counts whose byte size overflows 32 bits, or exceeds memory, must be refused up front.
  std::memcpy(bytes.data() + 1000, "a.txt", 5);
  const uint64_t rights = abi::right::FdRead | abi::right::FdWrite | abi::right::FdSeek;
  ASSERT_EQ(calls::path_open(*ctx, mem, 3, 0, 1000, 5, 0, rights, 0, 0, 2000), Errno::Success);
  uint32_t file;
  std::memcpy(&file, bytes.data() + 2000, 4);
  for (uint32_t count : {0x10000000u, 0x20000000u, 0x80000000u, 0xffffffffu}) {
    EXPECT_EQ(calls::fd_write(*ctx, mem, file, 0, count, 0), Errno::Fault) << count;
    EXPECT_EQ(calls::fd_read(*ctx, mem, file, 0, count, 0), Errno::Fault) << count;
    EXPECT_EQ(calls::poll_oneoff(*ctx, mem, 0, 0, count, 0), Errno::Fault) << count;
  }
  // An iovec whose buffer wraps past 2^32.
  const uint32_t wrap[2] = {0xfffffff0u, 0x20u};
  std::memcpy(bytes.data(), wrap, sizeof wrap);
  EXPECT_EQ(calls::fd_pwrite(*ctx, mem, file, 0, 1, 0, 16), Errno::Fault);
  EXPECT_EQ(calls::random_get(*ctx, mem, 0xfffffff0u, 0x20u), Errno::Fault);
  EXPECT_EQ(calls::path_open(*ctx, mem, 3, 0, 16, 0xffffffffu, 0, 0, 0, 0, 0), Errno::Fault);
}

TEST_F(Hostile, OverlappingBuffersReadConsistently) {
  // Two iovecs over the same bytes, and the out-pointer inside them: a legal, if odd, guest.
  const uint32_t iov[4] = {100, 8, 100, 8};
  std::memcpy(bytes.data() + 16, iov, sizeof iov);
  std::memcpy(bytes.data() + 1000, "a.txt", 5);
  ASSERT_EQ(calls::path_open(*ctx, mem, 3, 0, 1000, 5, 0, abi::right::FdRead, 0, 0, 2000), Errno::Success);
  uint32_t fd;
  std::memcpy(&fd, bytes.data() + 2000, 4);
  ASSERT_EQ(calls::fd_read(*ctx, mem, fd, 16, 2, 104), Errno::Success);
  uint32_t nread;
  std::memcpy(&nread, bytes.data() + 104, 4);
  EXPECT_EQ(nread, 10u);  // "some bytes": 8 into the first iovec, 2 into the second
}

}  // namespace
}  // namespace stratus::wasi
