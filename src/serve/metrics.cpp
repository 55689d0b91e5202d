#include "serve/metrics.hpp"

namespace stratus::serve {

namespace {

void metric(std::string& out, const char* name, const char* type, const char* help, const std::string& value) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
  out += name;
  out += ' ';
  out += value;
  out += '\n';
}
void metric(std::string& out, const char* name, const char* type, const char* help, uint64_t value) {
  metric(out, name, type, help, std::to_string(value));
}
std::string seconds(uint64_t micros) { return std::to_string(static_cast<double>(micros) / 1e6); }

}  // namespace

std::string prometheus_text(const http::ServerStats& s, const ProxyCounters& p) {
  std::string out;
  metric(out, "stratus_http_connections_accepted_total", "counter", "Connections accepted.", s.connections_accepted);
  metric(out, "stratus_http_connections_open", "gauge", "Connections open now.", s.connections_open);
  metric(out, "stratus_http_requests_total", "counter", "Request heads received, answered by the component or by the server.", s.requests);
  metric(out, "stratus_http_requests_in_flight", "gauge", "Requests handed to workers and not yet answered.", s.in_flight);
  out += "# HELP stratus_http_responses_total Responses by status class.\n# TYPE stratus_http_responses_total counter\n";
  for (int c = 1; c <= 5; ++c)
    out += "stratus_http_responses_total{code=\"" + std::to_string(c) + "xx\"} " + std::to_string(s.responses_by_class[c]) + "\n";
  metric(out, "stratus_http_rejected_overload_total", "counter", "Requests answered 503 at the concurrency limit.", s.rejected_overload);
  metric(out, "stratus_http_rejected_malformed_total", "counter", "Malformed or oversized requests answered by the server.", s.rejected_malformed);
  metric(out, "stratus_http_head_timeouts_total", "counter", "Connections answered 408 for a request head too slow to arrive.", s.head_timeouts);
  metric(out, "stratus_http_response_body_bytes_total", "counter", "Response body bytes sent.", s.body_bytes_sent);
  metric(out, "stratus_instantiations_total", "counter", "Component instantiations, one per request.", p.instantiations);
  metric(out, "stratus_instantiate_seconds_total", "counter", "Time spent making the per-request context, Store and instance.",
         seconds(p.instantiate_micros));
  metric(out, "stratus_handle_seconds_total", "counter", "Time spent in incoming-handler.handle.", seconds(p.handle_micros));
  metric(out, "stratus_instantiate_failures_total", "counter", "Requests whose instance could not be made.", p.instantiate_failures);
  metric(out, "stratus_traps_total", "counter", "Requests whose handler trapped, deadlines included.", p.traps);
  metric(out, "stratus_deadline_exceeded_total", "counter", "Requests ended at max_execution_time.", p.deadline_exceeded);
  return out;
}

void MetricsHandler::handle(http::Exchange& exchange) {
  const std::string& target = exchange.request().target;
  if (target != "/metrics" && target.rfind("/metrics?", 0) != 0) {
    (void)exchange.respond(404, {{"Content-Type", "text/plain"}}, "the admin address serves /metrics\n");
    return;
  }
  (void)exchange.respond(200, {{"Content-Type", "text/plain; version=0.0.4"}}, prometheus_text(server_.stats(), proxy_));
}

}  // namespace stratus::serve
