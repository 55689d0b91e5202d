#include "cli/wat2wasm_command.hpp"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/exit_codes.hpp"
#include "cli/subcommand.hpp"
#include "text/wat_file.hpp"

namespace stratus::cli {

int wat2wasm_command(const std::vector<std::string>& words) {
  CLI::App app{"Convert a module or component written as text (.wat) to its binary (.wasm).", "stratus wat2wasm"};
  std::string input, output;
  text::WatOptions options;
  app.add_option("-o,--output", output, "The .wasm file to write (default: FILE.wat with a .wasm extension)")
      ->type_name("OUT");
  app.add_flag("--debug-names", options.debug_names,
               "Write a module's name section from the $ids, as wabt's wat2wasm --debug-names does"
               " (a component's names are always written, as wasm-tools parse writes them)");
  app.add_option("file", input, "The .wat file")->required()->type_name("FILE.wat");
  if (auto status = parse_subcommand(app, words, "wat2wasm")) return *status;
  if (output.empty()) output = text::default_wasm_path(input);
  auto converted = text::convert_wat_file(input, output, options);
  if (!converted) {
    std::fprintf(stderr, "stratus: error: %s\n", converted.error().message().c_str());
    return kExitUsage;
  }
  return 0;
}

}  // namespace stratus::cli
