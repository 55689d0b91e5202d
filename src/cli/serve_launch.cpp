#include "cli/serve_launch.hpp"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "cli/failure.hpp"

namespace stratus::cli {

int launch_serve(const std::vector<std::string>& words) {
  char self[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return usage_error(std::string("cannot find the stratus executable's directory: ") + std::strerror(errno));
  std::string path(self, static_cast<size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + "stratus-serve";
  std::vector<std::string> argv_words{"stratus serve"};
  argv_words.insert(argv_words.end(), words.begin(), words.end());
  std::vector<char*> argv;
  for (std::string& w : argv_words) argv.push_back(w.data());
  argv.push_back(nullptr);
  ::execv(path.c_str(), argv.data());
  return usage_error("cannot run " + path + " (stratus serve is that executable, installed beside stratus): " +
                     std::strerror(errno));
}

}  // namespace stratus::cli
