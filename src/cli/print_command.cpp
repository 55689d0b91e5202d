#include "cli/print_command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/subcommand.hpp"
#include "embed/module_file.hpp"
#include "stratus/module.hpp"
#include "stratus/text.hpp"

namespace stratus::cli {

int print_command(const std::vector<std::string>& words) {
  CLI::App app{"Print a module binary as the WebAssembly text format.", "stratus print"};
  std::string path, output;
  bool no_names = false;
  app.add_option("-o,--output", output, "Write the text to this file instead of stdout")->type_name("FILE");
  app.add_flag("--no-names", no_names, "Print every function and local by index, ignoring the name section");
  app.add_option("module", path, "The .wasm file")->required()->type_name("X.wasm");
  if (auto status = parse_subcommand(app, words, "print")) return *status;
  auto bytes = detail::read_module_file(path, kDefaultMaxModuleFileSize);
  if (!bytes) {
    std::fprintf(stderr, "stratus: error: %s\n", bytes.error().message().c_str());
    return kExitUsage;
  }
  text::PrintOptions options;
  options.names = !no_names;
  auto text = text::binary_to_wat(*bytes, options);
  if (!text) {
    std::fprintf(stderr, "stratus: error: %s: %s\n", path.c_str(), text.error().message().c_str());
    return kExitUsage;
  }
  if (output.empty()) {
    std::cout << *text;
    return std::cout.flush() ? 0 : kExitUsage;
  }
  std::ofstream out(output, std::ios::binary);
  out << *text;
  if (!out.flush()) {
    std::fprintf(stderr, "stratus: error: cannot write %s\n", output.c_str());
    return kExitUsage;
  }
  return 0;
}

}  // namespace stratus::cli
