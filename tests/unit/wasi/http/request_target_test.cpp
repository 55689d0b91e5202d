// What wasi:http's request setters accept (request_target.hpp), shared by the 0.2 and 0.3 hosts.
#include "wasi/http/request_target.hpp"

#include <string>

#include <gtest/gtest.h>

#include "wasi/http/fields.hpp"
#include "wasi/http/method.hpp"

namespace stratus::wasi::http {
namespace {

TEST(RequestTargetTest, MethodsAreTokens) {
  EXPECT_TRUE(is_valid_method_text("PURGE"));
  EXPECT_TRUE(is_valid_method_text("coucou"));
  EXPECT_FALSE(is_valid_method_text(""));
  EXPECT_FALSE(is_valid_method_text("GET /"));
  EXPECT_FALSE(is_valid_method_text("voil\xc3\xa0"));
}

TEST(RequestTargetTest, SchemesStartWithALetter) {
  EXPECT_TRUE(is_valid_scheme_text("h"));
  EXPECT_TRUE(is_valid_scheme_text("svn+ssh"));
  EXPECT_FALSE(is_valid_scheme_text(""));
  EXPECT_FALSE(is_valid_scheme_text("1http"));
  EXPECT_FALSE(is_valid_scheme_text("ht tp"));
  EXPECT_FALSE(is_valid_scheme_text("\xc3\xa9"));
}

TEST(RequestTargetTest, PathsRefuseWhatAURICannotCarry) {
  for (const char* ok : {"/", "/a/../../bar", "/?foo", "a/b/c", "?foo", "/%", "/:@!$&'()*+,;=", "/\xc3\xa9"})
    EXPECT_TRUE(is_valid_path_with_query(ok)) << ok;
  for (const char* bad : {"/ ", "/\t", "/\x7f", "/#frag", "/<", "/>", "/`", "/a\r\nHost: x"})
    EXPECT_FALSE(is_valid_path_with_query(bad)) << bad;
}

TEST(RequestTargetTest, AuthoritiesAreUserinfoHostAndPort) {
  for (const char* ok : {"1.2.3.4", "example.com", "localhost:80", "user@example.com:80", "user:pass@localhost:80",
                         "user:pass%20@localhost:80", "[::1]", "[2001:db8::1]:443", "example.com:65535"})
    EXPECT_TRUE(is_valid_authority(ok)) << ok;
  for (const char* bad : {"", " ", "#", "::", ":@", "@@", "@:", "localhost:what", "example.com:", "example.com:65536",
                          "[", "[::1", "[::1]x", "a/b", "a?b", "%zz", "user@"})
    EXPECT_FALSE(is_valid_authority(bad)) << bad;
}

TEST(RequestTargetTest, HostIsForbiddenAsWasmtimeForbidsIt) {
  EXPECT_TRUE(is_forbidden_field_name("Host"));
  EXPECT_TRUE(is_forbidden_field_name("TE"));
  EXPECT_FALSE(is_forbidden_field_name("x-host"));
}

TEST(RequestTargetTest, MethodAndSchemeTextRoundTrip) {
  using wit::wasi::http::types::Method;
  using wit::wasi::http::types::Scheme;
  EXPECT_EQ(method_from_text("PATCH").tag(), Method::Tag::patch);
  EXPECT_EQ(method_from_text("get").tag(), Method::Tag::other);
  EXPECT_EQ(method_text(Method::other("GET")), "GET");
  EXPECT_EQ(method_text(method_from_text(method_text(Method::other("GET")))), "GET");
  EXPECT_EQ(scheme_from_text("HTTPS").tag(), Scheme::Tag::https);
  EXPECT_EQ(scheme_text(Scheme::other("ftp")), "ftp");
}

}  // namespace
}  // namespace stratus::wasi::http
