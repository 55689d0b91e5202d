// The "name" custom section: debug names for the module, functions and locals.
#include <algorithm>
#include <numeric>
#include <vector>

#include "binary/decode_sections.hpp"
#include "binary/limits.hpp"
#include "binary/try.hpp"

namespace stratus::binary::detail {

namespace {

constexpr uint8_t kModuleNameId = 0;
constexpr uint8_t kFunctionNamesId = 1;
constexpr uint8_t kLocalNamesId = 2;

// Reads a name map into `out` (null: only checks it), which then holds each index once, in
// ascending order; a repeated index keeps its last name. The spec requires ascending
// indices, but a malformed name section is only ignored, so any order is taken.
Result<void> read_name_map(Reader& r, std::vector<FunctionName>* out, uint64_t limit) {
  STRATUS_TRY(uint32_t count, read_limited_count(r, "names", limit));
  if (out) reserve_entries(*out, count, r, 2);
  bool ascending = true;
  for (uint32_t i = 0; i < count; ++i) {
    STRATUS_TRY(uint32_t index, r.u32());
    STRATUS_TRY(std::string_view name, r.name());
    if (!out) continue;
    if (!out->empty() && out->back().index >= index) ascending = false;
    out->push_back({index, name});
  }
  if (out && !ascending) {
    std::vector<FunctionName>& names = *out;
    std::vector<uint32_t> order(names.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return names[a].index != names[b].index ? names[a].index < names[b].index : a < b;
    });
    // Of a run of equal indices, the last read wins.
    std::vector<FunctionName> sorted;
    for (size_t k = 0; k < order.size(); ++k)
      if (k + 1 == order.size() || names[order[k + 1]].index != names[order[k]].index) sorted.push_back(names[order[k]]);
    names = std::move(sorted);
  }
  return {};
}

Result<void> read_names(Reader& r, NameSection& out) {
  while (!r.at_end()) {
    STRATUS_TRY(uint8_t id, r.u8());
    STRATUS_TRY(uint32_t size, read_count(r));
    STRATUS_TRY(Reader sub, r.sub_reader(size));
    switch (id) {
      case kModuleNameId: {
        STRATUS_TRY(std::string_view name, sub.name());
        out.module_name = name;
        break;
      }
      case kFunctionNamesId: {
        out.function_names.clear();
        STRATUS_CHECK(read_name_map(sub, &out.function_names, kMaxFunctions));
        break;
      }
      case kLocalNamesId: {
        STRATUS_TRY(uint32_t count, read_limited_count(sub, "functions with local names", kMaxFunctions));
        for (uint32_t i = 0; i < count; ++i) {
          STRATUS_TRY(uint32_t func, sub.u32());
          (void)func;
          STRATUS_CHECK(read_name_map(sub, nullptr, kMaxFunctionParams + kMaxFunctionLocals));
        }
        break;
      }
      default:
        continue;  // other subsections (labels, types, ...) are not used
    }
    if (!sub.at_end()) return sub.error("section size mismatch");
  }
  return {};
}

}  // namespace

bool parse_name_section(std::span<const uint8_t> content, uint32_t base, NameSection& out) {
  Reader r(content, base);
  r.set_bounded(true);
  NameSection names;
  if (!read_names(r, names).ok()) return false;
  out = std::move(names);
  return true;
}

Result<void> read_custom_section(Reader& r, Module& m, uint32_t size) {
  const uint32_t start = r.offset();
  STRATUS_TRY(std::string_view name, r.name());
  const uint32_t name_size = r.offset() - start;
  if (name_size > size) return r.error_at(start, "unexpected end");
  CustomSection custom;
  custom.name = name;
  custom.data_offset = r.offset();
  custom.size = size - name_size;
  STRATUS_TRY(auto content, r.bytes(custom.size));
  if (custom.name == "name") parse_name_section(content, custom.data_offset, m.names);
  m.customs.push_back(std::move(custom));
  return {};
}

}  // namespace stratus::binary::detail
