#include "alloc/pooling_allocator.hpp"

#include <sys/mman.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "alloc/bounds_probe.hpp"
#include "alloc/decommit.hpp"
#include "alloc/huge_pages.hpp"

namespace stratus::alloc {

namespace {

// Past the end of an explicitly checked slot: an interpreter bug faults instead of writing
// into the neighbouring tenant.
constexpr uint64_t kExplicitGuard = uint64_t{64} << 10;

std::string bytes_text(uint64_t bytes) {
  static const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char text[64];
  if (unit == 0 || value == static_cast<double>(static_cast<uint64_t>(value)))
    std::snprintf(text, sizeof text, "%llu %s", static_cast<unsigned long long>(value), units[unit]);
  else
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

std::string pages_text(uint64_t bytes) {
  const uint64_t pages = bytes / kPageSize;
  return std::to_string(pages) + (pages == 1 ? " page (" : " pages (") + bytes_text(bytes) + ")";
}

// Address space the process maps now, from /proc/self/statm (in pages).
uint64_t mapped_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long pages = 0;
  if (std::fscanf(f, "%llu", &pages) != 1) pages = 0;
  std::fclose(f);
  return pages * system_page_size();
}

class PoolBacking final : public exec::MemoryBacking {
 public:
  PoolBacking(PoolingAllocator& pool, uint32_t slot, PoolingAllocator::Slot& state, uint8_t* base, uint64_t reserved,
              uint64_t growth_limit)
      : pool_(pool), slot_(slot), state_(state), base_(base), reserved_(reserved), growth_limit_(growth_limit) {}
  ~PoolBacking() override { pool_.release(slot_); }

  uint8_t* base() const override { return base_; }
  uint64_t reserved() const override { return reserved_; }

  bool grow_to(uint64_t new_size) override {
    if (new_size > growth_limit_) return false;
    const uint64_t wanted = round_up(new_size, system_page_size());
    if (wanted <= state_.accessible) return true;
    // Pages past `accessible` were wiped when the slot was last released, so they read as zero.
    if (mprotect(base_ + state_.accessible, wanted - state_.accessible, PROT_READ | PROT_WRITE) != 0) return false;
    state_.accessible = wanted;
    return true;
  }

 private:
  PoolingAllocator& pool_;
  uint32_t slot_;
  PoolingAllocator::Slot& state_;
  uint8_t* base_;
  uint64_t reserved_;
  uint64_t growth_limit_;
};

}  // namespace

uint64_t pool_slot_bytes(const PoolingAllocatorConfig& config) {
  if (config.bounds_checks == BoundsChecks::GuardPages) return kGuardPagesReservation;
  return round_up(config.max_memory_bytes, system_page_size()) + kExplicitGuard;
}

uint64_t pool_reservation_bytes(const PoolingAllocatorConfig& config) {
  const uint64_t per_slot = pool_slot_bytes(config) + TablePool::slot_bytes(config.table_elements) +
                            round_up(config.state_bytes, system_page_size());
  return per_slot * config.slots;
}

Result<void> probe_address_space(uint64_t bytes) {
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    const uint64_t used = mapped_bytes();
    const uint64_t cap = limit.rlim_cur;
    if (used >= cap || bytes > cap - used)
      return Error(ErrorKind::Resource, "cannot reserve " + bytes_text(bytes) + " of address space: RLIMIT_AS is " +
                                            bytes_text(cap) + " and " + bytes_text(used) + " is already mapped");
  }
  auto probe = Reservation::reserve(bytes);
  if (!probe)
    return Error(ErrorKind::Resource, "cannot reserve " + bytes_text(bytes) + " of address space: " +
                                          std::strerror(ENOMEM) + " (the address space is too small or fragmented)");
  return {};
}

Result<uint64_t> memory_growth_limit(const MemoryRequest& request, uint64_t max_memory_bytes) {
  const uint64_t minimum = request.type.limits.min;
  uint64_t limit = std::min({request.max_bytes, max_memory_bytes, kMaxPages32 * kPageSize});
  if (request.type.limits.max) limit = std::min(limit, *request.type.limits.max * kPageSize);
  if (minimum > kMaxPages32 || minimum * kPageSize > max_memory_bytes)
    return Error(ErrorKind::Resource, "linear memory needs at least " + pages_text(minimum * kPageSize) +
                                          ", more than the limit of " + pages_text(max_memory_bytes) +
                                          " (max_linear_memory)");
  return limit;
}

Result<std::unique_ptr<PoolingAllocator>> PoolingAllocator::create(const PoolingAllocatorConfig& config) {
  if (config.slots == 0) return Error(ErrorKind::Config, "a memory pool needs at least one slot");
  if (config.max_memory_bytes == 0 || config.max_memory_bytes % kPageSize != 0 ||
      config.max_memory_bytes > kMaxPages32 * kPageSize)
    return Error(ErrorKind::Config, "the pool's memory size must be a whole number of 64 KiB pages up to 4 GiB, not " +
                                        std::to_string(config.max_memory_bytes) + " bytes");
  if (config.bounds_checks != BoundsChecks::GuardPages && config.bounds_checks != BoundsChecks::Explicit)
    return Error(ErrorKind::Config, "the pool needs a resolved bounds-check mode (GuardPages or Explicit)");
  if (config.table_elements == 0 || config.table_elements > UINT32_MAX)
    return Error(ErrorKind::Config, "a pooled table slot holds 1 to 2^32-1 elements, not " +
                                        std::to_string(config.table_elements));
  if (config.decommit_batch == 0 || config.decommit_batch > kMaxReleaseBatch)
    return Error(ErrorKind::Config, "the pool's decommit batch must be 1 to " + std::to_string(kMaxReleaseBatch) +
                                        " slots, not " + std::to_string(config.decommit_batch));
  if (config.state_bytes == 0 || config.state_bytes > (uint64_t{1} << 32))
    return Error(ErrorKind::Config, "an instance-state slot takes 1 byte to 4 GiB, not " +
                                        std::to_string(config.state_bytes) + " bytes");
  const uint64_t slot_bytes = pool_slot_bytes(config);
  const uint64_t per_slot = slot_bytes + TablePool::slot_bytes(config.table_elements) +
                            round_up(config.state_bytes, system_page_size());
  if (config.slots > UINT64_MAX / per_slot)
    return Error(ErrorKind::Config, "a pool of " + std::to_string(config.slots) + " slots does not fit any address space");
  const uint64_t total = per_slot * config.slots;
  const std::string what = "instance pool of " + std::to_string(config.slots) + " slots x " + bytes_text(per_slot) +
                           " (memory, table and instance state) = " + bytes_text(total);
  if (auto probe = probe_address_space(total); !probe)
    return Error(ErrorKind::Resource, what + ": " + probe.error().message());
  // Slots are multiples of 64 KiB; aligning the row keeps every slot's 64 KiB (and larger)
  // blocks aligned too, so a small huge page covers a tenant's aligned block of heap.
  auto reservation = Reservation::reserve_aligned(slot_bytes * config.slots, uint64_t{2} << 20);
  if (!reservation) return Error(ErrorKind::Resource, what + ": " + reservation.error().message());
  auto tables =
      TablePool::create(config.slots, config.table_elements, config.table_keep_resident_bytes, config.decommit_batch);
  if (!tables) return Error(ErrorKind::Resource, what + ": " + tables.error().message());
  auto states = StatePool::create(config.slots, config.state_bytes);
  if (!states) return Error(ErrorKind::Resource, what + ": " + states.error().message());
  return std::unique_ptr<PoolingAllocator>(new PoolingAllocator(config, std::move(reservation).value(),
                                                                std::move(tables).value(), std::move(states).value()));
}

PoolingAllocator::PoolingAllocator(const PoolingAllocatorConfig& config, Reservation reservation, TablePool tables,
                                   StatePool states)
    : config_(config),
      slot_bytes_(pool_slot_bytes(config)),
      reservation_(std::move(reservation)),
      slots_(config.slots),
      released_(config.decommit_batch),
      tables_(std::move(tables)),
      states_(std::move(states)) {
  cold_.reserve(config.slots);
  if (config.small_huge_pages && host_offers_small_huge_pages())
    huge_pages_ = madvise(reservation_.base(), reservation_.size(), MADV_HUGEPAGE) == 0;
  // Highest first, so slots are handed out from the low end.
  for (uint32_t i = config.slots; i-- > 0;) cold_.push_back(i);
}

PoolingAllocator::~PoolingAllocator() = default;

uint32_t PoolingAllocator::slots_in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

uint64_t PoolingAllocator::overflow_allocations() const {
  std::lock_guard lock(mutex_);
  return overflow_count_;
}

void PoolingAllocator::register_module(const void* key, const std::weak_ptr<const void>& owner) {
  if (!config_.memory_images) return;
  std::lock_guard lock(mutex_);
  auto it = images_.find(key);
  if (it != images_.end()) {
    const std::weak_ptr<const void>& known = it->second.owner;
    const bool same = !known.expired() && !known.owner_before(owner) && !owner.owner_before(known);
    if (same) return;
    it->second = ImageEntry{owner, false, nullptr};
    return;
  }
  // Forget images of modules that died, now and then, so the map tracks live modules.
  if (images_.size() >= images_after_sweep_) {
    std::erase_if(images_, [](const auto& entry) { return entry.second.owner.expired(); });
    images_after_sweep_ = std::max<size_t>(16, images_.size() * 2);
  }
  images_.emplace(key, ImageEntry{owner, false, nullptr});
}

std::shared_ptr<const MemoryImage> PoolingAllocator::image_for(const MemoryRequest& request) {
  const MemoryOrigin& origin = request.origin;
  if (!config_.memory_images || !origin.module || !origin.module_key || origin.memory_index != 0) return nullptr;
  {
    std::lock_guard lock(mutex_);
    auto it = images_.find(origin.module_key);
    if (it == images_.end()) return nullptr;  // never registered: the instantiator copies
    if (it->second.built) return it->second.image;
  }
  // Built outside the lock: writing a large image must not stall other instantiations.
  // Two threads may both build the first time; one result wins, the other is dropped.
  auto built = MemoryImage::build(*origin.module, origin.memory_index, request.type.limits.min * kPageSize);
  std::shared_ptr<const MemoryImage> image = built ? *built : nullptr;
  std::lock_guard lock(mutex_);
  auto it = images_.find(origin.module_key);
  if (it == images_.end() || it->second.owner.expired()) return image;
  if (!it->second.built) {
    it->second.built = true;
    it->second.image = image;
  }
  return it->second.image;
}

uint32_t PoolingAllocator::pop_free_slot(const MemoryImage* image) {
  std::lock_guard lock(mutex_);
  std::vector<uint32_t>* list = nullptr;
  if (image) {
    auto warm = warm_.find(image);
    if (warm != warm_.end() && !warm->second.empty()) list = &warm->second;
  }
  if (!list && !cold_.empty()) list = &cold_;
  if (!list) {
    // Every free slot holds some other module's image: take one of those.
    for (auto& [held, free] : warm_)
      if (!free.empty()) {
        list = &free;
        break;
      }
  }
  if (!list) return UINT32_MAX;
  const uint32_t slot = list->back();
  list->pop_back();
  ++in_use_;
  return slot;
}

uint32_t PoolingAllocator::take_slot(const MemoryImage* image) {
  uint32_t slot = pop_free_slot(image);
  if (slot != UINT32_MAX) return slot;
  // Only released slots waiting for their batch may be left: reset them now.
  ReleaseBatch<uint32_t>::Batch batch;
  if (released_.take_all(batch)) {
    reset_and_free(batch);
    slot = pop_free_slot(image);
  }
  if (slot == UINT32_MAX) {
    std::lock_guard lock(mutex_);
    ++overflow_count_;
  }
  return slot;
}

bool PoolingAllocator::prepare(uint32_t index, const std::shared_ptr<const MemoryImage>& image, uint64_t initial_bytes) {
  Slot& slot = slots_[index];
  uint8_t* base = slot_base(index);
  const uint64_t wanted = round_up(initial_bytes, system_page_size());
  if (slot.image != image && slot.image) {
    // Put plain zero pages back where the old image was; it lies inside `accessible`.
    void* at = base + slot.image->offset();
    if (mmap(at, slot.image->length(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
             -1, 0) != at)
      return false;
    // A fresh mapping: the rest of the slot's advice does not carry over to it.
    if (huge_pages_) madvise(at, slot.image->length(), MADV_HUGEPAGE);
    slot.image = nullptr;
  }
  // Pages beyond `accessible` were wiped on release; shrinking just makes them fault again.
  if (slot.accessible < wanted) {
    if (mprotect(base + slot.accessible, wanted - slot.accessible, PROT_READ | PROT_WRITE) != 0) return false;
  } else if (slot.accessible > wanted) {
    if (mprotect(base + wanted, slot.accessible - wanted, PROT_NONE) != 0) return false;
  }
  slot.accessible = wanted;
  if (image && slot.image != image) {
    if (!image->map_into(base)) return false;
    slot.image = image;
  }
  return true;
}

Result<MemoryAllocation> PoolingAllocator::allocate_memory(const MemoryRequest& request) {
  auto growth_limit = memory_growth_limit(request, config_.max_memory_bytes);
  if (!growth_limit) return growth_limit.error();
  const uint64_t initial_bytes = request.type.limits.min * kPageSize;

  if (request.bounds_checks != config_.bounds_checks) {
    // Code translated for another mode cannot use these slots safely.
    MemoryRequest limited = request;
    limited.max_bytes = *growth_limit;
    return overflow_.allocate_memory(limited);
  }
  std::shared_ptr<const MemoryImage> image = image_for(request);
  const uint32_t slot = take_slot(image.get());
  if (slot == UINT32_MAX) {
    // Instance limits are enforced elsewhere with a clear error; a full pool of memories
    // is no reason to fail, only to pay for a fresh reservation.
    MemoryRequest limited = request;
    limited.max_bytes = *growth_limit;
    return overflow_.allocate_memory(limited);
  }
  auto backing = std::make_unique<PoolBacking>(*this, slot, slots_[slot], slot_base(slot), slot_bytes_, *growth_limit);
  if (!prepare(slot, image, initial_bytes))
    return Error(ErrorKind::Resource, "cannot prepare a pooled linear memory of " + pages_text(initial_bytes) + ": " +
                                          std::strerror(errno));
  return MemoryAllocation{std::move(backing), image != nullptr};
}

Result<std::unique_ptr<exec::TableBacking>> PoolingAllocator::allocate_table(const TableRequest& request) {
  return tables_.allocate(request);
}

// The first keep-resident bytes are put back in place, so they stay resident for the next
// tenant: zeros by memset, and where the image lies, its bytes copied from the shared
// contents. Everything after them goes back to the OS by madvise(MADV_DONTNEED) (see
// reset_and_free), which leaves zero pages, and, on the private image mapping, the image again.
iovec PoolingAllocator::restore_kept(uint32_t index) {
  Slot& slot = slots_[index];
  uint8_t* base = slot_base(index);
  const uint64_t end = slot.accessible;
  const uint64_t kept = std::min(round_up(config_.keep_resident_bytes, system_page_size()), end);
  const MemoryImage* image = slot.image.get();
  const uint64_t image_from = image ? std::min(image->offset(), kept) : kept;
  const uint64_t image_to = image ? std::min(image->end(), kept) : kept;
  std::memset(base, 0, image_from);
  if (image_to > image_from) std::memcpy(base + image_from, image->contents() + (image_from - image->offset()), image_to - image_from);
  std::memset(base + image_to, 0, kept - image_to);
  return iovec{base + kept, end - kept};
}

void PoolingAllocator::reset_and_free(const ReleaseBatch<uint32_t>::Batch& batch) {
  iovec ranges[kMaxReleaseBatch];
  size_t count = 0;
  for (uint32_t index : batch.view()) {
    const iovec rest = restore_kept(index);
    if (rest.iov_len) ranges[count++] = rest;
  }
  decommit({ranges, count});
  std::lock_guard lock(mutex_);
  for (uint32_t index : batch.view()) {
    const MemoryImage* image = slots_[index].image.get();
    if (image) warm_[image].push_back(index);
    else cold_.push_back(index);
  }
  // A module that died leaves its image in slots; drop lists that went empty so the map
  // only grows with images still held.
  std::erase_if(warm_, [](const auto& entry) { return entry.second.empty(); });
}

// A released slot waits for its batch; the release that completes one resets them all.
void PoolingAllocator::release(uint32_t index) {
  {
    std::lock_guard lock(mutex_);
    --in_use_;
  }
  ReleaseBatch<uint32_t>::Batch batch;
  if (released_.add(index, batch)) reset_and_free(batch);
}

}  // namespace stratus::alloc
