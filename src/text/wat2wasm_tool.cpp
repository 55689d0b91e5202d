// The build's converter for test fixtures, modules and components: `stratus_wat2wasm
// [--debug-names] IN.wat OUT.wasm`.
// It links only the text layer, so a fixture is rebuilt when the parser changes, not each
// time the `stratus` executable relinks (`stratus wat2wasm` is the same conversion).
#include <cstdio>
#include <string_view>

#include "text/wat_file.hpp"

int main(int argc, char** argv) {
  stratus::text::WatOptions options;
  int first = 1;
  if (argc > 1 && std::string_view(argv[1]) == "--debug-names") {
    options.debug_names = true;
    first = 2;
  }
  if (argc - first != 2) {
    std::fprintf(stderr, "usage: stratus_wat2wasm [--debug-names] IN.wat OUT.wasm\n");
    return 2;
  }
  auto converted = stratus::text::convert_wat_file(argv[first], argv[first + 1], options);
  if (!converted) {
    std::fprintf(stderr, "stratus_wat2wasm: error: %s\n", converted.error().message().c_str());
    return 1;
  }
  return 0;
}
