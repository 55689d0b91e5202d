#include "command_list.hpp"

#include <fstream>
#include <stdexcept>

namespace stratus::wast {

CommandList load_command_list(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  CommandList list;
  std::string line;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.front() == '#') continue;
    const size_t key_end = line.find_first_of(" \t");
    const size_t reason = key_end == std::string::npos ? key_end : line.find_first_not_of(" \t", key_end);
    if (reason == std::string::npos || line.find(':') > key_end) {
      throw std::runtime_error(path.string() + ":" + std::to_string(number) +
                               ": expected \"<suite>/<script>:<line> <reason>\"");
    }
    list[line.substr(0, key_end)] = line.substr(reason);
  }
  return list;
}

size_t entries_of_script(const CommandList& list, const std::string& script_display_name) {
  const std::string prefix = script_display_name + ":";
  size_t n = 0;
  for (auto it = list.lower_bound(prefix); it != list.end() && it->first.starts_with(prefix); ++it) ++n;
  return n;
}

}  // namespace stratus::wast
