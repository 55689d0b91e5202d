#include "text/lexer.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace stratus::text {
namespace {

TEST(TextLexer, CommentsAndAnnotationsAreNotTokens) {
  const auto tokens = tokenize("(; a (; nested ;) comment ;) (module ;; line\n (@name \"x)\" (y)) $m)");
  ASSERT_EQ(tokens.list.size(), 5u);
  EXPECT_EQ(tokens.list[0].kind, TokenKind::LParen);
  EXPECT_EQ(tokens.list[1].text, "module");
  EXPECT_EQ(tokens.list[2].kind, TokenKind::Id);
  EXPECT_EQ(tokens.list[2].text, "$m");
  EXPECT_EQ(tokens.list[2].where.line, 2u);
  EXPECT_EQ(tokens.list[2].where.column, 19u);
  EXPECT_EQ(tokens.list[4].kind, TokenKind::End);
}

TEST(TextLexer, AnnotationsFollowTheirLexicalRules) {
  EXPECT_EQ(tokenize("(@\"a b\" x , ; [ ] { } (@) @) (module)").list.size(), 4u);
  for (const char* bad : {"(@)", "(@ x)", "(@\"\")", "(@a \x01)", "(@a \xff)", "(@a \xC3\xA9)"}) {
    EXPECT_THROW(tokenize(bad), TextError) << bad;
  }
}

TEST(TextLexer, CustomAnnotationsBecomeTokensOthersDoNot) {
  const auto tokens = tokenize("(@custom \"a\" (after func) \"b\") (@customs x) (@\"custom\" \"c\")");
  std::vector<TokenKind> kinds;
  for (const Token& t : tokens.list) kinds.push_back(t.kind);
  using K = TokenKind;  // `(@customs x)` is skipped
  EXPECT_EQ(kinds, (std::vector<K>{K::CustomAnnotation, K::String, K::LParen, K::Atom, K::Atom, K::RParen, K::String,
                                   K::RParen, K::CustomAnnotation, K::String, K::RParen, K::End}));
  EXPECT_EQ(tokens.list[0].text, "(@custom");
  EXPECT_EQ(tokens.list[8].text, "(@\"custom\"");
  EXPECT_EQ(tokens.list[8].where.column, 45u);
  // Inside another annotation it is that annotation's body, skipped with it.
  EXPECT_EQ(tokenize("(@x (@custom \"a\")) (module)").list.size(), 4u);
}

TEST(TextLexer, QuotedIdsNameWhatPlainOnesDo) {
  const auto tokens = tokenize(R"($abc $"abc" $"\41\u{42}")");
  ASSERT_EQ(tokens.list.size(), 4u);
  EXPECT_EQ(tokens.list[0].name, "abc");
  EXPECT_EQ(tokens.list[1].name, "abc");
  EXPECT_EQ(tokens.list[2].name, "AB");
  EXPECT_THROW(tokenize(R"($"")"), TextError);
  EXPECT_THROW(tokenize("$"), TextError);
}

TEST(TextLexer, StringEscapes) {
  const auto tokens = tokenize(R"("a\t\n\r\"\'\\\00\ff\u{41}\u{1F600}")");
  ASSERT_EQ(tokens.list[0].kind, TokenKind::String);
  EXPECT_EQ(string_bytes(tokens.list[0]), std::string("a\t\n\r\"'\\\0\xff"
                                                      "A\xF0\x9F\x98\x80",
                                                      14));
}

TEST(TextLexer, MalformedInputNamesWhere) {
  auto where_of = [](const char* source) -> Location {
    try {
      (void)tokenize(source);
    } catch (const TextError& e) {
      return e.where;
    }
    ADD_FAILURE() << source << " was accepted";
    return {};
  };
  EXPECT_EQ(where_of("(module\n  \"abc").line, 2u);
  EXPECT_EQ(where_of("\"\\q\"").column, 2u);
  EXPECT_EQ(where_of("\"\\u{D800}\"").column, 2u);
  EXPECT_EQ(where_of("\"\\u{110000}\"").column, 2u);
  EXPECT_EQ(where_of("(; never closed").column, 1u);
  EXPECT_EQ(where_of("x {").column, 3u);
  EXPECT_EQ(where_of("\"tab\there\"").column, 5u);  // a raw control character is malformed
}

}  // namespace
}  // namespace stratus::text
