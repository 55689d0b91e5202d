// What the canonical ABI needs of a guest: its linear memory and its `cabi_realloc`. The
// instantiator binds these to a core memory and a core function; the ABI knows nothing else
// of the engine, and tests bind them to a byte vector.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "stratus/result.hpp"

namespace stratus::component::abi {

// A guest's linear memory as it is now. A realloc call may grow it (or, for an engine whose
// memories move, move it), so the ABI reads base and size again after every realloc and
// never keeps a pointer into it across one.
struct GuestMemory {
  uint8_t* base = nullptr;
  uint64_t size = 0;

  // Whether [offset, offset + length) lies inside the memory; no overflow for any inputs.
  bool contains(uint64_t offset, uint64_t length) const { return offset <= size && length <= size - offset; }
};

// `cabi_realloc(old_ptr, old_size, align, new_size) -> ptr` in the guest. It returns the
// guest's pointer, or an Error carrying the guest's trap; before returning it updates
// `memory` if the guest grew its memory. The ABI checks what it returns (aligned, in bounds).
using Realloc = std::function<Result<uint32_t>(GuestMemory& memory, uint32_t old_ptr, uint32_t old_size,
                                               uint32_t align, uint32_t new_size)>;

enum class StringEncoding : uint8_t { Utf8, Utf16, Latin1Utf16 };

// The canonical options of one lift or lower that concern values: `string-encoding`,
// `memory` and `realloc`. Either may be absent when the function's types need neither
// (validation requires them otherwise); the ABI then fails cleanly instead of trusting that.
struct MemoryOptions {
  StringEncoding encoding = StringEncoding::Utf8;
  GuestMemory* memory = nullptr;
  const Realloc* realloc = nullptr;
};

}  // namespace stratus::component::abi
