// component_spectest_runner: runs the component-model spec suite (wasm-tools json-from-wast
// scripts) against the component decoder and validator, and prints
// "<script>: P passed, F failed, G known gaps" per script and a total line.
//
// `module` and `module_definition` must decode and validate; `assert_invalid` and
// `assert_malformed` must fail with a message containing the script's text (wasmparser's
// wording). A command listed in the known-gaps file (script file name and line, then the
// reason) is expected to fail that way; if it passes, the run fails so the list stays true.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "component/binary/decoder.hpp"
#include "component/validate/validator.hpp"

namespace {

namespace fs = std::filesystem;

struct Tally {
  int passed = 0;
  int failed = 0;
  int gaps = 0;
};

// "<json file name>:<line>" -> reason.
std::map<std::string, std::string> read_known_gaps(const fs::path& path) {
  std::map<std::string, std::string> gaps;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    gaps[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return gaps;
}

std::vector<uint8_t> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The suite's texts are wasmparser's messages with the quoted specifics left out
// ("record field name conflicts with previous field name" for "record field name `a`
// conflicts with previous field name `A`"), so a message matches when it contains the text
// as it is or once its `quoted` parts (and the space before each) are dropped.
bool message_matches(const std::string& message, const std::string& expected) {
  if (message.find(expected) != std::string::npos) return true;
  std::string stripped;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '`') {
      const size_t close = message.find('`', i + 1);
      if (close == std::string::npos) break;
      if (!stripped.empty() && stripped.back() == ' ') stripped.pop_back();
      i = close;
      continue;
    }
    stripped += message[i];
  }
  return stripped.find(expected) != std::string::npos;
}

// Decode and validate; the error message, or empty on success.
std::optional<std::string> check(const std::vector<uint8_t>& bytes) {
  auto decoded = stratus::component::decode_component(bytes);
  if (!decoded) return decoded.error().message();
  auto validated = stratus::component::validate_component(*decoded);
  if (!validated) return validated.error().message();
  return std::nullopt;
}

Tally run_script(const fs::path& json_path, const std::map<std::string, std::string>& gaps, bool verbose,
                 std::set<std::string>& gaps_seen) {
  Tally t;
  std::ifstream in(json_path);
  const auto script = nlohmann::json::parse(in);
  const std::string file = json_path.filename().string();
  for (const auto& cmd : script.at("commands")) {
    const std::string type = cmd.at("type");
    const int line = cmd.at("line");
    const std::string key = file + ":" + std::to_string(line);
    std::string problem;
    if (cmd.value("module_type", "binary") == "text") {
      problem = "a text module (this runner reads binaries)";
    } else if (type == "module" || type == "module_definition") {
      auto err = check(read_file(json_path.parent_path() / cmd.at("filename").get<std::string>()));
      if (err) problem = "expected to validate, got: " + *err;
    } else if (type == "assert_invalid" || type == "assert_malformed") {
      const std::string expected = cmd.at("text");
      auto err = check(read_file(json_path.parent_path() / cmd.at("filename").get<std::string>()));
      if (!err) problem = "expected an error containing \"" + expected + "\", but it validated";
      else if (!message_matches(*err, expected)) problem = "expected \"" + expected + "\", got: " + *err;
    } else {
      problem = "unknown command type " + type;
    }
    const auto gap = gaps.find(key);
    if (gap != gaps.end()) {
      gaps_seen.insert(key);
      if (problem.empty()) {
        ++t.failed;
        std::printf("  %s: listed as a known gap (%s) but passes: remove it from the list\n", key.c_str(), gap->second.c_str());
      } else {
        ++t.gaps;
        if (verbose) std::printf("  %s: known gap (%s): %s\n", key.c_str(), gap->second.c_str(), problem.c_str());
      }
      continue;
    }
    if (problem.empty()) {
      ++t.passed;
    } else {
      ++t.failed;
      std::printf("  %s (%s): %s\n", key.c_str(), type.c_str(), problem.c_str());
    }
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  bool verbose = false;
  fs::path gaps_file;
  std::vector<fs::path> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--verbose") verbose = true;
    else if (arg == "--known-gaps" && i + 1 < argc) gaps_file = argv[++i];
    else if (arg.starts_with("-")) {
      std::fputs("usage: component_spectest_runner [--verbose] [--known-gaps FILE] <script.json or folder>...\n", stderr);
      return 2;
    } else paths.emplace_back(arg);
  }
  if (paths.empty()) {
    std::fputs("component_spectest_runner: no scripts given\n", stderr);
    return 2;
  }
  const auto gaps = gaps_file.empty() ? std::map<std::string, std::string>{} : read_known_gaps(gaps_file);
  // Every *.json under each folder: a script's file name need not match its folder's.
  std::vector<fs::path> scripts;
  for (const auto& p : paths) {
    if (!fs::exists(p)) {
      std::fprintf(stderr, "component_spectest_runner: %s does not exist\n", p.c_str());
      return 2;
    }
    if (fs::is_regular_file(p)) {
      scripts.push_back(p);
      continue;
    }
    for (const auto& e : fs::recursive_directory_iterator(p)) {
      if (e.is_regular_file() && e.path().extension() == ".json") scripts.push_back(e.path());
    }
  }
  std::sort(scripts.begin(), scripts.end());
  if (scripts.empty()) {
    std::fputs("component_spectest_runner: no .json scripts found\n", stderr);
    return 1;
  }
  Tally total;
  std::set<std::string> gaps_seen;
  for (const auto& s : scripts) {
    Tally t;
    try {
      t = run_script(s, gaps, verbose, gaps_seen);
    } catch (const std::exception& e) {
      std::printf("  %s: unreadable script: %s\n", s.c_str(), e.what());
      t.failed = 1;
    }
    std::printf("%s: %d passed, %d failed, %d known gaps\n", s.filename().c_str(), t.passed, t.failed, t.gaps);
    total.passed += t.passed;
    total.failed += t.failed;
    total.gaps += t.gaps;
  }
  if (scripts.size() > 1) std::printf("total: %d passed, %d failed, %d known gaps\n", total.passed, total.failed, total.gaps);
  return total.failed == 0 ? 0 : 1;
}
