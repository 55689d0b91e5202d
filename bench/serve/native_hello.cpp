// The native peer of `stratus serve`'s hello components: the same HTTP server stack
// (src/http) answering every request with a 14-byte body from C++, so bench/serve/run.sh
// can put the server's own cost beside what a component adds.
//
//   stratus_serve_native_hello [--addr HOST:PORT] [--workers N]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "http/server.hpp"

namespace {

class Hello final : public stratus::http::Handler {
 public:
  void handle(stratus::http::Exchange& ex) override {
    (void)ex.respond(200, {{"Content-Type", "text/plain"}}, "Hello, World!\n");
  }
};

}  // namespace

int main(int argc, char** argv) {
  stratus::http::ServerConfig config;
  config.port = 8080;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--addr") {
      auto colon = value.rfind(':');
      config.host = value.substr(0, colon);
      config.port = static_cast<uint16_t>(std::atoi(value.c_str() + colon + 1));
    } else if (flag == "--workers") {
      config.workers = static_cast<unsigned>(std::atoi(value.c_str()));
    } else {
      std::fprintf(stderr, "usage: %s [--addr HOST:PORT] [--workers N]\n", argv[0]);
      return 2;
    }
  }
  Hello hello;
  auto server = stratus::http::Server::bind(config, hello);
  if (!server) {
    std::fprintf(stderr, "error: %s\n", server.error().message().c_str());
    return 1;
  }
  std::fprintf(stderr, "Serving HTTP on %s\n", (*server)->url().c_str());
  (*server)->shutdown_on_signals();
  auto r = (*server)->run();
  return r ? 0 : 1;
}
