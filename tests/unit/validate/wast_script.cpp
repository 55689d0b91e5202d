#include "wast_script.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "binary/decoder.hpp"
#include "validate/validator.hpp"

namespace stratus::validate::testing {

std::vector<WastCommand> load_commands(const std::filesystem::path& json_path) {
  std::vector<WastCommand> out;
  std::ifstream in(json_path);
  if (!in) return out;
  const nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("commands")) return out;
  for (const auto& c : doc["commands"]) {
    WastCommand cmd;
    cmd.type = c.value("type", "");
    cmd.module_type = c.value("module_type", "");
    cmd.filename = c.value("filename", "");
    cmd.text = c.value("text", "");
    cmd.line = c.value("line", 0);
    out.push_back(std::move(cmd));
  }
  return out;
}

std::optional<std::vector<uint8_t>> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Result<void> decode_and_validate(const std::vector<uint8_t>& bytes) {
  Result<binary::Module> decoded = binary::decode(bytes);
  if (!decoded) return decoded.error();
  return validate(*decoded);
}

std::vector<std::string> spec_script_names(const std::filesystem::path& suite_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(suite_dir, ec)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    if (std::filesystem::exists(entry.path() / (name + ".json"))) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace stratus::validate::testing
