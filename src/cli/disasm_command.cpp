#include "cli/disasm_command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/subcommand.hpp"
#include "embed/disassemble.hpp"
#include "embed/module_file.hpp"
#include "stratus/module.hpp"

namespace stratus::cli {

int disasm_command(const std::vector<std::string>& words) {
  CLI::App app{"Print the interpreter's internal code of a module's functions.", "stratus disasm"};
  std::string func, path;
  bool explicit_bounds = false;
  app.add_option("--func", func, "Only the function with this index, name-section name or export name")
      ->type_name("N|NAME");
  app.add_flag("--explicit-bounds", explicit_bounds, "Translate for explicit bounds checks (default: guard pages)");
  app.add_option("module", path, "The .wasm file")->required()->type_name("X.wasm");
  if (auto status = parse_subcommand(app, words, "disasm")) return *status;
  auto bytes = detail::read_module_file(path, kDefaultMaxModuleFileSize);
  if (!bytes) {
    std::fprintf(stderr, "stratus: error: %s\n", bytes.error().message().c_str());
    return kExitUsage;
  }
  detail::DisasmOptions options;
  if (app.count("--func")) options.func = func;
  options.explicit_bounds = explicit_bounds;
  auto text = detail::disassemble_module(*bytes, options);
  if (!text) {
    std::fprintf(stderr, "stratus: error: %s: %s\n", path.c_str(), text.error().message().c_str());
    return kExitUsage;
  }
  std::cout << *text;
  return 0;
}

}  // namespace stratus::cli
