// Whether the host offers small transparent huge pages (Linux's multi-size THP: anonymous
// folios of 16 KiB to 1 MiB) to memory that asks for them with madvise(MADV_HUGEPAGE).
//
// A tenant's first write to a fresh page of its slot is a page fault, and on a virtual
// machine a fault costs about a microsecond: writing 64 KiB of heap is 16 of them. With
// 64 KiB folios it is one. But asking with MADV_HUGEPAGE where the host would answer with
// 2 MiB pages would zero and charge 2 MiB per tenant, so the pool asks only when the host's
// settings give small folios and not 2 MiB ones. The settings are the operator's; Stratus
// only reads them.
#pragma once

#include <span>
#include <string_view>

namespace stratus::alloc {

// From the contents of /sys/kernel/mm/transparent_hugepage/enabled (`top`) and of each
// hugepages-<size>kB/enabled ("always [madvise] never" style, the current mode bracketed).
struct HugePageSize {
  unsigned kib;
  std::string_view mode;
};
bool small_huge_pages_for_madvise(std::string_view top, std::span<const HugePageSize> sizes);

// The same question about this host, read once.
bool host_offers_small_huge_pages();

}  // namespace stratus::alloc
