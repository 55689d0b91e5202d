// How the command-line programs set glibc's allocator up before they run a guest.
#pragma once

#include <malloc.h>

namespace stratus::cli {

// glibc raises its mmap threshold to the size of each large block freed, after which blocks
// up to that size come from the heap and, freed, stay resident: a module whose validation
// freed a few megabytes would keep the translator's doubling copies too. A fixed threshold
// gives every large block back when it is freed, so peak RSS is what is live at the peak.
inline void use_fixed_mmap_threshold() { mallopt(M_MMAP_THRESHOLD, 128 * 1024); }

}  // namespace stratus::cli
