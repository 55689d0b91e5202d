#include <gtest/gtest.h>

#include "cli/run_options.hpp"

namespace stratus::cli {
namespace {

TEST(DirMapping, HostAloneIsSeenUnderItsOwnName) {
  auto dir = parse_dir_mapping("data");
  ASSERT_TRUE(dir);
  EXPECT_EQ(dir->host_path, "data");
  EXPECT_EQ(dir->guest_path, "data");
  EXPECT_FALSE(dir->read_only);
}

TEST(DirMapping, HostGuestIsWritable) {
  auto dir = parse_dir_mapping("/srv/data::/data");
  ASSERT_TRUE(dir);
  EXPECT_EQ(dir->host_path, "/srv/data");
  EXPECT_EQ(dir->guest_path, "/data");
  EXPECT_FALSE(dir->read_only);
}

TEST(DirMapping, TrailingRoMakesItReadOnly) {
  auto dir = parse_dir_mapping("/srv/data::/data::ro");
  ASSERT_TRUE(dir);
  EXPECT_EQ(dir->host_path, "/srv/data");
  EXPECT_EQ(dir->guest_path, "/data");
  EXPECT_TRUE(dir->read_only);
  auto dot = parse_dir_mapping(".::.::ro");
  ASSERT_TRUE(dot);
  EXPECT_EQ(dot->guest_path, ".");
  EXPECT_TRUE(dot->read_only);
}

TEST(DirMapping, AGuestNamedRoIsAName) {  // read-only needs GUEST spelled out
  auto dir = parse_dir_mapping("data::ro");
  ASSERT_TRUE(dir);
  EXPECT_EQ(dir->guest_path, "ro");
  EXPECT_FALSE(dir->read_only);
}

TEST(DirMapping, UnknownOptionsAndEmptyPartsAreArgumentErrors) {
  auto unknown = parse_dir_mapping("data::/data::rw");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind(), ErrorKind::Argument);
  EXPECT_NE(unknown.error().message().find("'rw'"), std::string::npos);
  EXPECT_NE(unknown.error().message().find("ro"), std::string::npos);
  for (const char* bad : {"", "::/data", "data::", "data::::ro", "::/data::ro"}) {
    auto r = parse_dir_mapping(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind(), ErrorKind::Argument) << bad;
    EXPECT_NE(r.error().message().find("HOST::GUEST::ro"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace stratus::cli
