#include "binary/reader.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace stratus::binary {
namespace {

using Bytes = std::vector<uint8_t>;

bool has_message(const Error& e, std::string_view text) {
  return e.kind() == ErrorKind::Malformed && e.message().find(text) != std::string::npos;
}

template <class F>
auto read_all(const Bytes& bytes, F&& f) {
  Reader r(bytes);
  auto result = f(r);
  return std::make_pair(std::move(result), r.at_end());
}

TEST(ReaderU32, SingleAndMultiByte) {
  Bytes b = {0x00, 0x7F, 0x80, 0x01, 0xE5, 0x8E, 0x26, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  Reader r(b);
  EXPECT_EQ(*r.u32(), 0u);
  EXPECT_EQ(*r.u32(), 127u);
  EXPECT_EQ(*r.u32(), 128u);
  EXPECT_EQ(*r.u32(), 624485u);
  EXPECT_EQ(*r.u32(), 0xFFFFFFFFu);
  EXPECT_TRUE(r.at_end());
}

TEST(ReaderU32, PaddedFiveByteFormIsAccepted) {
  Bytes b = {0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r(b);
  auto v = r.u32();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 0u);
  EXPECT_TRUE(r.at_end());
}

TEST(ReaderU32, UnusedBitsOfLastByteMustBeZero) {
  for (uint8_t last : {0x10, 0x20, 0x40, 0x70}) {
    Bytes b = {0x80, 0x80, 0x80, 0x80, last};
    Reader r(b);
    auto v = r.u32();
    ASSERT_FALSE(v.ok());
    EXPECT_TRUE(has_message(v.error(), "integer too large")) << v.error().message();
    EXPECT_NE(v.error().message().find("at offset 0x4:"), std::string::npos) << v.error().message();
  }
}

TEST(ReaderU32, SixBytesAreTooLong) {
  Bytes b = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r(b);
  auto v = r.u32();
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(has_message(v.error(), "integer representation too long")) << v.error().message();
}

TEST(ReaderU32, TruncatedIsUnexpectedEnd) {
  Bytes b = {0x80, 0x80};
  Reader r(b);
  auto v = r.u32();
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(has_message(v.error(), "unexpected end")) << v.error().message();
  EXPECT_NE(v.error().message().find("at offset 0x2:"), std::string::npos);
}

TEST(ReaderU32, BoundedReaderNamesSectionOrFunction) {
  Bytes b = {0x05, 0x80};
  Reader r(b);
  auto sub = r.sub_reader(2);
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(*sub->u8(), 0x05);
  auto v = sub->u32();
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(has_message(v.error(), "unexpected end of section or function"));
}

TEST(ReaderU64, Limits) {
  Bytes max = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
  Reader r(max);
  EXPECT_EQ(*r.u64(), ~uint64_t{0});
  Bytes too_large = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
  Reader r2(too_large);
  auto v = r2.u64();
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(has_message(v.error(), "integer too large"));
  Bytes padded = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r3(padded);
  EXPECT_EQ(*r3.u64(), 0u);
  Bytes too_long = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r4(too_long);
  auto w = r4.u64();
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(has_message(w.error(), "integer representation too long"));
}

TEST(ReaderS32, Values) {
  Bytes b = {0x00, 0x7F, 0x3F, 0x40, 0x80, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x07,
             0x80, 0x80, 0x80, 0x80, 0x78};
  Reader r(b);
  EXPECT_EQ(*r.s32(), 0);
  EXPECT_EQ(*r.s32(), -1);
  EXPECT_EQ(*r.s32(), 63);
  EXPECT_EQ(*r.s32(), -64);
  EXPECT_EQ(*r.s32(), -128);
  EXPECT_EQ(*r.s32(), INT32_MAX);
  EXPECT_EQ(*r.s32(), INT32_MIN);
  EXPECT_TRUE(r.at_end());
}

TEST(ReaderS32, PaddedFormsAreAccepted) {
  Bytes zero = {0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r(zero);
  EXPECT_EQ(*r.s32(), 0);
  Bytes minus_one = {0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  Reader r2(minus_one);
  EXPECT_EQ(*r2.s32(), -1);
}

TEST(ReaderS32, SignInconsistentLastByteIsTooLarge) {
  for (uint8_t last : {0x70, 0x0F | 0x10, 0x4F, 0x1F}) {
    Bytes b = {0x80, 0x80, 0x80, 0x80, last};
    Reader r(b);
    auto v = r.s32();
    ASSERT_FALSE(v.ok()) << int(last);
    EXPECT_TRUE(has_message(v.error(), "integer too large")) << v.error().message();
  }
  Bytes b = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
  Reader r(b);
  auto v = r.s32();
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(has_message(v.error(), "integer representation too long")) << v.error().message();
}

TEST(ReaderS64, Values) {
  Bytes min = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  Reader r(min);
  EXPECT_EQ(*r.s64(), INT64_MIN);
  Bytes max = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
  Reader r2(max);
  EXPECT_EQ(*r2.s64(), INT64_MAX);
  Bytes bad = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41};
  Reader r3(bad);
  auto v = r3.s64();
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(has_message(v.error(), "integer too large"));
}

TEST(ReaderS33, BlockTypeIndexRange) {
  Bytes max = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  Reader r(max);
  EXPECT_EQ(*r.s33(), 0xFFFFFFFFll);
  Bytes bad = {0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
  Reader r2(bad);
  EXPECT_FALSE(r2.s33().ok());
}

TEST(ReaderFixed, LittleEndian) {
  Bytes b = {0x01, 0x02, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 0xAA};
  Reader r(b);
  EXPECT_EQ(*r.fixed_u32(), 0x04030201u);
  EXPECT_EQ(*r.fixed_u64(), 0x0807060504030201ull);
  EXPECT_FALSE(r.fixed_u32().ok());
}

TEST(ReaderName, ValidUtf8) {
  Bytes b = {0x0A, 'h', 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98};
  b.push_back(0x80);
  Reader r(b);
  auto n = r.name();
  ASSERT_TRUE(n.ok()) << n.error().message();
  EXPECT_EQ(n->size(), 10u);
}

TEST(ReaderName, MalformedUtf8) {
  const std::vector<Bytes> bad = {
      {0x80},                    // lone continuation
      {0xC0, 0x80},              // overlong 2-byte
      {0xE0, 0x80, 0x80},        // overlong 3-byte
      {0xED, 0xA0, 0x80},        // surrogate
      {0xF4, 0x90, 0x80, 0x80},  // above U+10FFFF
      {0xF8, 0x88, 0x80, 0x80, 0x80},
      {0xC3},                    // truncated
      {0xE2, 0x28, 0xA1},        // bad continuation
  };
  for (const auto& content : bad) {
    Bytes b = {static_cast<uint8_t>(content.size())};
    b.insert(b.end(), content.begin(), content.end());
    Reader r(b);
    auto n = r.name();
    ASSERT_FALSE(n.ok());
    EXPECT_TRUE(has_message(n.error(), "malformed UTF-8 encoding"));
  }
}

TEST(ReaderName, LengthBeyondInput) {
  Bytes b = {0x05, 'a', 'b'};
  Reader r(b);
  auto n = r.name();
  ASSERT_FALSE(n.ok());
  EXPECT_TRUE(has_message(n.error(), "length out of bounds"));
}

TEST(ReaderErrors, OffsetsIncludeBase) {
  Bytes b = {0x80};
  Reader r(b, 0x100);
  auto v = r.u32();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().message(), "at offset 0x101: unexpected end");
}

}  // namespace
}  // namespace stratus::binary
