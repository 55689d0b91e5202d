// The component text fixtures of the tree: every .wat under tests/, bench/ and examples/ whose
// first form is `(component`.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace stratus::fixtures {

inline bool starts_with_component(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
      ++i;
    } else if (text.compare(i, 2, ";;") == 0) {
      i = text.find('\n', i);
      if (i == std::string::npos) return false;
    } else {
      return text.compare(i, 10, "(component") == 0;
    }
  }
  return false;
}

// Relative to `root`, sorted.
inline std::vector<std::filesystem::path> component_fixtures(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::vector<fs::path> found;
  for (const char* top : {"tests", "bench", "examples"}) {
    if (!fs::exists(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".wat") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      if (starts_with_component(text)) found.push_back(fs::relative(entry.path(), root));
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace stratus::fixtures
