#include <gtest/gtest.h>

#include <fcntl.h>

#include "wasi/abi.hpp"
#include "wasi/fd_table.hpp"

namespace stratus::wasi {
namespace {

FdEntry entry_with(uint64_t rights) {
  FdEntry e;
  e.host = UniqueFd(open("/dev/null", O_RDONLY | O_CLOEXEC));
  e.rights_base = rights;
  return e;
}

TEST(FdTable, InsertTakesTheLowestFreeNumber) {
  FdTable t;
  EXPECT_EQ(*t.insert(entry_with(0)), 0u);
  EXPECT_EQ(*t.insert(entry_with(0)), 1u);
  EXPECT_EQ(*t.insert(entry_with(0)), 2u);
  EXPECT_EQ(t.close(1), Errno::Success);
  EXPECT_EQ(*t.insert(entry_with(0)), 1u);
  EXPECT_EQ(*t.insert(entry_with(0)), 3u);
}

TEST(FdTable, CloseTwiceIsBadf) {
  FdTable t;
  auto fd = *t.insert(entry_with(0));
  EXPECT_EQ(t.close(fd), Errno::Success);
  EXPECT_EQ(t.close(fd), Errno::Badf);
  EXPECT_EQ(t.get(fd), nullptr);
}

TEST(FdTable, RightsAreChecked) {
  FdTable t;
  auto fd = *t.insert(entry_with(abi::right::FdRead));
  EXPECT_TRUE(t.get_with(fd, abi::right::FdRead).ok());
  auto denied = t.get_with(fd, abi::right::FdWrite);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error(), Errno::Notcapable);
  EXPECT_EQ(t.get_with(99, abi::right::FdRead).error(), Errno::Badf);
}

TEST(FdTable, RenumberMovesAndClosesTheTarget) {
  FdTable t;
  auto a = *t.insert(entry_with(abi::right::FdRead));
  auto b = *t.insert(entry_with(abi::right::FdWrite));
  EXPECT_EQ(t.renumber(a, b), Errno::Success);
  EXPECT_EQ(t.get(a), nullptr);
  ASSERT_NE(t.get(b), nullptr);
  EXPECT_EQ(t.get(b)->rights_base, abi::right::FdRead);
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.renumber(a, b), Errno::Badf);   // source gone
  EXPECT_EQ(t.renumber(b, 42), Errno::Badf);  // target must be open too
  EXPECT_EQ(t.renumber(b, b), Errno::Success);
}

}  // namespace
}  // namespace stratus::wasi
