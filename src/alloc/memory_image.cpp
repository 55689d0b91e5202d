#include "alloc/memory_image.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "alloc/reservation.hpp"
#include "binary/data_segment.hpp"

namespace stratus::alloc {

namespace {

struct Placement {
  uint64_t start = 0;
  uint32_t data_offset = 0;  // in the module's bytes
  uint32_t size = 0;
};

Error image_error(const char* what) {
  return Error(ErrorKind::Resource,
               std::string("cannot build the copy-on-write memory image: ") + what + ": " + std::strerror(errno));
}

bool write_all(int fd, const uint8_t* data, uint64_t size, uint64_t at) {
  while (size > 0) {
    const ssize_t n = pwrite(fd, data, size, static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    at += static_cast<uint64_t>(n);
    size -= static_cast<uint64_t>(n);
  }
  return true;
}

}  // namespace

Result<std::shared_ptr<const MemoryImage>> MemoryImage::build(const binary::Module& module, uint32_t memory_index,
                                                              uint64_t initial_bytes) {
  std::vector<Placement> placements;
  uint64_t lowest = UINT64_MAX;
  uint64_t highest = 0;
  for (uint32_t i = 0; i < module.data_segments.size(); ++i) {
    auto decoded = binary::data_segment(module, i);
    if (!decoded) return decoded.error();
    const binary::DataSegment& seg = *decoded;
    if (seg.mode != binary::SegmentMode::Active || seg.memory != memory_index) continue;
    // Offsets from imported globals differ per instance; leave those modules to the
    // instantiator rather than build an image per instance.
    if (seg.offset.kind != binary::ConstExpr::Kind::I32) return std::shared_ptr<const MemoryImage>();
    const uint64_t start = static_cast<uint32_t>(seg.offset.value().i32());
    // A segment out of bounds traps after the earlier ones were written; only the
    // instantiator reproduces that exactly.
    if (start + seg.size > initial_bytes) return std::shared_ptr<const MemoryImage>();
    if (seg.size == 0) continue;
    placements.push_back({start, seg.data_offset, seg.size});
    lowest = std::min(lowest, start);
    highest = std::max(highest, start + seg.size);
  }
  if (placements.empty()) return std::shared_ptr<const MemoryImage>();

  const uint64_t page = system_page_size();
  const uint64_t offset = lowest / page * page;
  const uint64_t length = round_up(highest, page) - offset;
  const int fd = memfd_create("stratus-memory-image", MFD_CLOEXEC);
  if (fd < 0) return image_error("memfd_create");
  std::shared_ptr<const MemoryImage> image(new MemoryImage(fd, offset, length));
  if (ftruncate(fd, static_cast<off_t>(length)) != 0) return image_error("ftruncate");
  // In segment order, so a later segment overwrites an earlier one, as instantiation does.
  for (const Placement& p : placements) {
    const uint8_t* bytes = module.bytes.data() + p.data_offset;
    if (!write_all(fd, bytes, p.size, p.start - offset)) return image_error("write");
  }
  void* contents = mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  if (contents == MAP_FAILED) return image_error("mmap");
  const_cast<MemoryImage&>(*image).contents_ = static_cast<const uint8_t*>(contents);
  return image;
}

MemoryImage::~MemoryImage() {
  if (contents_) munmap(const_cast<uint8_t*>(contents_), length_);
  close(fd_);
}

bool MemoryImage::map_into(uint8_t* memory_base) const {
  void* want = memory_base + offset_;
  void* got = mmap(want, length_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd_, 0);
  return got == want;
}

}  // namespace stratus::alloc
