#include <string>

#include "embed/store_impl.hpp"
#include "stratus/extern.hpp"

namespace stratus {

Result<Memory> Memory::create(Store& store, MemoryType type) {
  auto m = detail::impl(store).new_memory(type);
  if (!m) return m.error();
  return Memory(*m);
}

MemoryType Memory::type() const { return m_->type; }
uint8_t* Memory::data() const { return m_->base; }
uint64_t Memory::size_bytes() const { return m_->size; }
uint64_t Memory::pages() const { return m_->pages(); }

Result<uint64_t> Memory::grow(uint64_t delta_pages) const {
  const uint64_t old_pages = m_->pages();
  const int64_t result = m_->grow(delta_pages);
  if (result >= 0) return static_cast<uint64_t>(result);
  const std::string what = "cannot grow memory of " + std::to_string(old_pages) + " pages by " +
                           std::to_string(delta_pages) + " pages: ";
  if (delta_pages > m_->max_pages || old_pages > m_->max_pages - delta_pages)
    return Error(ErrorKind::Resource, what + "its maximum is " + std::to_string(m_->max_pages) + " pages");
  return Error(ErrorKind::Resource, what + "the address space reserved for it is exhausted");
}

}  // namespace stratus
