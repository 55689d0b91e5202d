// The counters operators scrape, in Prometheus' text format, served on the admin address.
#pragma once

#include <string>

#include "http/server.hpp"
#include "serve/proxy_handler.hpp"

namespace stratus::serve {

std::string prometheus_text(const http::ServerStats& server, const ProxyCounters& proxy);

// GET /metrics on the admin listener; anything else is 404.
class MetricsHandler final : public http::Handler {
 public:
  MetricsHandler(const http::Server& server, const ProxyCounters& proxy) : server_(server), proxy_(proxy) {}
  void handle(http::Exchange& exchange) override;

 private:
  const http::Server& server_;
  const ProxyCounters& proxy_;
};

}  // namespace stratus::serve
