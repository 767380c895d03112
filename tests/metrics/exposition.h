// What the metrics tests read: the Prometheus text exposition format 0.0.4
// parsed into samples (strictly: a line the format does not allow is an
// error), and a plain HTTP/1.1 GET over a socket, so the endpoint is checked
// the way a scraper sees it.
//
//   auto response = HttpGet("127.0.0.1:9101", "/metrics");
//   auto exposition = ParseExposition(response->body);
//   exposition->Value("grpc_server_handled_total",
//                     {{"grpc_method", "GetTier"}, {"grpc_code", "OK"}});
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nanoinfluence::testing {

using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

struct Exposition {
  // By family name.
  std::map<std::string, std::string> help;
  std::map<std::string, std::string> type;
  // In the order of the text.
  std::vector<Sample> samples;

  // The samples named `name` whose labels include every one of `labels`.
  std::vector<Sample> Find(const std::string& name,
                           const Labels& labels = {}) const;
  // The value of the single sample Find() gives; nullopt when there is none
  // or more than one.
  std::optional<double> Value(const std::string& name,
                              const Labels& labels = {}) const;
};

// INVALID_ARGUMENT naming the line for anything the format does not allow:
// a bad name, label or value, a sample before its family's TYPE, a family
// typed twice, an unknown type.
absl::StatusOr<Exposition> ParseExposition(absl::string_view text);

struct HttpResponse {
  int status = 0;
  // Header names in lower case.
  std::map<std::string, std::string> headers;
  std::string body;
};

// GET `path` from `host_port` (IPv4 address:port); UNAVAILABLE when it
// cannot connect, DATA_LOSS for an answer that is not HTTP.
absl::StatusOr<HttpResponse> HttpGet(const std::string& host_port,
                                     const std::string& path,
                                     const std::string& method = "GET");

}  // namespace nanoinfluence::testing
