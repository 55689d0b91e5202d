#include "script_discovery.hpp"

#include <algorithm>
#include <stdexcept>

namespace spectest {

namespace fs = std::filesystem;

namespace {

ScriptFile describe_script(const fs::path& json) {
  const fs::path script_dir = json.parent_path();
  const std::string suite = fs::absolute(script_dir).lexically_normal().parent_path().filename().string();
  return {json, suite + "/" + json.stem().string()};
}

void collect(const fs::path& dir, std::vector<ScriptFile>& out) {
  const fs::path own_script = dir / (dir.filename().string() + ".json");
  if (fs::is_regular_file(own_script)) {
    out.push_back(describe_script(own_script));
    return;
  }
  std::vector<fs::path> subdirs;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir))
    if (entry.is_directory()) subdirs.push_back(entry.path());
  std::sort(subdirs.begin(), subdirs.end());
  for (const fs::path& sub : subdirs) collect(sub, out);
}

}  // namespace

std::vector<ScriptFile> find_scripts(const fs::path& path) {
  if (!fs::exists(path)) throw std::runtime_error("no such file or directory: " + path.string());
  std::vector<ScriptFile> scripts;
  if (fs::is_directory(path)) {
    // A trailing slash leaves filename() empty; normalize so the folder's own name is used.
    fs::path dir = fs::absolute(path).lexically_normal();
    if (dir.filename().empty()) dir = dir.parent_path();
    collect(dir, scripts);
  } else {
    scripts.push_back(describe_script(fs::absolute(path).lexically_normal()));
  }
  return scripts;
}

}  // namespace spectest
