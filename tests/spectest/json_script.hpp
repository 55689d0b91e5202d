// A wast2json script (.json beside its .wasm and .wat files) as the script runner's commands.
#pragma once

#include <filesystem>
#include <vector>

#include "text/script.hpp"

namespace spectest {

// Every command of the script, its modules read from their files. A command this cannot
// read becomes an Unreadable one (it fails alone); an unreadable script throws.
std::vector<stratus::text::Command> read_json_script(const std::filesystem::path& json_path);

}  // namespace spectest
