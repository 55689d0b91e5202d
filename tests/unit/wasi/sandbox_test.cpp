// The sandbox, run twice: once through openat2 and once through the component walk that
// stands in for it on kernels without openat2. Both must give the same answers.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "temp_tree.hpp"
#include "wasi/sandbox.hpp"

namespace stratus::wasi {
namespace {

class Sandbox : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    force_component_walk_for_testing(GetParam());
    tree.dir("box/sub/deeper");
    tree.file("box/file.txt", "inside");
    tree.file("box/sub/nested.txt", "nested");
    tree.file("outside/secret.txt", "secret");
    tree.symlink("file.txt", "box/link_inside");
    tree.symlink("../file.txt", "box/sub/link_up_inside");
    tree.symlink("sub", "box/link_dir");
    tree.symlink("../outside", "box/link_out");
    tree.symlink("/etc", "box/link_abs");
    tree.symlink("sub/../../outside/secret.txt", "box/link_sneaky");
    tree.symlink("loop_b", "box/loop_a");
    tree.symlink("loop_a", "box/loop_b");
    root = UniqueFd(open(tree.path("box").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(root.valid());
  }
  void TearDown() override { force_component_walk_for_testing(false); }

  Errno open_result(const std::string& path, int flags = O_RDONLY, bool follow = true) {
    auto fd = open_beneath(root.get(), path, flags, 0644, follow);
    return fd ? Errno::Success : fd.error();
  }
  std::string read_all(const std::string& path) {
    auto fd = open_beneath(root.get(), path, O_RDONLY, 0, true);
    if (!fd) return "<error>";
    char buf[64] = {};
    ssize_t n = read(fd->get(), buf, sizeof buf - 1);
    return n < 0 ? "<read error>" : std::string(buf, static_cast<size_t>(n));
  }

  testing::TempTree tree;
  UniqueFd root;
};

TEST_P(Sandbox, OpensPathsInside) {
  EXPECT_EQ(read_all("file.txt"), "inside");
  EXPECT_EQ(read_all("sub/nested.txt"), "nested");
  EXPECT_EQ(read_all("./sub/../file.txt"), "inside");
  EXPECT_EQ(read_all("sub/deeper/../../file.txt"), "inside");
  EXPECT_EQ(open_result("sub", O_RDONLY | O_DIRECTORY), Errno::Success);
  EXPECT_EQ(open_result("sub/", O_RDONLY), Errno::Success);
  EXPECT_EQ(open_result("."), Errno::Success);
}

TEST_P(Sandbox, FollowsSymlinksThatStayInside) {
  EXPECT_EQ(read_all("link_inside"), "inside");
  EXPECT_EQ(read_all("sub/link_up_inside"), "inside");
  EXPECT_EQ(read_all("link_dir/nested.txt"), "nested");
}

TEST_P(Sandbox, RefusesEveryWayOut) {
  EXPECT_EQ(open_result("../outside/secret.txt"), kEscapeErrno);
  EXPECT_EQ(open_result(".."), kEscapeErrno);
  EXPECT_EQ(open_result("sub/../../outside/secret.txt"), kEscapeErrno);
  EXPECT_EQ(open_result("/etc/passwd"), kEscapeErrno);
  EXPECT_EQ(open_result("link_out/secret.txt"), kEscapeErrno);
  EXPECT_EQ(open_result("link_out"), kEscapeErrno);
  EXPECT_EQ(open_result("link_abs/passwd"), kEscapeErrno);
  EXPECT_EQ(open_result("link_sneaky"), kEscapeErrno);
  EXPECT_EQ(open_result("../box/file.txt"), kEscapeErrno);  // even when it would come back
}

TEST_P(Sandbox, CreatingThroughAnEscapingLinkFails) {
  EXPECT_EQ(open_result("link_out/new.txt", O_WRONLY | O_CREAT), kEscapeErrno);
  EXPECT_FALSE(std::filesystem::exists(tree.path("outside/new.txt")));
}

TEST_P(Sandbox, NofollowRefusesAFinalSymlink) {
  EXPECT_EQ(open_result("link_inside", O_RDONLY, false), Errno::Loop);
  EXPECT_EQ(open_result("link_dir/nested.txt", O_RDONLY, false), Errno::Success);  // only the last component
}

TEST_P(Sandbox, ReportsOrdinaryErrors) {
  EXPECT_EQ(open_result("missing.txt"), Errno::Noent);
  EXPECT_EQ(open_result("file.txt/x"), Errno::Notdir);
  EXPECT_EQ(open_result("loop_a"), Errno::Loop);
  EXPECT_EQ(open_result(""), Errno::Noent);
  EXPECT_EQ(open_result(std::string("file.txt\0x", 10)), Errno::Inval);
}

TEST_P(Sandbox, CreatesFilesInside) {
  EXPECT_EQ(open_result("sub/created.txt", O_WRONLY | O_CREAT | O_EXCL), Errno::Success);
  EXPECT_TRUE(std::filesystem::exists(tree.path("box/sub/created.txt")));
  EXPECT_EQ(open_result("sub/created.txt", O_WRONLY | O_CREAT | O_EXCL), Errno::Exist);
}

TEST_P(Sandbox, ParentSplitsOffTheLastComponent) {
  auto top = open_parent_beneath(root.get(), "file.txt");
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->fd, root.get());
  EXPECT_EQ(top->name, "file.txt");

  auto nested = open_parent_beneath(root.get(), "sub/deeper/new");
  ASSERT_TRUE(nested.ok());
  EXPECT_NE(nested->fd, root.get());
  EXPECT_EQ(nested->name, "new");

  auto slash = open_parent_beneath(root.get(), "sub/deeper/");
  ASSERT_TRUE(slash.ok());
  EXPECT_EQ(slash->name, "deeper/");
  EXPECT_TRUE(slash->trailing_slash);

  auto dots = open_parent_beneath(root.get(), "sub/..");
  ASSERT_TRUE(dots.ok());
  EXPECT_EQ(dots->name, ".");
}

TEST_P(Sandbox, ParentOutsideIsRefused) {
  EXPECT_EQ(open_parent_beneath(root.get(), "../x").error(), kEscapeErrno);
  EXPECT_EQ(open_parent_beneath(root.get(), "..").error(), kEscapeErrno);
  EXPECT_EQ(open_parent_beneath(root.get(), "link_out/x").error(), kEscapeErrno);
  EXPECT_EQ(open_parent_beneath(root.get(), "/tmp/x").error(), kEscapeErrno);
}

INSTANTIATE_TEST_SUITE_P(BothResolvers, Sandbox, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? std::string("ComponentWalk") : std::string("Openat2");
                         });

}  // namespace
}  // namespace stratus::wasi
