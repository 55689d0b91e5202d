// Constant expressions the text format cannot write (element items of several instructions,
// expressions thousands of instructions long) or that only a hand-built Module can hold.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "binary/limits.hpp"
#include "binary/module.hpp"
#include "validate/validator.hpp"
#include "wast_script.hpp"

namespace stratus::validate {
namespace {

using Bytes = std::vector<uint8_t>;

void append_leb(Bytes& out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    if (v != 0) byte |= 0x80;
    out.push_back(byte);
  } while (v != 0);
}

Bytes section(uint8_t id, const Bytes& content) {
  Bytes out{id};
  append_leb(out, content.size());
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

Bytes module_of(std::initializer_list<Bytes> sections) {
  Bytes out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

// One immutable i32 global initialized by `expr` (its `end` included).
Bytes i32_global(const Bytes& expr) {
  Bytes content = {0x01, 0x7F, 0x00};
  content.insert(content.end(), expr.begin(), expr.end());
  return module_of({section(6, content)});
}

// `operands` i32.const 1, then enough i32.add to leave one value.
Bytes sum_of_ones(uint64_t operands) {
  Bytes expr;
  for (uint64_t i = 0; i < operands; ++i) expr.insert(expr.end(), {0x41, 0x01});
  for (uint64_t i = 1; i < operands; ++i) expr.push_back(0x6A);
  expr.push_back(0x0B);
  return expr;
}

std::string message_of(const Result<void>& r) { return r ? std::string("(ok)") : r.error().message(); }

TEST(ConstExpr, OperandsHeldAtOnceAreLimited) {
  EXPECT_TRUE(testing::decode_and_validate(i32_global(sum_of_ones(binary::kMaxConstExprOperands))))
      << message_of(testing::decode_and_validate(i32_global(sum_of_ones(binary::kMaxConstExprOperands))));
  const Result<void> r = testing::decode_and_validate(i32_global(sum_of_ones(binary::kMaxConstExprOperands + 1)));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Invalid);
  EXPECT_NE(r.error().message().find("constant expression too deep: more than the implementation limit of 1000"),
            std::string::npos)
      << r.error().message();
  // The instruction that pushes one too many: after the 8-byte header, the section's id and
  // 2-byte size, the global count, type and mutability, and 1000 two-byte i32.const.
  const uint32_t at = 8 + 3 + 3 + 2 * static_cast<uint32_t>(binary::kMaxConstExprOperands);
  char where[32];
  std::snprintf(where, sizeof where, "at offset 0x%x:", at);
  EXPECT_NE(r.error().message().find(where), std::string::npos) << r.error().message();

  // Long is not deep: a running sum holds two values however many it adds.
  Bytes running = {0x41, 0x00};
  for (int i = 0; i < 10'000; ++i) running.insert(running.end(), {0x41, 0x01, 0x6A});
  running.push_back(0x0B);
  EXPECT_TRUE(testing::decode_and_validate(i32_global(running)));
}

// A passive funcref segment of expressions with one item, `item`.
Bytes element_item(const Bytes& item) {
  Bytes content = {0x01, 0x05, 0x70, 0x01};
  content.insert(content.end(), item.begin(), item.end());
  return module_of({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x01, 0x00}), section(9, content),
                    section(10, {0x01, 0x02, 0x00, 0x0B})});
}

TEST(ConstExpr, ElementItemsOfSeveralInstructionsAreTyped) {
  EXPECT_TRUE(testing::decode_and_validate(element_item({0xD2, 0x00, 0x0B})));
  const struct {
    Bytes item;
    const char* reason;
  } cases[] = {
      {{0x41, 0x00, 0x41, 0x00, 0x6A, 0x0B}, "type mismatch: constant expression has type i32 but funcref is required"},
      {{0xD2, 0x00, 0xD2, 0x00, 0x0B}, "type mismatch: a constant expression must leave exactly one value, not 2"},
      {{0xD0, 0x70, 0x41, 0x00, 0x6A, 0x0B}, "type mismatch: i32.add needs 2 i32 operands"},
      {{0xD0, 0x70, 0x01, 0x0B}, "constant expression required: nop is not a constant instruction"},
      {{0x0B}, "type mismatch: a constant expression must leave exactly one value, not 0"},
  };
  for (const auto& c : cases) {
    const Result<void> r = testing::decode_and_validate(element_item(c.item));
    ASSERT_FALSE(r) << c.reason;
    EXPECT_EQ(r.error().kind(), ErrorKind::Invalid) << r.error().message();
    EXPECT_NE(r.error().message().find(c.reason), std::string::npos) << r.error().message();
  }
}

TEST(ConstExpr, ASequenceOutsideTheModuleIsMalformedNotRead) {
  binary::Module m;
  m.global_inits.push_back(4);  // there are no bytes at all
  m.global_types.push_back(GlobalType{});
  const Result<void> r = validate(m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Malformed);
  EXPECT_NE(r.error().message().find("outside the module's bytes"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace stratus::validate
