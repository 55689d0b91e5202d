// stratus-serve is the executable beside `stratus` that links wasi:http, and with it libcurl
// and OpenSSL (see CMakeLists.txt), so that `stratus` itself starts without loading them.
// `stratus serve` is that executable; so is `stratus run` of a component importing wasi:http.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stratus::cli {

// The first word stratus-serve gets when it is to run a component (the words after it are
// `stratus run`'s) rather than serve one.
inline constexpr char kRunWithWasiHttp[] = "--run-with-wasi-http";

// Replaces the process with stratus-serve, passing the words after `serve`. Returns only when
// stratus-serve cannot be run (a usage error naming the path tried).
int launch_serve(const std::vector<std::string>& words);

// The same for `stratus run`: `run_words` are the words after `run`.
int launch_run_with_wasi_http(const std::vector<std::string>& run_words);

}  // namespace stratus::cli
