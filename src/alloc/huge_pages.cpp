#include "alloc/huge_pages.hpp"

#include <dirent.h>

#include <cstdio>
#include <deque>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace stratus::alloc {

namespace {

constexpr const char* kThpDir = "/sys/kernel/mm/transparent_hugepage";
constexpr unsigned kPmdKib = 2048;

// The bracketed word of "always [madvise] never"; empty when there is none.
std::string_view current_mode(std::string_view text) {
  const size_t open = text.find('[');
  const size_t close = text.find(']', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return {};
  return text.substr(open + 1, close - open - 1);
}

// Whether memory marked MADV_HUGEPAGE gets folios of a size in `mode`.
bool given_to_madvised(std::string_view mode, std::string_view top) {
  if (mode == "inherit") mode = top;
  return mode == "always" || mode == "madvise";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

bool small_huge_pages_for_madvise(std::string_view top, std::span<const HugePageSize> sizes) {
  const std::string_view top_mode = current_mode(top);
  bool small = false;
  for (const HugePageSize& size : sizes) {
    const bool given = given_to_madvised(current_mode(size.mode), top_mode);
    if (size.kib >= kPmdKib) {
      if (given) return false;  // asking would bring 2 MiB pages
    } else if (given && size.kib > 4) {
      small = true;
    }
  }
  return small;
}

bool host_offers_small_huge_pages() {
  static const bool offered = [] {
    const std::string top = read_text(std::string(kThpDir) + "/enabled");
    std::deque<std::string> modes;  // owns what `sizes` views; never moves them
    std::vector<HugePageSize> sizes;
    DIR* dir = opendir(kThpDir);
    if (!dir) return false;
    while (dirent* entry = readdir(dir)) {
      unsigned kib = 0;
      char tail[8] = {};
      if (std::sscanf(entry->d_name, "hugepages-%ukB%7s", &kib, tail) != 1) continue;
      sizes.push_back({kib, modes.emplace_back(read_text(std::string(kThpDir) + "/" + entry->d_name + "/enabled"))});
    }
    closedir(dir);
    return small_huge_pages_for_madvise(top, sizes);
  }();
  return offered;
}

}  // namespace stratus::alloc
