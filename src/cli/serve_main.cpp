// stratus-serve: what `stratus serve` runs (serve_launch.cpp), a separate executable so
// that only it loads libcurl and OpenSSL; also what runs a component importing wasi:http for
// `stratus run`.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "cli/component_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/malloc_policy.hpp"
#include "cli/run_parser.hpp"
#include "cli/serve_command.hpp"
#include "cli/serve_launch.hpp"
#include "wasi/p3/http_service.hpp"

namespace {

stratus::Result<void> link_wasi_http(stratus::component::Linker& linker) {
  auto linked = stratus::wasi::p3::add_service_to_linker(linker);
  if (!linked) return linked.error();
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc > 1 && std::strcmp(argv[1], stratus::cli::kRunWithWasiHttp) == 0) {
      stratus::cli::use_fixed_mmap_threshold();
      stratus::cli::set_wasi_http_linking(link_wasi_http);
      const std::vector<std::string_view> words(argv + 2, argv + argc);
      return stratus::cli::run_command(words);
    }
    return stratus::cli::serve_command(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {  // e.g. bad_alloc: report, never crash
    std::fprintf(stderr, "stratus: error: %s\n", e.what());
    return stratus::cli::kExitUsage;
  }
}
