// wasi:http fields: the WIT's header-error cases, case-insensitive names, and the bounds.
#include <gtest/gtest.h>

#include "wasi/http/fields.hpp"
#include "wasi/http/method.hpp"

namespace stratus::wasi::http {
namespace {

using SetError = Fields::SetError;

TEST(FieldsTest, NamesAreTokensAndValuesHaveNoControlBytes) {
  EXPECT_TRUE(is_valid_field_name("x-custom_1"));
  EXPECT_FALSE(is_valid_field_name(""));
  EXPECT_FALSE(is_valid_field_name("bad name"));
  EXPECT_FALSE(is_valid_field_name("colon:"));
  EXPECT_TRUE(is_valid_field_value("text/plain; q=1\twith tab \xff"));
  EXPECT_FALSE(is_valid_field_value("a\r\nInjected: yes"));
  EXPECT_FALSE(is_valid_field_value(std::string("nul\0", 4)));
}

TEST(FieldsTest, AppendGetAndHasIgnoreCase) {
  Fields f;
  ASSERT_TRUE(*f.append("Set-Cookie", "a=1") == std::nullopt);
  ASSERT_TRUE(*f.append("set-cookie", "b=2") == std::nullopt);
  EXPECT_EQ(f.get("SET-COOKIE"), (std::vector<std::string>{"a=1", "b=2"}));
  EXPECT_TRUE(f.has("set-COOKIE"));
  EXPECT_FALSE(f.has("cookie"));
  EXPECT_EQ(f.entries().front().first, "Set-Cookie");  // the spelling given is kept
}

TEST(FieldsTest, SetReplacesEveryValueAndDeleteRemovesThem) {
  Fields f;
  (void)f.append("a", "1");
  (void)f.append("b", "2");
  (void)f.append("A", "3");
  ASSERT_TRUE(*f.set("a", {"x", "y"}) == std::nullopt);
  EXPECT_EQ(f.get("a"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(f.remove("A"), std::nullopt);
  EXPECT_FALSE(f.has("a"));
  EXPECT_EQ(f.get("b"), (std::vector<std::string>{"2"}));
}

TEST(FieldsTest, HeaderErrors) {
  Fields f;
  EXPECT_EQ(*f.append("bad name", "v"), SetError::InvalidSyntax);
  EXPECT_EQ(*f.append("ok", "bad\nvalue"), SetError::InvalidSyntax);
  EXPECT_EQ(*f.set("ok", {"fine", "bad\r"}), SetError::InvalidSyntax);
  EXPECT_FALSE(f.has("ok"));  // a failed set changes nothing
  EXPECT_EQ(*f.append("Transfer-Encoding", "chunked"), SetError::Forbidden);
  EXPECT_EQ(*f.set("connection", {"close"}), SetError::Forbidden);
  EXPECT_EQ(f.remove("Keep-Alive"), SetError::Forbidden);

  Fields frozen({{"content-type", "text/plain"}}, true);
  EXPECT_EQ(*frozen.append("x", "1"), SetError::Immutable);
  EXPECT_EQ(*frozen.set("content-type", {"a"}), SetError::Immutable);
  EXPECT_EQ(frozen.remove("content-type"), SetError::Immutable);
  Fields copy = frozen.clone();
  EXPECT_FALSE(copy.immutable());
  EXPECT_EQ(*copy.append("x", "1"), std::nullopt);
  EXPECT_EQ(frozen.entries().size(), 1u);
}

TEST(FieldsTest, FromListReportsTheFirstBadEntry) {
  auto ok = Fields::from_guest({{"a", "1"}, {"b", "2"}});
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->index(), 0u);
  EXPECT_EQ(std::get<0>(*ok).entries().size(), 2u);
  auto forbidden = Fields::from_guest({{"a", "1"}, {"upgrade", "h2c"}});
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(std::get<1>(*forbidden), SetError::Forbidden);
}

TEST(FieldsTest, EntriesAndBytesAreBounded) {
  Fields f;
  for (size_t i = 0; i < kMaxFieldEntries; ++i) ASSERT_TRUE(f.append("x", "y"));
  auto over = f.append("x", "y");
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().message().find("entries"), std::string::npos);
  // Replacing in place stays allowed at the limit.
  EXPECT_TRUE(f.set("x", {"z"}));
  EXPECT_EQ(f.entries().size(), 1u);

  Fields big;
  const std::string value(kMaxFieldBytes / 2, 'v');
  ASSERT_TRUE(big.append("a", value));
  EXPECT_FALSE(big.append("b", value));
  EXPECT_FALSE(Fields::from_guest(FieldList(kMaxFieldEntries + 1, {"x", "y"})));
}

TEST(FieldsTest, ContentLengthAndMethods) {
  EXPECT_EQ(content_length_of({{"Content-Length", "12"}}), 12u);
  EXPECT_EQ(content_length_of({{"content-length", "12"}, {"Content-Length", "12"}}), 12u);
  EXPECT_EQ(content_length_of({{"content-length", "12"}, {"content-length", "13"}}), std::nullopt);
  EXPECT_EQ(content_length_of({{"content-length", "-1"}}), std::nullopt);
  EXPECT_EQ(content_length_of({{"content-type", "x"}}), std::nullopt);
  EXPECT_EQ(method_text(method_from_text("DELETE")), "DELETE");
  EXPECT_EQ(method_from_text("PATCH").tag(), wit::wasi::http::types::Method::Tag::patch);
  EXPECT_EQ(method_text(method_from_text("PURGE")), "PURGE");
  EXPECT_EQ(method_from_text("get").tag(), wit::wasi::http::types::Method::Tag::other);  // methods are case-sensitive
}

}  // namespace
}  // namespace stratus::wasi::http
