#include <gtest/gtest.h>

#include <cerrno>

#include "wasi/errno.hpp"

namespace stratus::wasi {
namespace {

TEST(Errno, NumberingMatchesTheWitx) {
  EXPECT_EQ(static_cast<int>(Errno::Success), 0);
  EXPECT_EQ(static_cast<int>(Errno::TooBig), 1);
  EXPECT_EQ(static_cast<int>(Errno::Badf), 8);
  EXPECT_EQ(static_cast<int>(Errno::Exist), 20);
  EXPECT_EQ(static_cast<int>(Errno::Fault), 21);
  EXPECT_EQ(static_cast<int>(Errno::Inval), 28);
  EXPECT_EQ(static_cast<int>(Errno::Noent), 44);
  EXPECT_EQ(static_cast<int>(Errno::Nosys), 52);
  EXPECT_EQ(static_cast<int>(Errno::Notdir), 54);
  EXPECT_EQ(static_cast<int>(Errno::Perm), 63);
  EXPECT_EQ(static_cast<int>(Errno::Spipe), 70);
  EXPECT_EQ(static_cast<int>(Errno::Notcapable), 76);
}

TEST(Errno, MapsHostErrnoByMeaning) {
  EXPECT_EQ(errno_from_host(0), Errno::Success);
  EXPECT_EQ(errno_from_host(ENOENT), Errno::Noent);
  EXPECT_EQ(errno_from_host(EACCES), Errno::Acces);
  EXPECT_EQ(errno_from_host(EEXIST), Errno::Exist);
  EXPECT_EQ(errno_from_host(ELOOP), Errno::Loop);
  EXPECT_EQ(errno_from_host(ENOTEMPTY), Errno::Notempty);
  EXPECT_EQ(errno_from_host(EWOULDBLOCK), Errno::Again);
  EXPECT_EQ(errno_from_host(EOPNOTSUPP), Errno::Notsup);
  EXPECT_EQ(errno_from_host(EXDEV), Errno::Xdev);
  EXPECT_EQ(errno_from_host(ESPIPE), Errno::Spipe);
}

TEST(Errno, UnknownHostErrnoBecomesIo) {
  EXPECT_EQ(errno_from_host(ENOMEDIUM), Errno::Io);
  EXPECT_EQ(errno_from_host(100000), Errno::Io);
}

}  // namespace
}  // namespace stratus::wasi
