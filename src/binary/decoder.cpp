#include "binary/decoder.hpp"

#include <array>
#include <cstring>

#include "binary/decode_sections.hpp"
#include "binary/limits.hpp"
#include "binary/try.hpp"

namespace stratus::binary {

namespace {

using detail::DecodeState;

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};

enum SectionId : uint8_t {
  kCustom = 0, kType, kImport, kFunction, kTable, kMemory, kGlobal, kExport, kStart, kElement,
  kCode, kData, kDataCount, kNumSectionIds
};

// Where each section must appear; data count sits between element and code although its id
// is the largest.
constexpr std::array<uint8_t, kNumSectionIds> kSectionRank = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, /*code*/ 11, /*data*/ 12, /*data count*/ 10};

Result<void> read_header(Reader& r) {
  STRATUS_TRY(auto magic, r.bytes(4));
  if (std::memcmp(magic.data(), kMagic, 4) != 0) return r.error_at(0, "magic header not detected");
  STRATUS_TRY(auto version, r.bytes(4));
  if (std::memcmp(version.data(), kVersion, 4) != 0) return r.error_at(4, "unknown binary version");
  return {};
}

Result<void> read_section_content(Reader& r, Module& m, DecodeState& state, uint8_t id, uint32_t size) {
  switch (id) {
    case kCustom: return detail::read_custom_section(r, m, size);
    case kType: return detail::read_type_section(r, m);
    case kImport: return detail::read_import_section(r, m);
    case kFunction: return detail::read_function_section(r, m);
    case kTable: return detail::read_table_section(r, m);
    case kMemory: return detail::read_memory_section(r, m);
    case kGlobal: return detail::read_global_section(r, m);
    case kExport: return detail::read_export_section(r, m);
    case kStart: return detail::read_start_section(r, m);
    case kElement: return detail::read_element_section(r, m);
    case kCode: return detail::read_code_section(r, m, state);
    case kData: return detail::read_data_section(r, m);
    case kDataCount: return detail::read_data_count_section(r, m);
    default: return r.error("malformed section id");
  }
}

Result<void> read_sections(Reader& r, Module& m, DecodeState& state) {
  uint8_t last_rank = 0;
  while (!r.at_end()) {
    const uint32_t id_at = r.offset();
    STRATUS_TRY(uint8_t id, r.u8());
    if (id >= kNumSectionIds) return r.error_at(id_at, "malformed section id");
    if (id == kCustom && m.customs.size() == kMaxCustomSections) {
      return r.error_at(id_at, too_many("custom sections", kMaxCustomSections + 1, kMaxCustomSections));
    }
    if (id != kCustom) {
      // A repeated or out-of-order section is content after the point where it was allowed.
      if (kSectionRank[id] <= last_rank) return r.error_at(id_at, "unexpected content after last section");
      last_rank = kSectionRank[id];
    }
    STRATUS_TRY(uint32_t size, detail::read_count(r));
    const uint32_t start = r.offset();
    STRATUS_CHECK(read_section_content(r, m, state, id, size));
    if (r.offset() - start != size) return r.error_at(start, "section size mismatch");
  }
  return {};
}

Result<void> check_module(const Reader& r, const Module& m, const DecodeState& state) {
  if (m.func_types.size() - m.num_imported_funcs != m.codes.size()) {
    return r.error("function and code section have inconsistent lengths");
  }
  if (m.data_count && *m.data_count != m.data_segments.size()) {
    return r.error("data count and data section have inconsistent lengths");
  }
  if (state.uses_data_indices && !m.data_count) return r.error("data count section required");
  return {};
}

// Checked before the bytes are copied or read.
Error module_too_large(size_t size) {
  return Reader({}).error_at(static_cast<uint32_t>(kMaxModuleSize), too_many("bytes in a module", size, kMaxModuleSize));
}

}  // namespace

Result<Module> decode(std::span<const uint8_t> bytes, BodyScan scan) {
  if (bytes.size() > kMaxModuleSize) return module_too_large(bytes.size());
  return decode(std::vector<uint8_t>(bytes.begin(), bytes.end()), scan);
}

Result<Module> decode(std::vector<uint8_t>&& bytes, BodyScan scan) {
  if (bytes.size() > kMaxModuleSize) return module_too_large(bytes.size());
  Module m;
  m.bytes = std::move(bytes);
  Reader r(m.bytes);
  STRATUS_CHECK(read_header(r));
  // From here on, running out of bytes is inside some section or function.
  r.set_bounded(true);
  DecodeState state;
  state.scan_bodies = scan == BodyScan::Full;
  m.bodies_scanned = state.scan_bodies;
  auto sections = read_sections(r, m, state);
  if (sections) sections = check_module(r, m, state);
  if (!sections) {
    // A full decode may fail earlier, in a body this one skipped: its error is the one to give.
    if (!state.scan_bodies)
      if (auto full = decode(std::move(m.bytes), BodyScan::Full); !full) return full.error();
    return sections.error();
  }
  return m;
}

}  // namespace stratus::binary
