// Giving pages back to the OS. Each madvise(MADV_DONTNEED) ends with a TLB flush, which on a
// process running on several CPUs interrupts each of them; a batch of ranges handed over in
// one process_madvise call shares those flushes.
#pragma once

#include <sys/uio.h>

#include <span>

namespace stratus::alloc {

// madvise(MADV_DONTNEED) of every range: anonymous pages read as zero again, pages of a
// private file mapping as the file. One vectored call where the kernel supports it on the
// calling process (recent kernels; 6.18 does), one call per range otherwise.
void decommit(std::span<const iovec> ranges);

}  // namespace stratus::alloc
