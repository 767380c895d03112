#include "libs/metrics/metrics_http_server.h"

#include <civetweb.h>

#include <cstring>
#include <mutex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/log/json_log.h"

namespace nanoinfluence::metrics {
namespace {

// The content type of the text exposition format.
constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// civetweb's own messages (a failed bind, a broken connection) as JSON lines.
int LogCivetweb(const struct mg_connection*, const char* message) {
  LogLine("warn", "metrics endpoint").Add("error", message).Emit();
  return 1;  // handled: civetweb writes nothing itself
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& listen_address, Registry& registry) {
  const size_t colon = listen_address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen_address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics listen address \"", listen_address, "\": not host:port"));
  }
  // Not thread safe, and once per process is enough.
  static std::once_flag library;
  std::call_once(library, [] { mg_init_library(0); });

  std::unique_ptr<MetricsHttpServer> server(
      new MetricsHttpServer(registry, listen_address.substr(0, colon)));
  // Two threads: Prometheus scrapes one at a time; a second keeps a stuck
  // client from blocking it. No document root: nothing but /metrics.
  const char* options[] = {"listening_ports",
                           listen_address.c_str(),
                           "num_threads",
                           "2",
                           "request_timeout_ms",
                           "10000",
                           nullptr};
  struct mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof(callbacks));
  callbacks.log_message = LogCivetweb;
  char error_text[256] = "";
  unsigned error_code = 0;
  struct mg_error_data error = {&error_code, error_text, sizeof(error_text)};
  struct mg_init_data init = {&callbacks, server.get(), options};
  server->context_ = mg_start2(&init, &error);
  if (server->context_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("metrics listen address ", listen_address,
                     ": cannot listen there (", error_text, ")"));
  }
  struct mg_server_port ports[1];
  if (mg_get_server_ports(server->context_, 1, ports) != 1) {
    return absl::UnavailableError(absl::StrCat(
        "metrics listen address ", listen_address, ": no port bound"));
  }
  server->port_ = ports[0].port;
  // "$": exactly /metrics, not /metrics/anything.
  mg_set_request_handler(server->context_, "/metrics$", HandleMetrics,
                         server.get());
  return server;
}

MetricsHttpServer::~MetricsHttpServer() {
  if (context_ != nullptr) mg_stop(context_);
}

std::string MetricsHttpServer::address() const {
  std::string host = host_;
  if (host.empty() || host == "0.0.0.0" || host == "[::]") host = "127.0.0.1";
  return absl::StrCat(host, ":", port_);
}

int MetricsHttpServer::HandleMetrics(struct mg_connection* connection,
                                     void* data) {
  auto* server = static_cast<MetricsHttpServer*>(data);
  const struct mg_request_info* request = mg_get_request_info(connection);
  const bool head = std::strcmp(request->request_method, "HEAD") == 0;
  if (!head && std::strcmp(request->request_method, "GET") != 0) {
    mg_send_http_error(connection, 405, "only GET and HEAD\n");
    return 405;
  }
  const std::string body = server->registry_.Render();
  mg_send_http_ok(connection, kContentType,
                  static_cast<long long>(body.size()));
  if (!head) mg_write(connection, body.data(), body.size());
  return 200;
}

}  // namespace nanoinfluence::metrics
