// Every implementation limit of binary/limits.def: one past it is malformed with a message
// naming the count and the limit, and (where the module is cheap to build) the limit itself
// decodes. Count lies are refused before anything proportional to the count is allocated.
#include <sys/mman.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "binary/decoder.hpp"
#include "wasm_builder.hpp"

// The largest single allocation since the last reset, to show that no count lie turns into
// a reservation. Replacing the global operator new covers every allocation in this binary.
namespace {
std::atomic<size_t> largest_allocation{0};
}

void* operator new(size_t size) {
  size_t seen = largest_allocation.load(std::memory_order_relaxed);
  while (size > seen && !largest_allocation.compare_exchange_weak(seen, size, std::memory_order_relaxed)) {
  }
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace stratus::binary {
namespace {

using namespace stratus::binary::test;

// `n` copies of `item`, after their count.
Bytes vec(uint64_t n, const Bytes& item) {
  Bytes out = uleb(n);
  out.reserve(out.size() + n * item.size());
  for (uint64_t i = 0; i < n; ++i) out.insert(out.end(), item.begin(), item.end());
  return out;
}

const Bytes kVoidType = section(1, {0x01, 0x60, 0x00, 0x00});

std::string error_of(std::span<const uint8_t> bytes) {
  auto m = decode(bytes);
  if (m.ok()) return "decoded";
  EXPECT_EQ(m.error().kind(), ErrorKind::Malformed) << m.error().message();
  return m.error().message();
}

void expect_too_many(const Bytes& bytes, const std::string& what, uint64_t count, uint64_t limit) {
  const std::string expected =
      "too many " + what + ": " + std::to_string(count) + ", more than the implementation limit of " + std::to_string(limit);
  const std::string actual = error_of(bytes);
  EXPECT_NE(actual.find(expected), std::string::npos) << actual;
  EXPECT_EQ(actual.rfind("at offset 0x", 0), 0u) << actual;
}

void expect_decodes(const Bytes& bytes) {
  auto m = decode(bytes);
  EXPECT_TRUE(m.ok()) << m.error().message();
}

TEST(Limits, Types) {
  expect_decodes(module({section(1, vec(kMaxTypes, {0x60, 0x00, 0x00}))}));
  expect_too_many(module({section(1, vec(kMaxTypes + 1, {0x60, 0x00, 0x00}))}), "types", kMaxTypes + 1, kMaxTypes);
}

TEST(Limits, ParamsAndResults) {
  expect_decodes(module({section(1, cat({Bytes{0x01, 0x60}, vec(kMaxFunctionParams, {0x7F}), Bytes{0x00}}))}));
  expect_too_many(module({section(1, cat({Bytes{0x01, 0x60}, vec(kMaxFunctionParams + 1, {0x7F}), Bytes{0x00}}))}),
                  "parameters in a function type", kMaxFunctionParams + 1, kMaxFunctionParams);
  expect_decodes(module({section(1, cat({Bytes{0x01, 0x60, 0x00}, vec(kMaxFunctionResults, {0x7F})}))}));
  expect_too_many(module({section(1, cat({Bytes{0x01, 0x60, 0x00}, vec(kMaxFunctionResults + 1, {0x7F})}))}),
                  "results in a function type", kMaxFunctionResults + 1, kMaxFunctionResults);
}

TEST(Limits, Imports) {
  const Bytes func_import = cat({str("m"), str("f"), Bytes{0x00, 0x00}});
  expect_decodes(module({kVoidType, section(2, vec(kMaxImports, func_import))}));
  expect_too_many(module({kVoidType, section(2, vec(kMaxImports + 1, func_import))}), "imports", kMaxImports + 1,
                  kMaxImports);
  // Memories are the one index space whose limit lies below kMaxImports.
  const Bytes memory_import = cat({str("m"), str("m"), Bytes{0x02, 0x00, 0x00}});
  expect_decodes(module({section(2, vec(kMaxMemories, memory_import))}));
  expect_too_many(module({section(2, vec(kMaxMemories + 1, memory_import))}), "memories", kMaxMemories + 1,
                  kMaxMemories);
}

TEST(Limits, Functions) {
  const Bytes bodies = section(10, vec(kMaxFunctions, {0x02, 0x00, 0x0B}));
  expect_decodes(module({kVoidType, section(3, vec(kMaxFunctions, {0x00})), bodies}));
  expect_too_many(module({kVoidType, section(3, vec(kMaxFunctions + 1, {0x00}))}), "functions", kMaxFunctions + 1,
                  kMaxFunctions);
  // Imported functions count too.
  const Bytes one_import = section(2, cat({Bytes{0x01}, str("m"), str("f"), Bytes{0x00, 0x00}}));
  expect_too_many(module({kVoidType, one_import, section(3, vec(kMaxFunctions, {0x00}))}), "functions",
                  kMaxFunctions + 1, kMaxFunctions);
  expect_too_many(module({section(10, vec(kMaxFunctions + 1, {0x02, 0x00, 0x0B}))}), "function bodies",
                  kMaxFunctions + 1, kMaxFunctions);
}

TEST(Limits, TablesMemoriesGlobals) {
  expect_decodes(module({section(4, vec(kMaxTables, {0x70, 0x00, 0x00}))}));
  expect_too_many(module({section(4, vec(kMaxTables + 1, {0x70, 0x00, 0x00}))}), "tables", kMaxTables + 1, kMaxTables);
  expect_decodes(module({section(5, vec(kMaxMemories, {0x00, 0x00}))}));
  expect_too_many(module({section(5, vec(kMaxMemories + 1, {0x00, 0x00}))}), "memories", kMaxMemories + 1,
                  kMaxMemories);
  const Bytes global = {0x7F, 0x00, 0x41, 0x00, 0x0B};
  expect_decodes(module({section(6, vec(kMaxGlobals, global))}));
  expect_too_many(module({section(6, vec(kMaxGlobals + 1, global))}), "globals", kMaxGlobals + 1, kMaxGlobals);
}

TEST(Limits, Exports) {
  const Bytes item = cat({str("e"), Bytes{0x00, 0x00}});
  expect_decodes(module({section(7, vec(kMaxExports, item))}));
  expect_too_many(module({section(7, vec(kMaxExports + 1, item))}), "exports", kMaxExports + 1, kMaxExports);
}

TEST(Limits, ElementSegments) {
  const Bytes empty_passive = {0x01, 0x00, 0x00};
  expect_decodes(module({section(9, vec(kMaxElementSegments, empty_passive))}));
  expect_too_many(module({section(9, vec(kMaxElementSegments + 1, empty_passive))}), "element segments",
                  kMaxElementSegments + 1, kMaxElementSegments);
  auto one_segment = [](uint64_t items) {
    return funcs_module({{0x00, 0x0B}}, {section(9, cat({Bytes{0x01, 0x01, 0x00}, vec(items, {0x00})}))});
  };
  expect_decodes(one_segment(kMaxElementSegmentItems));
  expect_too_many(one_segment(kMaxElementSegmentItems + 1), "items in an element segment",
                  kMaxElementSegmentItems + 1, kMaxElementSegmentItems);
}

TEST(Limits, DataSegments) {
  const Bytes empty_passive = {0x01, 0x00};
  expect_decodes(module({section(11, vec(kMaxDataSegments, empty_passive))}));
  expect_too_many(module({section(11, vec(kMaxDataSegments + 1, empty_passive))}), "data segments",
                  kMaxDataSegments + 1, kMaxDataSegments);
  expect_too_many(module({section(12, uleb(kMaxDataSegments + 1))}), "data segments", kMaxDataSegments + 1,
                  kMaxDataSegments);
}

// A body of exactly `size` bytes: no locals, nops, end.
Bytes body_of_size(uint64_t size) {
  Bytes body(size, 0x01);
  body.front() = 0x00;
  body.back() = 0x0B;
  return body;
}

TEST(Limits, FunctionSize) {
  expect_decodes(funcs_module({body_of_size(kMaxFunctionSize)}));
  expect_too_many(funcs_module({body_of_size(kMaxFunctionSize + 1)}), "bytes in a function body", kMaxFunctionSize + 1,
                  kMaxFunctionSize);
}

TEST(Limits, Locals) {
  auto locals = [](uint64_t count) { return cat({Bytes{0x01}, uleb(count), Bytes{0x7F, 0x0B}}); };
  expect_decodes(funcs_module({locals(kMaxFunctionLocals)}));
  expect_too_many(funcs_module({locals(kMaxFunctionLocals + 1)}), "locals", kMaxFunctionLocals + 1, kMaxFunctionLocals);
  auto groups = [](uint64_t count) { return cat({vec(count, {0x00, 0x7F}), Bytes{0x0B}}); };
  expect_decodes(funcs_module({groups(kMaxFunctionLocals)}));
  expect_too_many(funcs_module({groups(kMaxFunctionLocals + 1)}), "local declarations", kMaxFunctionLocals + 1,
                  kMaxFunctionLocals);
}

TEST(Limits, BrTableTargets) {
  // block; i32.const 0; br_table 0 ... 0 (default 0); end; end
  auto br_table = [](uint64_t targets) {
    return cat({Bytes{0x00, 0x02, 0x40, 0x41, 0x00, 0x0E}, vec(targets, {0x00}), Bytes{0x00, 0x0B, 0x0B}});
  };
  expect_decodes(funcs_module({br_table(kMaxBrTableTargets)}));
  expect_too_many(funcs_module({br_table(kMaxBrTableTargets + 1)}), "br_table targets", kMaxBrTableTargets + 1,
                  kMaxBrTableTargets);
}

TEST(Limits, NameLength) {
  auto export_named = [](uint64_t length) {
    return module({section(7, cat({Bytes{0x01}, str(std::string(length, 'x')), Bytes{0x00, 0x00}}))});
  };
  expect_decodes(export_named(kMaxNameLength));
  expect_too_many(export_named(kMaxNameLength + 1), "bytes in a name", kMaxNameLength + 1, kMaxNameLength);
  // In the name section a long name makes the section malformed, which leaves the module
  // valid without its names.
  const std::string long_name(kMaxNameLength + 1, 'n');
  Module m = decode(module({section(0, cat({str("name"), Bytes{0x00}, uleb(long_name.size() + 3), str(long_name)}))}))
                 .value();
  EXPECT_TRUE(m.names.module_name.empty());
}

TEST(Limits, CustomSections) {
  Bytes at_limit = module({});
  const Bytes empty_custom = section(0, str(""));
  for (uint64_t i = 0; i < kMaxCustomSections; ++i) at_limit.insert(at_limit.end(), empty_custom.begin(), empty_custom.end());
  expect_decodes(at_limit);
  Bytes past = at_limit;
  past.insert(past.end(), empty_custom.begin(), empty_custom.end());
  expect_too_many(past, "custom sections", kMaxCustomSections + 1, kMaxCustomSections);
}

TEST(Limits, ModuleSize) {
  // Reserved, never touched: the size is refused before a byte is read.
  const size_t size = kMaxModuleSize + 1;
  void* bytes = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ASSERT_NE(bytes, MAP_FAILED);
  const std::string actual = error_of(std::span<const uint8_t>(static_cast<const uint8_t*>(bytes), size));
  munmap(bytes, size);
  EXPECT_NE(actual.find("too many bytes in a module: 1073741825, more than the implementation limit of 1073741824"),
            std::string::npos)
      << actual;
}

// Counts far beyond the bytes that follow them, one per kind of vector in the format.
TEST(Limits, CountLiesAllocateNothingProportional) {
  const Bytes huge = uleb(0xFFFFFFF0u);
  const Bytes lies[] = {
      module({section(1, huge)}),
      module({section(1, cat({Bytes{0x01, 0x60}, huge}))}),
      module({section(2, huge)}),
      module({section(3, huge)}),
      module({section(4, huge)}),
      module({section(5, huge)}),
      module({section(6, huge)}),
      module({section(7, huge)}),
      module({section(9, huge)}),
      funcs_module({{0x00, 0x0B}}, {section(9, cat({Bytes{0x01, 0x01, 0x00}, huge}))}),
      module({section(10, huge)}),
      funcs_module({cat({huge, Bytes{0x7F, 0x0B}})}),
      funcs_module({cat({Bytes{0x00, 0x02, 0x40, 0x41, 0x00, 0x0E}, huge, Bytes{0x00, 0x0B, 0x0B}})}),
      module({section(11, huge)}),
      module({section(7, cat({Bytes{0x01}, huge}))}),
  };
  for (const Bytes& lie : lies) {
    largest_allocation = 0;
    const std::string error = error_of(lie);
    EXPECT_NE(error.find("length out of bounds"), std::string::npos) << error;
    EXPECT_LT(largest_allocation.load(), size_t{1} << 16) << error;
  }
}

}  // namespace
}  // namespace stratus::binary
