// When the pool asks for transparent huge pages: small folios on offer, 2 MiB pages not.
#include "alloc/huge_pages.hpp"

#include <gtest/gtest.h>

namespace stratus::alloc {
namespace {

HugePageSettings settings(const char* top, const char* mode_64k, const char* mode_2m) {
  HugePageSettings s;
  s.top = top;
  s.sizes[0] = mode_64k;
  s.size_kib[0] = 64;
  s.sizes[1] = mode_2m;
  s.size_kib[1] = 2048;
  s.count = 2;
  return s;
}

TEST(HugePages, DebiansDefaultsOfferNoSmallFolios) {
  EXPECT_FALSE(small_huge_pages_for_madvise(settings("always [madvise] never", "always inherit madvise [never]",
                                                     "always [inherit] madvise never")));
}

TEST(HugePages, SmallFoliosAreUsedOnlyWithout2MiBPagesForMadvisedMemory) {
  // 64 KiB on offer, but asking would also bring 2 MiB pages (inherited from the global madvise).
  EXPECT_FALSE(small_huge_pages_for_madvise(settings("always [madvise] never", "always inherit [madvise] never",
                                                     "always [inherit] madvise never")));
  EXPECT_TRUE(small_huge_pages_for_madvise(settings("always [madvise] never", "always inherit [madvise] never",
                                                    "always inherit madvise [never]")));
  // Inheriting a global "never" gives nothing, so 2 MiB stays off while 64 KiB is madvise.
  EXPECT_TRUE(small_huge_pages_for_madvise(settings("always madvise [never]", "always inherit [madvise] never",
                                                    "always [inherit] madvise never")));
  EXPECT_TRUE(small_huge_pages_for_madvise(settings("always [madvise] never", "always [inherit] madvise never",
                                                    "always inherit madvise [never]")));
  EXPECT_FALSE(small_huge_pages_for_madvise(settings("[always] madvise never", "always inherit [madvise] never",
                                                     "always [inherit] madvise never")));
}

TEST(HugePages, UnreadableSettingsOfferNothing) {
  EXPECT_FALSE(small_huge_pages_for_madvise(HugePageSettings{}));
  EXPECT_FALSE(small_huge_pages_for_madvise(settings("", "", "")));
}

}  // namespace
}  // namespace stratus::alloc
