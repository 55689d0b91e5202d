// Reading a data segment back from Module::bytes, where the decoder found it
// (Module::data_segments): a segment costs the module 4 bytes, however it is written.
#pragma once

#include <cstdint>
#include <span>

#include "binary/checked_leb.hpp"
#include "binary/module.hpp"
#include "stratus/result.hpp"

namespace stratus::binary {

// Data segment `index`, read as the decoder read it. An index or start a hand-built Module
// got wrong is a Malformed error, never a read outside the module.
Result<DataSegment> data_segment(const Module& module, uint32_t index);

// The bytes of data segment `index` of a decoded module when it is passive, else none: what
// memory.init reads (an active segment is dropped once instantiation ends). Reads only the
// flags and the size, which the decoder checked.
inline std::span<const uint8_t> passive_data(const Module& module, uint32_t index) {
  constexpr uint32_t kPassive = 1;
  const uint8_t* p = module.bytes.data() + module.data_segments[index];
  auto leb = [&p] { return read_checked_leb_u32(p); };
  if (leb() != kPassive) return {};
  const uint32_t size = leb();
  return {p, size};
}

}  // namespace stratus::binary
