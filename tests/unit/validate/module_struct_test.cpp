// Validation of hand-built binary::Module values: shapes the decoder would normally rule out
// first (or that wat cannot express), and the exact form of error messages.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "binary/limits.hpp"
#include "binary/module.hpp"
#include "validate/validator.hpp"

namespace stratus::validate {
namespace {

using binary::Module;

void append_u32_leb(std::vector<uint8_t>& out, uint32_t v) {
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    if (v != 0) byte |= 0x80;
    out.push_back(byte);
  } while (v != 0);
}

// A module with one defined function of type `type` whose body is `body` (placed at a
// non-zero base so offsets in messages are distinguishable from body positions), its local
// declarations just before it and its entry's size (5 bytes, as a LEB may be padded) before
// them: the declarations and the body, or `stated_size` when given.
Module module_with_body(std::vector<uint8_t> body, FuncType type = {}, std::vector<binary::LocalDecl> locals = {},
                        std::optional<uint32_t> stated_size = std::nullopt) {
  constexpr uint32_t kBase = 0x20;
  std::vector<uint8_t> decls;
  append_u32_leb(decls, static_cast<uint32_t>(locals.size()));
  for (const auto& l : locals) {
    append_u32_leb(decls, l.count);
    decls.push_back(static_cast<uint8_t>(l.type));
  }
  const uint32_t size = stated_size.value_or(static_cast<uint32_t>(decls.size() + body.size()));
  const uint8_t padded_size[] = {static_cast<uint8_t>((size & 0x7F) | 0x80), static_cast<uint8_t>(((size >> 7) & 0x7F) | 0x80),
                                 static_cast<uint8_t>(((size >> 14) & 0x7F) | 0x80),
                                 static_cast<uint8_t>(((size >> 21) & 0x7F) | 0x80), static_cast<uint8_t>(size >> 28)};
  Module m;
  m.bytes.assign(kBase - decls.size() - sizeof padded_size, 0);
  m.bytes.insert(m.bytes.end(), std::begin(padded_size), std::end(padded_size));
  m.bytes.insert(m.bytes.end(), decls.begin(), decls.end());
  m.bytes.insert(m.bytes.end(), body.begin(), body.end());
  m.types.push_back(std::move(type));
  m.func_types.push_back(0);
  binary::FunctionBody code;
  code.locals_offset = static_cast<uint32_t>(kBase - decls.size());
  m.codes.push_back(code);
  return m;
}

std::string message_of(const Result<void>& r) { return r ? std::string("(ok)") : r.error().message(); }

TEST(ModuleStruct, EmptyModuleIsValid) {
  Module m;
  EXPECT_TRUE(validate(m));
}

TEST(ModuleStruct, ErrorNamesTheOffendingInstruction) {
  // i32.const 0 ; i64.const 0 ; i32.add ; drop ; end   -- the add is at 0x20 + 4
  const Module m = module_with_body({0x41, 0x00, 0x42, 0x00, 0x6A, 0x1A, 0x0B});
  const Result<void> r = validate(m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Invalid);
  EXPECT_EQ(r.error().message().rfind("at offset 0x24: type mismatch", 0), 0u) << r.error().message();
}

// A body of `limit` repetitions (made by `body_of`) validates; one more is refused at the
// repetition past the limit, two bytes each from offset 0x20, with "<what> <limit><unit>".
void expect_limited(const std::function<std::vector<uint8_t>(uint32_t)>& body_of, uint32_t limit, const char* what,
                    const char* unit) {
  Module at_limit = module_with_body(body_of(limit));
  EXPECT_TRUE(validate(at_limit)) << message_of(validate(at_limit));
  Module past_limit = module_with_body(body_of(limit + 1));
  char expected[160];
  std::snprintf(expected, sizeof expected, "at offset 0x%x: %s%u%s", 0x20 + 2 * limit, what, limit, unit);
  EXPECT_EQ(message_of(validate(past_limit)), expected);
}

// kMaxControlDepth blocks open at once (the function's own frame aside) validate; one more is
// refused at the block that goes past the limit.
TEST(ModuleStruct, ControlNestingIsLimited) {
  const auto nested = [](uint32_t depth) {
    std::vector<uint8_t> body;
    for (uint32_t i = 0; i < depth; ++i) body.insert(body.end(), {0x02, 0x40});
    body.insert(body.end(), depth + 1, 0x0B);
    return body;
  };
  expect_limited(nested, binary::kMaxControlDepth, "blocks nested too deep: more than the implementation limit of ", "");
}

// kMaxOperandStackHeight values held at once validate; one more is refused at the instruction
// that pushes it. (A call of a function with 1,000 results pushes 1,000 values for 2 bytes, so
// without the limit a small body could ask the validator, translator and frame for gigabytes.)
TEST(ModuleStruct, OperandStackHeightIsLimited) {
  const auto pushes = [](uint32_t count) {
    std::vector<uint8_t> body;
    body.reserve(2 * count + 2);
    for (uint32_t i = 0; i < count; ++i) body.insert(body.end(), {0x41, 0x00});  // i32.const 0
    body.insert(body.end(), {0x00, 0x0B});                                         // unreachable ; end
    return body;
  };
  expect_limited(pushes, binary::kMaxOperandStackHeight,
                 "operand stack too deep: more than the implementation limit of ", " values");
}

TEST(ModuleStruct, HugeLocalCountsAreSearchedNotExpanded) {
  // 4 billion declared locals: a lookup near the end must work without a 4 GB vector.
  std::vector<uint8_t> body = {0x20};
  append_u32_leb(body, 4'000'000'000u);
  body.insert(body.end(), {0x1A, 0x0B});  // drop ; end
  Module m = module_with_body(body, FuncType{{ValType::I32}, {}},
                              {{100, ValType::I64}, {4'000'000'000u - 100, ValType::F32}});
  EXPECT_TRUE(validate(m)) << message_of(validate(m));

  // Past the end: unknown local. And the typed lookup: local 5 is an i64, so i32.eqz fails.
  std::vector<uint8_t> past = {0x20};
  append_u32_leb(past, 4'000'000'001u);
  past.insert(past.end(), {0x1A, 0x0B});
  m = module_with_body(past, FuncType{{ValType::I32}, {}}, {{100, ValType::I64}, {4'000'000'000u - 100, ValType::F32}});
  EXPECT_NE(message_of(validate(m)).find("unknown local 4000000001"), std::string::npos) << message_of(validate(m));

  m = module_with_body({0x20, 0x05, 0x45, 0x1A, 0x0B}, FuncType{{ValType::I32}, {}},
                       {{100, ValType::I64}, {4'000'000'000u - 100, ValType::F32}});
  EXPECT_NE(message_of(validate(m)).find("type mismatch"), std::string::npos) << message_of(validate(m));
}

TEST(ModuleStruct, BlockTypeIndexMustExist) {
  // block (type 3) end end
  const Result<void> r = validate(module_with_body({0x02, 0x03, 0x0B, 0x0B}));
  EXPECT_NE(message_of(r).find("unknown type 3"), std::string::npos) << message_of(r);
}

TEST(ModuleStruct, BodyWithoutFinalEndIsMalformed) {
  const Result<void> r = validate(module_with_body({0x01}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Malformed);
}

TEST(ModuleStruct, BytesAfterFinalEndAreMalformed) {
  const Result<void> r = validate(module_with_body({0x0B, 0x01}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Malformed);
}

TEST(ModuleStruct, DataDropWithoutDataCountIsMalformed) {
  Module m = module_with_body({0xFC, 0x09, 0x00, 0x0B});
  // A passive segment of no bytes, after the body.
  m.data_segments.push_back(static_cast<uint32_t>(m.bytes.size()));
  m.bytes.insert(m.bytes.end(), {0x01, 0x00});
  const Result<void> r = validate(m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Malformed);
  EXPECT_NE(r.error().message().find("data count section required"), std::string::npos);

  m.data_count = 1;
  EXPECT_TRUE(validate(m)) << message_of(validate(m));
}

TEST(ModuleStruct, TypedSelectNeedsExactlyOneType) {
  // i32.const 0 ; i32.const 0 ; i32.const 0 ; select (i32 i32) ; drop ; end
  const Result<void> r =
      validate(module_with_body({0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x02, 0x7F, 0x7F, 0x1A, 0x0B}));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("invalid result arity"), std::string::npos) << r.error().message();
}

TEST(ModuleStruct, NonConstantInitializerIsReported) {
  // i32.const 1 ; nop ; end, where a decoder would have left it
  Module m;
  m.bytes = {0x00, 0x00, 0x41, 0x01, 0x01, 0x0B};
  m.global_inits.push_back(2);
  m.global_types.push_back(GlobalType{});
  const Result<void> r = validate(m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::Invalid);
  EXPECT_NE(r.error().message().find("at offset 0x4: constant expression required"), std::string::npos)
      << r.error().message();
}

TEST(ModuleStruct, InconsistentIndexSpacesAreRejectedNotIndexed) {
  Module m;
  m.num_imported_funcs = 3;  // but no func_types at all
  EXPECT_FALSE(validate(m));

  Module codes_without_functions;
  codes_without_functions.codes.emplace_back();
  EXPECT_FALSE(validate(codes_without_functions));

  Module bad_type = module_with_body({0x0B});
  bad_type.func_types.set(0, 9);
  EXPECT_NE(message_of(validate(bad_type)).find("unknown type 9"), std::string::npos);

  Module body_out_of_range = module_with_body({0x0B}, {}, {}, 10'000);
  EXPECT_FALSE(validate(body_out_of_range));
}

TEST(ModuleStruct, DeeplyNestedBlocksDoNotRecurse) {
  std::vector<uint8_t> body;
  constexpr int kDepth = 100'000;
  for (int i = 0; i < kDepth; ++i) body.insert(body.end(), {0x02, 0x40});
  for (int i = 0; i < kDepth; ++i) body.push_back(0x0B);
  body.push_back(0x0B);
  EXPECT_TRUE(validate(module_with_body(body)));
}

// Exports are checked in module order: the first export that is either out of range or a
// repeat of an earlier name is the one reported, whichever of the two it is.
TEST(ModuleStruct, FirstBadExportInModuleOrderIsReported) {
  struct Export {
    std::string name;
    ExternKind kind;
    uint32_t index;
  };
  // Each name goes after the body, its length first, where an export's name_offset points.
  const auto with_exports = [](std::vector<Export> exports) {
    Module m = module_with_body({0x0B});
    for (const Export& e : exports) {
      binary::Export& added = m.exports.emplace_back();
      added.name_offset = static_cast<uint32_t>(m.bytes.size());
      added.kind = e.kind;
      added.index = e.index;
      append_u32_leb(m.bytes, static_cast<uint32_t>(e.name.size()));
      m.bytes.insert(m.bytes.end(), e.name.begin(), e.name.end());
    }
    return message_of(validate(m));
  };
  EXPECT_NE(with_exports({{"a", ExternKind::Func, 0}, {"a", ExternKind::Func, 0}, {"b", ExternKind::Func, 5}})
                .find("export 1: duplicate export name \"a\""),
            std::string::npos);
  EXPECT_NE(with_exports({{"a", ExternKind::Func, 0}, {"b", ExternKind::Func, 9}, {"a", ExternKind::Func, 0}})
                .find("export 1: unknown function 9"),
            std::string::npos);
  EXPECT_NE(with_exports({{"z", ExternKind::Func, 0}, {"y", ExternKind::Func, 0}, {"z", ExternKind::Func, 0},
                          {"y", ExternKind::Func, 0}})
                .find("export 2: duplicate export name \"z\""),
            std::string::npos);
  EXPECT_EQ(with_exports({{"a", ExternKind::Func, 0}, {"b", ExternKind::Func, 0}}), "(ok)");
}

}  // namespace
}  // namespace stratus::validate
