#include "wasi/stat_conv.hpp"

#include "wasi/abi.hpp"
#include "wasi/ctx.hpp"

namespace stratus::wasi {
namespace {

uint64_t ns_of(const timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

timespec timespec_of(uint64_t ns) {
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000u);
  ts.tv_nsec = static_cast<long>(ns % 1'000'000'000u);
  return ts;
}

}  // namespace

Errno write_filestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st) {
  namespace L = abi::layout;
  if (!mem.in_bounds(ptr, L::kFilestatSize)) return Errno::Fault;
  std::array<uint8_t, L::kFilestatSize> zeros{};
  (void)mem.write_bytes(ptr, {reinterpret_cast<const char*>(zeros.data()), zeros.size()});  // padding too
  (void)mem.store<uint64_t>(ptr + L::kFilestatDev, static_cast<uint64_t>(st.st_dev));
  (void)mem.store<uint64_t>(ptr + L::kFilestatIno, static_cast<uint64_t>(st.st_ino));
  (void)mem.store<uint8_t>(ptr + L::kFilestatFiletype, filetype_of_mode(st.st_mode));
  (void)mem.store<uint64_t>(ptr + L::kFilestatNlink, static_cast<uint64_t>(st.st_nlink));
  (void)mem.store<uint64_t>(ptr + L::kFilestatSizeField, static_cast<uint64_t>(st.st_size));
  (void)mem.store<uint64_t>(ptr + L::kFilestatAtim, ns_of(st.st_atim));
  (void)mem.store<uint64_t>(ptr + L::kFilestatMtim, ns_of(st.st_mtim));
  (void)mem.store<uint64_t>(ptr + L::kFilestatCtim, ns_of(st.st_ctim));
  return Errno::Success;
}

ErrnoOr<std::array<timespec, 2>> times_from_fstflags(uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  constexpr uint32_t kKnown = abi::kFstflagAtim | abi::kFstflagAtimNow | abi::kFstflagMtim | abi::kFstflagMtimNow;
  if (fst_flags & ~kKnown) return Errno::Inval;
  auto pick = [](uint32_t flags, uint32_t set, uint32_t now, uint64_t value) -> ErrnoOr<timespec> {
    if ((flags & set) && (flags & now)) return Errno::Inval;
    if (flags & now) return timespec{0, UTIME_NOW};
    if (flags & set) return timespec_of(value);
    return timespec{0, UTIME_OMIT};
  };
  auto a = pick(fst_flags, abi::kFstflagAtim, abi::kFstflagAtimNow, atim);
  if (!a) return a.error();
  auto m = pick(fst_flags, abi::kFstflagMtim, abi::kFstflagMtimNow, mtim);
  if (!m) return m.error();
  return std::array<timespec, 2>{*a, *m};
}

}  // namespace stratus::wasi
