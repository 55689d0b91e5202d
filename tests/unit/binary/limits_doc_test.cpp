// docs/limits.md promises a table that matches binary/limits.def row for row.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "binary/limits.hpp"

namespace stratus::binary {
namespace {

struct LimitRow {
  std::string name;
  std::string value;  // as written, digits only once thousands separators are dropped
  std::string what;
  std::string source;
  bool operator==(const LimitRow&) const = default;
};

std::vector<LimitRow> defined_limits() {
  return {
#define STRATUS_LIMIT(name, value, what, source) {#name, std::to_string(uint64_t{value}), what, source},
#include "binary/limits.def"
#undef STRATUS_LIMIT
  };
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

// Rows of the table whose first cell is a `kMax...` constant.
std::vector<LimitRow> documented_limits() {
  std::ifstream in(STRATUS_SOURCE_DIR "/docs/limits.md");
  EXPECT_TRUE(in.good()) << "cannot read docs/limits.md";
  std::vector<LimitRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("| `k")) continue;
    std::vector<std::string> cells;
    std::stringstream cells_in(line.substr(1));
    std::string cell;
    while (std::getline(cells_in, cell, '|')) cells.push_back(trim(cell));
    if (cells.size() < 4) {
      ADD_FAILURE() << "short row: " << line;
      continue;
    }
    std::string name = cells[0];
    std::erase(name, '`');
    std::string value = cells[1];
    std::erase(value, ',');
    rows.push_back({name, value, cells[2], cells[3]});
  }
  return rows;
}

TEST(LimitsDoc, TableMatchesTheDefinitions) {
  const std::vector<LimitRow> defined = defined_limits();
  const std::vector<LimitRow> documented = documented_limits();
  ASSERT_EQ(documented.size(), defined.size()) << "docs/limits.md and binary/limits.def list different limits";
  for (size_t i = 0; i < defined.size(); ++i) {
    EXPECT_EQ(documented[i].name, defined[i].name) << "row " << i;
    EXPECT_EQ(documented[i].value, defined[i].value) << defined[i].name;
    EXPECT_EQ(documented[i].what, defined[i].what) << defined[i].name;
    EXPECT_EQ(documented[i].source, defined[i].source) << defined[i].name;
  }
}

}  // namespace
}  // namespace stratus::binary
