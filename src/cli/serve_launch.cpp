#include "cli/serve_launch.hpp"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "cli/failure.hpp"

namespace stratus::cli {
namespace {

int exec_stratus_serve(std::string program_name, const std::vector<std::string>& words) {
  char self[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return usage_error(std::string("cannot find the stratus executable's directory: ") + std::strerror(errno));
  std::string path(self, static_cast<size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + "stratus-serve";
  std::vector<std::string> argv_words{std::move(program_name)};
  argv_words.insert(argv_words.end(), words.begin(), words.end());
  std::vector<char*> argv;
  for (std::string& w : argv_words) argv.push_back(w.data());
  argv.push_back(nullptr);
  ::execv(path.c_str(), argv.data());
  return usage_error("cannot run " + path + " (the executable with wasi:http, installed beside stratus): " +
                     std::strerror(errno));
}

}  // namespace

int launch_serve(const std::vector<std::string>& words) { return exec_stratus_serve("stratus serve", words); }

int launch_run_with_wasi_http(const std::vector<std::string>& run_words) {
  std::vector<std::string> words{kRunWithWasiHttp};
  words.insert(words.end(), run_words.begin(), run_words.end());
  return exec_stratus_serve("stratus run", words);
}

}  // namespace stratus::cli
