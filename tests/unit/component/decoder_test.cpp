// Decoder and validator edges the spec suite does not reach: hostile counts, deep nesting,
// truncated input, a core module given as a component.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "component/binary/decoder.hpp"
#include "component/binary/limits.hpp"
#include "component/validate/validator.hpp"
#include "stratus/component/component.hpp"
#include "stratus/engine.hpp"

namespace {

using stratus::ErrorKind;
using namespace stratus::component;

std::vector<uint8_t> preamble() { return {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}; }

void append_u32(std::vector<uint8_t>& out, uint32_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

std::vector<uint8_t> with_section(uint8_t id, const std::vector<uint8_t>& content) {
  auto out = preamble();
  out.push_back(id);
  append_u32(out, static_cast<uint32_t>(content.size()));
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

TEST(ComponentDecoder, EmptyComponentDecodesAndValidates) {
  auto c = decode_component(preamble());
  ASSERT_TRUE(c.ok()) << c.error().message();
  auto v = validate_component(*c);
  ASSERT_TRUE(v.ok()) << v.error().message();
  EXPECT_TRUE(v->types.component(v->type).imports.empty());
}

TEST(ComponentDecoder, CoreModuleIsNotAComponent) {
  const std::vector<uint8_t> module = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  EXPECT_FALSE(is_component_binary(module));
  auto c = decode_component(module);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message().find("core module"), std::string::npos) << c.error().message();
}

// Component::compile reads core bodies once, in validation; a malformed body after an invalid
// one is still reported as the decoder reports it.
TEST(ComponentDecoder, MalformedCoreBodyIsReportedAsADecodeError) {
  // Two (func) bodies: `i32.add` on an empty stack (invalid), then opcode 0xff (malformed).
  const std::vector<uint8_t> module = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01,
                                       0x60, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00, 0x0a, 0x09, 0x02,
                                       0x03, 0x00, 0x6a, 0x0b, 0x03, 0x00, 0xff, 0x0b};
  const auto bytes = with_section(1, module);
  auto decoded = decode_component(bytes);
  ASSERT_FALSE(decoded.ok());
  stratus::Engine engine;
  auto compiled = Component::compile(engine, bytes);
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.error().kind(), ErrorKind::Malformed);
  EXPECT_EQ(compiled.error().message(), decoded.error().message());
}

TEST(ComponentDecoder, TruncatedAtEveryLengthFailsCleanly) {
  // (The preamble alone is the empty component.) A type section with a function type `(func (param "a" u32) (result string))`.
  const auto full = with_section(7, {0x01, 0x40, 0x01, 0x01, 'a', 0x79, 0x00, 0x73});
  ASSERT_TRUE(decode_component(full).ok());
  for (size_t n = preamble().size() + 1; n < full.size(); ++n) {
    std::vector<uint8_t> cut(full.begin(), full.begin() + n);
    auto c = decode_component(cut);
    EXPECT_FALSE(c.ok()) << "prefix of " << n << " bytes decoded";
    if (!c.ok()) EXPECT_EQ(c.error().kind(), ErrorKind::Malformed);
  }
}

TEST(ComponentDecoder, HostileCountIsRefusedBeforeAllocating) {
  // 0xffffffff types claimed in a 6-byte section.
  std::vector<uint8_t> content;
  append_u32(content, 0xffffffffu);
  content.push_back(0x73);
  auto c = decode_component(with_section(7, content));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message().find("out of bounds"), std::string::npos) << c.error().message();
}

TEST(ComponentDecoder, CountLargerThanTheBytesLeftIsMalformed) {
  std::vector<uint8_t> content;
  append_u32(content, 1000);  // within the limit, but only one byte follows
  content.push_back(0x73);
  auto c = decode_component(with_section(7, content));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message().find("unexpected end"), std::string::npos) << c.error().message();
}

// `depth` instance types nested inside each other, each exporting the next.
std::vector<uint8_t> nested_instance_types(uint32_t depth) {
  std::vector<uint8_t> type = {0x42, 0x00};  // the innermost: an empty instance type
  for (uint32_t i = 1; i < depth; ++i) {
    std::vector<uint8_t> outer = {0x42, 0x01, 0x01};  // one declaration: a type
    outer.insert(outer.end(), type.begin(), type.end());
    type = std::move(outer);
  }
  std::vector<uint8_t> content = {0x01};
  content.insert(content.end(), type.begin(), type.end());
  return with_section(7, content);
}

TEST(ComponentDecoder, NestingStopsAtTheLimit) {
  EXPECT_TRUE(decode_component(nested_instance_types(static_cast<uint32_t>(kMaxComponentNesting))).ok());
  auto deep = decode_component(nested_instance_types(static_cast<uint32_t>(kMaxComponentNesting) + 1));
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.error().message().find("nesting too deep"), std::string::npos) << deep.error().message();
  // Far deeper than any stack could take if each level recursed without a limit.
  EXPECT_FALSE(decode_component(nested_instance_types(5000)).ok());
}

TEST(ComponentDecoder, NestedComponentsStopAtTheLimit) {
  std::vector<uint8_t> c = preamble();
  for (int i = 0; i < 200; ++i) {
    std::vector<uint8_t> outer = preamble();
    outer.push_back(0x04);
    append_u32(outer, static_cast<uint32_t>(c.size()));
    outer.insert(outer.end(), c.begin(), c.end());
    c = std::move(outer);
  }
  auto r = decode_component(c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("nesting too deep"), std::string::npos) << r.error().message();
}

TEST(ComponentValidator, ImportResolvesIntoTypeTables) {
  // (type (func (param "a" u32) (result string))) (import "f" (func (type 0)))
  auto bytes = with_section(7, {0x01, 0x40, 0x01, 0x01, 'a', 0x79, 0x00, 0x73});
  const std::vector<uint8_t> import = {0x0a, 0x06, 0x01, 0x00, 0x01, 'f', 0x01, 0x00};
  bytes.insert(bytes.end(), import.begin(), import.end());
  auto c = decode_component(bytes);
  ASSERT_TRUE(c.ok()) << c.error().message();
  auto v = validate_component(*c);
  ASSERT_TRUE(v.ok()) << v.error().message();
  const auto& type = v->types.component(v->type);
  ASSERT_EQ(type.imports.size(), 1u);
  EXPECT_EQ(type.imports[0].name, "f");
  ASSERT_EQ(type.imports[0].type.kind, ExternKind::Func);
  const auto& f = v->types.func(FuncTypeId{type.imports[0].type.index});
  ASSERT_EQ(f.params.size(), 1u);
  EXPECT_EQ(f.params[0].type.kind, ValKind::U32);
  ASSERT_TRUE(f.result.has_value());
  EXPECT_EQ(f.result->kind, ValKind::String);
}

TEST(ComponentValidator, BadNameIsInvalidWithTheOffset) {
  auto bytes = with_section(7, {0x01, 0x40, 0x00, 0x01, 0x00});
  const std::vector<uint8_t> import = {0x0a, 0x06, 0x01, 0x00, 0x01, '_', 0x01, 0x00};
  bytes.insert(bytes.end(), import.begin(), import.end());
  auto c = decode_component(bytes);
  ASSERT_TRUE(c.ok()) << c.error().message();
  auto v = validate_component(*c);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind(), ErrorKind::Invalid);
  EXPECT_NE(v.error().message().find("at offset 0x"), std::string::npos);
  EXPECT_NE(v.error().message().find("is not a valid extern name"), std::string::npos) << v.error().message();
}

// Found by the fuzzer: a core module exporting function 1000 of 3. Its type is read before
// its bodies are validated, so the out-of-range index must be caught there, not read.
TEST(ComponentValidator, CoreModuleExportOutOfRangeIsAnError) {
  const std::vector<uint8_t> bytes = {
      0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x07, 0x09, 0x01, 0x40, 0x01, 0x02, 0x70, 0x31,
      0x73, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x00, 0x01, 0x69, 0x01, 0x00, 0x01, 0x50, 0x00, 0x61, 0x73,
      0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x11, 0x03, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x04, 0x7f, 0x7f,
      0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00, 0x03, 0x04, 0x03, 0x00, 0x01, 0x02, 0x05, 0x03,
      0x01, 0x00, 0x01, 0x07, 0x11, 0x04, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x66, 0x00, 0x00, 0x01, 0x72,
      0x00, 0xe8, 0x03, 0x00, 0x00, 0x02, 0x0a, 0x0a, 0x03, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b, 0x02,
      0x00, 0x0b, 0x00, 0x09, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x00, 0x02, 0x01, 0x6d, 0x02, 0x04, 0x01,
      0x00, 0x00, 0x00, 0x06, 0x13, 0x03, 0x00, 0x02, 0x01, 0x00, 0x01, 0x6d, 0x00, 0x00, 0x01, 0x00,
      0x01, 0x72, 0x00, 0x00, 0x01, 0x00, 0x01, 0x70, 0x08, 0x0b, 0x01, 0x01, 0x00, 0x00, 0x03, 0x03,
      0x00, 0x04, 0x00, 0x05, 0x01, 0x00, 0x26, 0x0e, 0x63, 0x6f, 0x6d, 0x70, 0x6f, 0x6e, 0x65, 0x6e,
      0x74, 0x2d, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x06, 0x00, 0x11, 0x01, 0x00, 0x01, 0x6d, 0x01, 0x06,
      0x00, 0x12, 0x01, 0x00, 0x01, 0x69, 0x01, 0x05, 0x01, 0x01, 0x00, 0x01, 0x66,
  };
  auto c = decode_component(bytes);
  ASSERT_TRUE(c.ok()) << c.error().message();
  auto v = validate_component(*c);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message().find("in core module 0"), std::string::npos) << v.error().message();
}

}  // namespace
