// When the pool asks for transparent huge pages: small folios on offer, 2 MiB pages not.
#include "alloc/huge_pages.hpp"

#include <gtest/gtest.h>

namespace stratus::alloc {
namespace {

// The global mode, then the 64 KiB and 2 MiB sizes' modes.
bool offered(const char* top, const char* mode_64k, const char* mode_2m) {
  const HugePageSize sizes[] = {{64, mode_64k}, {2048, mode_2m}};
  return small_huge_pages_for_madvise(top, sizes);
}

TEST(HugePages, DebiansDefaultsOfferNoSmallFolios) {
  EXPECT_FALSE(offered("always [madvise] never", "always inherit madvise [never]",
                       "always [inherit] madvise never"));
}

TEST(HugePages, SmallFoliosAreUsedOnlyWithout2MiBPagesForMadvisedMemory) {
  // 64 KiB on offer, but asking would also bring 2 MiB pages (inherited from the global madvise).
  EXPECT_FALSE(offered("always [madvise] never", "always inherit [madvise] never",
                       "always [inherit] madvise never"));
  EXPECT_TRUE(offered("always [madvise] never", "always inherit [madvise] never",
                      "always inherit madvise [never]"));
  // Inheriting a global "never" gives nothing, so 2 MiB stays off while 64 KiB is madvise.
  EXPECT_TRUE(offered("always madvise [never]", "always inherit [madvise] never",
                      "always [inherit] madvise never"));
  EXPECT_TRUE(offered("always [madvise] never", "always [inherit] madvise never",
                      "always inherit madvise [never]"));
  EXPECT_FALSE(offered("[always] madvise never", "always inherit [madvise] never",
                       "always [inherit] madvise never"));
}

TEST(HugePages, UnreadableSettingsOfferNothing) {
  EXPECT_FALSE(small_huge_pages_for_madvise("", {}));
  EXPECT_FALSE(offered("", "", ""));
}

}  // namespace
}  // namespace stratus::alloc
