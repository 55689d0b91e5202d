#include "binary/decoder.hpp"
#include "binary/const_expr.hpp"
#include "binary/data_segment.hpp"
#include "binary/elem_items.hpp"
#include "binary/element_segment.hpp"
#include "binary/local_decls.hpp"

#include <gtest/gtest.h>

#include "wasm_builder.hpp"

namespace stratus::binary {
namespace {

using namespace stratus::binary::test;

Module decode_ok(const Bytes& bytes) {
  auto m = decode(bytes);
  EXPECT_TRUE(m.ok()) << m.error().message();
  if (!m.ok()) return {};
  return std::move(m).value();
}

std::string decode_error(const Bytes& bytes) {
  auto m = decode(bytes);
  EXPECT_FALSE(m.ok());
  if (m.ok()) return "";
  EXPECT_EQ(m.error().kind(), ErrorKind::Malformed);
  return m.error().message();
}

#define EXPECT_DECODE_ERROR(bytes, text) \
  EXPECT_NE(decode_error(bytes).find(text), std::string::npos) << decode_error(bytes)

TEST(Decoder, EmptyModule) {
  Module m = decode_ok(module({}));
  EXPECT_TRUE(m.types.empty());
  EXPECT_EQ(m.bytes.size(), 8u);
}

TEST(Decoder, Header) {
  EXPECT_DECODE_ERROR(Bytes({}), "unexpected end");
  EXPECT_DECODE_ERROR(Bytes({0x00, 0x61, 0x73}), "unexpected end");
  EXPECT_DECODE_ERROR(Bytes({0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0}), "at offset 0x0: magic header not detected");
  EXPECT_DECODE_ERROR(Bytes({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0}), "at offset 0x4: unknown binary version");
}

// A type repeated keeps one FuncType: the type indices name it by id.
TEST(Decoder, RepeatedTypesAreKeptOnce) {
  Module m = decode_ok(module({section(1, {0x04, 0x60, 0x01, 0x7F, 0x00, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x00,
                                            0x60, 0x00, 0x00})}));
  ASSERT_EQ(m.types.size(), 4u);
  ASSERT_EQ(m.types.distinct().size(), 2u);
  EXPECT_EQ(m.types.id(0), m.types.id(2));
  EXPECT_EQ(m.types.id(1), m.types.id(3));
  EXPECT_NE(m.types.id(0), m.types.id(1));
  EXPECT_EQ(m.types[2].params, (std::vector<ValType>{ValType::I32}));
  EXPECT_TRUE(m.types[3].params.empty());
}

TEST(Decoder, TypeSection) {
  Module m = decode_ok(module({section(1, {0x02, 0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7B, 0x60, 0x00, 0x02, 0x70, 0x6F})}));
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].params, (std::vector<ValType>{ValType::I32, ValType::I64}));
  EXPECT_EQ(m.types[0].results, (std::vector<ValType>{ValType::V128}));
  EXPECT_EQ(m.types[1].results, (std::vector<ValType>{ValType::FuncRef, ValType::ExternRef}));
  EXPECT_DECODE_ERROR(module({section(1, {0x01, 0x61, 0x00, 0x00})}), "malformed function type");
  EXPECT_DECODE_ERROR(module({section(1, {0x01, 0x60, 0x01, 0x7A, 0x00})}), "malformed value type");
}

TEST(Decoder, ImportsFillIndexSpaces) {
  Bytes imports = cat({Bytes{0x04},
                       str("m"), str("f"), Bytes{0x00, 0x00},
                       str("m"), str("t"), Bytes{0x01, 0x70, 0x01, 0x01, 0x02},
                       str("m"), str("mem"), Bytes{0x02, 0x00, 0x01},
                       str("m"), str("g"), Bytes{0x03, 0x7E, 0x01}});
  Module m = decode_ok(module({section(1, {0x01, 0x60, 0x00, 0x00}), section(2, imports)}));
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_EQ(m.import_names(1).module, "m");
  EXPECT_EQ(m.import_names(1).name, "t");
  EXPECT_EQ(m.import_names(2).name, "mem");
  // A hand-built offset past the bytes reads as no name, not past them.
  EXPECT_EQ(m.name_at(m.bytes.size()).data(), nullptr);
  m.imports[3].names_offset = static_cast<uint32_t>(m.bytes.size() + 7);
  EXPECT_TRUE(m.import_names(3).module.empty());
  EXPECT_TRUE(m.import_names(3).name.empty());
  EXPECT_EQ(m.num_imported_funcs, 1u);
  EXPECT_EQ(m.num_imported_tables, 1u);
  EXPECT_EQ(m.num_imported_memories, 1u);
  EXPECT_EQ(m.num_imported_globals, 1u);
  EXPECT_EQ(m.tables[0].limits.max, 2u);
  EXPECT_EQ(m.memories[0].limits.min, 1u);
  EXPECT_TRUE(m.global_types[0].mut);
  EXPECT_EQ(m.global_types[0].type, ValType::I64);

  EXPECT_DECODE_ERROR(module({section(2, cat({Bytes{0x01}, str("m"), str("x"), Bytes{0x04, 0x00}}))}),
                      "malformed import kind");
  EXPECT_DECODE_ERROR(module({section(2, cat({Bytes{0x01}, str("m"), str("x"), Bytes{0x03, 0x7F, 0x02}}))}),
                      "malformed mutability");
  EXPECT_DECODE_ERROR(module({section(2, cat({Bytes{0x01}, str("m"), str("x"), Bytes{0x02, 0x02, 0x00}}))}),
                      "integer too large");
}

TEST(Decoder, TablesMemoriesGlobalsExportsStart) {
  Bytes bytes = module({
      section(1, {0x01, 0x60, 0x00, 0x00}),
      section(3, {0x01, 0x00}),
      section(4, {0x01, 0x6F, 0x00, 0x05}),
      section(5, {0x01, 0x01, 0x01, 0x80, 0x02}),
      section(6, {0x02, 0x7F, 0x00, 0x41, 0x2A, 0x0B, 0x70, 0x01, 0xD2, 0x00, 0x0B}),
      section(7, cat({Bytes{0x02}, str("f"), Bytes{0x00, 0x00}, str("mem"), Bytes{0x02, 0x00}})),
      section(8, {0x00}),
      section(10, {0x01, 0x02, 0x00, 0x0B}),
  });
  Module m = decode_ok(bytes);
  ASSERT_EQ(m.tables.size(), 1u);
  EXPECT_EQ(m.tables[0].elem, ValType::ExternRef);
  EXPECT_EQ(m.tables[0].limits.min, 5u);
  ASSERT_EQ(m.memories.size(), 1u);
  EXPECT_EQ(m.memories[0].limits.max, 256u);
  ASSERT_EQ(m.global_inits.size(), 2u);
  EXPECT_EQ(global_init(m, 0).value().kind, ConstExpr::Kind::I32);
  EXPECT_EQ(global_init(m, 0).value().value(), Val::i32(42));
  EXPECT_EQ(global_init(m, 0).value().size, 3u);
  EXPECT_EQ(global_init(m, 1).value().kind, ConstExpr::Kind::RefFunc);
  EXPECT_TRUE(m.global_types[1].mut);
  ASSERT_EQ(m.exports.size(), 2u);
  EXPECT_EQ(m.name_at(m.exports[1].name_offset), "mem");
  EXPECT_EQ(m.exports[1].kind, ExternKind::Memory);
  EXPECT_EQ(m.start, 0u);
  ASSERT_EQ(m.codes.size(), 1u);
  EXPECT_EQ(m.body(0).size(), 1u);
  EXPECT_EQ(m.func_type(0), FuncType{});
}

TEST(Decoder, ConstExprShapesForTheValidator) {
  auto with_init = [](Bytes expr) {
    return module({section(6, cat({Bytes{0x01, 0x7F, 0x00}, expr}))});
  };
  // The global section's count, type and mutability come first, after the 8-byte header and
  // the section's id and size.
  constexpr uint32_t kInitOffset = 13;
  Module m = decode_ok(with_init({0x0B}));
  EXPECT_EQ(global_init(m, 0).value().kind, ConstExpr::Kind::Sequence);
  EXPECT_EQ(global_init(m, 0).value().offset, kInitOffset);
  EXPECT_EQ(global_init(m, 0).value().size, 1u);
  m = decode_ok(with_init({0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B}));
  EXPECT_EQ(global_init(m, 0).value().kind, ConstExpr::Kind::Sequence);
  EXPECT_EQ(global_init(m, 0).value().offset, kInitOffset);
  EXPECT_EQ(global_init(m, 0).value().size, 6u);
  m = decode_ok(with_init({0x41, 0x01, 0x41, 0x02, 0x0B}));
  EXPECT_EQ(global_init(m, 0).value().kind, ConstExpr::Kind::Sequence);
  EXPECT_EQ(global_init(m, 0).value().size, 5u);
  m = decode_ok(with_init({0x02, 0x40, 0x0B, 0x0B}));  // the block's end is not the expression's
  EXPECT_EQ(global_init(m, 0).value().kind, ConstExpr::Kind::Sequence);
  EXPECT_EQ(global_init(m, 0).value().size, 4u);
  m = decode_ok(with_init({0x6A, 0x0B}));  // one instruction, but not an operand
  EXPECT_EQ(global_init(m, 0).value().kind, ConstExpr::Kind::Sequence);
  m = decode_ok(with_init({0x23, 0x03, 0x0B}));
  EXPECT_EQ(global_init(m, 0).value().kind, ConstExpr::Kind::GlobalGet);
  EXPECT_EQ(global_init(m, 0).value().index, 3u);
  EXPECT_EQ(global_init(m, 0).value().size, 3u);
  m = decode_ok(with_init({0xD0, 0x6F, 0x0B}));
  EXPECT_EQ(global_init(m, 0).value().kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(global_init(m, 0).value().value(), Val::null_of(ValType::ExternRef));
  EXPECT_DECODE_ERROR(with_init({0x41, 0x00}), "unexpected end");
  EXPECT_DECODE_ERROR(with_init({0x06, 0x0B}), "illegal opcode");
}

TEST(Decoder, AllElementSegmentForms) {
  Bytes elems = {0x08,
                 // 0: active table 0, offset, func indices
                 0x00, 0x41, 0x01, 0x0B, 0x02, 0x00, 0x00,
                 // 1: passive, elemkind, func indices
                 0x01, 0x00, 0x01, 0x00,
                 // 2: active explicit table, offset, elemkind, func indices
                 0x02, 0x01, 0x41, 0x02, 0x0B, 0x00, 0x01, 0x00,
                 // 3: declarative, elemkind, func indices
                 0x03, 0x00, 0x01, 0x00,
                 // 4: active table 0, offset, exprs
                 0x04, 0x41, 0x03, 0x0B, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B,
                 // 5: passive, reftype, exprs
                 0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,
                 // 6: active explicit table, offset, reftype, exprs
                 0x06, 0x01, 0x41, 0x04, 0x0B, 0x70, 0x01, 0xD2, 0x00, 0x0B,
                 // 7: declarative, reftype, exprs
                 0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B};
  Module m = decode_ok(funcs_module({{0x00, 0x0B}}, {section(9, elems)}));
  ASSERT_EQ(m.element_segments.size(), 8u);
  std::vector<ElementSegment> segs;
  for (uint32_t i = 0; i < 8; ++i) segs.push_back(element_segment(m, i).value());
  const SegmentMode modes[] = {SegmentMode::Active, SegmentMode::Passive, SegmentMode::Active,
                               SegmentMode::Declarative, SegmentMode::Active, SegmentMode::Passive,
                               SegmentMode::Active, SegmentMode::Declarative};
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(segs[i].mode, modes[i]) << i;
  EXPECT_EQ(segs[0].items.count, 2u);
  EXPECT_FALSE(segs[0].items.expressions);
  EXPECT_EQ(ElemItems(m, segs[0].items).next().kind, ElemItem::Kind::Func);
  EXPECT_EQ(segs[0].offset.value(), Val::i32(1));
  EXPECT_EQ(segs[2].table, 1u);
  EXPECT_EQ(segs[2].offset.value(), Val::i32(2));
  ElemItems items4(m, segs[4].items);
  items4.seek(1);
  EXPECT_EQ(items4.next().kind, ElemItem::Kind::Null);
  EXPECT_TRUE(segs[4].items.expressions);
  EXPECT_EQ(segs[5].elem_type, ValType::ExternRef);
  EXPECT_EQ(segs[6].table, 1u);
  EXPECT_EQ(segs[6].elem_type, ValType::FuncRef);
  EXPECT_EQ(ElemItems(m, segs[7].items).next().kind, ElemItem::Kind::Func);
  EXPECT_TRUE(m.invalid_elem_items.empty());
  // Only the passive ones have items for table.init, read from their first bytes alone.
  for (uint32_t i = 0; i < 8; ++i) {
    const ElemItemList passive = passive_elem_items(m, i);
    if (modes[i] != SegmentMode::Passive) {
      EXPECT_EQ(passive.count, 0u) << i;
      continue;
    }
    EXPECT_EQ(passive.count, segs[i].items.count) << i;
    EXPECT_EQ(passive.offset, segs[i].items.offset) << i;
    EXPECT_EQ(passive.expressions, segs[i].items.expressions) << i;
  }

  EXPECT_DECODE_ERROR(funcs_module({{0x00, 0x0B}}, {section(9, {0x01, 0x08, 0x00})}), "malformed elements segment kind");
  EXPECT_DECODE_ERROR(funcs_module({{0x00, 0x0B}}, {section(9, {0x01, 0x01, 0x01, 0x00})}), "malformed element kind");
  EXPECT_DECODE_ERROR(funcs_module({{0x00, 0x0B}}, {section(9, {0x01, 0x05, 0x7F, 0x00})}), "malformed reference type");
}

// A segment costs the module where it starts; only one of at least kElemCheckpointStride items
// has checkpoints, and only one with an item of an invalid shape has that item kept.
TEST(Decoder, ElementSegmentsKeepOnlyWhatTheyNeed) {
  Bytes elems = {0x04,
                 // 0: passive, no items
                 0x01, 0x00, 0x00,
                 // 1: passive, 64 function indices: checkpoints at 0 and 32, and at the end
                 0x01, 0x00, 0x40};
  for (int i = 0; i < 64; ++i) elems.push_back(0x00);
  // 2: passive, 3 expressions, the second an i32.const (a number, not a reference)
  for (uint8_t b : {0x05, 0x70, 0x03, 0xD2, 0x00, 0x0B, 0x41, 0x07, 0x0B, 0x41, 0x08, 0x0B}) elems.push_back(b);
  // 3: passive, no items
  for (uint8_t b : {0x01, 0x00, 0x00}) elems.push_back(b);
  Module m = decode_ok(funcs_module({{0x00, 0x0B}}, {section(9, elems)}));
  ASSERT_EQ(m.element_segments.size(), 4u);
  ASSERT_EQ(m.elem_checkpoint_starts.size(), 1u);
  EXPECT_EQ(m.elem_checkpoint_starts[0].segment, 1u);
  EXPECT_EQ(m.elem_checkpoints.size(), 3u);
  ElemItems items(m, element_segment(m, 1).value().items);
  items.seek(64);
  items.seek(33);
  EXPECT_EQ(items.next().kind, ElemItem::Kind::Func);
  ASSERT_EQ(m.invalid_elem_items.size(), 1u);
  EXPECT_EQ(invalid_elem_item(m, 0), nullptr);
  EXPECT_EQ(invalid_elem_item(m, 3), nullptr);
  const InvalidElemItem* invalid = invalid_elem_item(m, 2);
  ASSERT_NE(invalid, nullptr);
  EXPECT_EQ(invalid->index, 1u);
  EXPECT_EQ(invalid->item.value(), Val::i32(7));
  EXPECT_EQ(element_segment(m, 4).error().kind(), ErrorKind::Malformed);
}

TEST(Decoder, DataSegmentsAndCount) {
  Bytes data = cat({Bytes{0x03, 0x00, 0x41, 0x08, 0x0B}, str("abc"), Bytes{0x01}, str("xy"),
                    Bytes{0x02, 0x00, 0x41, 0x00, 0x0B}, str("")});
  Module m = decode_ok(module({section(5, {0x01, 0x00, 0x01}), section(12, {0x03}), section(11, data)}));
  ASSERT_EQ(m.data_segments.size(), 3u);
  EXPECT_EQ(m.data_count, 3u);
  const DataSegment first = data_segment(m, 0).value();
  EXPECT_EQ(first.mode, SegmentMode::Active);
  EXPECT_EQ(first.size, 3u);
  EXPECT_EQ(m.bytes[first.data_offset], 'a');
  const DataSegment second = data_segment(m, 1).value();
  EXPECT_EQ(second.mode, SegmentMode::Passive);
  EXPECT_EQ(m.bytes[second.data_offset + 1], 'y');
  EXPECT_EQ(data_segment(m, 2).value().mode, SegmentMode::Active);
  EXPECT_EQ(data_segment(m, 2).value().memory, 0u);
  // memory.init reads only the passive one's bytes, and they are the same bytes.
  EXPECT_TRUE(passive_data(m, 0).empty());
  ASSERT_EQ(passive_data(m, 1).size(), 2u);
  EXPECT_EQ(passive_data(m, 1).data(), m.bytes.data() + second.data_offset);
  EXPECT_FALSE(data_segment(m, 3));

  EXPECT_DECODE_ERROR(module({section(12, {0x02}), section(11, data)}),
                      "data count and data section have inconsistent lengths");
  EXPECT_DECODE_ERROR(module({section(12, {0x01})}), "data count and data section have inconsistent lengths");
  EXPECT_DECODE_ERROR(module({section(11, {0x01, 0x03, 0x00})}), "malformed data segment kind");
}

TEST(Decoder, DataCountRequiredByBulkMemoryInstructions) {
  Bytes body = {0x00, 0xFC, 0x09, 0x00, 0x0B};  // data.drop 0
  EXPECT_DECODE_ERROR(funcs_module({body}), "data count section required");
  decode_ok(funcs_module({body}, {section(12, {0x00})}));
}

TEST(Decoder, CodeSectionLocalsAndOffsets) {
  Module m = decode_ok(funcs_module({{0x02, 0x02, 0x7F, 0x01, 0x7E, 0x01, 0x0B}, {0x00, 0x0B}}));
  ASSERT_EQ(m.codes.size(), 2u);
  binary::LocalDecls decls(m, 0);
  binary::LocalDecl decl;
  ASSERT_TRUE(decls.next(decl));
  EXPECT_EQ(decl.count, 2u);
  EXPECT_EQ(decl.type, ValType::I32);
  ASSERT_TRUE(decls.next(decl));
  EXPECT_EQ(decl.count, 1u);
  EXPECT_EQ(decl.type, ValType::I64);
  EXPECT_FALSE(decls.next(decl));
  EXPECT_EQ(m.bytes[m.body_offset(0)], 0x01);
  EXPECT_EQ(m.bytes[m.body_end(0) - 1], 0x0B);
  EXPECT_EQ(m.bytes[m.entry_offset(0)], 0x07);
  EXPECT_EQ(m.body_offset(1), m.entry_offset(1) + 2);  // size, then no declarations
  EXPECT_EQ(m.entry_offset(1), m.body_end(0));
  EXPECT_EQ(m.body_end(1), m.bytes.size());
  EXPECT_EQ(sizeof(binary::FunctionBody), 4u);

  EXPECT_DECODE_ERROR(funcs_module({{0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B}}), "too many locals");
  EXPECT_DECODE_ERROR(funcs_module({{0x01, 0xE0, 0xD4, 0x03, 0x7F, 0x0B}}), "too many locals");
}

TEST(Decoder, FunctionBodyStructure) {
  decode_ok(funcs_module({{0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B}}));             // if else end
  EXPECT_DECODE_ERROR(funcs_module({{0x00, 0x05, 0x0B}}), "END opcode expected");  // else at top
  EXPECT_DECODE_ERROR(funcs_module({{0x00, 0x02, 0x40, 0x05, 0x0B, 0x0B}}), "END opcode expected");
  EXPECT_DECODE_ERROR(funcs_module({{0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B}}), "END opcode expected");
  EXPECT_DECODE_ERROR(funcs_module({{0x00, 0x0B, 0x01}}), "section size mismatch");  // junk after end
  EXPECT_DECODE_ERROR(funcs_module({{0x00, 0x01}}), "unexpected end");  // missing end
  EXPECT_DECODE_ERROR(funcs_module({{0x00, 0x3F, 0x01, 0x1A, 0x0B}}), "zero byte expected");
}

TEST(Decoder, FunctionAndCodeCountsMustAgree) {
  EXPECT_DECODE_ERROR(module({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x02, 0x00, 0x00}),
                              section(10, {0x01, 0x02, 0x00, 0x0B})}),
                      "function and code section have inconsistent lengths");
  EXPECT_DECODE_ERROR(module({section(10, {0x01, 0x02, 0x00, 0x0B})}),
                      "function and code section have inconsistent lengths");
}

TEST(Decoder, SectionOrderAndIds) {
  EXPECT_DECODE_ERROR(module({section(1, {0x00}), section(1, {0x00})}), "unexpected content after last section");
  EXPECT_DECODE_ERROR(module({section(3, {0x00}), section(2, {0x00})}), "unexpected content after last section");
  EXPECT_DECODE_ERROR(module({section(10, {0x00}), section(12, {0x00})}), "unexpected content after last section");
  decode_ok(module({section(9, {0x00}), section(12, {0x00}), section(10, {0x00}), section(11, {0x00})}));
  decode_ok(module({section(0, str("a")), section(1, {0x00}), section(0, str("b"))}));
  EXPECT_DECODE_ERROR(module({section(13, {0x00})}), "malformed section id");
}

TEST(Decoder, SectionSizes) {
  EXPECT_DECODE_ERROR(module({section(1, {0x01, 0x60, 0x00, 0x00, 0x00})}), "section size mismatch");
  EXPECT_DECODE_ERROR(module({Bytes{0x01, 0x10, 0x00}}), "length out of bounds");
  EXPECT_DECODE_ERROR(module({section(1, {0x01, 0x60, 0x00})}), "unexpected end");
}

TEST(Decoder, CustomAndNameSections) {
  Bytes names = cat({str("name"),
                     section(0, str("mod")),
                     section(1, cat({Bytes{0x02, 0x00}, str("f0"), Bytes{0x01}, str("f1")})),
                     section(2, cat({Bytes{0x01, 0x00, 0x02, 0x00}, str("a"), Bytes{0x01}, str("b")}))});
  Module m = decode_ok(module({section(0, cat({str("other"), Bytes{1, 2, 3}})), section(0, names)}));
  ASSERT_EQ(m.customs.size(), 2u);
  EXPECT_EQ(m.customs[0].name, "other");
  EXPECT_EQ(m.customs[0].size, 3u);
  EXPECT_EQ(m.bytes[m.customs[0].data_offset], 1);
  EXPECT_EQ(m.names.module_name, "mod");
  EXPECT_EQ(m.names.function_name(1), "f1");
  EXPECT_EQ(m.names.function_name(0), "f0");
  EXPECT_FALSE(m.names.function_name(2));
  // Local names are checked, not kept: a broken local-name map drops the whole section.
  Bytes bad_locals = cat({str("name"), section(1, cat({Bytes{0x01, 0x00}, str("f0")})),
                          section(2, cat({Bytes{0x01, 0x00, 0x02, 0x00}, str("a")}))});
  EXPECT_TRUE(decode_ok(module({section(0, bad_locals)})).names.function_names.empty());

  // Function names out of order or repeated are taken sorted, the last of a repeat winning.
  Bytes unsorted = cat({str("name"), section(1, cat({Bytes{0x03, 0x05}, str("e"), Bytes{0x01}, str("x"),
                                                     Bytes{0x01}, str("y")}))});
  Module m3 = decode_ok(module({section(0, unsorted)}));
  ASSERT_EQ(m3.names.function_names.size(), 2u);
  EXPECT_EQ(m3.names.function_names[0].index, 1u);
  EXPECT_EQ(m3.names.function_name(1), "y");
  EXPECT_EQ(m3.names.function_name(5), "e");

  // A broken name section is ignored, not an error.
  Bytes broken = cat({str("name"), Bytes{0x01, 0x05, 0x09}});
  Module m2 = decode_ok(module({section(0, broken)}));
  EXPECT_TRUE(m2.names.function_names.empty());
  EXPECT_EQ(m2.customs.size(), 1u);

  // But the custom section's own name must be UTF-8 and fit in the section.
  EXPECT_DECODE_ERROR(module({section(0, {0x01, 0xFF})}), "malformed UTF-8 encoding");
  EXPECT_DECODE_ERROR(module({section(0, {})}), "unexpected end");
}

TEST(Decoder, ErrorsNameOffsets) {
  Bytes bytes = module({section(1, {0x01, 0x60, 0x01, 0x7A, 0x00})});
  // The bad value type is at offset 8 (header) + 2 (id, size) + 3.
  EXPECT_DECODE_ERROR(bytes, "at offset 0xd: malformed value type");
}

}  // namespace
}  // namespace stratus::binary
