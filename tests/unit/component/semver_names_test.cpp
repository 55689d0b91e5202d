// Import names matched as wasmtime's component linker matches them (component/linker/).
#include <gtest/gtest.h>

#include "component/linker/semver_key.hpp"
#include "component/linker/semver_name_map.hpp"

namespace stratus::component::detail {
namespace {

TEST(Semver, ParsesVersionsAndRejectsOthers) {
  auto v = parse_semver("0.2.10");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 0u);
  EXPECT_EQ(v->minor, 2u);
  EXPECT_EQ(v->patch, 10u);
  auto pre = parse_semver("1.0.0-rc.1+build.5");
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->pre, "rc.1");
  EXPECT_EQ(pre->build, "build.5");
  for (const char* bad : {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.x", "1.2.3-", "1.2.3-01", "1.2.3+", "1..3",
                          "1.2.3-a..b", "-1.2.3", "99999999999999999999.0.0"})
    EXPECT_FALSE(parse_semver(bad)) << bad;
}

TEST(Semver, OrdersByPrecedence) {
  auto less = [](const char* a, const char* b) { return compare_semver(*parse_semver(a), *parse_semver(b)) < 0; };
  EXPECT_TRUE(less("0.2.9", "0.2.10"));
  EXPECT_TRUE(less("1.0.0-alpha", "1.0.0"));
  EXPECT_TRUE(less("1.0.0-alpha", "1.0.0-alpha.1"));
  EXPECT_TRUE(less("1.0.0-alpha.1", "1.0.0-alpha.beta"));
  EXPECT_TRUE(less("1.0.0-beta.2", "1.0.0-beta.11"));
  EXPECT_TRUE(less("1.0.0-rc.1", "1.0.0"));
  EXPECT_EQ(compare_semver(*parse_semver("1.2.3+a"), *parse_semver("1.2.3+b")), 0);
}

TEST(Semver, CompatibilityKeys) {
  EXPECT_EQ(compatibility_key("wasi:http/types@0.2.10")->key, "wasi:http/types@0.2");
  EXPECT_EQ(compatibility_key("wasi:http/types@1.4.0")->key, "wasi:http/types@1");
  EXPECT_EQ(compatibility_key("a:b/c@2.0.0+meta")->key, "a:b/c@2");
  EXPECT_FALSE(compatibility_key("wasi:http/types"));
  EXPECT_FALSE(compatibility_key("a:b/c@0.0.3"));         // 0.0.x: every release may break
  EXPECT_FALSE(compatibility_key("a:b/c@1.0.0-rc.1"));    // pre-releases match exactly only
  EXPECT_FALSE(compatibility_key("a:b/c@1.0"));
}

TEST(SemverNameMap, ExactNameFirst) {
  SemverNameMap<int> m;
  ASSERT_TRUE(m.insert("wasi:cli/stdout@0.2.0", 1, false));
  ASSERT_TRUE(m.insert("wasi:cli/stdout@0.2.3", 2, false));
  ASSERT_NE(m.find("wasi:cli/stdout@0.2.0"), nullptr);
  EXPECT_EQ(*m.find("wasi:cli/stdout@0.2.0"), 1);
  EXPECT_EQ(*m.find("wasi:cli/stdout@0.2.3"), 2);
}

TEST(SemverNameMap, NewestCompatibleDefinitionServesOtherPatchVersions) {
  SemverNameMap<int> m;
  ASSERT_TRUE(m.insert("wasi:http/types@0.2.10", 10, false));
  ASSERT_TRUE(m.insert("wasi:http/types@0.2.2", 2, false));  // older: does not take the key
  ASSERT_NE(m.find("wasi:http/types@0.2.0"), nullptr);
  EXPECT_EQ(*m.find("wasi:http/types@0.2.0"), 10);
  EXPECT_EQ(*m.find("wasi:http/types@0.2.6"), 10);
  EXPECT_EQ(*m.find("wasi:http/types@0.2.12"), 10);  // a newer import is served too, as wasmtime does
  EXPECT_EQ(*m.find("wasi:http/types@0.2.2"), 2);   // but the exact name wins
  EXPECT_EQ(*m.resolved_name("wasi:http/types@0.2.6"), "wasi:http/types@0.2.10");
  EXPECT_EQ(m.find("wasi:http/types@0.3.0"), nullptr);  // another minor of 0.x is another API
  EXPECT_EQ(m.find("wasi:http/types@1.2.0"), nullptr);
  EXPECT_EQ(m.find("wasi:http/types"), nullptr);
  EXPECT_EQ(m.find("wasi:http/handler@0.2.10"), nullptr);
}

TEST(SemverNameMap, MajorVersionsAboveZero) {
  SemverNameMap<int> m;
  ASSERT_TRUE(m.insert("a:b/c@1.1.0", 11, false));
  ASSERT_TRUE(m.insert("a:b/c@1.4.2", 14, false));
  ASSERT_TRUE(m.insert("a:b/c@2.0.0", 20, false));
  EXPECT_EQ(*m.find("a:b/c@1.0.0"), 14);
  EXPECT_EQ(*m.find("a:b/c@1.9.9"), 14);
  EXPECT_EQ(*m.find("a:b/c@2.5.0"), 20);
  EXPECT_EQ(m.find("a:b/c@3.0.0"), nullptr);
}

TEST(SemverNameMap, ZeroZeroAndPreReleasesMatchExactly) {
  SemverNameMap<int> m;
  ASSERT_TRUE(m.insert("a:b/c@0.0.1", 1, false));
  ASSERT_TRUE(m.insert("a:b/d@1.0.0-rc.1", 2, false));
  EXPECT_EQ(m.find("a:b/c@0.0.2"), nullptr);
  EXPECT_EQ(m.find("a:b/d@1.0.0"), nullptr);
  EXPECT_EQ(m.find("a:b/d@1.0.0-rc.2"), nullptr);
  EXPECT_EQ(*m.find("a:b/d@1.0.0-rc.1"), 2);
}

TEST(SemverNameMap, RedefiningNeedsReplace) {
  SemverNameMap<int> m;
  ASSERT_TRUE(m.insert("x", 1, false));
  EXPECT_FALSE(m.insert("x", 2, false));
  EXPECT_EQ(*m.find("x"), 1);
  EXPECT_TRUE(m.insert("x", 3, true));
  EXPECT_EQ(*m.find("x"), 3);
}

}  // namespace
}  // namespace stratus::component::detail
