// `stratus serve`: the HTTP server (src/http) in front of a wasi:http/proxy component
// (ProxyHandler), with /metrics on a separate admin listener, until SIGINT or SIGTERM.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "http/server.hpp"
#include "stratus/component/component.hpp"
#include "stratus/runtime.hpp"
#include "wasi/p2/wasi_p2.hpp"

namespace stratus::serve {

struct ServeOptions {
  http::ServerConfig server;  // host, port, workers, limits; access_log set by access_log below
  std::optional<http::ServerConfig> admin;  // the /metrics listener, if any
  wasi::p2::WasiP2Config wasi;              // each request's context starts from this
  bool access_log = true;                   // one line per request on stderr
};

// Serves until a signal asks it to stop, then drains. `on_listening` gets the URL once the
// listener is bound (the CLI prints it first on stderr). An Error when the component is not
// a proxy, its imports cannot be resolved, or an address cannot be bound.
Result<void> serve(const Runtime& runtime, const component::Component& component, ServeOptions options,
                   const std::function<void(const std::string& url, const std::string& admin_url)>& on_listening);

}  // namespace stratus::serve
