#include "alloc/huge_pages.hpp"

#include <dirent.h>

#include <cstdio>
#include <deque>
#include <fstream>
#include <iterator>
#include <string>

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

bool small_huge_pages_for_madvise(const HugePageSettings& settings) {
  const std::string_view top = current_mode(settings.top);
  bool small = false;
  for (unsigned i = 0; i < settings.count; ++i) {
    const bool given = given_to_madvised(current_mode(settings.sizes[i]), top);
    if (settings.size_kib[i] >= kPmdKib) {
      if (given) return false;  // asking would bring 2 MiB pages
    } else if (given && settings.size_kib[i] > 4) {
      small = true;
    }
  }
  return small;
}

bool host_offers_small_huge_pages() {
  static const bool offered = [] {
    std::deque<std::string> texts;  // owns what the settings view; never moves them
    HugePageSettings settings;
    settings.top = texts.emplace_back(read_text(std::string(kThpDir) + "/enabled"));
    DIR* dir = opendir(kThpDir);
    if (!dir) return false;
    while (dirent* entry = readdir(dir)) {
      unsigned kib = 0;
      char tail[8] = {};
      if (std::sscanf(entry->d_name, "hugepages-%ukB%7s", &kib, tail) != 1 || settings.count == 16) continue;
      settings.sizes[settings.count] =
          texts.emplace_back(read_text(std::string(kThpDir) + "/" + entry->d_name + "/enabled"));
      settings.size_kib[settings.count++] = kib;
    }
    closedir(dir);
    return small_huge_pages_for_madvise(settings);
  }();
  return offered;
}

}  // namespace stratus::alloc
