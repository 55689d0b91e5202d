#include "binary/data_segment.hpp"

#include <string>

#include "binary/decode_sections.hpp"

namespace stratus::binary {

Result<DataSegment> data_segment(const Module& module, uint32_t index) {
  if (index >= module.data_segments.size())
    return Reader({}).error_at(0, "data segment " + std::to_string(index) + " does not exist");
  const uint32_t start = module.data_segments[index];
  if (start >= module.bytes.size()) return Reader({}).error_at(start, "data segment lies outside the module's bytes");
  Reader r(std::span<const uint8_t>(module.bytes).subspan(start), start);
  return detail::read_data_segment(r);
}

}  // namespace stratus::binary
